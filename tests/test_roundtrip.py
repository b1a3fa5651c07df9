"""Byte-exact round trips over every corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc
from tests.conftest import corpus_params


@pytest.mark.parametrize("path", corpus_params())
def test_load_save_is_byte_exact(path: Path, tmp_path: Path) -> None:
    original = path.read_bytes()
    target = tmp_path / "out.ini"
    sc.load(path).save(target)
    assert target.read_bytes() == original


@pytest.mark.parametrize("path", corpus_params())
def test_rendering_every_node_is_byte_exact(path: Path) -> None:
    """Force every section to be rendered from its nodes (not from the
    original text) and compare: the nodes themselves are lossless."""
    doc = sc.load(path)
    doc.parse_all()
    for section in [doc.preamble, *doc.sections]:
        section._modified = True
    doc._edited = True
    expected = path.read_bytes().decode("utf-8")
    assert doc.dumps() == expected


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
@pytest.mark.parametrize("path", corpus_params())
def test_other_line_endings_round_trip(path: Path, ending: str) -> None:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\n", ending)
    doc = sc.loads(text)
    doc.parse_all()
    for section in [doc.preamble, *doc.sections]:
        section._modified = True
    doc._edited = True
    assert doc.dumps() == text
    assert sc.loads(text).to_dict() == sc.loads(text.replace(ending, "\n")).to_dict()


def test_bom_is_kept_and_not_part_of_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.ini"
    path.write_bytes(b"\xef\xbb\xbf[server]\nname = x\n")
    doc = sc.load(path)
    assert doc.bom
    assert doc["server"].span == sc.Span(1, 1, 1, 9)
    doc.set("server", "name", "y")
    doc.save()
    assert path.read_bytes() == b"\xef\xbb\xbf[server]\nname = y\n"
