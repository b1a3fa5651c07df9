"""The syntax-level findings of a document (:meth:`Document.problems`):
``syntax-error``, ``duplicate-section``, ``duplicate-option``,
``option-outside-section`` and ``indented-option`` (every indented
``name = value`` line; :mod:`sftpplus_config.acceptance` decides which of
these make a file unacceptable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import _parser
from ._gc import collector_paused
from .findings import Finding, Related
from .nodes import Invalid, Option

if TYPE_CHECKING:
    from .document import Document
    from .section import Section

__all__ = ["problems"]

_INDENTED_OPTION = _parser.INDENTED_OPTION


def problems(doc: Document) -> list[Finding]:
    """The syntax-level findings of ``doc``, in file order."""
    found: list[Finding] = []
    seen: dict[str, Section] = {}
    with collector_paused():
        for owner in [doc._preamble, *doc._sections]:
            if owner.name is not None:
                first = seen.setdefault(owner.name, owner)
                if first is not owner:
                    found.append(
                        Finding(
                            "duplicate-section",
                            "error",
                            f"section [{owner.name}] is defined again "
                            f"(first defined at line {first.line})",
                            owner.span,
                            section=owner.name,
                            hint="merge the two sections into one: SFTPPlus refuses "
                            "a file with duplicate sections",
                            related=(Related(first.span, "first defined here"),),
                        )
                    )
            if _may_have_problems(owner):
                found.extend(_section_problems(owner))
    found.sort(key=lambda f: (f.span.line, f.span.column))
    return found


def _may_have_problems(section: Section) -> bool:
    """False only when the section is not parsed yet and its text is known
    to hold no syntax problem, so that :meth:`Document.problems` need not
    parse it. :meth:`Section.as_dict` records that while it reads the
    values (a validator reads them first, then asks for the problems);
    otherwise it is worked out here the same way, which is still cheaper
    than building the nodes. Parsed sections and the preamble are always
    checked in full."""
    src = section._src
    if section._items is not None or src is None or section.name is None:
        return True
    clean = section._clean
    if clean is None:
        _, body_start, end = src
        _, clean = _parser.scan_values_checked(section._doc._source[body_start:end])
        section._clean = clean
    return not clean


def _section_problems(owner: Section) -> Iterator[Finding]:
    keys: dict[str, Option] = {}
    for node in owner._ensure():
        kind = type(node)
        if kind is Option:
            assert isinstance(node, Option)
            if owner.name is None:
                yield Finding(
                    "option-outside-section",
                    "error",
                    f"option `{node.raw_key}` comes before any section header",
                    node.key_span,
                    option=node.name,
                    hint="move it under the section it belongs to, e.g. below [server]",
                )
            else:
                first = keys.setdefault(node.name, node)
                if first is not node:
                    yield Finding(
                        "duplicate-option",
                        "error",
                        f"option `{node.raw_key}` is set again in [{owner.name}] "
                        f"(first set at line {first.line})",
                        node.key_span,
                        section=owner.name,
                        option=node.name,
                        hint="keep only one of them: SFTPPlus refuses duplicate options",
                        related=(Related(first.key_span, "first set here"),),
                    )
            for span, text in node.continuation_lines():
                match = _INDENTED_OPTION.match(text)
                if match is not None:
                    yield Finding(
                        "indented-option",
                        "error",
                        f"indented line `{text}` is read as part of the value of "
                        f"`{node.raw_key}`, not as an option",
                        span,
                        section=owner.name,
                        option=match.group(1).lower(),
                        hint="remove the indentation so that the option starts at column 1",
                    )
        elif kind is Invalid:
            assert isinstance(node, Invalid)
            content = node.content.strip()
            if content.startswith(("=", ":")):
                message = "option name missing before the delimiter"
                hint = "write `name = value`"
            elif content.startswith("["):
                message = f"`{content}` is not a valid section header"
                hint = "write the section name between [ and ], e.g. [accounts/<uuid>]"
            else:
                message = f"line `{content}` is neither a section, an option nor a comment"
                hint = (
                    "write `name = value`, start the line with `#` to make it a comment, "
                    "or indent it to continue the previous value"
                )
            yield Finding(
                "syntax-error",
                "error",
                message,
                node.span,
                section=owner.name,
                hint=hint,
            )
