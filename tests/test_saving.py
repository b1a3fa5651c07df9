"""Crash-safe, permission-keeping saves."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main

OLD = "[server]\nname = old\n" + "".join(f"[accounts/{n}]\nname = a{n}\n" for n in range(2000))
NEW = OLD.replace("name = old", "name = new") + "[groups/g]\nname = g\n"

WRITER = """
import sys, sftpplus_config as sc
path, old, new = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
print("ready", flush=True)
flip = 0
while True:
    doc = sc.load(path)
    text = new if flip else old
    doc = sc.loads(text, path=path)
    doc.set("server", "name", "new" if flip else "old")
    doc.save()
    flip ^= 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_during_save_leaves_old_or_new_file(tmp_path: Path) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    (tmp_path / "old.txt").write_text(OLD)
    (tmp_path / "new.txt").write_text(NEW)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(1234)
    kills = 0
    for _ in range(25):
        proc = subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(target),
                str(tmp_path / "old.txt"),
                str(tmp_path / "new.txt"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        kills += 1
        assert target.read_text() in (OLD, NEW)
    assert kills == 25
    # stray temporary files may remain after a SIGKILL (nothing can clean up
    # then), but never under the target's name
    assert target.exists()


def test_save_keeps_mode_bits(tmp_path: Path) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    target.chmod(0o600)
    doc = sc.load(target)
    doc.set("server", "name", "x")
    doc.save()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_read_only_target_is_a_clear_error_without_stray_files(tmp_path: Path) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    target.chmod(0o444)
    doc = sc.load(target)
    doc.set("server", "name", "x")
    with pytest.raises(PermissionError):
        doc.save()
    assert target.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server.ini"]


def test_read_only_target_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    target.chmod(0o444)
    assert main(["set", str(target), "server", "name", "x"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert target.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server.ini"]


def test_unwritable_folder_leaves_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "server.ini"
    target.write_text(OLD)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user can write read-only folders")
        doc = sc.load(target)
        doc.set("server", "name", "x")
        with pytest.raises(PermissionError):
            doc.save()
        assert target.read_text() == OLD
    finally:
        folder.chmod(0o755)


def test_symlinked_target_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.ini"
    real.write_text("[server]\nname = a\n")
    link = tmp_path / "server.ini"
    link.symlink_to(real)
    doc = sc.load(link)
    doc.set("server", "name", "b")
    doc.save()
    assert link.is_symlink()
    assert real.read_text() == "[server]\nname = b\n"
