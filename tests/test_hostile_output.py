"""Hostile text in every output: file names, section names, option names and
values that carry terminal escapes, line breaks and CI workflow commands.

In the text and github formats (and on stderr) no line may start a workflow
command we did not write, and no control character may reach the terminal;
JSON stays JSON and SARIF stays valid against its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sftpplus_config._printable import log_line, log_lines, printable
from sftpplus_config.cli.main import main
from sftpplus_config.cli.reporters import FORMATS

from .conftest import SARIF_SCHEMA

EVIL_NAME = "evil\n::error::file-pwned\x1b[31m\x07 ##[warning]x.ini"
HOSTILE = """\
[server]
name = files
port = 22\x1b[0m\x9b31m
evil\x1b]0;title\x07 = 1
%0A::warning::option-pwned = 2
uuid = u\u202egnp.exe

[accounts/a\x1b[2J]
name = a
  ::error::dup-pwned
  ##[warning]dup-pwned-v1
type = application

[accounts/b]
name = a
  ::error::dup-pwned
  ##[warning]dup-pwned-v1
type = application

[x\x9b31m]
a = b

[event-handlers/log]
type = local-file
path = /var/log/{host.nmae}\u2028.log
  ::stop-commands::tok

[services/s1]
type = ssh
port = 22
address = 0.0.0.0
  ::error::address-pwned
[services/s2]
type = ssh
port = 22
address = 0.0.0.0
  ::error::address-pwned
ssh_host_private_keys = keys/\x1b[31mred.key, \r::error::cr.key
"""
INVENTORY = """\
[cluster]
base = "{base}"
mode = "per-node"

[[nodes]]
name = "a"
host = {{ name = "a", fqdn = "a" }}

[[nodes]]
name = "b"
host = {{ name = "b", fqdn = "b" }}
"""

OURS = re.compile(
    r"::(error|warning|notice) file=[^:,\r\n]*"
    r"(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[a-z0-9-]+( \(more\))?::"
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / EVIL_NAME).write_text(HOSTILE)
    (tmp_path / "server.ini").write_text(HOSTILE)
    (tmp_path / "o.ini").write_text("[accounts/b]\nname = a\n  ::error::override-pwned\n")
    (tmp_path / "inventory.toml").write_text(INVENTORY.format(base=json.dumps(EVIL_NAME)[1:-1]))
    (tmp_path / "keys.toml").write_text(
        '[cluster]\nbase = "server.ini"\n"k\\n::warning::key-pwned\\u001b[31m" = 1\n'
        '[[nodes]]\nname = "a\\r\\n::error::node-pwned"\n'
    )
    return tmp_path


def _commands() -> list[list[str]]:
    commands = []
    for fmt in FORMATS:
        commands += [
            ["validate", "{evil}", "--format", fmt],
            ["validate", "{evil}", "--format", fmt, "--max-findings", "2"],
            ["check-cluster", "{evil}", "{d}/server.ini", "--format", fmt],
            ["check-cluster", "{evil}", "--nodes", "a,b", "--format", fmt],
            ["assets", "{evil}", "--check", "--format", fmt],
            ["render", "{evil}", "-o", "{d}/out.ini", "--format", fmt],
            ["merge", "{evil}", "{d}/o.ini", "-o", "{d}/m.ini", "--format", fmt],
            ["build", "{d}/inventory.toml", "-o", "{d}/build", "--format", fmt],
            ["build", "{d}/keys.toml", "-o", "{d}/build", "--format", fmt],
        ]
    return [
        *commands,
        ["assets", "{evil}"],
        ["merge", "{evil}", "{d}/o.ini", "--explain"],
        ["diff", "{d}/server.ini", "{evil}", "--show-secrets"],
        ["diff", "{d}/o.ini", "{evil}"],
        ["diff", "{d}/o.ini", "{evil}", "--format", "json"],
        ["get", "{evil}", "no-such-section"],
        ["merge3", "{evil}", "{d}/o.ini", "{d}/server.ini", "-o", "{d}/m3.ini"],
    ]


def _check_lines(text: str, github: bool) -> None:
    for line in text.split("\n"):
        assert not CONTROL.search(line), repr(line)
        if github and line.startswith("::"):
            assert OURS.match(line), repr(line)
            assert "\r" not in line
        else:
            assert not line.lstrip().startswith("::"), repr(line)
            assert "##[" not in line, repr(line)


@pytest.mark.parametrize("argv", _commands(), ids=lambda a: " ".join(a[::2]))
def test_hostile_text_stays_data(
    argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = [w.replace("{evil}", str(folder / EVIL_NAME)).replace("{d}", str(folder)) for w in argv]
    code = main(words)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else "text"
    _check_lines(err, github=fmt == "github")
    if fmt in ("json", "sarif") and out:
        data = json.loads(out)
        if fmt == "sarif" and SARIF_SCHEMA.is_file():
            import jsonschema

            jsonschema.validate(data, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
        assert not CONTROL.search(out.replace("\n", "").replace("\r", ""))
    elif argv[0] not in ("get",):
        _check_lines(out, github=fmt == "github")


def test_the_hostile_file_is_reported(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The findings the hostile values should give are there (so the test
    above looks at the messages that quote them)."""
    main(["validate", str(folder / EVIL_NAME), "--format", "json"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert {"invalid-value", "unknown-option", "duplicate-name", "unknown-variable"} <= rules
    assert "port-conflict" in rules


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("bell\x07", "bell\\x07"),
        ("osc\x1b]0;t\x07", "osc\\x1b]0;t\\x07"),
        ("csi\x9b", "csi\\x9b"),
        ("cr\rlf\n", "cr\\x0dlf\\x0a"),
        ("tab\tkept é", "tab\tkept é"),
        ("rtl\u202eabc", "rtl\\u202eabc"),
        ("sep\u2028", "sep\\u2028"),
        ("byte\udcff", "byte\\xff"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("::error::x", "\\x3a:error::x"),
        ("  ::warning::x", "  \\x3a:warning::x"),
        ("a ##[error]b", "a ##\\x5berror]b"),
        ("one\n::two", "one\n\\x3a:two"),
        ("file.ini:1:1: fine", "file.ini:1:1: fine"),
    ],
)
def test_log_lines_never_start_a_workflow_command(text: str, shown: str) -> None:
    assert log_lines(text) == shown


def test_log_line_keeps_a_value_on_its_line() -> None:
    assert log_line("::x\n::y\r") == "\\x3a:x\\x0a::y\\x0d"
