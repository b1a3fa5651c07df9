"""The component layer: typed, read-only views over syntax sections.

A [`Component`][sftpplus_config.components.Component] is what SFTPPlus calls a
configuration element: the `[server]` section, or a `[<kind>/<id>]` section
such as an account, a service or an event handler. It keeps its syntax node
(for spans and edits) and reads values typed as the schema documents them, with
the documented default where the option is absent. Writes go through the syntax
layer ([`Section.set`][sftpplus_config.syntax.Section.set]).

Get components from a document with
[`Document.components`][sftpplus_config.syntax.Document.components] and
[`Document.find`][sftpplus_config.syntax.Document.find].
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from ._record import record
from .exceptions import InvalidValueError
from .span import Span
from .values import parse_bool, parse_csv, parse_int, parse_lines

if TYPE_CHECKING:
    from .document import Document
    from .schema import Catalog, OptionSpec
    from .section import Section

__all__ = ["Component", "Value", "components", "split_section_name"]

#: What [`Component.value`][sftpplus_config.components.Component.value]
#: returns: a boolean, an integer, a number, a list of strings or a string
#: (a documented word such as `inherit` is a string).
Value: TypeAlias = bool | int | float | str | list[str]


def split_section_name(name: str) -> tuple[str, str | None]:
    """`"accounts/1234"` -> `("accounts", "1234")`; `"server"` ->
    `("server", None)`."""
    kind, slash, ident = name.partition("/")
    return kind, (ident if slash else None)


@record
class Component:
    """A read-only view of one section (not the preamble)."""

    section: Section

    @classmethod
    def from_section(cls, section: Section) -> Component:
        return cls(section)

    @property
    def section_name(self) -> str:
        """The section's header name (`accounts/<id>`, `server`)."""
        name = self.section.name
        assert name is not None, "the preamble is not a component"
        return name

    @property
    def name_of_section(self) -> str:
        """Deprecated: use [`section_name`][sftpplus_config.components.Component.section_name]."""
        warnings.warn(
            "Component.name_of_section is deprecated: use Component.section_name",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.section_name

    @property
    def kind(self) -> str:
        """`accounts` for `[accounts/…]`, `server` for `[server]`."""
        return split_section_name(self.section_name)[0]

    @property
    def id(self) -> str | None:
        """The part after `<kind>/`, or None for `[server]`."""
        return split_section_name(self.section_name)[1]

    @property
    def type(self) -> str | None:
        """The `type` option in lower case (SFTPPlus compares it without
        case), or None when absent."""
        value = self.section.get("type")
        return value.strip().lower() if value is not None else None

    @property
    def name(self) -> str | None:
        """The human name (the `name` option, trimmed), or None."""
        value = self.section.get("name")
        return value.strip() if value is not None else None

    @property
    def span(self) -> Span:
        """The section header's span."""
        return self.section.span

    def raw(self, option: str) -> str | None:
        """The option's text as configparser reads it (continuation lines
        joined by `\\n`), or None when the section does not set it."""
        return self.section.get(option)

    def get(self, option: str, default: str | None = None) -> str | None:
        """The option's text, or `default` when absent (as
        [`Section.get`][sftpplus_config.syntax.Section.get])."""
        return self.section.get(option, default)

    def spec(self, option: str, *, catalog: Catalog | None = None) -> OptionSpec | None:
        """How the schema documents `option` for this section's kind and
        type (a `type` SFTPPlus does not know gives the kind's common
        options), or None when it does not (an unknown kind or option)."""
        from .schema import load_catalog

        catalog = catalog if catalog is not None else load_catalog()
        kind = catalog.kind_of(self.section_name)
        if kind is None:
            return None
        type_: str | None = None
        if catalog.types(kind):
            written = self.section.get("type")
            if written is None:
                type_ = catalog.default_type(kind)
            else:
                type_ = catalog.canonical_type(kind, written)
        return catalog.option(kind, type_, option)

    def default(self, option: str, *, catalog: Catalog | None = None) -> Value | None:
        """The documented default of `option`, typed as
        [`value`][sftpplus_config.components.Component.value] types it, or
        None when the schema gives none (no default, or one in prose)."""
        spec = self.spec(option, catalog=catalog)
        return _copy(spec.default_value) if spec is not None else None

    def value(self, option: str, *, catalog: Catalog | None = None) -> Value | None:
        """The option's value typed as the schema documents it.

        Booleans (`yes`, `no`, `true`, `off`... in any case) are `bool`,
        integers `int`, lists `list[str]` (comma lists and line lists),
        everything else a trimmed `str`; a documented word (`inherit`,
        `disabled`, `secure`...) is returned in its documented spelling.
        When the section does not set the option, its documented default
        (typed the same way), or None when there is none.

        An option the schema does not know (or a section of an unknown kind)
        gives its text. A boolean or numeric option whose text is not one
        raises [`InvalidValueError`][sftpplus_config.exceptions.InvalidValueError]
        (a `ValueError`). Ranges and patterns are not checked here: that is
        [`validate`][sftpplus_config.validation.validate]'s job.
        """
        spec = self.spec(option, catalog=catalog)
        raw = self.section.get(option)
        if raw is None:
            return _copy(spec.default_value) if spec is not None else None
        if spec is None:
            return raw
        from .typed import convert_value

        converted: Value = convert_value(raw, spec)
        if (
            spec.json_type in ("boolean", "integer", "number")
            and isinstance(converted, str)
            and converted not in spec.values
            and not (converted == "" and spec.allows_empty)
        ):
            raise self._invalid(option, raw, spec)
        return converted

    def _invalid(self, option: str, raw: str, spec: OptionSpec) -> InvalidValueError:
        node = self.section.option(option)
        span = node.value_span if node is not None else self.span
        return InvalidValueError(
            section=self.section_name,
            option=option,
            value=raw,
            expected=_form(spec),
            span=span,
            file=self.section.document.path,
        )

    # -- typed getters (the documented default when the option is absent) -----
    def get_bool(self, option: str, default: bool | None = None) -> bool | None:
        """A yes/no option. When it is absent or empty: `default`, or when
        that is None the documented default (None if it is not a boolean).
        Raises ValueError when the text is not a boolean."""
        value = self.section.get(option)
        if value is None or value == "":
            return default if default is not None else _bool(self.default(option))
        return parse_bool(value)

    def get_int(self, option: str, default: int | None = None) -> int | None:
        """An integer option; absent or empty as for
        [`get_bool`][sftpplus_config.components.Component.get_bool]. Raises
        ValueError when the text is not an integer."""
        value = self.section.get(option)
        if value is None or value == "":
            return default if default is not None else _int(self.default(option))
        return parse_int(value)

    def get_list(self, option: str) -> list[str]:
        """A comma-separated option as a list (SFTPPlus CSV quoting); when
        absent, the documented default if it is a list, else `[]`."""
        value = self.section.get(option)
        if value is None:
            default = self.default(option)
            return default if isinstance(default, list) else []
        return parse_csv(value)

    def get_lines(self, option: str) -> list[str]:
        """A multi-line option as its non-empty lines; when absent, as
        [`get_list`][sftpplus_config.components.Component.get_list]."""
        value = self.section.get(option)
        if value is None:
            default = self.default(option)
            return default if isinstance(default, list) else []
        return parse_lines(value)


def _copy(value: Any) -> Any:
    """A default from the schema, as a fresh value (a list the caller may
    change without changing the catalog's)."""
    return list(value) if isinstance(value, list) else value


def _bool(value: Value | None) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: Value | None) -> int | None:
    """An integer default (a boolean is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _form(spec: OptionSpec) -> str:
    """What a boolean or numeric value of ``spec`` looks like, in words."""
    form = {"boolean": "`yes` or `no`", "integer": "an integer"}.get(spec.json_type, "a number")
    if spec.values:
        form += " or " + ", ".join(f"`{word}`" for word in spec.values)
    return form


def components(doc: Document, kind: str | None = None) -> Iterator[Component]:
    """Every section as a component, in file order, optionally of one kind (as
    [`Document.components`][sftpplus_config.syntax.Document.components], one at
    a time)."""
    for section in doc.sections:
        assert section.name is not None
        if kind is None or split_section_name(section.name)[0] == kind:
            yield Component(section)
