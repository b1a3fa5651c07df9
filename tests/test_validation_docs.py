"""docs/validation.md: every rule's example really breaks that rule, the
output shown is what ``validate`` prints, the fixed file is clean, and the
generated tables are current."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.validation import RULE_GROUPS, RULES

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "validation.md"
TOOL = ROOT / "tools" / "gen_validation_docs.py"
#: Rules that other features report (and document with their examples).
# documented with worked examples on their own pages (variables.md,
# cluster.md, overrides.md, inventory.md, assets.md)
DOCUMENTED_ELSEWHERE = {
    *RULE_GROUPS["variables"],
    *RULE_GROUPS["cluster"],
    *RULE_GROUPS["inventory"],
    *RULE_GROUPS["assets"],
    "override-new-section",
    "redundant-override",
}

_FENCE = re.compile(
    r"^```(?P<lang>\w+)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL
)
_TITLE = re.compile(r'title="([^"]+)"')


@dataclass
class Example:
    """One rule's example: files that break it, the command and its output,
    and the files that fix it."""

    rule: str
    failing: dict[str, str] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)
    output: str = ""
    fixed: dict[str, str] = field(default_factory=dict)


def examples() -> dict[str, Example]:
    text = PAGE.read_text(encoding="utf-8")
    found: dict[str, Example] = {}
    chunks = re.split(r"^#### `([a-z-]+)`\n", text, flags=re.MULTILINE)
    for rule, body in zip(chunks[1::2], chunks[2::2], strict=True):
        body = body.split("\n## ", 1)[0]
        example = Example(rule)
        for fence in _FENCE.finditer(body):
            lang, content = fence.group("lang"), fence.group("body")
            if lang == "ini":
                title = _TITLE.search(fence.group("attrs"))
                name = title.group(1) if title else "server.ini"
                (example.fixed if example.command else example.failing)[name] = content
            elif lang == "console" and not example.command:
                first, _, rest = content.partition("\n")
                assert first.startswith("$ sftpplus-config "), first
                example.command = shlex.split(first[2:])[1:]
                example.output = rest
        if example.failing:
            found[rule] = example
    return found


def test_every_rule_has_an_example() -> None:
    assert set(examples()) == {rule.name for rule in RULES} - DOCUMENTED_ELSEWHERE


def test_every_rule_has_a_heading() -> None:
    text = PAGE.read_text(encoding="utf-8")
    headings = set(re.findall(r"^#### `([a-z-]+)`$", text, flags=re.MULTILINE))
    assert headings == {rule.name for rule in RULES}


def _run(
    tmp_path: Path,
    files: dict[str, str],
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str]:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the output shows paths relative to the files' folder
    capsys.readouterr()
    code = main(command)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("rule", sorted(examples()))
def test_example_output_is_what_validate_prints(
    rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = examples()[rule]
    code, out = _run(tmp_path, example.failing, example.command, capsys, monkeypatch)
    assert out == example.output
    assert f"[{rule}]" in out.splitlines()[0]
    severity = next(r.severity for r in RULES if r.name == rule)
    assert code == (1 if severity == "error" else 0)


@pytest.mark.parametrize("rule", sorted(examples()))
def test_fixed_example_is_clean(
    rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = examples()[rule]
    assert example.fixed, f"{rule}: no fixed example"
    files = {**example.failing, **example.fixed}
    code, out = _run(tmp_path, files, [*example.command, "--strict"], capsys, monkeypatch)
    assert (code, out) == (0, "")


def test_generated_tables_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_generated_tables_hold_what_the_rules_use() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "| [services/…] | every type | `port`, `type` |" in text
    assert "| [accounts/…] | `group` | all | `groups`, comma-separated |  |" in text
    assert "- locations: `DEFAULT-LOCAL-FILESYSTEM`" in text
