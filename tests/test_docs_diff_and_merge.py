"""docs/diff-and-merge.md is run as written (see tests/doc_runner.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_runner import ROOT, run_page

DOC = ROOT / "docs" / "diff-and-merge.md"


def test_the_page_runs_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = run_page("diff-and-merge.md", tmp_path, capsys, monkeypatch)
    # the page has not lost its examples
    assert counts == {"written": 13, "checked": 7, "commands": 8, "python": 2}


def test_the_page_shows_the_driver_set_up_the_git_test_uses() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "server.ini merge=sftpplus\n" in text
    assert 'git config merge.sftpplus.driver "sftpplus-config merge3 %O %A %B -o %A' in text
