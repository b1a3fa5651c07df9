"""Run a documentation page as written (used by the docs tests).

In document order:

- an ``ini``, ``toml`` or ``csv`` block with ``title="PATH"`` is written to PATH, or,
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
        if language in ("ini", "toml", "csv") and title:
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


def record(page: str) -> str:
    """The page with every console block's output replaced by what the
    commands print now (for writing pages; review the result)."""
    import contextlib
    import io
    import os
    import tempfile

    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copytree(ROOT / "examples", folder / "examples")
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            out: list[str] = []
            position = 0
            for match in BLOCK.finditer(text):
                out.append(text[position : match.start()])
                position = match.end()
                language, title, body = match.groups()
                if language in ("ini", "toml") and title and not (folder / title).exists():
                    (folder / title).parent.mkdir(parents=True, exist_ok=True)
                    (folder / title).write_text(body)
                if language != "console":
                    out.append(match.group(0))
                    continue
                lines: list[str] = []
                for line in body.splitlines():
                    if not line.startswith("$ "):
                        continue
                    lines.append(line)
                    command = line[2:]
                    echo = command.endswith(ECHO_EXIT)
                    words = shlex.split(command.removesuffix(ECHO_EXIT))
                    redirect = None
                    if ">" in words:
                        at = words.index(">")
                        redirect, words = words[at + 1], words[:at]
                    stdout, stderr = io.StringIO(), io.StringIO()
                    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                        code = main(words[1:])
                    printed = stdout.getvalue()
                    if redirect is not None:
                        (folder / redirect).write_text(printed)
                        printed = ""
                    printed = (printed + stderr.getvalue()).replace(f"{folder}/", "")
                    lines.extend(printed.splitlines())
                    if echo:
                        lines.append(f"exit {code}")
                    elif code:
                        lines.append(f"[exit {code}]")
                head = match.group(0).split("\n", 1)[0]
                out.append(head + "\n" + "".join(f"{x}\n" for x in lines) + "```\n")
            out.append(text[position:])
            return "".join(out)
        finally:
            os.chdir(cwd)


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        (ROOT / "docs" / name).write_text(record(name), encoding="utf-8")
