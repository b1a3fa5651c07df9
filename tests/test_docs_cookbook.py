"""Every cookbook recipe runs as written (tests/doc_runner.py)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.doc_runner import BLOCK, ROOT, run_page

RECIPES = sorted(p.name for p in (ROOT / "docs" / "cookbook").glob("*.md"))


@pytest.mark.parametrize("recipe", RECIPES)
def test_recipe_runs_as_written(
    recipe: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = run_page(f"cookbook/{recipe}", tmp_path, capsys, monkeypatch)
    assert counts["commands"] > 0, f"docs/cookbook/{recipe} runs no command"


def _commands_in(text: str, languages: tuple[str, ...]) -> set[str]:
    found = set()
    for match in BLOCK.finditer(text):
        if match.group(1) in languages:
            for line in match.group(3).splitlines():
                line = line.strip().removeprefix("$ ").removeprefix("- ").removeprefix("run: ")
                if line.startswith("sftpplus-config "):
                    found.add(" ".join(shlex.split(line.split(";")[0].split(" > ")[0])))
    return found


@pytest.mark.parametrize("recipe", RECIPES)
def test_commands_in_ci_files_are_the_tested_ones(recipe: str) -> None:
    """A command shown in a CI file (yaml) or a shell block must also be run
    in one of the recipe's console blocks, so it cannot drift."""
    text = (ROOT / "docs" / "cookbook" / recipe).read_text(encoding="utf-8")
    shown = _commands_in(text, ("yaml", "sh"))
    tested = _commands_in(text, ("console",))
    shown = {c for c in shown if not re.search(r"\$\{?\{?|%[OAB]", c)}
    assert shown <= tested, shown - tested
