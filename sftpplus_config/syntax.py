"""The lossless syntax layer: a server.ini file as a tree of nodes that keeps
every byte, with a [`Span`][sftpplus_config.span.Span] on every node.

A [`Document`][sftpplus_config.syntax.Document] (`document`) holds a preamble
(the lines before the first section header) and
[`Section`][sftpplus_config.syntax.Section] nodes (`section`). A section holds,
in order, its [`Option`][sftpplus_config.syntax.Option],
[`Comment`][sftpplus_config.syntax.Comment],
[`Blank`][sftpplus_config.syntax.Blank] and
[`Invalid`][sftpplus_config.syntax.Invalid] nodes (`nodes`). An option owns its
continuation lines, and the blank and comment lines between them. Blank and
comment lines after an option's last continuation line belong to the section.

Untouched sections are printed from the original text; only edited nodes are
rendered again. Sections are parsed the first time somebody looks inside
them, so reading one value of a 100k-section file does not parse the rest.

This module gathers the layer's public names; the text-to-nodes scanner is
`_parser`, and imports flow one way: parser -> nodes, section -> parser and
nodes, document -> section, parser and nodes.
"""

from __future__ import annotations

from .document import Document
from .nodes import Blank, Comment, Invalid, Node, Option
from .section import Section

__all__ = ["Blank", "Comment", "Document", "Invalid", "Node", "Option", "Section"]
