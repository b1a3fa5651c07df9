"""Unix conventions on the command line (issue #15, item 6): `-` is standard
input for every input file and standard output for every `-o`; standard
input is read once; errors name the real target, never a temporary file; a
command that fails writes nothing."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

BASE = "[server]\nname = files\n\n[services/s1]\nname = sftp\ntype = ssh\nport = 10022\n"
NODE = BASE.replace("port = 10022", "port = 2222")
OVERRIDE = "[services/s1]\nport = 2222\n"
BROKEN = "[server]\nname = files\nthis line is broken\n"
OLD_NAME = "[administrators/a1]\nname = admin\nROLE = r1\n"  # `fix` renames ROLE


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the files the commands read; nothing else."""
    monkeypatch.chdir(tmp_path)
    for name, text in {
        "base.ini": BASE,
        "node.ini": NODE,
        "o.override.ini": OVERRIDE,
        "broken.ini": BROKEN,
        "broken.override.ini": BROKEN,
        "bad-option.override.ini": "[services/s1]\nprot = 22\n",
        "template.ini": "[server]\nname = {region}\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), "utf-8"))


def listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


# -- `-` is standard input for every input file argument ------------------------------

#: (argv, what standard input holds, exit code, text the output must hold)
STDIN_CASES = [
    (["validate", "-"], BROKEN, 1, "<stdin>:3:1: error[syntax-error]"),
    (["validate", "-", "--base", "base.ini"], OVERRIDE, 0, ""),
    (["validate", "o.override.ini", "--base", "-"], BASE, 0, "1 file checked, no problems"),
    (["validate", "bad-option.override.ini", "--base", "-"], BASE, 1, "unknown option `prot`"),
    (["fix", "-"], OLD_NAME, 0, "roles = r1"),
    (["fix", "-", "--diff"], OLD_NAME, 1, "+roles = r1"),
    (["list", "-"], BASE, 0, "services  s1"),
    (["get", "-", "services/s1", "port"], BASE, 0, "10022"),
    (["set", "-", "services/s1", "port", "22"], BASE, 0, "port = 22"),
    (["unset", "-", "services/s1", "port"], BASE, 0, "type = ssh\n"),
    (["export", "-"], BASE, 0, '"port": "10022"'),
    (["render", "-", "--var", "region=eu"], "[server]\nname = {region}\n", 0, "name = eu"),
    (["merge", "-", "o.override.ini"], BASE, 0, "port = 2222"),
    (["merge", "base.ini", "-"], OVERRIDE, 0, "port = 2222"),
    (["render", "template.ini", "--vars", "-"], 'region = "eu"\n', 0, "name = eu"),
    (["validate", "template.ini", "--vars", "-"], 'region = "eu"\n', 0, "no problems"),
    (["render", "template.ini", "--vars", "-"], "region = = 1\n", 2, "<stdin>: "),
    (["check-cluster", "-", "--nodes", "a,b"], BASE, 0, ""),
    (["check-cluster", "-", "node.ini", "--format", "json"], BASE, 0, '"findings": []'),
    (["assets", "-", "--format", "json"], BASE, 0, '"assets": []'),
    (["diff", "-", "node.ini"], BASE, 1, "port"),
    (["diff", "base.ini", "-"], NODE, 1, "port"),
    (["diff", "base.ini", "-", "--format", "json"], NODE, 1, '"b": "<stdin>"'),
    (["merge3", "-", "base.ini", "node.ini"], BASE, 0, "port = 2222"),
    (["merge3", "base.ini", "-", "node.ini"], BASE, 0, "port = 2222"),
    (["merge3", "base.ini", "base.ini", "-"], NODE, 0, "port = 2222"),
    (["rebase", "base.ini", "-", "base.ini"], NODE, 0, "port = 2222"),
    (["rebase", "-", "node.ini", "base.ini"], BASE, 0, "port = 2222"),
]


@pytest.mark.parametrize(
    ("argv", "stdin", "code", "expected"), STDIN_CASES, ids=lambda v: str(v)[:40]
)
def test_dash_reads_standard_input(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    code: int,
    expected: str,
) -> None:
    before = listing(folder)
    feed(monkeypatch, stdin)
    assert main(argv) == code
    captured = capsys.readouterr()
    assert expected in captured.out + captured.err
    assert "Traceback" not in captured.err
    assert "-" not in os.listdir(folder)  # `-` is never a file name
    assert listing(folder) == before  # nothing on disk changed (no lock, no file)


def test_split_reads_a_node_from_standard_input(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed(monkeypatch, NODE)
    assert main(["split", "base.ini", "-", "--base", "shared.ini", "--overrides", "o"]) == 0
    assert (folder / "o" / "stdin.override.ini").read_text() == "[services/s1]\nport = 2222\n"
    assert (folder / "o" / "base.override.ini").read_text() == "[services/s1]\nport = 10022\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "-", "-"],
        ["fix", "-", "-"],
        ["diff", "-", "-"],
        ["merge", "-", "-"],
        ["merge3", "-", "base.ini", "-"],
        ["rebase", "-", "-", "base.ini"],
        ["split", "-", "-", "--base", "b.ini", "--overrides", "o"],
        ["check-cluster", "-", "-"],
        ["render", "-", "--vars", "-"],
        ["validate", "-", "--vars", "-"],
        ["validate", "-", "--base", "-"],
    ],
)
def test_standard_input_is_read_once(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    before = listing(folder)
    feed(monkeypatch, BASE)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "standard input (-) can be read only once" in captured.err or (
        argv[0] == "split" and "would both write stdin.override.ini" in captured.err
    )
    assert captured.out == ""
    assert listing(folder) == before


def test_build_refuses_dash(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-"]) == 2
    assert main(["build", "inventory.toml", "-o", "-"]) == 2
    assert "`-` is not accepted here" in capsys.readouterr().err


# -- `-o -` is standard output -----------------------------------------------------------

#: argv with `-o -`, and what standard output must be exactly.
STDOUT_CASES = [
    (["render", "template.ini", "--var", "region=eu", "-o", "-"], "[server]\nname = eu\n"),
    (["merge", "base.ini", "o.override.ini", "-o", "-"], NODE),
    (["merge3", "base.ini", "base.ini", "node.ini", "-o", "-"], NODE),
    (["rebase", "base.ini", "node.ini", "base.ini", "-o", "-"], NODE),
    (
        ["split", "base.ini", "node.ini", "--base", "-", "--overrides", "o"],
        BASE.replace("port = 10022\n", ""),
    ),
]


@pytest.mark.parametrize(("argv", "expected"), STDOUT_CASES, ids=lambda v: str(v)[:30])
def test_dash_output_is_standard_output(
    folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out == expected
    assert "-" not in os.listdir(folder)


def test_findings_never_mix_into_the_file_on_standard_output(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "new.override.ini").write_text("[accounts/zz]\nname = q\n")
    assert main(["merge", "base.ini", "new.override.ini", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == BASE + "\n[accounts/zz]\nname = q\n"
    assert "warning[override-new-section]" in captured.err
    assert main(["split", "base.ini", "node.ini", "--base", "-", "--overrides", "o"]) == 0
    captured = capsys.readouterr()
    assert "override, 1 section" not in captured.out
    assert "<stdout>: base, 2 sections" in captured.err
    # --explain prints to standard output: the merged file needs a file then
    assert main(["merge", "base.ini", "o.override.ini", "--explain", "-o", "-"]) == 2
    assert "give -o a file" in capsys.readouterr().err


# -- a command that fails writes nothing ------------------------------------------------

#: A failing run (exit code) whose output target must stay as it was.
FAILING = [
    (["render", "broken.ini", "-o", "OUT"], 1),
    (["render", "template.ini", "-o", "OUT"], 1),  # an unknown variable
    (["merge", "base.ini", "broken.override.ini", "-o", "OUT"], 1),
    (["merge", "broken.ini", "o.override.ini", "-o", "OUT"], 1),
    (["merge", "base.ini", "bad-option.override.ini", "-o", "OUT"], 1),
    (["merge", "base.ini", "o.override.ini", "nope.override.ini", "-o", "OUT"], 2),
    (["merge3", "broken.ini", "base.ini", "node.ini", "-o", "OUT"], 1),
    (["merge3", "base.ini", "base.ini", "broken.ini", "-o", "OUT"], 1),
    (["rebase", "base.ini", "broken.ini", "base.ini", "-o", "OUT"], 1),
    (["split", "base.ini", "broken.ini", "--base", "OUT", "--overrides", "ODIR"], 1),
    (["split", "base.ini", "node.ini", "--base", "OUT", "--overrides", "base.ini"], 2),
]


@pytest.mark.parametrize(("argv", "code"), FAILING, ids=lambda v: str(v)[:50])
@pytest.mark.parametrize("existing", [False, True], ids=["absent", "present"])
def test_a_failing_command_writes_nothing(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    existing: bool,
) -> None:
    if existing:
        (folder / "OUT").write_text("keep me\n")
    before = listing(folder)
    assert main(argv) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert listing(folder) == before  # OUT absent, or untouched; no ODIR, no temp file
    # to standard output, a failing command prints no file either
    dashed = ["-" if word == "OUT" else word for word in argv]
    assert main(dashed) == code
    out = capsys.readouterr().out
    assert "[server]" not in out and "[services" not in out
    assert listing(folder) == before


def test_split_checks_every_target_before_writing_the_first(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "o" / "node.override.ini").mkdir(parents=True)
    before = listing(folder)
    assert main(["split", "base.ini", "node.ini", "--base", "OUT", "--overrides", "o"]) == 2
    assert "o/node.override.ini: is a folder, not a file" in capsys.readouterr().err
    assert listing(folder) == before  # the base was not written either


# -- errors name the real target ----------------------------------------------------------


@pytest.fixture
def no_temp_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating a temporary file fails, as in a folder one may not write."""
    real_open = os.open

    def refusing(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)


@pytest.mark.parametrize(
    ("argv", "target"),
    [
        (["render", "template.ini", "--var", "region=eu", "-o", "OUT"], "OUT"),
        (["merge", "base.ini", "o.override.ini", "-o", "OUT"], "OUT"),
        (["merge3", "base.ini", "base.ini", "node.ini", "-o", "OUT"], "OUT"),
        (["rebase", "base.ini", "node.ini", "base.ini", "-o", "OUT"], "OUT"),
        (["split", "base.ini", "node.ini", "--base", "OUT", "--overrides", "o"], "OUT"),
        (["set", "base.ini", "server", "name", "x"], "base.ini"),
        (["unset", "base.ini", "server", "name"], "base.ini"),
        (["fix", "old.ini"], "old.ini"),
    ],
)
def test_write_errors_name_the_target_not_a_temporary_file(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    no_temp_files: None,
    argv: list[str],
    target: str,
) -> None:
    (folder / "old.ini").write_text(OLD_NAME)
    before = listing(folder)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{target}: Permission denied" in err
    assert ".tmp" not in err
    assert "Traceback" not in err
    after = listing(folder)
    after.pop(f".{target}.lock", None)  # set and unset leave their lock file (by design)
    assert after == before
