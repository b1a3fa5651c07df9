"""Baselines: adopt the hook on an existing configuration, fail only on new
findings.

``validate --write-baseline FILE`` records the findings of a run;
``validate --baseline FILE`` drops the findings the baseline holds and
reports the rest. An entry is keyed by the file (relative to the
baseline's folder), the rule, the section, the option and a hash of the
option's value — never by line or column, so adding lines elsewhere does
not break it — and counts how many such findings there were. An entry that
no longer matches a finding (of a file and a rule that the run checked) is
*stale*: it is reported as an ``unused-suppression`` warning at the
entry's line of the baseline file.

The file is JSON, one entry per line (stable order, so that it diffs
well)::

    {"sftpplus-config-baseline": 1, "findings": [
    {"file": "server.ini", "rule": "unknown-option", "section": "server", "option": "nmae", "value": "sha256:…", "count": 1}
    ]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

from ._atomic import atomic_write
from ._record import record
from .exceptions import ParseError
from .findings import Finding
from .span import Span

__all__ = [
    "FORMAT_KEY",
    "Baseline",
    "BaselineError",
    "Entry",
    "load_baseline",
    "value_hash",
    "write_baseline",
]

FORMAT_KEY = "sftpplus-config-baseline"
_VERSION = 1
Key = tuple[str, str, str | None, str | None, str | None]
ValueOf = Callable[[Finding], "str | None"]


class BaselineError(ParseError):
    """A baseline file that cannot be read (missing, not JSON, wrong shape);
    positioned, exit 2."""


@record
class Entry:
    """One baseline entry; ``line`` is where it is in the baseline file."""

    file: str
    rule: str
    section: str | None
    option: str | None
    value: str | None
    count: int
    line: int = 0

    @property
    def key(self) -> Key:
        return (self.file, self.rule, self.section, self.option, self.value)


def value_hash(value: str | None) -> str | None:
    """The hash that stands for an option's value in an entry."""
    if value is None:
        return None
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _relative(file: str | None, root: Path) -> str:
    if file is None:
        return "<string>"
    return Path(os.path.relpath(os.path.abspath(file), root)).as_posix()


def _key(finding: Finding, root: Path, value_of: ValueOf) -> Key:
    return (
        _relative(finding.file, root),
        finding.rule,
        finding.section,
        finding.option,
        value_hash(value_of(finding)),
    )


@record
class Baseline:
    """A loaded baseline."""

    path: Path
    entries: tuple[Entry, ...]

    @property
    def root(self) -> Path:
        return Path(os.path.abspath(self.path)).parent

    def filter(
        self,
        findings: Iterable[Finding],
        value_of: ValueOf,
        *,
        checked: Mapping[str, Collection[str]] | None = None,
    ) -> list[Finding]:
        """``findings`` less those the baseline holds (each entry absorbs up
        to ``count`` findings), plus an ``unused-suppression`` warning for
        each stale entry. ``checked`` maps the files this run checked to the
        rules that ran on them; only their entries can be stale (None:
        report no stale entries)."""
        root = self.root
        left: Counter[Key] = Counter()
        for entry in self.entries:
            left[entry.key] += entry.count
        kept: list[Finding] = []
        for finding in findings:
            key = _key(finding, root, value_of)
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(finding)
        if checked is None:
            return kept
        ran = {_relative(file, root): set(rules) for file, rules in checked.items()}
        for entry in self.entries:
            rules = ran.get(entry.file)
            if rules is None or entry.rule not in rules or left[entry.key] <= 0:
                continue
            what = f"`{entry.rule}` in [{entry.section}]" if entry.section else f"`{entry.rule}`"
            if entry.option:
                what += f" `{entry.option}`"
            unmatched = left[entry.key]
            how = (
                "matches no finding any more"
                if unmatched >= entry.count
                else f"matches {unmatched} finding{'s' if unmatched > 1 else ''} fewer than recorded"
            )
            kept.append(
                Finding(
                    "unused-suppression",
                    "warning",
                    f"stale baseline entry: {what} of {entry.file} {how}",
                    Span(entry.line or 1, 1, entry.line or 1, 2),
                    os.fspath(self.path),
                    hint="remove the entry, or write the baseline again with --write-baseline",
                )
            )
            left[entry.key] = 0
        return kept


def write_baseline(
    path: str | os.PathLike[str], findings: Iterable[Finding], value_of: ValueOf
) -> int:
    """Record ``findings`` in a baseline file at ``path`` (atomically);
    returns the number of findings recorded."""
    root = Path(os.path.abspath(path)).parent
    counts: Counter[Key] = Counter(_key(finding, root, value_of) for finding in findings)
    lines = []
    for key in sorted(counts, key=lambda k: tuple("" if part is None else part for part in k)):
        file, rule, section, option, value = key
        entry = {
            "file": file,
            "rule": rule,
            "section": section,
            "option": option,
            "value": value,
            "count": counts[key],
        }
        lines.append(json.dumps(entry, ensure_ascii=False))
    body = ",\n".join(lines)
    text = f'{{"{FORMAT_KEY}": {_VERSION}, "findings": [\n{body}{chr(10) if body else ""}]}}\n'
    atomic_write(path, text.encode("utf-8"))
    return sum(counts.values())


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file. Raises
    [`BaselineError`][sftpplus_config.baseline.BaselineError] (positioned) when
    it is missing, not JSON or not a baseline."""
    name = os.fspath(path)

    def fail(message: str, line: int = 1, column: int = 1) -> BaselineError:
        return BaselineError(
            message,
            line=line,
            column=column,
            file=name,
            hint="write one with `sftpplus-config validate --write-baseline FILE …`",
        )

    try:
        text = Path(name).read_bytes().decode("utf-8")
    except OSError as exc:
        raise fail(f"cannot read the baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise fail(f"the baseline is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"the baseline is not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != _VERSION:
        raise fail(f'not a baseline file: expected {{"{FORMAT_KEY}": {_VERSION}, "findings": […]}}')
    items = data.get("findings")
    if not isinstance(items, list):
        raise fail("`findings` must be a list")
    lines = _entry_lines(text)
    entries: list[Entry] = []
    for number, item in enumerate(items):
        line = lines[number] if number < len(lines) else 1
        if not _valid(item):
            raise fail(
                "a baseline entry needs `file`, `rule` (strings), `section`, `option`, "
                "`value` (strings or null; no control characters) and `count` (a positive "
                "integer)",
                line,
            )
        entries.append(
            Entry(
                item["file"],
                item["rule"],
                item["section"],
                item["option"],
                item["value"],
                item["count"],
                line,
            )
        )
    return Baseline(Path(name), tuple(entries))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(value: object) -> bool:
    """A string that can be shown on one line (messages quote entries)."""
    return isinstance(value, str) and _CONTROL.search(value) is None


def _valid(item: object) -> bool:
    if not isinstance(item, dict):
        return False
    strings = all(_text(item.get(key)) for key in ("file", "rule"))
    optional = all(
        key in item and (item[key] is None or _text(item[key]))
        for key in ("section", "option", "value")
    )
    count = item.get("count")
    return (
        strings
        and optional
        and isinstance(count, int)
        and not isinstance(count, bool)
        and count > 0
    )


def _entry_lines(text: str) -> list[int]:
    """The line of each entry: of its ``"rule"`` key, in order."""
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        lines.extend([number] * line.count('"rule"'))
    return lines
