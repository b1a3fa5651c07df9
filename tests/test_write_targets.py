"""What a write does to what is at the target (issue #12, serious item 3).

Every write of the package goes through ``_atomic.atomic_write`` (``-o``,
``Document.save``) or ``_atomic.write_in`` (build): a character device or a
FIFO is written into, never replaced; a folder, block device or socket is
refused; a hard link is reported; the group is kept when the owner cannot
be. The tests that need another user fork a child that drops root.
"""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import sftpplus_config as sc
from sftpplus_config._atomic import atomic_write
from sftpplus_config.cli.main import main
from sftpplus_config.exceptions import UnsafePathError

TEXT = "[server]\nname = files\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="needs root (to act as another user)")
OTHER_UID = OTHER_GID = 65534  # nobody / nogroup
SERVICE_GID = 4242  # a group the "nobody" child is a member of


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    path = tmp_path / "server.ini"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="sftpplus-config-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_as(uid: int, gid: int, groups: list[int], action: Callable[[], Any]) -> Any:
    """Run ``action`` in a forked child as ``uid``/``gid`` (with the
    supplementary ``groups``); return its result, or raise what it raised."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery from here on
        try:
            os.close(read_end)
            try:
                os.setgroups(groups)
                os.setgid(gid)
                os.setuid(uid)
                outcome: tuple[str, Any] = ("ok", action())
            except (OSError, ValueError, AssertionError, sc.SftpplusConfigError) as exc:
                outcome = ("raised", exc)
            with os.fdopen(write_end, "wb") as handle:
                handle.write(pickle.dumps(outcome))
        finally:
            os._exit(0)  # whatever happened, the child never returns into pytest
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    assert data, "the child reported nothing"
    kind, value = pickle.loads(data)
    if kind == "raised":
        raise value
    return value


# -- targets that are not regular files ------------------------------------


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path, ini: Path) -> None:
    """The reader holds the FIFO open before the write (so the writer's open
    does not wait) and reads after it: the text fits in the pipe's buffer.
    A write that replaced the FIFO would leave the reader with nothing."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert main(["render", str(ini), "-o", str(fifo)]) == 0
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert received == TEXT.encode()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "server.ini"]


def test_a_fifo_with_a_reader_thread(tmp_path: Path) -> None:
    """A reader that starts first and waits for the writer (the usual use:
    ``sftpplus-config render ... -o fifo`` feeding another program)."""
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    data = b"".join(b"line %d\n" % n for n in range(20_000))  # more than a pipe buffer
    # Holding the FIFO open for writing too lets the reader's open return
    # at once and keeps its read from ending before the write: closing it
    # after the write ends the reader's read, whatever the write did.
    keeper = os.open(fifo, os.O_RDWR)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        result = atomic_write(fifo, data)
    finally:
        os.close(keeper)
        reader.join()
    assert result.in_place
    assert received == [data]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@needs_root
def test_a_character_device_is_written_into_not_replaced(tmp_path: Path, ini: Path) -> None:
    """A private copy of /dev/null (same device numbers), so that a broken
    write replaces nothing the machine needs."""
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = device.lstat()
    assert main(["render", str(ini), "-o", str(device)]) == 0
    after = device.lstat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "server.ini"]


def test_dev_null_is_never_renamed_over(ini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real /dev/null, guarded: a write that tried to rename a file
    over it fails the test instead of replacing the machine's /dev/null."""
    calls: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise AssertionError(f"os.replace{args} during -o /dev/null")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    assert main(["render", str(ini), "-o", "/dev/null"]) == 0
    assert calls == []
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [name for name in os.listdir("/dev") if name.startswith(".null.")] == []


def test_a_folder_is_refused(tmp_path: Path, ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["render", str(ini), "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{folder}: is a folder, not a file; nothing was written" in err
    assert "hint: give the path of a file" in err
    assert list(folder.iterdir()) == []


def test_a_socket_is_refused(ini: Path) -> None:
    # a short path: AF_UNIX paths are limited to ~100 bytes
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "s"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
            with pytest.raises(UnsafePathError, match="is a socket"):
                atomic_write(path, b"x")
            assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        shutil.rmtree(folder)


@needs_root
def test_a_block_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "blk"
    try:
        os.mknod(device, stat.S_IFBLK | 0o600, os.makedev(7, 200))
    except OSError as exc:
        pytest.skip(f"cannot make a block device here: {exc}")
    with pytest.raises(UnsafePathError, match="is a block device"):
        atomic_write(device, b"x")
    assert stat.S_ISBLK(device.lstat().st_mode)


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.ini"
    real.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "link.ini"
    link.symlink_to(real)
    assert main(["set", str(link), "server", "name", "other"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "[server]\nname = other\n"
    # the lock sits beside the real file, so every path to it shares one
    assert sorted(p.name for p in tmp_path.iterdir()) == [".real.ini.lock", "link.ini", "real.ini"]


# -- hard links, owner and group --------------------------------------------


def test_a_hard_link_split_is_reported(
    tmp_path: Path, ini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "deployed.ini"
    os.link(ini, other)
    doc = sc.load(ini)
    doc.set("server", "name", "one")
    result = doc.save()
    assert result.other_links == 1
    assert result.warnings == (
        (
            "the file had 1 other hard link; this name now holds the new file and "
            "the other link keeps the old content"
        ),
    )
    assert other.read_text(encoding="utf-8") == TEXT  # the documented behaviour
    os.unlink(other)
    os.link(ini, other)
    capsys.readouterr()
    assert main(["set", str(ini), "server", "name", "two"]) == 0
    err = capsys.readouterr().err
    assert f"{ini}: warning: the file had 1 other hard link" in err
    # a file without other links: no warning
    assert main(["set", str(other), "server", "name", "three"]) == 0
    assert "warning" not in capsys.readouterr().err


@needs_root
def test_root_keeps_owner_and_group(ini: Path) -> None:
    os.chown(ini, 1234, 5678)
    ini.chmod(0o640)
    doc = sc.load(ini)
    doc.set("server", "name", "x")
    result = doc.save()
    info = ini.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert result.warnings == ()


@needs_root
def test_the_group_is_kept_when_the_owner_cannot_be(shared_folder: Path) -> None:
    """A member of the service group edits a file owned by someone else:
    the new file is the editor's (only root may give it away) but keeps the
    group, so that the service account can still read it."""
    shared_folder.chmod(0o777)
    target = shared_folder / "server.ini"
    target.write_text(TEXT, encoding="utf-8")
    os.chown(target, 1234, SERVICE_GID)
    target.chmod(0o664)

    def edit() -> tuple[bool, bool, tuple[str, ...]]:
        doc = sc.load(target)
        doc.set("server", "name", "edited")
        result = doc.save()
        return result.owner_kept, result.group_kept, result.warnings

    owner_kept, group_kept, warnings = run_as(OTHER_UID, OTHER_GID, [OTHER_GID, SERVICE_GID], edit)
    info = target.stat()
    assert target.read_text(encoding="utf-8") == "[server]\nname = edited\n"
    assert (info.st_uid, info.st_gid) == (OTHER_UID, SERVICE_GID)
    assert stat.S_IMODE(info.st_mode) == 0o664
    assert (owner_kept, group_kept) == (False, True)
    assert warnings == ("the new file could not keep the old file's owner",)


@needs_root
def test_a_read_only_folder_is_a_clear_error_and_nothing_changes(shared_folder: Path) -> None:
    folder = shared_folder / "ro"
    folder.mkdir()
    target = folder / "server.ini"
    target.write_text(TEXT, encoding="utf-8")
    os.chown(folder, OTHER_UID, OTHER_GID)
    os.chown(target, OTHER_UID, OTHER_GID)
    folder.chmod(0o555)

    def edit() -> int:
        with open(os.devnull, "w") as quiet:
            sys.stderr = quiet
            return main(["set", str(target), "server", "name", "x"])

    assert run_as(OTHER_UID, OTHER_GID, [OTHER_GID], edit) == 2
    assert target.read_text(encoding="utf-8") == TEXT
    assert sorted(p.name for p in folder.iterdir()) == ["server.ini"]  # no lock, no temp
