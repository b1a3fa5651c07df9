"""Suppression comments (issue 14, item 4): ``ignore[…]`` for the option
below, ``ignore-section[…]``, ``ignore-file[…]``, ``unused-suppression``,
and positioned errors for malformed ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.suppressions import SuppressionError, directive_text, parse

from .conftest import EXAMPLES

SECTION = "[accounts/8b9c0d1e]\nname = acme\n"


def validate(
    capsys: pytest.CaptureFixture[str], path: Path, *args: str
) -> tuple[int, list[tuple[str, int, int]], str]:
    code = main(["validate", "--no-config", "--format", "json", *args, str(path)])
    captured = capsys.readouterr()
    if code == 2:
        return code, [], captured.err
    found = json.loads(captured.out)["findings"]
    return code, [(f["rule"], f["line"], f["column"]) for f in found], captured.err


def write(tmp_path: Path, text: str, name: str = "server.ini") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ignore_silences_the_option_below_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        SECTION + "; sftpplus-config: ignore[unknown-option]\nhome = /a\nhome2 = /b\n",
    )
    assert validate(capsys, path) == (1, [("unknown-option", 5, 1)], "")


def test_ignore_covers_continuation_lines_and_takes_hash_and_comments_between(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = (
        "[vault-items/2c7d9e14]\nname = key\ntype = ssh-private\n"
        "# sftpplus-config: ignore[inline-private-key] test fixture, not a real key\n"
        "; the key below is a fixture\n"
        "content =\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    AAAA\n"
        "    -----END OPENSSH PRIVATE KEY-----\n"
    )
    path = write(tmp_path, key)
    assert validate(capsys, path) == (0, [], "")
    # without the comment the finding is on a continuation line
    path.write_text(key.replace("# sftpplus", "# not sftpplus"), encoding="utf-8")
    assert validate(capsys, path) == (0, [("inline-private-key", 7, 5)], "")


def test_a_blank_line_between_makes_the_suppression_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SECTION + "; sftpplus-config: ignore[unknown-option]\n\nhome = /a\n")
    code, found, _ = validate(capsys, path)
    assert (code, found) == (1, [("unused-suppression", 3, 27), ("unknown-option", 5, 1)])
    main(["validate", "--no-config", str(path)])
    assert "there is no option right below the comment" in capsys.readouterr().out


def test_ignore_section_anywhere_silences_the_whole_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "[services/1b2c3d4e]\nname = sftp\ntype = ssh\nnmae = x\n"
        "; sftpplus-config: ignore-section[missing-option, unknown-option]\n\n"
        "[services/2b2c3d4e]\nname = sftp2\ntype = ssh\n",
    )
    assert validate(capsys, path) == (1, [("missing-option", 7, 1)], "")


def test_ignore_file_before_the_first_section_silences_the_file_by_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "; sftpplus-config: ignore-file[security]\n\n" + SECTION + "password = clear\n"
    path = write(tmp_path, text)
    assert validate(capsys, path) == (0, [], "")
    assert validate(capsys, write(tmp_path, text[42:]))[1] == [("plaintext-password", 3, 12)]


def test_unused_rule_names_are_reported_one_by_one_where_they_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        SECTION + ";  sftpplus-config :  ignore[unknown-option ,  duplicate-name]\nhome = /a\n",
    )
    assert validate(capsys, path) == (0, [("unused-suppression", 3, 48)], "")
    # a rule this run does not check proves nothing: not reported
    assert validate(capsys, path, "--select", "unknown-option,unused-suppression") == (0, [], "")
    # and --strict makes the warning fail the run
    assert validate(capsys, path, "--strict")[0] == 1


def test_an_unused_suppression_can_itself_be_silenced_for_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "; sftpplus-config: ignore-file[unused-suppression]\n"
        + SECTION
        + "; sftpplus-config: ignore[duplicate-name]\nhome_folder_path = /a\n",
    )
    assert validate(capsys, path) == (0, [], "")


@pytest.mark.parametrize(
    ("comment", "line", "column", "message"),
    [
        ("; sftpplus-config: ignroe[unknown-option]", 3, 20, "unknown suppression `ignroe`"),
        ("; sftpplus-config: ignore unknown-option", 3, 20, "needs a list of rules"),
        ("; sftpplus-config: ignore[unknown-option", 3, 26, "is not closed"),
        ("; sftpplus-config: ignore[]", 3, 27, "empty rule name"),
        ("; sftpplus-config: ignore[unknown-option,,x]", 3, 42, "empty rule name"),
        ("; sftpplus-config: ignore[Unknown Option]", 3, 27, "is not a rule name"),
        ("; sftpplus-config: ignore[unknown-optoin]", 3, 27, "unknown rule `unknown-optoin`"),
        ("; sftpplus-config:", 3, 19, "suppression comment without a kind"),
        ("; sftpplus-config: ignore-file[unknown-option]", 3, 1, "must come before the first"),
    ],
)
def test_malformed_suppressions_are_positioned_usage_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    comment: str,
    line: int,
    column: int,
    message: str,
) -> None:
    path = write(tmp_path, SECTION + comment + "\nhome = /a\n")
    code = main(["validate", "--no-config", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"{path}:{line}:{column}: ")
    assert message in err
    assert "\n  hint: " in err
    if "optoin" in comment:
        assert "did you mean `unknown-option`?" in err
    with pytest.raises(SuppressionError) as caught:
        parse(sc.load(path))
    assert (caught.value.line, caught.value.column) == (line, column)


def test_ignore_section_in_the_preamble_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "; sftpplus-config: ignore-section[unknown-option]\n" + SECTION)
    with pytest.raises(SuppressionError, match="must be inside a section"):
        parse(sc.load(path))


def test_ordinary_comments_that_mention_the_tool_are_not_directives(tmp_path: Path) -> None:
    path = write(tmp_path, "; Generated by sftpplus-config build; do not edit.\n" + SECTION)
    assert not parse(sc.load(path))


def test_directive_text_reads_back() -> None:
    text = directive_text("section", ["unknown-option", "security"])
    assert text == "; sftpplus-config: ignore-section[unknown-option,security]"
    (directive,) = parse(sc.loads(f"[server]\n{text}\n", path="x.ini")).directives
    assert directive.scope == "section"
    assert directive.rules == ("unknown-option", "security")
    assert "plaintext-password" in directive.expanded[1]


def test_a_suppression_in_the_base_silences_what_an_override_validation_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, SECTION + "; sftpplus-config: ignore[unknown-option]\nhome = /a\n")
    override = write(tmp_path, "[accounts/8b9c0d1e]\nname = other\n", "server.override.ini")
    assert validate(capsys, override) == (0, [], "")


def test_syntax_errors_suppressed_are_accepted_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "[server]\nname = a\n; sftpplus-config: ignore[duplicate-option]\nname = b\n",
    )
    assert validate(capsys, path) == (0, [], "")
    assert main(["render", str(path)]) == 0
    assert sc.load(path, strict=True).get("server", "name") == "a"
    path.write_text(path.read_text(encoding="utf-8").replace("; sftpplus", "; no"), "utf-8")
    assert main(["render", str(path)]) == 1


def test_suppressions_apply_to_every_node_of_an_inventory_and_to_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster = tmp_path / "cluster"
    shutil.copytree(EXAMPLES / "cluster", cluster)
    base = cluster / "server.ini"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            "port = 10022\n",
            "port = 10022\n; sftpplus-config: ignore[unknown-option]\nbanner_colour = x\n",
        ),
        encoding="utf-8",
    )
    override = cluster / "overrides" / "node-a.ini"
    override.write_text(
        override.read_text(encoding="utf-8")
        + "; sftpplus-config: ignore[unknown-option]\ncolour = blue\n",
        encoding="utf-8",
    )
    inventory = cluster / "inventory.toml"
    assert validate(capsys, inventory) == (0, [], "")
    assert main(["build", "--no-config", str(inventory), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    override.write_text(override.read_text(encoding="utf-8").replace("; sftpplus", "; x"), "utf-8")
    code, found, _ = validate(capsys, inventory)
    assert (code, found) == (1, [("unknown-option", 5, 1)])


_PIECES = st.sampled_from(
    [
        "[server]", "[accounts/a1]", "name = x", "    continued", "", "nmae = y",
        "; sftpplus-config: ignore[unknown-option]", "# sftpplus-config: ignore-section[schema]",
        "; sftpplus-config: ignore-file[security]", "; sftpplus-config: ignore[",
        "; sftpplus-config: ignore[a,,b]", "; sftpplus-config: ignore[unknown-optoin]",
        ";sftpplus-config:ignore[syntax]", "; sftpplus-config: nope[x]", "; plain comment",
        "\t; sftpplus-config: ignore[duplicate-option] why", "password = p",
    ]
)  # fmt: skip


@settings(max_examples=200)
@given(lines=st.lists(_PIECES, max_size=10), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_file_gives_directives_or_a_positioned_error(lines: list[str], ending: str) -> None:
    from sftpplus_config.suppressions import apply
    from sftpplus_config.validation import validate

    doc = sc.loads(ending.join(lines) + ending, path="x.ini")
    try:
        table = parse(doc)
    except SuppressionError as exc:
        assert 1 <= exc.line <= len(lines) and exc.column >= 1
        assert lines[exc.line - 1].lstrip()[:1] in (";", "#")
        return
    findings = validate(doc).findings
    kept = apply(findings, {"x.ini": table}, checked=frozenset({"unused-suppression"}))
    silenced = [f for f in findings if f not in kept]
    for finding in silenced:
        assert table.silencing(finding)
    for directive in table.directives:
        assert lines[directive.span.line - 1].strip().startswith((";", "#"))


def test_the_run_looks_for_the_same_marker() -> None:
    from sftpplus_config import checks, suppressions

    assert checks._MARKER == suppressions.MARKER
