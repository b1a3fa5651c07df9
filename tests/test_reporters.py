"""Finding reporters: text, json, github, SARIF 2.1.0."""

from __future__ import annotations

import json

import pytest

from sftpplus_config import Finding, Related, Span
from sftpplus_config.cli.reporters import report

from .conftest import SARIF_SCHEMA

FINDINGS = [
    Finding(
        "shared-writable-path",
        "error",
        "`log/x.log` is written by more than one node",
        Span(6, 1, 6, 15),
        "a/server.ini",
        "event-handlers/log",
        "path",
        "give each node its own file",
        (Related(Span(6, 1, 6, 15), "node b", "b/server.ini"),),
    ),
    Finding("redundant-override", "info", "same value, 100%", Span(3, 1, 3, 1), "o.ini"),
    Finding("multiple-config-managers", "warning", "two: a, b", Span(2, 5, 2, 9), "a/server.ini"),
]


def test_text() -> None:
    assert report("text", FINDINGS) == (
        "a/server.ini:2:5: warning[multiple-config-managers] two: a, b\n"
        "a/server.ini:6:1: error[shared-writable-path] `log/x.log` is written by more than "
        "one node\n  hint: give each node its own file\n"
        "o.ini:3:1: info[redundant-override] same value, 100%\n"
    )


def test_json_shape() -> None:
    data = json.loads(report("json", FINDINGS, ["a/server.ini", "o.ini"]))
    assert list(data) == ["findings", "summary"]
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 1}
    assert data["findings"][1] == {
        "file": "a/server.ini",
        "line": 6,
        "column": 1,
        "end_line": 6,
        "end_column": 15,
        "rule": "shared-writable-path",
        "severity": "error",
        "message": "`log/x.log` is written by more than one node",
        "section": "event-handlers/log",
        "option": "path",
        "hint": "give each node its own file",
        "fixable": False,
    }


def test_github_workflow_commands() -> None:
    lines = report("github", FINDINGS).splitlines()
    assert lines[0] == (
        "::warning file=a/server.ini,line=2,col=5,endLine=2,endColumn=9,"
        "title=multiple-config-managers::two: a, b"
    )
    assert lines[1] == "a/server.ini:2:5: warning[multiple-config-managers] two: a, b"
    assert lines[2].startswith("::error file=a/server.ini,line=6,col=1,")
    assert lines[2].endswith(
        "::`log/x.log` is written by more than one node%0Agive each node its own file"
    )
    assert (
        lines[4]
        == "::notice file=o.ini,line=3,col=1,endLine=3,endColumn=1,title=redundant-override::same value, 100%25"
    )


def test_sarif_is_valid_against_the_schema() -> None:
    log = json.loads(report("sarif", FINDINGS))
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("multiple-config-managers", "warning"),
        ("shared-writable-path", "error"),
        ("redundant-override", "note"),
    ]
    assert results[1]["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "b/server.ini"
    }
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    jsonschema.validate(json.loads(report("sarif", [])), schema)
