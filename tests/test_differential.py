"""Our values against Python's configparser (SFTPPlus's own reader) and
against configupdater's round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc
from tests.conftest import configparser_values, corpus_params


@pytest.mark.parametrize("path", corpus_params())
def test_values_equal_configparser(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    if "[DEFAULT]" in text:
        pytest.skip("configparser treats [DEFAULT] specially; we do not (PRODUCT.md §2)")
    expected = configparser_values(text)
    if expected is None:
        pytest.skip("configparser refuses this file")
    assert sc.loads(text).to_dict() == expected


@pytest.mark.parametrize("path", corpus_params())
def test_configupdater_agrees_on_round_trip(path: Path) -> None:
    configupdater = pytest.importorskip("configupdater")
    text = path.read_bytes().decode("utf-8-sig")
    if configparser_values(text) is None or "[DEFAULT]" in text or "\r" in text:
        pytest.skip("outside what configupdater reads like SFTPPlus")
    updater = configupdater.ConfigUpdater(strict=True)
    updater.read_string(text)
    assert str(updater) == sc.loads(text).dumps()


def test_every_corpus_file_accepted_by_configparser_is_compared() -> None:
    """Guard against the differential silently comparing nothing."""
    compared = 0
    for param in corpus_params():
        path = param.values[0]  # type: ignore[attr-defined]
        if path is None:
            continue
        text = path.read_bytes().decode("utf-8-sig")
        if "[DEFAULT]" not in text and configparser_values(text) is not None:
            compared += 1
    assert compared >= 10


@pytest.mark.parametrize("path", corpus_params())
def test_fast_values_agree_with_nodes(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    fast = sc.loads(text).to_dict()
    doc = sc.loads(text)
    doc.parse_all()
    assert fast == doc.to_dict()
