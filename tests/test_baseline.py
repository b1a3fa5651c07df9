"""Baselines (issue 14, item 6): record today's findings, fail only on new
ones; keyed without line numbers; stale entries reported; bad baselines
are positioned usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sftpplus_config.baseline import BaselineError, load_baseline
from sftpplus_config.cli.main import main

SERVER = (
    "[server]\nnmae = files.example.com\n\n"
    "[accounts/8b9c0d1e]\nname = acme\npassword = clear\n"
    "description = {host.nmae} {host.nmae}\n"
)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "server.ini").write_text(SERVER, encoding="utf-8")
    return tmp_path


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--format", "json", *args])
    captured = capsys.readouterr()
    if not captured.out:
        return code, [], captured.err
    found = json.loads(captured.out)["findings"]
    return code, [f"{f['file']}:{f['line']} {f['rule']}" for f in found], captured.err


def test_write_then_check_reports_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = validate(capsys, "server.ini", "--write-baseline", "baseline.json")
    assert (code, err) == (0, "4 findings of 1 file recorded in baseline.json\n")
    entries = load_baseline(work / "baseline.json").entries
    assert [(e.rule, e.section, e.option, e.count) for e in entries] == [
        ("plaintext-password", "accounts/8b9c0d1e", "password", 1),
        ("unknown-option", "server", "nmae", 1),
        ("unknown-variable", "accounts/8b9c0d1e", "description", 2),
    ]
    assert all(e.value and e.value.startswith("sha256:") for e in entries)
    assert "clear" not in (work / "baseline.json").read_text(encoding="utf-8")
    assert validate(capsys, "server.ini", "--baseline", "baseline.json") == (0, [], "")
    # without it, the findings are there
    assert validate(capsys, "server.ini")[0] == 1


def test_lines_added_elsewhere_do_not_break_the_baseline_new_findings_do(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validate(capsys, "server.ini", "--write-baseline", "baseline.json")
    text = "; a comment on top\n\n" + SERVER.replace(
        "[accounts", "[groups/g1]\nname = g\n\n[accounts"
    )
    (work / "server.ini").write_text(text + "home = /srv\n", encoding="utf-8")
    assert validate(capsys, "server.ini", "--baseline", "baseline.json")[:2] == (
        1,
        ["server.ini:13 unknown-option"],
    )


def test_fixed_and_changed_findings_make_stale_entries(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validate(capsys, "server.ini", "--write-baseline", "baseline.json")
    fixed = SERVER.replace("nmae =", "name =").replace("password = clear", "password = other")
    (work / "server.ini").write_text(fixed, encoding="utf-8")
    code, found, _ = validate(capsys, "server.ini", "--baseline", "baseline.json")
    # the password changed: a new finding (the value's hash differs), its entry stale
    assert code == 0
    assert found == [
        "baseline.json:2 unused-suppression",
        "baseline.json:3 unused-suppression",
        "server.ini:6 plaintext-password",
    ]
    main(["validate", "server.ini", "--baseline", "baseline.json"])
    out = capsys.readouterr().out
    assert "stale baseline entry: `unknown-option` in [server] `nmae` of server.ini" in out
    assert validate(capsys, "server.ini", "--baseline", "baseline.json", "--strict")[0] == 1
    # an entry that holds more findings than there are is stale too
    baseline = work / "baseline.json"
    baseline.write_text(baseline.read_text("utf-8").replace('"count": 2', '"count": 3'), "utf-8")
    main(["validate", "server.ini", "--baseline", "baseline.json"])
    out = capsys.readouterr().out
    assert "baseline.json:4:1: warning[unused-suppression]" in out
    assert "matches 1 finding fewer than recorded" in out


def test_only_the_files_checked_can_have_stale_entries(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "other.ini").write_text("[server]\ncolour = blue\n", encoding="utf-8")
    validate(capsys, "server.ini", "other.ini", "--write-baseline", "baseline.json")
    # a pre-commit run passes only the changed file
    assert validate(capsys, "other.ini", "--baseline", "baseline.json") == (0, [], "")


def test_the_baseline_is_relative_to_its_folder_and_found_in_the_config(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (work / "ci").mkdir()
    validate(capsys, "server.ini", "--write-baseline", "ci/baseline.json")
    assert load_baseline(work / "ci" / "baseline.json").entries[0].file == "../server.ini"
    (work / ".sftpplus-config.toml").write_text('baseline = "ci/baseline.json"\n', "utf-8")
    monkeypatch.chdir(work / "ci")
    assert validate(capsys, "../server.ini") == (0, [], "")
    assert validate(capsys, str(work / "server.ini")) == (0, [], "")


def test_a_baseline_entry_cannot_smuggle_lines_into_the_output(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "baseline.json").write_text(
        '{"sftpplus-config-baseline": 1, "findings": [\n'
        '{"file": "server.ini", "rule": "x", "section": "s\\n::error file=a::owned", '
        '"option": null, "value": null, "count": 1}\n]}\n',
        encoding="utf-8",
    )
    for fmt in ("text", "github", "json"):
        code = main(["validate", "--format", fmt, "server.ini", "--baseline", "baseline.json"])
        captured = capsys.readouterr()
        assert code == 2
        assert "owned" not in captured.out + captured.err
        assert captured.err.startswith("baseline.json:2:")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (None, 1, "cannot read the baseline"),
        ('{"findings": [\n', 2, "not valid JSON"),
        ("[]\n", 1, "not a baseline file"),
        ('{"sftpplus-config-baseline": 1, "findings": {}}\n', 1, "`findings` must be a list"),
        (
            (
                '{"sftpplus-config-baseline": 1, "findings": [\n'
                '{"file": "a", "rule": "x", "section": null, "option": null, "value": null, '
                '"count": 1},\n{"file": "a", "rule": "x", "count": 0}\n]}\n'
            ),
            3,
            "a baseline entry needs",
        ),
    ],
)
def test_a_missing_or_corrupt_baseline_is_a_positioned_usage_error(
    work: Path, capsys: pytest.CaptureFixture[str], text: str | None, line: int, message: str
) -> None:
    if text is not None:
        (work / "baseline.json").write_text(text, encoding="utf-8")
    code, _, err = validate(capsys, "server.ini", "--baseline", "baseline.json")
    assert code == 2
    assert err.startswith(f"baseline.json:{line}:")
    assert message in err and "Traceback" not in err
    with pytest.raises(BaselineError):
        load_baseline(work / "baseline.json")
