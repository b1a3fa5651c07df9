"""``edit_findings`` (issue #15, item 5): what the validator says about the
options an edit set, without validating the rest of the file again. It
must give exactly what a whole validation gives, filtered."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.edits import HEADER_RULES
from sftpplus_config.findings import Finding

from .conftest import EXAMPLES, corpus_params


def _about(finding: Finding, section: str, options: set[str]) -> bool:
    if finding.section != section or finding.severity == "info":
        return False
    if finding.option is None:
        return finding.rule in HEADER_RULES
    return finding.option.lower() in options


def _expected(doc: sc.Document, section: str, options: set[str]) -> list[Finding]:
    return [f for f in sc.validate(doc).findings if _about(f, section, options)]


@pytest.mark.parametrize("path", corpus_params())
def test_the_same_findings_as_a_whole_validation(path: Path | None) -> None:
    assert path is not None
    doc = sc.load(path)
    whole = sc.validate(doc).findings
    for name in doc.section_names():
        section = doc[name]
        keys = set(section.keys())
        expected = [f for f in whole if _about(f, name, keys)]
        assert sc.edit_findings(doc, name, keys) == expected, name
        for key in sorted(keys)[:3]:
            one = [f for f in whole if _about(f, name, {key})]
            assert sc.edit_findings(doc, section, [key.upper()]) == one, (name, key)


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "server",
                "services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21",
                "accounts/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d51",
                "accounts/new",
                "acounts/typo",
            ]
        ),
        st.sampled_from(
            ["port", "enabled", "name", "group", "password", "prot", "type", "home_folder_path"]
        ),
        st.sampled_from(
            ["22", "abc", "yes", "maybe", "acme", "sftp", "secret", "nosuchgroup", "", "ssh"]
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60)
@given(EDITS)
def test_after_random_edits_of_the_example(edits: list[tuple[str, str, str]]) -> None:
    doc = sc.load(EXAMPLES / "server.ini")
    for section, option, value in edits:
        doc.set(section, option, value)
    for section in {s for s, _, _ in edits}:
        options = {o for s, o, _ in edits if s == section}
        assert sc.edit_findings(doc, section, options) == _expected(doc, section, options)


def test_what_set_is_refused_for() -> None:
    doc = sc.load(EXAMPLES / "server.ini")
    sftp = doc.find("services", name="sftp")
    assert sftp is not None
    sftp.section.set("port", "abc")
    sftp.section.set("prot", "22")
    found = sc.edit_findings(doc, sftp.section, ["port", "prot", "name"])
    assert [(f.rule, f.option, f.severity) for f in found] == [
        ("invalid-value", "port", "error"),
        ("unknown-option", "prot", "error"),
    ]
    assert found[1].hint == "did you mean `port`?"
    assert (found[0].span.line, found[0].span.column) == (sftp.section.option("port").line, 8)  # type: ignore[union-attr]
    # a warning is reported, and only about what was set
    acme = doc.find("accounts", name="acme")
    assert acme is not None
    acme.section.set("password", "secret")
    assert [f.rule for f in sc.edit_findings(doc, acme.section, ["password"])] == [
        "plaintext-password"
    ]
    assert sc.edit_findings(doc, acme.section, ["name"]) == []
    # references are checked against the whole file
    acme.section.set("group", "nosuchgroup")
    assert [f.rule for f in sc.edit_findings(doc, acme.section, ["group"])] == [
        "dangling-reference"
    ]
    doc.set("accounts/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e52", "name", "acme")
    rules = [
        f.rule
        for f in sc.edit_findings(doc, "accounts/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e52", ["name"])
    ]
    assert rules == ["duplicate-name"]
    # a section of an unknown kind: its header is the problem
    doc.set("acounts/x", "name", "n")
    assert [f.rule for f in sc.edit_findings(doc, "acounts/x", ["name"])] == ["unknown-kind"]
    assert sc.edit_findings(doc, "no/such", ["name"]) == []
