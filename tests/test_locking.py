"""Concurrent writers never lose an edit silently (issue #12, serious item 2).

``set`` and ``unset`` hold the file's lock (``sftpplus_config.locked``)
from reading to writing, so concurrent runs take turns; and
``Document.save`` back to the loaded file refuses (``FileChangedError``)
when the file changed since it was loaded, whoever changed it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.commands import set_
from sftpplus_config.cli.main import main
from sftpplus_config.locking import LockTimeoutError, lock_file_for, locked

TEXT = "[server]\nname = files\n"

SET_LOOP = """
import sys
from sftpplus_config.cli.main import main
path, prefix = sys.argv[1], sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()  # both processes start together
# made-up option names (60 distinct ones): --force, or set refuses them
codes = [main(["set", path, "server", f"{prefix}_{n}", str(n), "--force"]) for n in range(30)]
print(" ".join(map(str, codes)), flush=True)
"""


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    path = tmp_path / "server.ini"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl locks")
def test_two_concurrent_set_loops_keep_all_60_edits(tmp_path: Path, ini: Path) -> None:
    script = tmp_path / "loop.py"
    script.write_text(SET_LOOP)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(ini), prefix],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    outputs = []
    for proc in procs:
        assert proc.stdout is not None
        outputs.append(proc.stdout.read().split())
        proc.stdout.close()
        assert proc.wait() == 0
    assert outputs == [["0"] * 30, ["0"] * 30]
    doc = sc.load(ini)
    assert {key for key in doc["server"] if key != "name"} == {
        f"{prefix}_{n}" for prefix in "ab" for n in range(30)
    }
    assert all(doc.get("server", f"{p}_{n}") == str(n) for p in "ab" for n in range(30))


def test_a_file_changed_between_load_and_save_is_refused(ini: Path) -> None:
    doc = sc.load(ini)
    doc.set("server", "name", "mine")
    ini.write_text("[server]\nname = theirs, which is longer\n", encoding="utf-8")
    with pytest.raises(sc.FileChangedError) as caught:
        doc.save()
    assert caught.value.path == str(ini)
    assert caught.value.detail == "its size changed from 22 to 40 bytes"
    assert "nothing was written" in str(caught.value)
    assert ini.read_text(encoding="utf-8") == "[server]\nname = theirs, which is longer\n"


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ("replace", "it was replaced by another file"),
        ("rewrite", "it was modified"),
        ("delete", "it was deleted"),
    ],
)
def test_every_kind_of_change_is_seen(ini: Path, change: str, detail: str) -> None:
    doc = sc.load(ini)
    doc.set("server", "name", "mine")
    same_size = "[server]\nname = thEIR\n"
    assert len(same_size) == len(TEXT)
    if change == "replace":
        other = ini.with_name("other.ini")
        other.write_text(same_size, encoding="utf-8")
        os.replace(other, ini)
    elif change == "rewrite":
        with open(ini, "r+", encoding="utf-8") as handle:  # same inode, same size
            handle.write(same_size)
        info = ini.stat()
        os.utime(ini, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    else:
        ini.unlink()
    with pytest.raises(sc.FileChangedError) as caught:
        doc.save()
    assert caught.value.detail == detail
    assert not ini.exists() if change == "delete" else ini.read_text() == same_size


def test_the_same_bytes_written_again_are_not_a_change(ini: Path) -> None:
    """A touch, or a checkout that writes the same bytes: the bytes decide."""
    doc = sc.load(ini)
    doc.set("server", "name", "mine")
    other = ini.with_name("copy.ini")
    other.write_text(TEXT, encoding="utf-8")
    os.replace(other, ini)  # another inode, the same bytes
    doc.save()
    assert ini.read_text(encoding="utf-8") == "[server]\nname = mine\n"
    # after a save the document compares with what it wrote
    info = ini.stat()
    os.utime(ini, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000))
    doc.set("server", "name", "again")
    doc.save()
    ini.write_text("[server]\nname = theirs\n", encoding="utf-8")
    doc.set("server", "name", "third")
    with pytest.raises(sc.FileChangedError):
        doc.save()


def test_two_documents_of_one_file_cannot_overwrite_each_other(ini: Path) -> None:
    first, second = sc.load(ini), sc.load(ini)
    first.set("server", "a", "1")
    second.set("server", "b", "2")
    first.save()
    with pytest.raises(sc.FileChangedError):
        second.save()
    assert ini.read_text(encoding="utf-8") == TEXT + "a = 1\n"


def test_saving_elsewhere_or_a_loads_document_is_not_checked(ini: Path, tmp_path: Path) -> None:
    doc = sc.load(ini)
    ini.write_text("[server]\nname = theirs\n", encoding="utf-8")
    copy = tmp_path / "copy.ini"
    doc.save(copy)  # another file: nothing to compare with
    assert copy.read_text(encoding="utf-8") == TEXT
    sc.loads(TEXT, path=str(ini)).save()  # not loaded from the file
    assert ini.read_text(encoding="utf-8") == TEXT


def _load_then_someone_writes(theirs: str) -> Callable[[str], sc.Document]:
    """A ``load_file`` after which another program writes ``theirs``."""

    def load(path: str) -> sc.Document:
        doc = sc.load(path)
        Path(path).write_text(theirs, encoding="utf-8")
        return doc

    return load


def test_cli_set_refuses_with_exit_1_when_the_file_changes_meanwhile(
    ini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program (one that takes no lock) writes the file while
    ``set`` works on it: ``set`` exits 1 naming the file, and the other
    program's content stays."""
    theirs = "[server]\nname = theirs\nport = 22\n"
    monkeypatch.setattr(set_, "load_file", _load_then_someone_writes(theirs))
    assert main(["set", str(ini), "server", "name", "mine"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{ini}: the file changed since it was loaded (its size changed")
    assert "hint: another program edited it meanwhile" in err
    assert ini.read_text(encoding="utf-8") == theirs


def test_the_lock_file_sits_beside_the_file_and_stays(ini: Path) -> None:
    assert lock_file_for(ini) == str(ini.with_name(".server.ini.lock"))
    with locked(ini):
        assert ini.with_name(".server.ini.lock").exists()
    assert ini.with_name(".server.ini.lock").exists()  # never deleted


HOLDER = """
import sys
from sftpplus_config import locked
with locked(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl locks")
def test_a_lock_held_by_another_process_makes_others_wait(ini: Path, tmp_path: Path) -> None:
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(ini)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeoutError) as caught, locked(ini, timeout=0):
            pass
        assert "another program is editing the file" in str(caught.value)
        assert caught.value.lock_file == str(ini.with_name(".server.ini.lock"))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with locked(ini, timeout=0):  # released when the holder ended
        pass


def test_the_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(ini: Path) -> None:
    order: list[str] = []
    with locked(ini):
        with locked(ini):  # save() inside locked() takes it again
            doc = sc.load(ini)
            doc.set("server", "name", "one")
            doc.save()
        thread = threading.Thread(target=lambda: _take(ini, order))
        thread.start()
        with pytest.raises(LockTimeoutError):  # another thread would wait
            _try_in_thread(ini)
        order.append("main releases")
    thread.join()
    assert order == ["main releases", "thread got it"]


def _take(ini: Path, order: list[str]) -> None:
    with locked(ini):
        order.append("thread got it")


def _try_in_thread(ini: Path) -> None:
    errors: list[LockTimeoutError] = []

    def attempt() -> None:
        try:
            with locked(ini, timeout=0):
                pass
        except LockTimeoutError as exc:
            errors.append(exc)

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def test_a_symlinked_lock_file_is_refused(ini: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    ini.with_name(".server.ini.lock").symlink_to(victim)
    with pytest.raises(sc.UnsafePathError, match="is a symbolic link"), locked(ini):
        pass
    assert not victim.exists()


def test_an_output_onto_an_input_is_checked_too(
    ini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o`` naming a file the command read (``render FILE -o FILE``, the
    merge driver's ``merge3 %O %A %B -o %A``) edits that file in place: the
    write is refused when the file changed meanwhile."""
    from sftpplus_config.cli.commands import render

    ini.write_text("[server]\nname = {label}\n", encoding="utf-8")
    assert main(["render", str(ini), "--var", "label=one", "-o", str(ini)]) == 0
    assert ini.read_text(encoding="utf-8") == "[server]\nname = one\n"
    ini.write_text("[server]\nname = {label}\n", encoding="utf-8")
    theirs = "[server]\nname = edited meanwhile\n"
    monkeypatch.setattr(render, "load_accepted", _load_then_someone_writes(theirs))
    capsys.readouterr()
    assert main(["render", str(ini), "--var", "label=two", "-o", str(ini)]) == 1
    assert "the file changed since it was loaded" in capsys.readouterr().err
    assert ini.read_text(encoding="utf-8") == theirs


def test_merge3_as_a_merge_driver_writes_ours_in_place(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base.ini", "ours.ini", "theirs.ini"))
    base.write_text("[server]\nname = a\nport = 1\n", encoding="utf-8")
    ours.write_text("[server]\nname = b\nport = 1\n", encoding="utf-8")
    theirs.write_text("[server]\nname = a\nport = 2\n", encoding="utf-8")
    assert main(["merge3", str(base), str(ours), str(theirs), "-o", str(ours)]) == 0
    assert ours.read_text(encoding="utf-8") == "[server]\nname = b\nport = 2\n"
    # no lock file next to git's temporary files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.ini", "ours.ini", "theirs.ini"]


@pytest.mark.parametrize("command", [["set", "server", "name", "x"], ["unset", "server"]])
def test_editing_a_missing_file_names_it_and_leaves_no_lock_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    for missing in (tmp_path / "nope.ini", tmp_path / "no-folder" / "nope.ini"):
        assert main([command[0], str(missing), *command[1:]]) == 2
        assert capsys.readouterr().err == f"{missing}: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []
