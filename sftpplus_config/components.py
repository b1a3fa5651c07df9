"""The component layer: typed, read-only views over syntax sections.

A :class:`Component` is what SFTPPlus calls a configuration element: the
``[server]`` section, or a ``[<kind>/<id>]`` section such as an account, a
service or an event handler. It keeps its syntax node (for spans and edits)
and reads values as booleans, integers or lists. Writes go through the
syntax layer (:meth:`Section.set`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ._record import record
from .span import Span
from .syntax import Document, Section
from .values import parse_bool, parse_csv, parse_int, parse_lines

__all__ = ["Component", "components", "split_section_name"]


def split_section_name(name: str) -> tuple[str, str | None]:
    """``"accounts/1234"`` -> ``("accounts", "1234")``; ``"server"`` ->
    ``("server", None)``."""
    kind, slash, ident = name.partition("/")
    return kind, (ident if slash else None)


@record
class Component:
    """A read-only view of one section."""

    section: Section

    @classmethod
    def from_section(cls, section: Section) -> Component:
        return cls(section)

    @property
    def name_of_section(self) -> str:
        assert self.section.name is not None
        return self.section.name

    @property
    def kind(self) -> str:
        return split_section_name(self.name_of_section)[0]

    @property
    def id(self) -> str | None:
        return split_section_name(self.name_of_section)[1]

    @property
    def type(self) -> str | None:
        """The ``type`` option in lower case (SFTPPlus compares it without
        case), or None when absent."""
        value = self.section.get("type")
        return value.strip().lower() if value is not None else None

    @property
    def name(self) -> str | None:
        """The human name (``name`` option), or None."""
        return self.section.get("name")

    @property
    def span(self) -> Span:
        return self.section.span

    def get(self, option: str, default: str | None = None) -> str | None:
        return self.section.get(option, default)

    def get_bool(self, option: str, default: bool | None = None) -> bool | None:
        """A yes/no option; ``default`` when absent or empty. Raises
        ValueError when the text is not a boolean."""
        value = self.section.get(option)
        if value is None or value == "":
            return default
        return parse_bool(value)

    def get_int(self, option: str, default: int | None = None) -> int | None:
        value = self.section.get(option)
        if value is None or value == "":
            return default
        return parse_int(value)

    def get_list(self, option: str) -> list[str]:
        """A comma-separated option as a list (SFTPPlus CSV quoting)."""
        value = self.section.get(option)
        return [] if value is None else parse_csv(value)

    def get_lines(self, option: str) -> list[str]:
        """A multi-line option as its non-empty lines."""
        value = self.section.get(option)
        return [] if value is None else parse_lines(value)


def components(doc: Document, kind: str | None = None) -> Iterator[Component]:
    """Every section as a component, in file order, optionally of one kind."""
    for section in doc.sections:
        assert section.name is not None
        if kind is None or split_section_name(section.name)[0] == kind:
            yield Component(section)
