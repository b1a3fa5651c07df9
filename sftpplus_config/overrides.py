"""SFTPPlus override files: the effective configuration of ``server.ini`` plus
``server.override.ini`` files (docs/overrides.md).

Each option of an override replaces the same option (names compared without
case) of the same section of the base; options the base lacks are added
after the section's last option; sections the base lacks are added at the
end (an empty override section adds an empty section). The base's
formatting and comments are kept. An override cannot delete
an option or a section: ``option =`` sets an empty value.

[`merge`][sftpplus_config.overrides.merge] also says where every effective
value comes from (provenance) and reports the surprising cases as findings:

* ``override-new-section`` (warning): the override has a section that the
  base lacks, so the section is added with only the override's options
  (often a mistyped id);
* ``redundant-override`` (info): the override sets the value the base
  already has;
* ``unknown-option`` (error): the option is unknown to the section's type
  (asked through [`option_known`][sftpplus_config.overrides.option_known],
  which reads the schema catalog).

Syntax problems of the inputs are not reported here: whether a file is
acceptable at all is decided once for every command by
[`sftpplus_config.acceptance`][sftpplus_config.acceptance] (the ``merge``
command refuses inputs that ``validate`` fails on syntax grounds before it
merges them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ._reading import loads
from ._record import record
from .components import split_section_name
from .findings import Finding, Related
from .span import Span
from .syntax import Document

__all__ = ["MergeResult", "Origin", "apply_overrides", "merge", "option_known"]


def apply_overrides(base: Document, *overrides: Document) -> Document:
    """A new document: ``base`` with every override applied in order.
    ``base`` and the overrides are not changed."""
    merged = loads(base.dumps(), path=base.path)
    for override in overrides:
        for section in override.sections:
            assert section.name is not None
            if section.name not in merged:
                merged.add_section(section.name)
            for option in section.options():
                merged.set(section.name, option.raw_key, option.value)
    return merged


def option_known(kind: str, type_: str | None, option: str) -> bool | None:
    """Whether ``option`` exists for sections of ``kind`` and ``type_``,
    according to the schema catalog: True, False, or None when it cannot
    tell (no schema files, an unknown kind or type, or a typed kind without
    ``type``, where only the common options are known)."""
    from .schema import SchemaNotFoundError, load_catalog

    try:
        catalog = load_catalog()
    except SchemaNotFoundError:
        return None
    if kind not in catalog.kinds():
        return None
    canonical: str | None = None
    if catalog.types(kind):
        written = type_ if type_ is not None else catalog.default_type(kind)
        if written is None:
            return True if catalog.option(kind, None, option) is not None else None
        canonical = catalog.canonical_type(kind, written)
        if canonical is None:
            return None
    return catalog.option(kind, canonical, option) is not None


@record
class Origin:
    """Where an effective value was written: the file (None for a document
    without a path), and the option's span in it."""

    file: str | None
    span: Span


class _Origins(Mapping[tuple[str, str], Origin]):
    """Where each option of the effective document was written, worked out
    when asked: the overrides' options are recorded as they are applied, and
    every other option comes from the base, whose nodes are only made for the
    sections somebody asks about (a merge of a large base with a small
    override stays cheap in time and memory)."""

    def __init__(self, base: Document, merged: Document) -> None:
        self._base = base
        self._merged = merged
        self.overridden: dict[tuple[str, str], Origin] = {}

    def __getitem__(self, key: tuple[str, str]) -> Origin:
        found = self.overridden.get(key)
        if found is not None:
            return found
        section, option = key
        node = self._base.section(section)
        spot = node.option(option) if node is not None else None
        if spot is None:
            raise KeyError(key)
        return Origin(self._base.path, spot.span)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for name in self._merged.section_names():
            for option in self._merged[name]:
                yield name, option

    def __len__(self) -> int:
        return sum(1 for _ in self)


@record
class MergeResult:
    """The effective document, the origin of each of its options keyed by
    (section, lower-case option) and the findings about the overrides."""

    document: Document
    origins: Mapping[tuple[str, str], Origin]
    findings: tuple[Finding, ...]

    def explain(self) -> list[tuple[str, str, str, Origin]]:
        """(section, option as written, value, origin) for every option of
        the effective document, in its order."""
        rows: list[tuple[str, str, str, Origin]] = []
        for section in self.document.sections:
            assert section.name is not None
            seen: set[str] = set()
            for option in section.options():
                if option.name in seen:
                    continue
                seen.add(option.name)
                origin = self.origins[(section.name, option.name)]
                rows.append((section.name, option.raw_key, option.value, origin))
        return rows


KnownHook = Callable[[str, "str | None", str], "bool | None"]


def merge(base: Document, *overrides: Document, known: KnownHook = option_known) -> MergeResult:
    """Apply ``overrides`` to ``base`` (see
    [`apply_overrides`][sftpplus_config.overrides.apply_overrides]) and say
    where every value comes from. Inputs are not changed."""
    merged = apply_overrides(base, *overrides)
    origins = _Origins(base, merged)
    # the value each (section, option) had before the override being read
    values: dict[tuple[str, str], str] = {}
    findings: list[Finding] = []
    for override in overrides:
        for section in override.sections:
            name = section.name
            assert name is not None
            base_section = base.section(name)
            if base_section is None:
                findings.append(
                    Finding(
                        "override-new-section",
                        "warning",
                        f"section [{name}] is not in the base file: it is added with "
                        "only the options of this override",
                        section.span,
                        override.path,
                        name,
                        hint="check the section id against the base file; to add a "
                        "component on purpose, add it to the base",
                    )
                )
            kind, _ = split_section_name(name)
            merged_section = merged[name]
            type_value = merged_section.get("type")
            type_ = type_value.strip().lower() if type_value is not None else None
            for option in section.options():
                key = (name, option.name)
                before = values.get(key)
                if before is None and base_section is not None:
                    before = base_section.get(option.name)
                if before is not None and before == option.value:
                    origin = origins[key]
                    findings.append(
                        Finding(
                            "redundant-override",
                            "info",
                            f"`{option.raw_key}` in [{name}] sets the value it already has",
                            option.span,
                            override.path,
                            name,
                            option.name,
                            hint="remove it from the override file",
                            related=(Related(origin.span, "value already set here", origin.file),),
                        )
                    )
                if known(kind, type_, option.name) is False:
                    findings.append(
                        Finding(
                            "unknown-option",
                            "error",
                            f"`{option.raw_key}` is not an option of [{name}]"
                            + (f" (type {type_})" if type_ else ""),
                            option.key_span,
                            override.path,
                            name,
                            option.name,
                        )
                    )
                origins.overridden[key] = Origin(override.path, option.span)
                values[key] = option.value
    return MergeResult(merged, origins, tuple(findings))
