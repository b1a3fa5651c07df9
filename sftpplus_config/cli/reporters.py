"""Output formats for findings: ``text``, ``json``, ``sarif`` and ``github``.

Each reporter turns the findings of a run (sorted, with their files set) and
a :class:`Summary` into the text to print; :data:`REPORTERS` maps the
``--format`` names to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ..findings import Finding, Related
from ..span import Span

__all__ = ["REPORTERS", "Reporter", "Summary", "github", "json_report", "sarif", "text"]

TOOL_NAME = "sftpplus-config"
TOOL_URI = "https://github.com/sftpplus-config/sftpplus-config"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a run."""

    files: int
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, findings: Sequence[Finding], files: int) -> Summary:
        count = {"error": 0, "warning": 0, "info": 0}
        for finding in findings:
            count[finding.severity] += 1
        return cls(files, count["error"], count["warning"], count["info"])

    def sentence(self) -> str:
        """``2 errors, 1 warning in 3 files``."""
        parts = [
            _plural(self.errors, "error"),
            _plural(self.warnings, "warning"),
        ]
        if self.infos:
            parts.append(_plural(self.infos, "note"))
        return f"{', '.join(parts)} in {_plural(self.files, 'file')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


Reporter = Callable[[Sequence[Finding], Summary], str]


def _where(finding: Finding) -> str:
    span = finding.span
    return f"{finding.file or '<string>'}:{span.line}:{span.column}"


def _text_line(finding: Finding) -> str:
    return f"{_where(finding)}: {finding.severity}[{finding.rule}] {finding.message}"


def text(findings: Sequence[Finding], summary: Summary) -> str:
    """``path:line:col: severity[rule] message``, then ``  hint: …``."""
    del summary
    lines: list[str] = []
    for finding in findings:
        lines.append(_text_line(finding))
        if finding.hint:
            lines.append(f"  hint: {finding.hint}")
    return "".join(line + "\n" for line in lines)


def json_report(findings: Sequence[Finding], summary: Summary) -> str:
    """The JSON document of PRODUCT.md section 4."""
    document = {
        "findings": [
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
            }
            for f in findings
        ],
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str | None) -> str:
    from urllib.parse import quote

    if file is None:
        return "stdin"
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _location(file: str | None, span: Span) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(file)},
            "region": _region(span),
        }
    }


def _related(number: int, related: Related, finding: Finding) -> dict[str, Any]:
    location = _location(related.file or finding.file, related.span)
    location["id"] = number
    location["message"] = {"text": related.message}
    return location


def sarif(findings: Sequence[Finding], summary: Summary) -> str:
    """A SARIF 2.1.0 log with one run; the rules are the whole rule table."""
    from .. import __version__
    from ..validation import RULES

    del summary
    index = {rule.name: number for number, rule in enumerate(RULES)}
    results: list[dict[str, Any]] = []
    for finding in findings:
        message = finding.message
        if finding.hint:
            message += f"\nHint: {finding.hint}"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": message},
            "locations": [_location(finding.file, finding.span)],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        if finding.related:
            result["relatedLocations"] = [
                _related(number, related, finding)
                for number, related in enumerate(finding.related, start=1)
            ]
        properties = {
            key: value
            for key, value in (("section", finding.section), ("option", finding.option))
            if value is not None
        }
        if properties:
            result["properties"] = properties
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "informationUri": TOOL_URI,
                        "rules": [
                            {
                                "id": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                                "properties": {"group": rule.group},
                            }
                            for rule in RULES
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], summary: Summary) -> str:
    """GitHub Actions workflow commands (annotations), each followed by the
    same finding as a plain text line, for the log."""
    del summary
    lines: list[str] = []
    for finding in findings:
        span = finding.span
        properties = {
            "file": finding.file or "<string>",
            "line": str(span.line),
            "col": str(span.column),
            "endLine": str(span.end_line),
            "endColumn": str(span.end_column),
            "title": f"{finding.severity}[{finding.rule}]",
        }
        message = finding.message
        if finding.hint:
            message += f"\nhint: {finding.hint}"
        joined = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {joined}::{_escape_data(message)}")
        lines.append(_text_line(finding))
        if finding.hint:
            lines.append(f"  hint: {finding.hint}")
    return "".join(line + "\n" for line in lines)


#: ``--format`` name to reporter.
REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": json_report,
    "sarif": sarif,
    "github": github,
}
