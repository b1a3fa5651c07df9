"""The language server's parts without a client: positions, incremental
re-validation (compared with a validation of the edited text), and the
``lsp`` command without its extra."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from sftpplus_config._reading import loads
from sftpplus_config.findings import Finding
from sftpplus_config.lsp.incremental import Checker
from sftpplus_config.lsp.positions import Lines
from sftpplus_config.schema import load_catalog
from sftpplus_config.span import Span
from sftpplus_config.validation import resolve_rules, validate

from .conftest import own_files, vendor_files

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


# -- positions ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "start", "end"), [(UTF16, 8, 9), (UTF8, 11, 12), (UTF32, 7, 8)]
)
def test_columns_count_the_negotiated_units(encoding: str, start: int, end: int) -> None:
    lines = Lines("[a/b]\nk = é🙂 x\n", encoding)
    # `x` is code point 8 (1-based) of line 2
    assert lines.range(Span(2, 8, 2, 9)) == types.Range(
        start=types.Position(line=1, character=start), end=types.Position(line=1, character=end)
    )
    assert lines.point(types.Position(line=1, character=start)) == (2, 8)


def test_a_position_inside_a_character_goes_to_its_start() -> None:
    lines = Lines("k = 🙂x\n")
    assert lines.point(types.Position(line=0, character=5)) == (1, 5)  # inside the emoji
    assert lines.point(types.Position(line=0, character=6)) == (1, 6)
    assert lines.point(types.Position(line=0, character=99)) == (1, 7)  # past the end


def test_line_breaks_and_the_byte_order_mark() -> None:
    lines = Lines("\ufeff[a/b]\r\nk = v\rj = w\n")
    assert len(lines) == 3
    assert lines.text(1) == "[a/b]"
    # the BOM is not counted by our columns, but it is text to the client
    assert lines.position(1, 1) == types.Position(line=0, character=1)
    assert lines.point(types.Position(line=0, character=1)) == (1, 1)
    assert lines.position(3, 5) == types.Position(line=2, character=4)
    assert lines.position(4, 1) == types.Position(line=3, character=0)


def test_moved_line_starts_equal_those_of_the_new_text() -> None:
    rng = random.Random(7)
    pieces = ["a", "é", "🙂", "\n", "\r\n", "\r", " = ", "[s/x]"]
    text = "".join(rng.choice(pieces) for _ in range(200))
    lines = Lines(text)
    for _ in range(500):
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, min(len(text), start + 12) + 1)
        new = "".join(rng.choice(pieces) for _ in range(rng.randrange(4)))
        text = text[:start] + new + text[end:]
        lines = lines.replaced(start, end, new, text)
        fresh = Lines(text)
        assert len(lines) == len(fresh)
        assert [lines.start(n) for n in range(1, len(fresh) + 2)] == [
            fresh.start(n) for n in range(1, len(fresh) + 2)
        ]


# -- incremental re-validation -----------------------------------------------------
def _key(found: list[Finding]) -> list[str]:
    return sorted(repr(f) for f in found)


_LINES = [
    "[accounts/new]\n",
    "type = ssh\n",
    "name = x\n",
    "  enabled = yes\n",
    "\n",
    "port = 22\n",
    "group = nope\n",
    "path = {host.nmae}\n",
    "[groups/g1]\n",
    "nmae = é🙂\n",
]


def _files() -> list[Path]:
    vendor = vendor_files()
    return own_files() + vendor[:: max(1, len(vendor) // 40)]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_incremental_findings_equal_a_fresh_validation(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    checker = Checker(load_catalog(), resolve_rules())
    assert _key(checker.check(loads(text, path=str(path)))) == _key(
        list(validate(loads(text, path=str(path))).findings)
    )
    rng = random.Random(path.name)
    lines = text.splitlines(keepends=True)
    for _ in range(16):
        if not lines:
            break
        at = rng.randrange(len(lines))
        action = rng.choice(["delete", "copy", "edit", "insert", "value"])
        if action == "delete":
            del lines[at]
        elif action == "copy":
            lines.insert(at, lines[at])
        elif action == "edit":
            lines[at] = "x" + lines[at]
        elif action == "value" and "=" in lines[at]:
            key = lines[at].partition("=")[0]
            lines[at] = f"{key}= {rng.choice(['g1', '22', 'No', 'x', 'Ops', 'DEFAULT_GROUP'])}\n"
        else:
            lines.insert(at, rng.choice(_LINES))
        edited = "".join(lines)
        found = checker.check(loads(edited, path=str(path)))
        assert _key(found) == _key(list(validate(loads(edited, path=str(path))).findings)), (
            action,
            at,
        )


def test_a_one_line_change_rechecks_one_section() -> None:
    from bench.generate import generate

    text = generate(300)
    checker = Checker(load_catalog(), resolve_rules())
    checker.check(loads(text))
    assert checker.rechecked > 300
    where = text.index("disable_on_inactivity = 90", len(text) // 2)
    edited = text[:where] + "disable_on_inactivity = ninety" + text[where + 26 :]
    found = checker.check(loads(edited))
    assert checker.rechecked == 1
    assert not checker.across_rechecked  # what the references rules read is the same
    assert [(f.rule, f.option) for f in found] == [("invalid-value", "disable_on_inactivity")]
    # a line added at the top moves every kept finding
    moved = "; a comment\n" + edited
    found = checker.check(loads(moved))
    assert checker.rechecked <= 2
    # a reference changed: the rules that look across sections run again
    where = edited.index("group = ", len(edited) // 3)
    dangling = edited[:where] + "group = nowhere\n" + edited[edited.index("\n", where) + 1 :]
    assert {f.rule for f in checker.check(loads(dangling))} == {
        "invalid-value",
        "dangling-reference",
    }
    assert checker.across_rechecked
    assert [f.span.line for f in found] == [
        f.span.line + 1 for f in validate(loads(edited)).findings
    ]


# -- the command -------------------------------------------------------------------
def test_lsp_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sftpplus_config.cli.main import main

    monkeypatch.setitem(sys.modules, "pygls", None)
    assert main(["lsp"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'sftpplus-config[lsp]'" in err
    assert "Traceback" not in err


def test_the_core_does_not_import_the_server() -> None:
    import subprocess

    code = (
        "import sys, sftpplus_config, sftpplus_config.cli.main\n"
        "from sftpplus_config.cli.main import main\n"
        "main(['validate', 'examples/server.ini'])\n"
        "bad = [m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'sftpplus_config.lsp'))]\n"
        "print(bad)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_the_docs_figure_matches_a_new_session() -> None:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "tools/lsp_figure.py", "--check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, "run `python tools/lsp_figure.py` to draw the figure again"
