"""Finding reporters shared by every command that reports findings
(docs/validation.md): ``text``, ``json``, ``sarif`` (2.1.0) and ``github``
(workflow commands).

A command collects its findings into a :class:`Collected`: per file, the
first :data:`DEFAULT_MAX_FINDINGS` findings by position are kept (``--max-
findings N``; 0 keeps all) and the rest are only counted, per rule. Every
finding is counted by severity, so exit codes and summaries count all of
them. :func:`write_report` then writes the report finding by finding to a
stream, in every format, followed by what was left out ("and 9,000 more
`syntax-error`"). Memory is bounded by the cap, not by the number of
findings.

Every field written in the ``text`` and ``github`` formats goes through
:func:`~sftpplus_config._printable.printable`; the ``github`` format also
escapes its workflow-command fields as the runner expects, and the plain
text line after each command starts with our own text, so that no value, file
name or message can start a workflow command of its own. JSON and SARIF
escape by construction (and are pure ASCII on a stream that is not UTF-8).
"""

from __future__ import annotations

import argparse
import functools
import heapq
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from .._printable import log_line, printable
from ..findings import Finding
from ._output import is_utf8

__all__ = [
    "DEFAULT_MAX_FINDINGS",
    "FORMATS",
    "REPORTERS",
    "Collected",
    "add_format_argument",
    "has_errors",
    "json_object",
    "json_text",
    "report",
    "write_report",
]

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")
DEFAULT_MAX_FINDINGS = 1000
"""How many findings of one file a report shows; the rest are summarised
per rule (``--max-findings N`` changes it, 0 shows every finding)."""
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--max-findings``, for every command that reports findings."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how to report findings: text (default), json, sarif (2.1.0) or github "
        "(workflow commands)",
    )
    parser.add_argument(
        "--max-findings",
        type=_count,
        default=DEFAULT_MAX_FINDINGS,
        metavar="N",
        help=f"show at most N findings per file (default {DEFAULT_MAX_FINDINGS}; 0: all); "
        "the rest are counted per rule",
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number (0: no limit), not {text!r}")
    return value


def has_errors(findings: Iterable[Finding] | Collected) -> bool:
    if isinstance(findings, Collected):
        return findings.errors > 0
    return any(f.severity == "error" for f in findings)


def _file(finding: Finding) -> str:
    return finding.file if finding.file is not None else "<string>"


def _order(f: Finding) -> tuple[str, int, int, int, str, int, int, str]:
    s = f.span
    return (
        _file(f),
        s.line,
        s.column,
        _ORDER[f.severity],
        f.rule,
        s.end_line,
        s.end_column,
        f.message,
    )


class _Kept:
    """A kept finding in a file's heap; the heap's top is the last one in
    report order (the first to give up when a smaller one comes)."""

    __slots__ = ("finding", "key")

    def __init__(self, key: tuple[str, int, int, int, str, int, int, str], finding: Finding):
        self.key = key
        self.finding = finding

    def __lt__(self, other: _Kept) -> bool:
        return self.key > other.key


class Collected:
    """The findings of a run, ready to report: per file the first
    ``max_findings`` by position (0: all), the others counted per rule in
    :attr:`omitted`; every finding counted by severity.

    ``dedupe``: files whose findings may come twice (a base validated on its
    own and as the base of an override); an exact repeat of one of their
    findings is dropped.
    """

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        max_findings: int = DEFAULT_MAX_FINDINGS,
        dedupe: Iterable[str] = (),
    ) -> None:
        self.max_findings = max_findings
        self.errors = self.warnings = self.infos = 0
        #: file -> rule -> how many findings the report leaves out
        self.omitted: dict[str, dict[str, int]] = {}
        self._heaps: dict[str, list[_Kept]] = {}
        self._dedupe = frozenset(dedupe)
        self._seen: set[tuple[object, ...]] = set()
        self.extend(findings)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def append(self, finding: Finding) -> None:
        """:meth:`add` (a :class:`sftpplus_config.checks.Sink`)."""
        self.add(finding)

    def add(self, finding: Finding) -> None:
        file = _file(finding)
        if file in self._dedupe:
            key = (file, finding.span, finding.rule, finding.message)
            if key in self._seen:
                return
            self._seen.add(key)
        severity = finding.severity
        if severity == "error":
            self.errors += 1
        elif severity == "warning":
            self.warnings += 1
        else:
            self.infos += 1
        heap = self._heaps.get(file)
        if heap is None:
            heap = self._heaps[file] = []
        cap = self.max_findings
        if not cap:
            heap.append(_Kept(_order(finding), finding))  # no cap: sorted once at the end
            return
        order = _order(finding)
        if len(heap) < cap:
            heapq.heappush(heap, _Kept(order, finding))
            return
        if order >= heap[0].key:
            self._omit(file, finding.rule)
            return
        dropped = heapq.heapreplace(heap, _Kept(order, finding))
        self._omit(file, dropped.finding.rule)

    def _omit(self, file: str, rule: str) -> None:
        counts = self.omitted.get(file)
        if counts is None:
            counts = self.omitted[file] = {}
        counts[rule] = counts.get(rule, 0) + 1

    def __len__(self) -> int:
        """How many findings the report shows."""
        return sum(len(heap) for heap in self._heaps.values())

    def __bool__(self) -> bool:
        return bool(self._heaps)

    def files(self) -> list[str]:
        """The files with findings, in report order."""
        return sorted(self._heaps)

    def shown(self, file: str | None = None) -> Iterator[Finding]:
        """The findings the report shows (of one file, or of all), in order."""
        for name in self.files() if file is None else [file]:
            heap = self._heaps.get(name, [])
            for kept in sorted(heap, key=lambda k: k.key):
                yield kept.finding

    def omitted_rules(self, file: str) -> list[tuple[str, int]]:
        """(rule, count) of what the report leaves out of ``file``."""
        return sorted(self.omitted.get(file, {}).items())

    @property
    def total_omitted(self) -> int:
        return sum(sum(counts.values()) for counts in self.omitted.values())


def _collect(findings: Iterable[Finding] | Collected, max_findings: int) -> Collected:
    if isinstance(findings, Collected):
        return findings
    return Collected(findings, max_findings=max_findings)


def _omitted_text(file: str, rule: str, count: int, cap: int) -> str:
    noun = "finding" if count == 1 else "findings"
    return (
        f"and {count:,} more `{rule}` {noun} in {printable(file)} not shown "
        f"(the first {cap:,} of the file are; --max-findings 0 shows all)"
    )


# -- text ---------------------------------------------------------------------------


def _line(text: str) -> str:
    """One line of a log: printable, and never a workflow command."""
    return log_line(text)


def _location(f: Finding) -> str:
    """``path:line:col: severity[rule] message``, one printable line."""
    s = f.span
    fixable = " (fixable)" if f.fixable else ""
    return _line(f"{_file(f)}:{s.line}:{s.column}: {f.severity}[{f.rule}] {f.message}{fixable}")


def _write_text(
    stream: TextIO, found: Collected, files: Sequence[str], extra: Mapping[str, Any] | None
) -> None:
    """``path:line:col: severity[rule] message``, then ``  hint: ...``; after a
    file's findings, one ``path: note: and N more ...`` line per rule left out."""
    del files, extra
    write = stream.write
    for file in found.files():
        for f in found.shown(file):
            write(_location(f) + "\n")
            if f.hint:
                write(f"  hint: {_line(f.hint)}\n")
        for rule, count in found.omitted_rules(file):
            text = _omitted_text(file, rule, count, found.max_findings)
            write(_line(f"{file}: note: {text}") + "\n")


# -- json ---------------------------------------------------------------------------

# Characters json.dumps(ensure_ascii=False) writes as they are but a terminal
# or a strict reader may not take: DEL and C1 controls, line and paragraph
# separators, bidirectional controls, lone surrogates (a file name that is
# not UTF-8). Inside a JSON document they can only stand in strings, where
# the \uXXXX escape means the same.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _indented(value: Any, dumps: Callable[[Any], str], level: int) -> str:
    """``value`` as ``json.dumps(value, indent=2)`` writes it, nested at
    ``level``, made with the C encoder for each scalar only: the pure-Python
    encoder that ``indent`` selects makes closures that are reference cycles,
    garbage that only the cyclic collector frees, a finding at a time."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "  " * (level + 1)
        members = [
            f"{pad}{dumps(str(k))}: {_indented(v, dumps, level + 1)}" for k, v in value.items()
        ]
        return "{\n" + ",\n".join(members) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        pad = "  " * (level + 1)
        items = [pad + _indented(item, dumps, level + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"
    return dumps(value)


def _dumps(value: Any, level: int, ascii_only: bool) -> str:
    """``value`` as indented JSON, its lines after the first indented to
    stand at nesting ``level`` of a document written with indent 2."""
    text = _indented(value, functools.partial(json.dumps, ensure_ascii=ascii_only), level)
    if not ascii_only:
        text = _JSON_UNSAFE.sub(_json_escape, text)
    if "##[" in text:  # only inside strings (no JSON token starts with #)
        text = text.replace("##[", "##\\u005b")
    return text


def json_text(value: Any, stream: TextIO | None = None) -> str:
    """``value`` as an indented JSON document (with its final newline) for
    ``stream`` (default: standard output): characters a terminal may act on
    are ``\\u`` escapes, and everything is ASCII where the stream is not
    UTF-8."""
    return _dumps(value, 0, not is_utf8(sys.stdout if stream is None else stream)) + "\n"


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "file": f.file,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "section": f.section,
        "option": f.option,
        "hint": f.hint,
        "fixable": f.fixable,
    }


def _summary(found: Collected, files: Sequence[str]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "files": len(files),
        "errors": found.errors,
        "warnings": found.warnings,
    }
    if found.omitted:  # {file: {rule: count}}: what the cap left out
        summary["omitted"] = {
            file: dict(found.omitted_rules(file)) for file in sorted(found.omitted)
        }
    return summary


def _write_array(stream: TextIO, items: Iterable[Any], level: int, ascii_only: bool) -> None:
    """A JSON array, one element at a time."""
    pad = "  " * (level + 1)
    first = True
    for item in items:
        stream.write(("[\n" if first else ",\n") + pad + _dumps(item, level + 1, ascii_only))
        first = False
    stream.write("[]" if first else "\n" + "  " * level + "]")


class _Raw:
    """JSON text written as it is (already indented for its place)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _write_members(
    stream: TextIO, members: Iterable[tuple[str, Any]], level: int, ascii_only: bool
) -> None:
    """A JSON object whose list values are written element by element."""
    pad = "  " * (level + 1)
    first = True
    for key, value in members:
        stream.write(("{\n" if first else ",\n") + pad + json.dumps(key) + ": ")
        if isinstance(value, _Raw):
            stream.write(value.text)
        elif isinstance(value, list | Iterator):
            _write_array(stream, value, level + 1, ascii_only)
        else:
            stream.write(_dumps(value, level + 1, ascii_only))
        first = False
    stream.write("{}" if first else "\n" + "  " * level + "}")


def _write_json(
    stream: TextIO, found: Collected, files: Sequence[str], extra: Mapping[str, Any] | None
) -> None:
    """``{...extra, "findings": [...], "summary": {...}}``, streamed."""
    members: list[tuple[str, Any]] = list((extra or {}).items())
    members.append(("findings", (_finding_json(f) for f in found.shown())))
    members.append(("summary", _summary(found, files)))
    _write_members(stream, members, 0, not is_utf8(stream))
    stream.write("\n")


def json_object(
    findings: Iterable[Finding] | Collected,
    files: Sequence[str] = (),
    extra: Mapping[str, Any] | None = None,
    *,
    max_findings: int = DEFAULT_MAX_FINDINGS,
) -> dict[str, Any]:
    """The §4 JSON report as a dict (``extra`` keys are added at the top)."""
    found = _collect(findings, max_findings)
    data: dict[str, Any] = dict(extra or {})
    data["findings"] = [_finding_json(f) for f in found.shown()]
    data["summary"] = _summary(found, files)
    return data


# -- github -------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(command: str, properties: Sequence[tuple[str, str]], message: str) -> str:
    """``::command k=v,...::message``: every property value and the message
    made printable, then escaped as the runner unescapes them."""
    props = ",".join(f"{key}={_escape_property(printable(value))}" for key, value in properties)
    return f"::{command} {props}::{_escape_data(printable(message, keep_newlines=True))}\n"


_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _write_github(
    stream: TextIO, found: Collected, files: Sequence[str], extra: Mapping[str, Any] | None
) -> None:
    """GitHub Actions workflow commands, each followed by the same finding
    as plain text (``  at path:line:col: ...``, so the location also shows
    in the raw log); then a ``::warning`` per rule left out of a file."""
    del files, extra
    write = stream.write
    for file in found.files():
        for f in found.shown(file):
            s = f.span
            properties = [
                ("file", _file(f)),
                ("line", str(s.line)),
                ("col", str(s.column)),
                ("endLine", str(s.end_line)),
                ("endColumn", str(s.end_column)),
                ("title", f.rule),
            ]
            message = printable(f.message) + (f"\n{printable(f.hint)}" if f.hint else "")
            write(_command(_GITHUB_COMMAND[f.severity], properties, message))
            write(f"  at {_location(f)}\n")
        for rule, count in found.omitted_rules(file):
            text = _omitted_text(file, rule, count, found.max_findings)
            write(_command("warning", [("file", file), ("title", f"{rule} (more)")], text))
            write(f"  note: {_line(text)}\n")


# -- sarif --------------------------------------------------------------------------


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column}
    if (end_line, end_column) > (line, column):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    return region


def _uri(file: str) -> str:
    """A relative path as a URI reference (forward slashes, percent-encoded);
    an absolute path as a ``file:`` URI. Bytes of a file name that are not
    UTF-8 are percent-encoded as they are."""
    from pathlib import PurePath
    from urllib.parse import quote

    path = PurePath(file)
    raw = os.fsencode(path.as_posix())
    if path.is_absolute():
        return "file://" + quote(raw)
    return quote(raw)


def _sarif_rules(used: Iterable[str]) -> list[dict[str, Any]]:
    """The rule table (validation.RULES) as SARIF rules, then any other rule
    the findings use."""
    from ..validation import RULES

    rules: list[dict[str, Any]] = [
        {
            "id": rule.name,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"group": rule.group},
        }
        for rule in RULES
    ]
    known = {rule.name for rule in RULES}
    rules += [{"id": rule, "name": rule} for rule in sorted(set(used) - known)]
    return rules


def _location_json(file: str, line: int, column: int, end_line: int, end_column: int) -> Any:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(file)},
            "region": _region(line, column, end_line, end_column),
        }
    }


def _sarif_result(f: Finding, index: Mapping[str, int]) -> dict[str, Any]:
    s = f.span
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
        "locations": [_location_json(_file(f), s.line, s.column, s.end_line, s.end_column)],
    }
    if f.related:
        result["relatedLocations"] = [
            {
                "id": number,
                **_location_json(
                    r.file or _file(f),
                    r.span.line,
                    r.span.column,
                    r.span.end_line,
                    r.span.end_column,
                ),
                "message": {"text": r.message},
            }
            for number, r in enumerate(f.related)
        ]
    return result


@functools.lru_cache(maxsize=16)
def _sarif_tool(rule_ids: tuple[str, ...], ascii_only: bool) -> str:
    """The run's ``tool`` object as JSON text, made once per rule list (the
    indented encoder is slow, and the rule table is the same every run)."""
    from .. import __version__

    tool = {
        "driver": {
            "name": "sftpplus-config",
            "version": __version__,
            "informationUri": "https://github.com/sftpplus-config/sftpplus-config",
            "rules": _sarif_rules(rule_ids),
        }
    }
    return _dumps(tool, 3, ascii_only)


def _write_sarif(
    stream: TextIO, found: Collected, files: Sequence[str], extra: Mapping[str, Any] | None
) -> None:
    """A SARIF 2.1.0 log with one run; its tool lists the whole rule table.
    What the cap leaves out is a tool execution notification per file and
    rule (``invocations[0].toolExecutionNotifications``)."""
    del files, extra
    used = {f.rule for f in found.shown()}
    for counts in found.omitted.values():
        used.update(counts)
    rules = _sarif_rules(used)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = [
        {
            "level": "warning",
            "message": {"text": _omitted_text(file, rule, count, found.max_findings)},
            "associatedRule": {"id": rule, "index": index[rule]},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file)}}}],
            "properties": {"omitted": count},
        }
        for file in sorted(found.omitted)
        for rule, count in found.omitted_rules(file)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    ascii_only = not is_utf8(stream)
    run = [
        ("tool", _Raw(_sarif_tool(tuple(r["id"] for r in rules), ascii_only))),
        ("invocations", [invocation]),
        ("columnKind", "unicodeCodePoints"),
        ("results", (_sarif_result(f, index) for f in found.shown())),
    ]
    stream.write("{\n")
    stream.write(f'  "$schema": {json.dumps(SARIF_SCHEMA)},\n  "version": "2.1.0",\n')
    stream.write('  "runs": [\n    ')
    _write_members(stream, run, 2, ascii_only)
    stream.write("\n  ]\n}\n")


Writer = Callable[[TextIO, Collected, Sequence[str], Mapping[str, Any] | None], None]

REPORTERS: dict[str, Writer] = {
    "text": _write_text,
    "json": _write_json,
    "sarif": _write_sarif,
    "github": _write_github,
}


def write_report(
    fmt: str,
    findings: Iterable[Finding] | Collected,
    files: Sequence[str] = (),
    *,
    stream: TextIO | None = None,
    max_findings: int = DEFAULT_MAX_FINDINGS,
    extra: Mapping[str, Any] | None = None,
) -> Collected:
    """Write the findings in format ``fmt`` (one of :data:`FORMATS`) to
    ``stream`` (default: standard output), one finding at a time, and
    return what was collected (for the exit code). ``extra``: more top-level
    keys of the JSON report (lists in it are written element by element)."""
    found = _collect(findings, max_findings)
    target = sys.stdout if stream is None else stream
    REPORTERS[fmt](target, found, files, extra)
    target.flush()
    return found


def report(
    fmt: str,
    findings: Iterable[Finding] | Collected,
    files: Sequence[str] = (),
    *,
    max_findings: int = DEFAULT_MAX_FINDINGS,
) -> str:
    """The findings in format ``fmt`` as one string (for tests and library
    callers; commands stream with :func:`write_report`)."""
    buffer = io.StringIO()
    write_report(fmt, findings, files, stream=buffer, max_findings=max_findings)
    return buffer.getvalue()
