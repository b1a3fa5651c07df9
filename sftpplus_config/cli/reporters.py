"""Finding reporters shared by every command that reports findings
(PRODUCT.md §4): ``text``, ``json``, ``sarif`` (2.1.0) and ``github``
(workflow commands). Each reporter turns findings into one string; the
commands print it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..findings import Finding

__all__ = [
    "FORMATS",
    "REPORTERS",
    "add_format_argument",
    "has_errors",
    "report",
    "report_github",
    "report_json",
    "report_sarif",
    "report_text",
]

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how to report findings: text (default), json, sarif (2.1.0) or github "
        "(workflow commands)",
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _file(finding: Finding) -> str:
    return finding.file if finding.file is not None else "<string>"


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (_file(f), f.span.line, f.span.column, _ORDER[f.severity], f.rule)
    )


def report_text(findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """``path:line:col: severity[rule] message``, then ``  hint: ...``."""
    del files
    lines: list[str] = []
    for f in _sorted(findings):
        lines.append(
            f"{_file(f)}:{f.span.line}:{f.span.column}: {f.severity}[{f.rule}] {f.message}"
            + (" (fixable)" if f.fixable else "")
        )
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    return "".join(line + "\n" for line in lines)


def _summary(findings: Sequence[Finding], files: Sequence[str]) -> dict[str, int]:
    return {
        "files": len(files),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
    }


def json_object(
    findings: Sequence[Finding], files: Sequence[str] = (), extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The §4 JSON report as a dict (``extra`` keys are added at the top)."""
    data: dict[str, Any] = dict(extra or {})
    data["findings"] = [
        {
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
        for f in _sorted(findings)
    ]
    data["summary"] = _summary(findings, files)
    return data


def report_json(
    findings: Sequence[Finding], files: Sequence[str] = (), extra: Mapping[str, Any] | None = None
) -> str:
    return json.dumps(json_object(findings, files, extra), indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """GitHub Actions workflow commands, each followed by the same finding
    as text (so the location also shows in the raw log)."""
    del files
    lines: list[str] = []
    for f in _sorted(findings):
        command = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        props = (
            f"file={_escape_property(_file(f))},line={f.span.line},col={f.span.column},"
            f"endLine={f.span.end_line},endColumn={f.span.end_column},"
            f"title={_escape_property(f.rule)}"
        )
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        lines.append(f"::{command} {props}::{_escape_data(message)}")
        lines.append(
            f"{_file(f)}:{f.span.line}:{f.span.column}: {f.severity}[{f.rule}] {f.message}"
            + (" (fixable)" if f.fixable else "")
        )
    return "".join(line + "\n" for line in lines)


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column}
    if (end_line, end_column) > (line, column):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    return region


def _uri(file: str) -> str:
    """A relative path as a URI reference (forward slashes, percent-encoded);
    an absolute path as a ``file:`` URI."""
    from pathlib import PurePath
    from urllib.parse import quote

    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


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


def report_sarif(findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """A SARIF 2.1.0 log with one run; its tool lists the whole rule table."""
    from .. import __version__

    del files
    ordered = _sorted(findings)
    rules = _sarif_rules(f.rule for f in ordered)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for f in ordered:
        s = f.span
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(_file(f))},
                        "region": _region(s.line, s.column, s.end_line, s.end_column),
                    }
                }
            ],
        }
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(r.file or _file(f))},
                        "region": _region(
                            r.span.line, r.span.column, r.span.end_line, r.span.end_column
                        ),
                    },
                    "message": {"text": r.message},
                }
                for number, r in enumerate(f.related)
            ]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sftpplus-config",
                        "version": __version__,
                        "informationUri": "https://github.com/sftpplus-config/sftpplus-config",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding], Sequence[str]], str]] = {
    "text": report_text,
    "json": report_json,
    "sarif": report_sarif,
    "github": report_github,
}


def report(fmt: str, findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """The findings in format ``fmt`` (one of :data:`FORMATS`)."""
    return REPORTERS[fmt](findings, files)
