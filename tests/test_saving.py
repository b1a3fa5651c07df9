"""Crash-safe, permission-keeping saves."""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main

from .conftest import EXAMPLES

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


def kill_at_random_points(args: list[str], check: Callable[[], None], kills: int = 25) -> int:
    """Start ``args`` (a writer that prints "ready" and then writes in a
    loop) ``kills`` times, SIGKILL it at a random moment and run ``check``
    after each kill. Returns how many kills were made."""
    rng = random.Random(1234)
    made = 0
    for _ in range(kills):
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        made += 1
        check()
    return made


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_during_save_leaves_old_or_new_file(tmp_path: Path) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    (tmp_path / "old.txt").write_text(OLD)
    (tmp_path / "new.txt").write_text(NEW)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    args = [sys.executable, str(script), str(target)]
    args += [str(tmp_path / "old.txt"), str(tmp_path / "new.txt")]

    def check() -> None:
        assert target.read_text() in (OLD, NEW)

    assert kill_at_random_points(args, check) == 25
    # stray temporary files may remain after a SIGKILL (nothing can clean up
    # then), but never under the target's name; the next write removes them
    assert target.exists()
    doc = sc.load(target)
    doc.set("server", "name", "after")
    doc.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".server.ini.lock",
        "new.txt",
        "old.txt",
        "server.ini",
        "writer.py",
    ]


HUNG_WRITER = """
import os, sys, time
import sftpplus_config as sc
real_fsync = os.fsync
def hang(fd):
    real_fsync(fd)
    print("ready", flush=True)  # the temporary file is complete on disk
    time.sleep(3600)
os.fsync = hang
doc = sc.load(sys.argv[1])
doc.set("server", "name", "killed")
doc.save()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_temp_files_of_a_killed_writer_are_removed_by_the_next_write(tmp_path: Path) -> None:
    """A writer killed mid-write leaves its full-size temporary file; it is
    recognisably ours (.NAME.PID.RANDOM.tmp) and its writer is dead, so the
    next write of the same file removes it. Other files stay: another
    file's temporaries, a live process's, names that are not ours."""
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    script = tmp_path / "writer.py"
    script.write_text(HUNG_WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert [p.name.split(".")[3] for p in leftovers] == [str(proc.pid)]
    assert leftovers[0].stat().st_size == len(OLD.replace("name = old", "name = killed"))
    assert target.read_text() == OLD
    kept = [
        f".other.ini.{proc.pid}.0badcafe.tmp",  # another file's
        f".server.ini.{os.getpid()}.00c0ffee.tmp",  # a live process's (this one)
        ".server.ini.x7Gq2a.tmp",  # not one of our names
        "notes.tmp",
    ]
    for name in kept:
        (tmp_path / name).write_text("x")
    assert main(["set", str(target), "server", "name", "next"]) == 0
    assert not leftovers[0].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, ".server.ini.lock", "server.ini", "writer.py"]
    )


CLI_WRITER = """
import sys
from sftpplus_config.cli.main import main
print("ready", flush=True)
flip = 0
while True:
    args = sys.argv[1:] if flip else sys.argv[1:-1] + ["old"]
    assert main(args) == 0
    flip ^= 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_during_cli_set_leaves_old_or_new_file(tmp_path: Path) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    target.chmod(0o640)
    script = tmp_path / "writer.py"
    script.write_text(CLI_WRITER)
    args = [sys.executable, str(script), "set", str(target), "server", "name", "new"]
    new = OLD.replace("name = old", "name = new")

    def check() -> None:
        assert target.read_text() in (OLD, new)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640

    assert kill_at_random_points(args, check) == 25


BUILD_WRITER = """
import sys
from sftpplus_config.cli.main import main
assert main(["build", sys.argv[1], "-o", sys.argv[3]]) == 0
print("ready", flush=True)
flip = 1
while True:
    assert main(["build", sys.argv[1 + flip], "-o", sys.argv[3]]) == 0
    flip ^= 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_during_build_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    """A build writes its files one by one, each atomically: after a kill,
    every file is complete, from the old build or the new one (running the
    build again finishes the job; see docs/inventory.md). The writer builds
    once before it says "ready", so that every file exists."""
    cluster = tmp_path / "cluster"
    shutil.copytree(EXAMPLES / "cluster", cluster)
    # a larger base, so that a kill lands while a file is being written
    with (cluster / "server.ini").open("a") as handle:
        for n in range(3000):
            handle.write(f"\n[accounts/{n}]\nname = a{n}\ntype = application\n")
    old_inventory = cluster / "inventory-per-node.toml"
    new_inventory = cluster / "inventory-new.toml"
    new_inventory.write_text(old_inventory.read_text().replace("ops@example.com", "it@example.com"))
    expected: dict[str, dict[str, str]] = {}
    for label, inventory in (("old", old_inventory), ("new", new_inventory)):
        out = tmp_path / label
        assert main(["build", str(inventory), "-o", str(out)]) == 0
        expected[label] = {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.ini")}
    assert expected["old"].keys() == expected["new"].keys()
    assert expected["old"] != expected["new"]
    out = tmp_path / "out"
    script = tmp_path / "writer.py"
    script.write_text(BUILD_WRITER)
    args = [sys.executable, str(script), str(old_inventory), str(new_inventory), str(out)]

    def check() -> None:
        for relative, old_text in expected["old"].items():
            assert (out / relative).read_text() in (old_text, expected["new"][relative])

    assert kill_at_random_points(args, check) == 25
    assert main(["build", str(new_inventory), "-o", str(out)]) == 0
    assert {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.ini")} == expected["new"]


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
    # the lock file is the only other file (docs/editing.md: never deleted)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".server.ini.lock", "server.ini"]


def test_read_only_target_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "server.ini"
    target.write_text(OLD)
    target.chmod(0o444)
    assert main(["set", str(target), "server", "name", "x"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert target.read_text() == OLD
    # the lock file is the only other file (docs/editing.md: never deleted)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".server.ini.lock", "server.ini"]


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
