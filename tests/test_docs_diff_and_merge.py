"""docs/diff-and-merge.md is run as written.

In document order:

- an ``ini`` block with a ``title="PATH"`` is written to PATH, or, when
  PATH already exists (a command made it), compared with it;
- each ``$ sftpplus-config …`` line of a ``console`` block is run in-process
  (``; echo "exit $?"`` prints the exit code, ``> FILE`` sends stdout to a
  file); its output (stdout, then stderr) must be the lines that follow;
- a ``python`` block is executed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "diff-and-merge.md"
BLOCK = re.compile(r'^```(\w+)(?: title="([^"]+)")?\n(.*?)^```\n', re.MULTILINE | re.DOTALL)
ECHO_EXIT = '; echo "exit $?"'


def run_console(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    for command, expected in commands:
        echo = command.endswith(ECHO_EXIT)
        words = shlex.split(command.removesuffix(ECHO_EXIT))
        redirect = None
        if ">" in words:
            at = words.index(">")
            redirect, words = words[at + 1], words[:at]
        assert words[0] == "sftpplus-config"
        code = main(words[1:])
        captured = capsys.readouterr()
        stdout = captured.out
        if redirect is not None:
            Path(redirect).write_text(stdout)
            stdout = ""
        output = stdout + captured.err + (f"exit {code}\n" if echo else "")
        assert output == "".join(f"{line}\n" for line in expected), command


def test_the_page_runs_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    counts = {"written": 0, "checked": 0, "console": 0, "python": 0}
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        language, title, body = match.groups()
        if language == "ini" and title:
            path = tmp_path / title
            if path.exists():
                assert path.read_text() == body, title
                counts["checked"] += 1
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body)
                counts["written"] += 1
        elif language == "console":
            run_console(body, capsys)
            counts["console"] += 1
        elif language == "python":
            exec(compile(body, f"{DOC.name}:python", "exec"), {})  # noqa: S102 - our own page
            counts["python"] += 1
    # the page has not lost its examples
    assert counts == {"written": 12, "checked": 6, "console": 7, "python": 2}


def test_the_page_shows_the_driver_set_up_the_git_test_uses() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "server.ini merge=sftpplus\n" in text
    assert 'git config merge.sftpplus.driver "sftpplus-config merge3 %O %A %B -o %A' in text
