"""Documentation and the command line cannot drift apart.

The CLI reference page is generated from the parser itself (docs/hooks.py).
This test checks the hand-written pages and the README: every
``sftpplus-config COMMAND --option`` they show exists, and every command
appears in at least one hand-written page or the README."""

from __future__ import annotations

import argparse
import re

from sftpplus_config.cli.main import build_parser
from tests.doc_runner import ROOT

MENTION = re.compile(r"sftpplus-config ([a-z][a-z0-9-]*)([^\n`]*)")
CODE = re.compile(r"^```.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _pages() -> dict[str, str]:
    """The code (fenced blocks and inline code) of every page."""
    files = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
    return {
        str(p.relative_to(ROOT)): "\n".join(CODE.findall(p.read_text(encoding="utf-8")))
        for p in files
    }


def test_every_documented_command_and_option_exists() -> None:
    commands = _commands()
    problems = []
    for page, text in _pages().items():
        for match in MENTION.finditer(text):
            name, rest = match.groups()
            if name not in commands:
                problems.append(f"{page}: unknown command `{name}`")
                continue
            known = {s for a in commands[name]._actions for s in a.option_strings}
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                if option not in known:
                    problems.append(f"{page}: `{name}` has no option {option}")
    assert problems == []


def test_every_command_is_documented_by_hand() -> None:
    text = "\n".join(_pages().values())
    mentioned = {m.group(1) for m in MENTION.finditer(text)}
    assert set(_commands()) <= mentioned, set(_commands()) - mentioned


def _hooks() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_page_part_builds() -> None:
    """The generators the docs build runs (mkdocs calls them through
    ``on_page_markdown``) work with the parser as it is: a change to how the
    parser makes its formatter once broke only the docs build."""
    hooks = _hooks()
    generators = hooks.GENERATORS  # type: ignore[attr-defined]
    assert set(generators) == {"cli", "schema-reference"}
    cli = generators["cli"]()
    for name in _commands():
        assert f"## `{name}`" in cli
    assert all(len(line) <= 88 for line in cli.splitlines() if not line.startswith("## "))
    page = hooks.on_page_markdown("before <!-- generated: cli -->after")  # type: ignore[attr-defined]
    assert "## `validate`" in page
