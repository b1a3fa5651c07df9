"""Run a documentation page as written (used by the docs tests).

In document order:

- an ``ini`` or ``toml`` block with ``title="PATH"`` is written to PATH, or,
  when PATH already exists (a command made it), compared with it;
- each ``$ sftpplus-config …`` line of a ``console`` block is run in-process;
  ``> FILE`` sends stdout to a file; the exit code must be 0 unless the
  output ends with ``[exit N]`` or the line ends with ``; echo "exit $?"``
  (which prints ``exit N``); the output shown (stdout, then stderr) must be
  exactly what the command prints, with the temporary folder's path removed;
- a ``python`` block is executed when ``run_python`` is true.

Pages run in a temporary folder that holds a copy of ``examples/``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections import Counter
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r'^```(\w+)(?: title="([^"]+)")?\n(.*?)^```\n', re.MULTILINE | re.DOTALL)
ECHO_EXIT = '; echo "exit $?"'
EXIT_MARK = re.compile(r"\[exit (\d+)\]")


def _console(block: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> int:
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"output before any command: {line!r}"
            commands[-1][1].append(line)
    for command, expected in commands:
        echo = command.endswith(ECHO_EXIT)
        words = shlex.split(command.removesuffix(ECHO_EXIT))
        redirect = None
        if ">" in words:
            at = words.index(">")
            redirect, words = words[at + 1], words[:at]
        assert words[0] == "sftpplus-config", command
        expected_code = 0
        if expected and (mark := EXIT_MARK.fullmatch(expected[-1])) is not None:
            expected_code = int(mark.group(1))
            expected = expected[:-1]
        code = main(words[1:])
        captured = capsys.readouterr()
        stdout = captured.out
        if redirect is not None:
            (folder / redirect).write_text(stdout)
            stdout = ""
        output = (stdout + captured.err).replace(f"{folder}/", "")
        if echo:
            output += f"exit {code}\n"
        else:
            assert code == expected_code, command
        assert output == "".join(f"{line}\n" for line in expected), command
    return len(commands)


def run_page(
    page: str,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    run_python: bool = True,
) -> Counter[str]:
    """Run ``docs/<page>`` in ``folder``; returns what was done, by kind."""
    shutil.copytree(ROOT / "examples", folder / "examples")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NO_COLOR", raising=False)
    counts: Counter[str] = Counter()
    for match in BLOCK.finditer((ROOT / "docs" / page).read_text(encoding="utf-8")):
        language, title, body = match.groups()
        if language in ("ini", "toml") and title:
            path = folder / title
            if path.exists():
                assert path.read_text() == body, title
                counts["checked"] += 1
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body)
                counts["written"] += 1
        elif language == "console":
            counts["commands"] += _console(body, folder, capsys)
        elif language == "python" and run_python:
            exec(compile(body, f"{page}:python", "exec"), {})  # noqa: S102 - our own page
            counts["python"] += 1
    return counts
