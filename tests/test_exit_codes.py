"""No input makes a command fail with exit 3 (internal error): file names and
arguments that are not UTF-8, files that are not UTF-8 where text is read
(``--vars``), and a standard output that cannot encode what is printed.
Every command is swept with such inputs; each must give a clear message and
exit 0, 1 or 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.cli.reporters import FORMATS

NOT_UTF8 = os.fsdecode(b"caf\xe9-\xff")  # a name Python carries with surrogates
BAD_ARG = "x" + os.fsdecode(b"\xff")
CONFIG = """\
[server]
name = café
unknown_é = 1

[accounts/a1]
name = zoë
type = application
password = $6$salt$hash
home_folder_path = /srv/ftp/zoë
"""
OVERRIDE = "[accounts/a1]\nname = chloé\n[x/y]\na = b\n"
INVENTORY = """\
[cluster]
base = "{base}"
mode = "per-node"

[[nodes]]
name = "a"
host = {{ name = "a", fqdn = "a" }}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    raw = os.fsencode(tmp_path)
    (Path(os.fsdecode(raw + b"/" + os.fsencode(NOT_UTF8) + b".ini"))).write_text(CONFIG)
    (tmp_path / "server.ini").write_text(CONFIG)
    (tmp_path / "o.ini").write_text(OVERRIDE)
    (tmp_path / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    (tmp_path / "inventory.toml").write_text(INVENTORY.format(base="server.ini"))
    return tmp_path


SWEEP = [
    *(["validate", "{f}", "--format", fmt] for fmt in FORMATS),
    *(["assets", "{f}", "--check", "--format", fmt] for fmt in FORMATS),
    *(["check-cluster", "{f}", "{d}/server.ini", "--format", fmt] for fmt in FORMATS),
    *(["merge", "{f}", "{d}/o.ini", "--format", fmt] for fmt in FORMATS),
    ["validate", "--select", "{v}", "{f}"],
    ["validate", "--target-version", "{v}", "{f}"],
    ["validate", "{d}/{v}.ini"],
    ["get", "{f}", "server", "name"],
    ["get", "{f}", "{v}"],
    ["get", "{f}", "server", "{v}"],
    ["set", "{d}/server.ini", "server", "name", "{v}"],
    ["set", "{d}/server.ini", "{v}", "name", "x"],
    ["unset", "{d}/server.ini", "server", "{v}"],
    ["export", "{f}"],
    ["export", "{f}", "--typed"],
    ["explain", "{v}"],
    ["explain", "server", "{v}", "--json"],
    ["render", "{f}", "--var", "region={v}"],
    ["render", "{f}", "--var", "{v}=1"],
    ["render", "{f}", "--vars", "{d}/latin1.toml"],
    ["render", "{f}", "-o", "{d}/{v}.ini"],
    ["merge", "{f}", "{d}/o.ini", "--explain"],
    ["merge", "{f}", "{d}/o.ini", "--explain", "--format", "json"],
    ["build", "{d}/inventory.toml", "-o", "{d}/{v}"],
    ["check-cluster", "{f}", "--nodes", "{v}"],
    ["diff", "{f}", "{d}/o.ini"],
    ["diff", "{f}", "{d}/o.ini", "--format", "json"],
    ["merge3", "{f}", "{d}/o.ini", "{d}/server.ini", "-o", "{d}/m.ini"],
    ["merge3", "{f}", "{d}/o.ini", "{d}/server.ini", "--name", "{v}"],
    ["rebase", "{f}", "{d}/o.ini", "{d}/server.ini", "-o", "{d}/r.ini"],
    ["split", "{f}", "{d}/o.ini", "--base", "{d}/b.ini", "--overrides", "{d}/{v}"],
]


def _words(argv: list[str], folder: Path) -> list[str]:
    path = os.fsdecode(os.fsencode(folder) + b"/" + os.fsencode(NOT_UTF8) + b".ini")
    return [
        w.replace("{f}", path).replace("{d}", str(folder)).replace("{v}", BAD_ARG) for w in argv
    ]


@pytest.mark.parametrize("argv", SWEEP, ids=lambda a: " ".join(a))
def test_no_internal_error(
    argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(_words(argv, folder))
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    assert "internal error" not in err
    assert "Traceback" not in err
    data_format = "--format" in argv and argv[argv.index("--format") + 1] in ("json", "sarif")
    if data_format and (argv[0] != "merge" or "--explain" in argv):
        json.loads(out)


def test_a_vars_file_that_is_not_utf8_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(folder / "server.ini"), "--vars", str(folder / "latin1.toml")]) == 2
    err = capsys.readouterr().err
    assert "latin1.toml" in err and "UTF-8" in err and "byte offset 11" in err


def test_a_variable_value_that_is_not_utf8_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(folder / "server.ini"), "--var", f"region={BAD_ARG}"]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err


def test_sarif_uri_of_a_file_name_that_is_not_utf8(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(_words(["validate", "{f}", "--format", "sarif"], folder))
    log = json.loads(capsys.readouterr().out)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].endswith("/caf%E9-%FF.ini")


ENCODE_SWEEP = [
    *(["validate", "{d}/server.ini", "--format", fmt] for fmt in FORMATS),
    ["get", "{d}/server.ini", "server", "name"],
    ["export", "{d}/server.ini"],
    ["render", "{d}/server.ini"],
    ["merge", "{d}/server.ini", "{d}/o.ini"],
    ["merge", "{d}/server.ini", "{d}/o.ini", "--explain"],
    ["diff", "{d}/server.ini", "{d}/o.ini"],
    ["diff", "{d}/server.ini", "{d}/o.ini", "--format", "json"],
    ["assets", "{d}/server.ini"],
    ["explain", "accounts", "name"],
    ["get", "{d}/server.ini", "nö-such-section"],
]


@pytest.mark.parametrize("argv", ENCODE_SWEEP, ids=lambda a: " ".join(a))
def test_a_stdout_that_cannot_encode(argv: list[str], folder: Path) -> None:
    """``PYTHONIOENCODING=ascii``: messages show what ASCII lacks as
    escapes, JSON becomes pure ASCII, file content is written as UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    env.pop("SFTPPLUS_CONFIG_DEBUG", None)
    words = [w.replace("{d}", str(folder)) for w in argv]
    done = subprocess.run(
        [sys.executable, "-m", "sftpplus_config", *words], check=False, capture_output=True, env=env
    )
    assert done.returncode in (0, 1, 2), done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    if "json" in argv or "sarif" in argv:
        json.loads(done.stdout.decode("ascii"))
    if argv[0] in ("get", "render", "export") and done.returncode == 0:
        assert "caf" in done.stdout.decode("utf-8")
    if argv[:2] == ["get", "{d}/server.ini"] and argv[3:] == ["name"]:
        assert done.stdout == "café\n".encode()
