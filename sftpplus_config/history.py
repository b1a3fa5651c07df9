"""The names SFTPPlus options, types, kinds and values had, read from the
schema's ``x-history`` (per kind file) and ``x-kind-history``
(``server-ini.json``).

:func:`judge` says what an old name means for a file written for a given
SFTPPlus version: nothing (the name was current then), ``"renamed"`` (a
newer name exists and SFTPPlus converts or still accepts the old one) or
``"removed"`` (the name no longer works and must be changed by hand) or
``"deprecated"`` (the name still works, but the docs say it is on its way
out and name what replaces it, if anything). The ``versions`` rules report those, and :mod:`sftpplus_config.fix` applies the
changes that are one-to-one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from ._record import field, record
from .schema import Catalog

__all__ = [
    "Change",
    "Verdict",
    "default_history_text",
    "judge",
    "kind_change",
    "option_change",
    "type_change",
    "value_change",
    "version_key",
]

Verdict = Literal["renamed", "removed", "deprecated"]

_NUMBERS = re.compile(r"\d+(\.\d+)*")


def version_key(text: str) -> tuple[int, ...]:
    """``"4.11.0rc1"`` as ``(4, 11, 0)``: the numbers of a documented version,
    padded to three (pre-releases count as their release)."""
    match = _NUMBERS.match(text.strip())
    if match is None:
        return ()
    parts = tuple(int(part) for part in match.group(0).split("."))
    return parts + (0,) * (3 - len(parts))


@record
class Change:
    """What happened to one old name (of an option, a type, a kind or a value)."""

    what: str
    old: str
    new: str | None = None
    since: str | None = None  # when the new name came
    removed_in: str | None = None
    removed: bool = False  # removed (in ``removed_in``, or in a version not given)
    deprecated_in: str | None = None
    migrated: bool = False  # SFTPPlus converts the old name itself
    still_accepted: bool = False
    new_kind: str | None = None
    new_type: str | None = None
    replacement_value: str | None = None
    value_map: Mapping[str, str] = field(default_factory=dict)
    fixable: bool = False
    sources: tuple[str, ...] = ()

    def renamed_to_at(self, target: tuple[int, ...]) -> bool:
        """Whether the new name exists at ``target``."""
        return bool(self.since and self.new and target >= version_key(self.since))

    @property
    def when(self) -> str | None:
        """The version the change happened in."""
        return self.since or self.removed_in or self.deprecated_in

    def where(self) -> str:
        """``roles`` or ``[cluster-nodes/…] node_variables``."""
        new = self.new or ""
        if self.new_kind and self.what != "kind":
            place = f"[{self.new_kind}/…]" + (f" of type {self.new_type}" if self.new_type else "")
            return f"{place} `{new}`" if self.what == "option" and new else place
        if self.new_type:
            return f"`{new}` of type {self.new_type}"
        return f"`{new}`"


def _change(what: str, old: str, raw: Mapping[str, Any]) -> Change:
    new = raw.get("renamed_to") if raw.get("renamed_to") else raw.get("replacement")
    return Change(
        what=what,
        old=old,
        new=str(new) if new is not None else None,
        since=raw.get("since"),
        removed_in=raw.get("removed_in"),
        removed=bool(raw.get("removed")),
        deprecated_in=raw.get("deprecated_in"),
        migrated=bool(raw.get("migrated")),
        still_accepted=bool(raw.get("still_accepted")),
        new_kind=raw.get("new_kind"),
        new_type=raw.get("new_type"),
        replacement_value=raw.get("replacement_value"),
        value_map=dict(raw.get("value_map", {})),
        fixable=bool(raw.get("fixable")),
        sources=tuple(raw.get("sources", ())),
    )


def default_history_text(entry: Mapping[str, Any]) -> str:
    """One earlier (or newer) documented default of an option, in words:
    ``"`No` before 4.0.0"``, ``"`Yes` since 5.0.0"``."""
    default = f"`{entry.get('default', '')}`"
    if entry.get("until_major_version") is not None:
        return f"{default} before {entry['until_major_version']}.0.0"
    if entry.get("before"):
        return f"{default} before {entry['before']}"
    if entry.get("since"):
        return f"{default} since {entry['since']}"
    return default


def judge(change: Change, target: tuple[int, ...]) -> Verdict | None:
    """What the old name means for a file written for SFTPPlus ``target``."""
    if change.removed_in is not None:
        removed = target >= version_key(change.removed_in)
    else:
        removed = change.removed
    if removed and not change.migrated:
        return "removed"
    if change.renamed_to_at(target):
        return "renamed" if change.migrated or change.still_accepted else "removed"
    if removed:
        return "renamed"  # removed, but SFTPPlus converts it
    if change.deprecated_in is not None and target >= version_key(change.deprecated_in):
        return "deprecated"  # still read, on its way out
    return None


def option_change(catalog: Catalog, kind: str, type_: str | None, name: str) -> Change | None:
    """The history of an option name of a kind (and type), if any."""
    raw = catalog.history(kind).get("options", {}).get(name)
    if raw is None:
        return None
    types = raw.get("types")
    if types is not None and type_ not in types:
        return None
    return _change("option", name, raw)


def type_change(catalog: Catalog, kind: str, written: str) -> Change | None:
    """The history of a type name of a kind, if any (case-insensitive)."""
    types: Mapping[str, Any] = catalog.history(kind).get("types", {})
    low = written.strip().lower()
    for old, raw in types.items():
        if old.lower() == low:
            return _change("type", old, raw)
    return None


def kind_change(catalog: Catalog, kind: str) -> Change | None:
    """The history of a legacy kind (``logs``, ``databases``...)."""
    raw = catalog.kind_history().get(kind)
    return _change("kind", kind, raw) if raw is not None else None


def value_change(catalog: Catalog, kind: str, option: str, item: str) -> Change | None:
    """The history of one value (or list item) of an option, if any."""
    values: Mapping[str, Any] = catalog.history(kind).get("values", {})
    low = item.strip().lower()
    for key in (option, "*"):
        for old, raw in values.get(key, {}).items():
            if old.lower() == low:
                return _change("value", old, raw)
    return None
