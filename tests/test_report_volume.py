"""Reports of very many findings: memory bounded per input byte (measured
with tracemalloc, no clock), a per-file cap summarised per rule in every
format, exit codes and counts that still see every finding."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.cli.reporters import DEFAULT_MAX_FINDINGS, Collected, report
from sftpplus_config.findings import Finding
from sftpplus_config.span import Span

from ._work import peak_allocated
from .conftest import SARIF_SCHEMA

FORMATS = ("text", "json", "sarif", "github")


def _bad_lines(count: int) -> str:
    return "[server]\n" + "x\n" * count


def _duplicates(count: int) -> str:
    return "[server]\n" + "".join(f"name = {i}\n" for i in range(count))


def _unknown_options(count: int) -> str:
    return "[server]\n" + "".join(f"o{i} = v\n" for i in range(count))


def _indented(count: int) -> str:
    return "[server]\nname = a\n" + "  name = b\n" * count


BAD_FILES: dict[str, Callable[[int], str]] = {
    "invalid-lines": _bad_lines,
    "duplicate-options": _duplicates,
    "unknown-options": _unknown_options,
    "indented-options": _indented,
}


class _Null(io.TextIOBase):
    """A stream that keeps nothing (so that the report's size is not measured)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)


def _quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(_Null()), contextlib.redirect_stderr(_Null()):
        return main(argv)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_memory_is_bounded_per_input_byte(kind: str, fmt: str, tmp_path: Path) -> None:
    """A file of nothing but findings: validate's peak stays within twice what
    reading the file costs plus a small amount per byte (it was 3,500 bytes
    per input byte in SARIF: one dict and one string for every finding)."""
    path = tmp_path / "server.ini"
    text = BAD_FILES[kind](4_000)
    path.write_text(text)
    size = len(text.encode())
    _quiet(["validate", "--format", fmt, str(path)])  # warm: imports, schema, caches

    def read() -> None:
        sc.load(path).parse_all()

    reading = peak_allocated(read)
    peak = peak_allocated(lambda: _quiet(["validate", "--format", fmt, str(path)]))
    assert peak <= 2 * reading + 30 * size, (peak / size, reading / size)


def test_the_cap_keeps_the_first_findings_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "f.ini"
    path.write_text(_bad_lines(1500) + "name = 1\nname = 2\n")
    assert main(["validate", "--format", "json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == DEFAULT_MAX_FINDINGS
    assert [f["line"] for f in data["findings"]] == list(range(2, 1002))
    assert data["summary"]["errors"] == 1501  # every error counted
    assert data["summary"]["omitted"] == {str(path): {"duplicate-option": 1, "syntax-error": 500}}


def test_max_findings_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.ini"
    path.write_text(_bad_lines(30))
    main(["validate", "--format", "json", "--max-findings", "5", str(path)])
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == 5
    assert data["summary"]["omitted"] == {str(path): {"syntax-error": 25}}
    main(["validate", "--format", "json", "--max-findings", "0", str(path)])
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == 30
    assert "omitted" not in data["summary"]
    assert main(["validate", "--max-findings", "-1", str(path)]) == 2
    assert "--max-findings" in capsys.readouterr().err


def test_the_cap_is_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.ini", tmp_path / "b.ini"
    a.write_text(_bad_lines(4))
    b.write_text(_bad_lines(2))
    main(["validate", "--format", "json", "--max-findings", "3", str(a), str(b)])
    data = json.loads(capsys.readouterr().out)
    assert [(Path(f["file"]).name, f["line"]) for f in data["findings"]] == [
        ("a.ini", 2),
        ("a.ini", 3),
        ("a.ini", 4),
        ("b.ini", 2),
        ("b.ini", 3),
    ]
    assert data["summary"]["omitted"] == {str(a): {"syntax-error": 1}}


def _finding(line: int, rule: str = "syntax-error", severity: str = "error") -> Finding:
    return Finding(rule, severity, "m", Span(line, 1, line, 2), "f.ini")  # type: ignore[arg-type]


def test_the_first_findings_by_position_are_kept_in_any_arrival_order() -> None:
    arriving = [_finding(n) for n in (9, 3, 7, 1, 8, 2)]
    found = Collected(arriving, max_findings=3)
    assert [f.span.line for f in found.shown()] == [1, 2, 3]
    assert found.omitted == {"f.ini": {"syntax-error": 3}}
    assert found.errors == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_is_left_out_is_said_in_every_format(fmt: str) -> None:
    findings = [_finding(n) for n in range(1, 8)] + [_finding(20, "unknown-option")]
    text = report(fmt, findings, ["f.ini"], max_findings=2)
    if fmt == "text":
        tail = "not shown (the first 2 of the file are; --max-findings 0 shows all)"
        assert text.splitlines()[-2:] == [
            f"f.ini: note: and 5 more `syntax-error` findings in f.ini {tail}",
            f"f.ini: note: and 1 more `unknown-option` finding in f.ini {tail}",
        ]
    elif fmt == "json":
        summary = json.loads(text)["summary"]
        assert summary["omitted"] == {"f.ini": {"syntax-error": 5, "unknown-option": 1}}
        assert summary["errors"] == 8
    elif fmt == "sarif":
        log = json.loads(text)
        (invocation,) = log["runs"][0]["invocations"]
        notes = invocation["toolExecutionNotifications"]
        assert [(n["associatedRule"]["id"], n["properties"]["omitted"]) for n in notes] == [
            ("syntax-error", 5),
            ("unknown-option", 1),
        ]
        assert len(log["runs"][0]["results"]) == 2
        if SARIF_SCHEMA.is_file():
            import jsonschema

            jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    else:
        lines = text.splitlines()
        assert lines[-4].startswith("::warning file=f.ini,title=syntax-error (more)::and 5 more")
        assert lines[-2].startswith("::warning file=f.ini,title=unknown-option (more)::and 1")
        assert lines[-1].startswith("  note: and 1 more")


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{f}"],
        ["merge", "{f}", "{o}", "-o", "{d}/merged.ini"],
        ["render", "{f}", "-o", "{d}/rendered.ini"],
        ["assets", "--check", "{f}"],
        ["check-cluster", "{f}", "--nodes", "a,b"],
    ],
    ids=lambda a: a[0],
)
def test_every_reporting_command_takes_max_findings(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = tmp_path / "server.ini"
    override = tmp_path / "o.ini"
    handlers = "".join(
        f"[event-handlers/h{i}]\ntype = local-file\npath = /missing/{{nope{i}}}/x.log\n"
        f"[resources/r{i}]\ntype = sqlite\npath = /missing{i}/db.sqlite\n"
        for i in range(6)
    )
    base.write_text(handlers + "[server]\nuuid = 1\n")
    override.write_text("".join(f"[x/{i}]\na = b\n" for i in range(6)))
    words = [
        w.replace("{f}", str(base)).replace("{o}", str(override)).replace("{d}", str(tmp_path))
        for w in argv
    ]
    main([*words, "--format", "json", "--max-findings", "1"])
    data = json.loads(capsys.readouterr().out)
    per_file: dict[str, int] = {}
    for finding in data["findings"]:
        per_file[finding["file"]] = per_file.get(finding["file"], 0) + 1
    assert per_file and set(per_file.values()) == {1}
    omitted = data["summary"]["omitted"]
    shown = len(data["findings"])
    counted = data["summary"]["errors"] + data["summary"]["warnings"]
    assert sum(sum(rules.values()) for rules in omitted.values()) >= counted - shown > 0


def test_a_base_validated_with_its_override_is_counted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base's findings come twice (alone, and as the override's base):
    shown or only counted, each is counted once."""
    (tmp_path / "server.ini").write_text(_bad_lines(5))
    (tmp_path / "server.override.ini").write_text("[server]\nname = x\n")
    main(
        [
            "validate",
            "--format",
            "json",
            "--max-findings",
            "2",
            str(tmp_path / "server.ini"),
            str(tmp_path / "server.override.ini"),
        ]
    )
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["errors"] == 5
    assert summary["omitted"] == {str(tmp_path / "server.ini"): {"syntax-error": 3}}
