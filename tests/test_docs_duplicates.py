"""The docs say what SFTPPlus does with duplicate sections and options (it
reads with configparser's strict mode and refuses them) and what we do; no
page may claim that duplicates follow configparser's non-strict reading."""

from __future__ import annotations

import re

from .conftest import ROOT

DOCS = ROOT / "docs"
NON_STRICT = re.compile(r"strict`?\s*(?:off|=\s*False)|non-strict", re.IGNORECASE)


def test_no_page_claims_a_non_strict_reading() -> None:
    claims = [
        f"{page.relative_to(ROOT)}:{number}"
        for page in sorted(DOCS.rglob("*.md"))
        if page.name != "changelog.md"  # which records the correction
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if NON_STRICT.search(line)
    ]
    assert claims == []


def test_the_dialect_page_says_what_both_do() -> None:
    text = " ".join(DOCS.joinpath("dialect.md").read_text(encoding="utf-8").split())
    assert "configparser in strict mode" in text
    assert "`duplicate-section` and `duplicate-option`" in text
    assert "first occurrence" in text
