"""``build`` never writes or deletes outside its output folder, and never
through a symbolic link inside it (issue #12, severe item 1).

The shared mechanism is ``sftpplus_config._rootfs.Root``: every test below
goes through the command line, or through ``Root`` itself.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sftpplus_config._rootfs import Root
from sftpplus_config.cli.main import main
from sftpplus_config.exceptions import UnsafePathError
from sftpplus_config.inventory import MANIFEST, prune_outputs, stale_outputs, write_outputs

from .conftest import EXAMPLES

NODES = ["node-a", "node-b", "node-c"]


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    target = tmp_path / "cluster"
    shutil.copytree(EXAMPLES / "cluster", target)
    return target


def _snapshot(folder: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``folder`` (links as their target, not followed)."""
    entries: dict[str, tuple[str, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            entries[relative] = ("link", os.readlink(path))
        elif path.is_file():
            entries[relative] = ("file", path.read_bytes())
        else:
            entries[relative] = ("dir", "")
    return entries


def _build(cluster: Path, out: Path, *extra: str) -> int:
    return main(["build", str(cluster / "inventory-per-node.toml"), "-o", str(out), *extra])


def _drop_node_c(cluster: Path) -> None:
    inventory = cluster / "inventory-per-node.toml"
    text = inventory.read_text(encoding="utf-8")
    inventory.write_text(text[: text.index('[[nodes]]\nname = "node-c"')], encoding="utf-8")


def test_prune_never_deletes_through_a_symlinked_folder(
    cluster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported attack: DIR/node-c -> ../elsewhere, manifest entry
    node-c/server.ini. The old lexical check let `--prune` unlink
    ../elsewhere/server.ini."""
    out = tmp_path / "out"
    assert _build(cluster, out) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "server.ini").write_text("precious", encoding="utf-8")
    shutil.rmtree(out / "node-c")
    (out / "node-c").symlink_to(elsewhere)
    _drop_node_c(cluster)
    before = _snapshot(out)
    capsys.readouterr()
    assert _build(cluster, out, "--prune") == 2
    err = capsys.readouterr().err
    assert f"{out / 'node-c'} is a symbolic link; nothing is written or deleted" in err
    assert "hint: the output folder must hold real folders and files only" in err
    assert (elsewhere / "server.ini").read_text(encoding="utf-8") == "precious"
    assert _snapshot(out) == before  # nothing written either (manifest included)


def test_build_never_writes_through_a_symlinked_node_folder(
    cluster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "server.ini").write_text("precious", encoding="utf-8")
    out.mkdir()
    (out / "node-b").symlink_to(elsewhere)
    assert _build(cluster, out) == 2
    assert "node-b is a symbolic link" in capsys.readouterr().err
    assert (elsewhere / "server.ini").read_text(encoding="utf-8") == "precious"
    # checked before the first write: node-a (sorted first) was not written
    assert sorted(p.name for p in out.iterdir()) == ["node-b"]


@pytest.mark.parametrize("relative", ["node-c/server.ini", MANIFEST])
def test_build_never_reads_or_writes_through_a_symlinked_file(
    cluster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], relative: str
) -> None:
    """An output file, or the manifest, replaced by a link to a file
    elsewhere: the link is neither read (a manifest is data) nor written."""
    out = tmp_path / "out"
    assert _build(cluster, out) == 0
    victim = tmp_path / "victim"
    victim.write_text(json.dumps({"files": ["node-a/server.ini"]}), encoding="utf-8")
    (out / relative).unlink()
    (out / relative).symlink_to(victim)
    before = _snapshot(out)
    capsys.readouterr()
    assert _build(cluster, out) == 2
    err = capsys.readouterr().err
    assert f"{out / relative}: is a symbolic link; it is not followed" in err
    assert json.loads(victim.read_text(encoding="utf-8")) == {"files": ["node-a/server.ini"]}
    assert _snapshot(out) == before


def test_a_symlink_pointing_inside_the_folder_is_refused_too(cluster: Path, tmp_path: Path) -> None:
    """Never follow a link inside DIR, even one that stays inside it."""
    out = tmp_path / "out"
    assert _build(cluster, out) == 0
    (out / "spare").mkdir()
    shutil.rmtree(out / "node-c")
    (out / "node-c").symlink_to("spare")
    assert _build(cluster, out) == 2
    assert list((out / "spare").iterdir()) == []


def test_the_output_folder_itself_may_be_a_symlink(cluster: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-out"
    real.mkdir()
    out = tmp_path / "out"
    out.symlink_to(real)
    assert _build(cluster, out) == 0
    assert sorted(str(p.relative_to(real)) for p in real.rglob("*.ini")) == [
        f"{node}/server.ini" for node in NODES
    ]
    _drop_node_c(cluster)
    assert _build(cluster, out, "--prune") == 0
    assert not (real / "node-c").exists()
    assert out.is_symlink()


def test_a_tampered_manifest_entry_through_a_link_is_refused_not_followed(
    cluster: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _build(cluster, out) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.ini").write_text("precious", encoding="utf-8")
    (out / "x").symlink_to(elsewhere)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].append("x/keep.ini")
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(UnsafePathError, match="is a symbolic link"):
        stale_outputs({}, out)
    with pytest.raises(UnsafePathError):
        prune_outputs(["x/keep.ini"], out)
    assert (elsewhere / "keep.ini").read_text(encoding="utf-8") == "precious"


def test_write_outputs_checks_every_path_before_the_first_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "z").symlink_to(tmp_path)
    with pytest.raises(UnsafePathError):
        write_outputs({"a/server.ini": "[a]\n", "z/server.ini": "[z]\n"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["z"]
    assert not (tmp_path / "server.ini").exists()


@pytest.mark.parametrize(
    "relative", ["../x.ini", "/etc/passwd", "a/../../x.ini", "a//b", "./a", "", "a\0b"]
)
def test_root_refuses_paths_that_are_not_plain_relative(tmp_path: Path, relative: str) -> None:
    with Root(tmp_path) as root, pytest.raises(UnsafePathError, match="plain relative"):
        root.write(relative, b"x")
    assert list(tmp_path.iterdir()) == []


def test_root_removes_only_regular_files_and_the_folders_they_empty(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.ini").write_bytes(b"x")
    (tmp_path / "a" / "keep.txt").write_bytes(b"y")
    (tmp_path / "a" / "b" / "link").symlink_to(tmp_path / "a" / "keep.txt")
    with Root(tmp_path) as root:
        with pytest.raises(UnsafePathError, match="symbolic link"):
            root.remove("a/b/link")
        assert root.remove("a/b/f.ini")
        assert not root.remove("a/b/f.ini")
        (tmp_path / "a" / "b" / "link").unlink()
        assert root.remove("a/keep.txt")
    # a/b was not empty when f.ini went (the link); a/ went with keep.txt
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["a", "a/b"]


@pytest.mark.parametrize("what", ["folder", "fifo"])
@pytest.mark.parametrize("relative", [MANIFEST, "node-b/server.ini"])
def test_a_folder_or_fifo_where_a_file_goes_is_refused_without_blocking(
    cluster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str, relative: str
) -> None:
    """Found by the outputs fuzz target: reading a manifest that is a
    folder failed with a bare OSError; a FIFO must not make a read wait."""
    out = tmp_path / "out"
    (out / "node-b").mkdir(parents=True)
    if what == "folder":
        (out / relative).mkdir()
    else:
        os.mkfifo(out / relative)
    before = _snapshot(out)
    assert _build(cluster, out) == 2
    assert f"{out / relative}: is not a regular file" in capsys.readouterr().err
    assert _snapshot(out) == before


def test_build_check_reads_nothing_through_a_link(
    cluster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`build --check` compares the files in DIR with what it would write:
    a FIFO there must not block it, a link must not be followed."""
    out = tmp_path / "out"
    assert _build(cluster, out) == 0
    (out / "node-a" / "server.ini").unlink()
    os.mkfifo(out / "node-a" / "server.ini")
    capsys.readouterr()
    assert _build(cluster, out, "--check") == 2
    assert "node-a/server.ini: is not a regular file" in capsys.readouterr().err
