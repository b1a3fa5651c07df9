"""The engine: the rule table contract, rule selection, results, overrides,
the quick syntax check and what a validate run imports."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from bench.generate import generate
from sftpplus_config.exceptions import UnknownRuleError
from sftpplus_config.findings import Finding
from sftpplus_config.rules._plan import SchemaCompileError, compile_schema
from sftpplus_config.validation import (
    RULE_GROUPS,
    RULES,
    ValidationResult,
    iter_findings,
    resolve_rules,
    validate,
    validate_path,
)
from tests.conftest import EXAMPLES, ROOT, corpus_params
from tests.test_properties import documents

#: PRODUCT.md section 4, written out: the names and severities are the contract.
CONTRACT = {
    "syntax": [
        "syntax-error",
        "duplicate-section",
        "duplicate-option",
        "option-outside-section",
        "indented-option",
    ],
    "schema": [
        "unknown-kind",
        "unknown-type",
        "unknown-option",
        "invalid-value",
        "missing-option",
        "ignored-option",
        "invalid-section-id",
    ],
    "references": ["dangling-reference", "wrong-reference-type", "duplicate-name", "port-conflict"],
    "variables": ["unknown-variable", "variable-not-allowed"],
    # PRODUCT.md section 13 adds removed-option (error) and renamed-option
    # (warning); issue 13's deprecated entries add deprecated-option (warning)
    "versions": ["newer-than-target", "removed-option", "renamed-option", "deprecated-option"],
    "security": ["plaintext-password", "inline-private-key"],
    "cluster": [
        "shared-writable-path",
        "duplicate-server-identity",
        "multiple-config-managers",
        "duplicated-transfer",
    ],
    # PRODUCT.md section 13
    "suppressions": ["unused-suppression"],
}
WARNINGS = {
    "renamed-option",
    "deprecated-option",
    "ignored-option",
    "plaintext-password",
    "inline-private-key",
    "multiple-config-managers",
    "duplicated-transfer",
    "unused-suppression",
}


def test_rule_table_is_the_contract() -> None:
    beyond = {"overrides", "inventory", "assets"}  # rules of the merge/build/assets commands
    groups = {group: list(names) for group, names in RULE_GROUPS.items() if group not in beyond}
    groups["cluster"] = [name for name in groups["cluster"] if name != "missing-controller"]
    assert groups == CONTRACT
    for rule in RULES:
        if rule.group in beyond or rule.name == "missing-controller":
            continue
        expected = "info" if rule.group == "overrides" else "error"
        assert rule.severity == ("warning" if rule.name in WARNINGS else expected), rule
        assert rule.summary
    assert [r.name for r in RULES if r.group == "overrides"] == [
        "base-not-found",
        "override-new-section",
        "redundant-override",
    ]


def test_resolve_rules_takes_names_and_groups() -> None:
    assert resolve_rules() == {rule.name for rule in RULES}
    assert resolve_rules(["security", "port-conflict"]) == {
        "plaintext-password",
        "inline-private-key",
        "port-conflict",
    }
    assert resolve_rules(["security"], ["inline-private-key"]) == {"plaintext-password"}
    assert "unknown-option" not in resolve_rules(ignore=["schema"])


def test_unknown_rule_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownRuleError) as info:
        resolve_rules(["unknown-optoin"])
    assert (info.value.name, info.value.suggestion) == ("unknown-optoin", "unknown-option")
    assert "did you mean 'unknown-option'?" in str(info.value)
    with pytest.raises(UnknownRuleError):
        resolve_rules(ignore=["nothing-like-it"])


TWO_PROBLEMS = "[server]\nbogus = 1\n\n[accounts/a1]\nname = a\npassword = secret\n"


def test_select_and_ignore_filter_findings() -> None:
    doc = sc.loads(TWO_PROBLEMS)
    assert [f.rule for f in validate(doc).findings] == ["unknown-option", "plaintext-password"]
    assert [f.rule for f in validate(doc, select=["security"]).findings] == ["plaintext-password"]
    assert [f.rule for f in validate(doc, ignore=["unknown-option"]).findings] == [
        "plaintext-password"
    ]


def test_result_counts_and_success() -> None:
    result = validate(sc.loads(TWO_PROBLEMS))
    assert (result.errors, result.warnings, result.infos) == (1, 1, 0)
    assert not result.success()
    warnings_only = validate(sc.loads(TWO_PROBLEMS), ignore=["schema"])
    assert warnings_only.success() and not warnings_only.success(strict=True)
    assert ValidationResult(()).success(strict=True)


def test_findings_are_sorted_and_iter_findings_is_lazy() -> None:
    text = "[accounts/a1]\nname = a\npassword = x\n[server]\nbogus = 1\nnot an option\n"
    doc = sc.loads(text, path="f.ini")
    assert inspect.isgenerator(iter_findings(doc))
    first = next(iter_findings(doc))
    assert first.rule == "syntax-error"  # syntax first, not in file order
    result = validate(doc)
    assert [(f.rule, f.span.line) for f in result.findings] == [
        ("plaintext-password", 3),
        ("unknown-option", 5),
        ("syntax-error", 6),
    ]
    assert {f.file for f in result.findings} == {"f.ini"}


def test_validate_does_not_change_the_document() -> None:
    text = "[server]\nname = a\nbogus = 1\n"
    doc = sc.loads(text)
    validate(doc)
    assert doc.dumps() == text


# -- overrides ------------------------------------------------------------------------
BASE = (
    "; shared configuration\n"
    "[services/s1]\n"
    "name = sftp\n"
    "type = ssh\n"
    "port = 10022\n"
    "\n"
    "[accounts/a1]\n"
    "name = alice\n"
    "bogus = 1\n"
)
OVERRIDE = (
    "[services/s1]\n"
    "port    :   70000\n"
    "\n"
    "[accounts/a2]\n"
    "name = alice\n"
    "\n"
    "[accounts/a1]\n"
    "enabled = maybe\n"
)


def _override_findings(tmp_path: Path) -> list[Finding]:
    (tmp_path / "server.ini").write_text(BASE)
    (tmp_path / "server.override.ini").write_text(OVERRIDE)
    return list(validate_path(tmp_path / "server.override.ini").findings)


def test_override_findings_point_at_the_file_that_set_the_value(tmp_path: Path) -> None:
    base, override = str(tmp_path / "server.ini"), str(tmp_path / "server.override.ini")
    found = _override_findings(tmp_path)
    assert [(f.rule, f.file, f.span.line, f.span.column) for f in found] == [
        ("unknown-option", base, 9, 1),
        ("invalid-value", override, 2, 13),
        ("duplicate-name", override, 5, 8),
        ("invalid-value", override, 8, 11),
    ]
    duplicate = found[2]
    assert [(r.file, r.span.line, r.span.column) for r in duplicate.related] == [(base, 8, 8)]


def test_override_with_an_explicit_base(tmp_path: Path) -> None:
    (tmp_path / "base.ini").write_text(BASE)
    (tmp_path / "node1.ini").write_text(OVERRIDE)
    found = validate_path(tmp_path / "node1.ini", base=tmp_path / "base.ini").findings
    assert [f.rule for f in found] == [
        "unknown-option",
        "invalid-value",
        "duplicate-name",
        "invalid-value",
    ]


def test_a_missing_option_of_an_overridden_section_points_at_the_base(tmp_path: Path) -> None:
    (tmp_path / "server.ini").write_text("[services/s1]\nname = sftp\ntype = ssh\n")
    (tmp_path / "server.override.ini").write_text("[services/s1]\nname = other\n")
    found = validate_path(tmp_path / "server.override.ini").findings
    assert [(f.rule, f.file, f.span.line) for f in found] == [
        ("missing-option", str(tmp_path / "server.ini"), 1)
    ]


def test_override_without_base_is_partial_with_an_info(tmp_path: Path) -> None:
    path = tmp_path / "server.override.ini"
    path.write_text("[services/s1]\nsecurity_policy = p1\nport = x\n")
    found = validate_path(path).findings
    assert [(f.rule, f.severity, f.span.line) for f in found] == [
        ("base-not-found", "info", 1),
        ("invalid-value", "error", 3),
    ]
    assert "base-not-found" not in [
        f.rule for f in validate_path(path, ignore=["overrides"]).findings
    ]


# -- the quick syntax check -------------------------------------------------------------
def _problems(doc: sc.Document) -> list[tuple[object, ...]]:
    return [(f.rule, f.span, f.message, f.section, f.option, f.related) for f in doc.problems()]


def _full_parse_problems(text: str) -> list[tuple[object, ...]]:
    doc = sc.loads(text)
    doc.parse_all()
    return _problems(doc)


@pytest.mark.parametrize("path", corpus_params())
def test_quick_syntax_check_matches_the_full_parse(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    expected = _full_parse_problems(text)
    assert _problems(sc.loads(text)) == expected
    read_first = sc.loads(text)
    read_first.to_dict()  # records which sections are clean
    assert _problems(read_first) == expected


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_quick_syntax_check_matches_the_full_parse_on_generated_files(text: str) -> None:
    doc = sc.loads(text)
    doc.to_dict()
    assert _problems(doc) == _full_parse_problems(text)


#: Lines of every kind the quick check must tell apart.
LINES = st.sampled_from(
    [
        "name = a",
        "Name: b",
        "uuid = 1",
        "  uuid = 2",
        "\tname=3",
        "  just text",
        "    url = x?a=b",
        "",
        "   ",
        "# comment",
        "  ; indented comment",
        "not an option",
        "= no key",
        ": no key",
        "[not a header",
        "[accounts/a1]",
        "[server]",
    ]
)


@settings(max_examples=500)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_quick_syntax_check_on_every_kind_of_line(lines: list[str], ending: str) -> None:
    text = ending.join(["[server]", *lines]) + ending
    for read_values_first in (False, True):
        doc = sc.loads(text)
        if read_values_first:
            doc.to_dict()
        assert _problems(doc) == _full_parse_problems(text)


# -- files that must be clean --------------------------------------------------------------
def test_the_bundled_example_is_clean() -> None:
    result = validate_path(EXAMPLES / "server.ini")
    assert result.findings == ()


def test_the_benchmark_files_are_clean() -> None:
    assert validate(sc.loads(generate(120))).findings == ()


# -- compiled checks ----------------------------------------------------------------------
def test_compiling_an_unknown_keyword_fails_loudly() -> None:
    with pytest.raises(SchemaCompileError, match="uniqueItems"):
        compile_schema({"type": "array", "uniqueItems": True})


def test_compiled_checks_keep_json_equality() -> None:
    assert not compile_schema({"enum": [1]})(True)
    assert compile_schema({"enum": [1]})(1.0)
    assert not compile_schema({"type": "integer"})(False)
    assert compile_schema({"type": "integer"})(2.0)
    assert compile_schema({"minimum": 3})("2")  # not a number: not this keyword's business


# -- imports of a validate run ------------------------------------------------------------
def test_a_validate_run_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from sftpplus_config.cli.main import main\n"
        "main(['validate', sys.argv[1]])\n"
        "heavy = {'jsonschema', 'referencing', 'importlib.resources', 'importlib.metadata',\n"
        "         'sftpplus_config.inventory', 'sftpplus_config.diff', 'sftpplus_config.merge3'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES / "server.ini")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout == "[]\n"
