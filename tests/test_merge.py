"""merge: effective configuration, provenance, findings, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.overrides import merge

BASE = """\
; Shared configuration.
[server]
uuid = 1111
name : shared
; a comment kept verbatim
description = multi
    line value

[services/s1]
port   =   22
enabled = yes
"""

OVERRIDE = """\
[server]
UUID = 2222
name = shared
[services/s1]
port = 2222
[groups/new]
name = added
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    base = tmp_path / "server.ini"
    override = tmp_path / "server.override.ini"
    base.write_text(BASE, encoding="utf-8")
    override.write_text(OVERRIDE, encoding="utf-8")
    return base, override


def test_overridden_values_win_and_untouched_lines_stay_byte_identical(tmp_path: Path) -> None:
    base, override = _files(tmp_path)
    result = merge(sc.load(base), sc.load(override))
    assert result.document.dumps() == (
        "; Shared configuration.\n[server]\nuuid = 2222\nname : shared\n"
        "; a comment kept verbatim\ndescription = multi\n    line value\n\n"
        "[services/s1]\nport   =   2222\nenabled = yes\n\n[groups/new]\nname = added\n"
    )


def test_provenance_names_the_right_file_and_line(tmp_path: Path) -> None:
    base, override = _files(tmp_path)
    result = merge(sc.load(base), sc.load(override))
    where = {
        (section, option): (origin.file, origin.span.line)
        for section, option, _, origin in result.explain()
    }
    assert where == {
        ("server", "uuid"): (str(override), 2),
        ("server", "name"): (str(override), 3),
        ("server", "description"): (str(base), 6),
        ("services/s1", "port"): (str(override), 5),
        ("services/s1", "enabled"): (str(base), 11),
        ("groups/new", "name"): (str(override), 7),
    }


def test_surprising_overrides_are_findings(tmp_path: Path) -> None:
    base, override = _files(tmp_path)
    result = merge(sc.load(base), sc.load(override))
    assert [(f.rule, f.severity, f.span.line, f.file) for f in result.findings] == [
        ("redundant-override", "info", 3, str(override)),
        ("override-new-section", "warning", 6, str(override)),
    ]
    redundant = result.findings[0]
    assert redundant.related[0].file == str(base)
    assert redundant.related[0].span.line == 4


def test_unknown_option_hook() -> None:
    def known(kind: str, type_: str | None, option: str) -> bool | None:
        return option != "bogus"

    result = merge(sc.loads(BASE), sc.loads("[server]\nbogus = 1\n"), known=known)
    assert [(f.rule, f.severity, f.option) for f in result.findings] == [
        ("unknown-option", "error", "bogus")
    ]


def test_unknown_option_from_the_schema_catalog() -> None:
    base = sc.loads("[services/s1]\ntype = ssh\nport = 22\n")
    result = merge(base, sc.loads("[services/s1]\nprot = 2222\nPort = 2222\n"))
    assert [(f.rule, f.span, f.message) for f in result.findings] == [
        (
            "unknown-option",
            sc.Span(2, 1, 2, 5),
            "`prot` is not an option of [services/s1] (type ssh)",
        )
    ]


def test_redundancy_is_judged_against_the_previous_layer() -> None:
    result = merge(
        sc.loads(BASE), sc.loads("[server]\nuuid = 3\n"), sc.loads("[server]\nuuid = 1111\n")
    )
    assert result.findings == ()
    assert result.document["server"]["uuid"] == "1111"


def test_merge_cli_explain_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, override = _files(tmp_path)
    assert main(["merge", str(base), str(override), "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:3] == [
        f"{override}:2:1: [server] uuid = 2222",
        f"{override}:3:1: [server] name = shared",
        f"{base}:6:1: [server] description = multi …",
    ]
    assert "info[redundant-override]" in captured.err
    out = tmp_path / "effective.ini"
    assert main(["merge", str(base), str(override), "-o", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == {"files": 2, "errors": 0, "warnings": 1}
    assert (
        out.read_text(encoding="utf-8") == merge(sc.load(base), sc.load(override)).document.dumps()
    )
    assert main(["merge", str(base), str(override), "--explain", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provenance"][0] == {
        "section": "server",
        "option": "uuid",
        "value": "2222",
        "file": str(override),
        "line": 2,
        "column": 1,
    }
