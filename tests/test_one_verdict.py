"""Issue 19: one verdict on a file. Every command that refuses input on
syntax grounds refuses exactly the files ``validate`` reports syntax errors
on, with the same findings (rule and position), for generated files and
for every corpus file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.exceptions import RefusedError
from sftpplus_config.validation import RULE_GROUPS
from tests.conftest import corpus_params

SYNTAX = frozenset(RULE_GROUPS["syntax"])
Found = frozenset[tuple[str, int, int]]
_TEXT_FINDING = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error\[(?P<rule>[a-z-]+)\]"
)

MESSAGE = (
    "[server]\nname = files.example.com\n\n"
    "[services/1b2c3d4e]\nname = sftp\ntype = ssh\nport = 10022\n"
    "before_login_message = Welcome to Example Corp.\n"
    "    Contact: it-ops@example.com for access.\n"
)


def _json_syntax(output: str, file: Path) -> Found:
    data = json.loads(output)
    return frozenset(
        (f["rule"], f["line"], f["column"])
        for f in data["findings"]
        if f["rule"] in SYNTAX and f["severity"] == "error" and f["file"] == str(file)
    )


def _text_syntax(output: str, file: Path) -> Found:
    found = set()
    for line in output.splitlines():
        match = _TEXT_FINDING.match(line)
        if match and match["rule"] in SYNTAX and match["file"] == str(file):
            found.add((match["rule"], int(match["line"]), int(match["column"])))
    return frozenset(found)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def verdicts(file: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Found]:
    """What each command refuses ``file`` for (empty: accepted)."""
    clean = work / "clean.ini"
    clean.write_text("[server]\nname = clean\n", encoding="utf-8")
    empty = work / "empty.override.ini"
    empty.write_text("", encoding="utf-8")
    inventory = work / "inventory.toml"
    inventory.write_text(
        f'[cluster]\nbase = "{file.name}"\nmode = "per-node"\n[[nodes]]\nname = "n1"\n',
        encoding="utf-8",
    )
    out = work / "out"
    found: dict[str, Found] = {}
    code, stdout, _ = _run(capsys, "validate", "--no-config", "--format", "json", str(file))
    found["validate"] = _json_syntax(stdout, file)
    code, _, stderr = _run(capsys, "render", "--format", "json", str(file))
    found["render"] = (
        _json_syntax(stderr.split("\n" + str(file) + ": refused")[0], file)
        if ("refused, nothing written" in stderr)
        else frozenset()
    )
    code, _, stderr = _run(capsys, "merge", "--format", "text", str(file), str(empty))
    found["merge"] = _text_syntax(stderr, file) if "refused" in stderr else frozenset()
    for command, argv in [
        ("rebase", [str(file), str(clean), str(clean)]),
        ("merge3", [str(file), str(file), str(file)]),
        ("split", [str(file), "--base", str(work / "b.ini"), "--overrides", str(work / "o")]),
    ]:
        code, _, stderr = _run(capsys, command, *argv)
        refused = "refused, nothing written" in stderr
        assert refused == (code == 1 and bool(_text_syntax(stderr, file))), (command, stderr)
        found[command] = _text_syntax(stderr, file) if refused else frozenset()
    code, stdout, stderr = _run(
        capsys, "build", "--no-config", "--format", "json", str(inventory), "-o", str(out)
    )
    found["build"] = _json_syntax(stdout, file)
    try:
        sc.load(file, strict=True)
        found["load(strict=True)"] = frozenset()
    except RefusedError as exc:
        found["load(strict=True)"] = frozenset(
            (f.rule, f.span.line, f.span.column) for f in exc.findings
        )
    return found


def assert_one_verdict(file: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = verdicts(file, work, capsys)
    expected = found.pop("validate")
    for command, refused in found.items():
        assert refused == expected, (command, file.read_text(encoding="utf-8"))


def test_a_colon_in_a_continuation_line_is_value_text_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "server.ini"
    file.write_text(MESSAGE, encoding="utf-8")
    found = verdicts(file, tmp_path, capsys)
    assert set(found.values()) == {frozenset()}, found
    # and the line stays in the value: rendered, merged, loaded strictly
    code, rendered, _ = _run(capsys, "render", str(file))
    assert code == 0 and "    Contact: it-ops@example.com for access.\n" in rendered
    doc = sc.load(file, strict=True)
    assert doc.get("services/1b2c3d4e", "before_login_message") == (
        "Welcome to Example Corp.\nContact: it-ops@example.com for access."
    )
    assert "Contact:" not in " ".join(f.rule for f in doc.problems() if f.rule != "indented-option")
    assert [f.option for f in doc.problems()] == ["contact"]  # the low-level report still sees it


def test_a_known_option_indented_is_refused_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "server.ini"
    file.write_text(MESSAGE + "    port = 10023\n", encoding="utf-8")
    found = verdicts(file, tmp_path, capsys)
    assert set(found.values()) == {frozenset({("indented-option", 10, 5)})}, found


_KNOWN = ["name", "port", "uuid", "type", "enabled"]
_LINES = st.one_of(
    st.sampled_from(["[server]", "[services/s1]", "[accounts/a1]", "[groups/g1]", "[unknown/x]"]),
    st.builds(
        lambda k, v: f"{k} = {v}",
        st.sampled_from([*_KNOWN, "contact", "nmae"]),
        st.text("ab1 :", max_size=4),
    ),
    st.builds(
        lambda indent, k, d: f"{indent}{k}{d} x",
        st.sampled_from([" ", "    ", "\t"]),
        st.sampled_from([*_KNOWN, "Contact", "Port", "colour"]),
        st.sampled_from([" =", ":", " :"]),
    ),
    st.sampled_from(["    continued text", "; comment", "# comment", "", "not an option", "= x"]),
    st.sampled_from(["type = ssh", "type = application", "type = nonsense"]),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINES, max_size=12))
def test_generated_files_get_one_verdict(
    lines: list[str], tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path_factory.mktemp("verdict")
    file = work / "server.ini"
    file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert_one_verdict(file, work, capsys)


@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_file_gets_one_verdict(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "server.ini"
    file.write_bytes(path.read_bytes())
    assert_one_verdict(file, tmp_path, capsys)


def test_the_example_builds_renders_and_merges_with_the_line_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = "    Contact: it-ops@example.com for access.\n"
    base = tmp_path / "server.ini"
    base.write_text(MESSAGE, encoding="utf-8")
    override = tmp_path / "node.ini"
    override.write_text("[services/1b2c3d4e]\nport = 10023\n", encoding="utf-8")
    inventory = tmp_path / "inventory.toml"
    inventory.write_text(
        '[cluster]\nbase = "server.ini"\nmode = "per-node"\n'
        '[[nodes]]\nname = "n1"\noverride = "node.ini"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["build", "--no-config", str(inventory), "-o", str(out)]) == 0
    assert line in (out / "n1" / "server.ini").read_text(encoding="utf-8")
    assert main(["render", str(base), "-o", str(tmp_path / "rendered.ini")]) == 0
    assert line in (tmp_path / "rendered.ini").read_text(encoding="utf-8")
    assert main(["merge", str(base), str(override), "-o", str(tmp_path / "merged.ini")]) == 0
    merged = sc.load(tmp_path / "merged.ini", strict=True)
    assert merged.get("services/1b2c3d4e", "port") == "10023"
    assert merged.get("services/1b2c3d4e", "before_login_message") == (
        "Welcome to Example Corp.\nContact: it-ops@example.com for access."
    )
    capsys.readouterr()
