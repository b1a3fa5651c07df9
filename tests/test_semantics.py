"""Every applied entry of the vendor semantics supplement is exercised.

For each entry of ``renamed``, ``removed``, ``conditional``,
``not_available``, ``value_forms`` and ``references`` that
``tools/schema_src/semantics.toml`` does not exclude (each exclusion has its
reason there), a failing and a passing file are generated and validated;
where JSON Schema expresses the fact, ``jsonschema`` on the typed projection
must find the same problems as the validator (the equivalence helpers).
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

import sftpplus_config as sc
from sftpplus_config.findings import Finding
from sftpplus_config.history import version_key
from sftpplus_config.schema import load_catalog
from sftpplus_config.validation import validate
from tests.conftest import ROOT, SHARED

SEMANTICS = SHARED / "reference" / "semantics.json"
pytestmark = pytest.mark.skipif(
    not SEMANTICS.is_file(), reason=f"semantics supplement not found at {SEMANTICS}"
)
sys.path.insert(0, str(ROOT / "tools"))

Entry = Mapping[str, Any]


def _entries(key: str) -> Iterator[tuple[str, Entry]]:
    if not SEMANTICS.is_file():
        return
    import schema_semantics  # type: ignore[import-not-found]  # tools/, beside the generator

    data = json.loads(SEMANTICS.read_text(encoding="utf-8"))
    table = tomllib.loads((ROOT / "tools" / "schema_src" / "semantics.toml").read_text())
    judgements = schema_semantics.Judgements(table)
    for number, entry in enumerate(data[key]):
        if judgements.reason(key, entry) is None:
            yield f"{key}[{number}]", entry


def params(key: str) -> list[Any]:
    return [pytest.param(entry, id=name) for name, entry in _entries(key)]


def findings(text: str, **options: Any) -> list[Finding]:
    return list(validate(sc.loads(text), **options).findings)


def rules_on(found: list[Finding], option: str | None) -> set[str]:
    return {f.rule for f in found if f.option == option}


def _section(kind: str, type_: str | None, ident: str = "s1") -> str:
    head = "[server]" if kind == "server" else f"[{kind}/{ident}]"
    return head + (f"\ntype = {type_}" if type_ else "") + "\n"


def _a_type(kind: str, option: str | None) -> str | None:
    catalog = load_catalog()
    types = catalog.types(kind)
    if not types:
        return None
    if option:
        for type_ in types:
            if option in catalog.options(kind, type_):
                return type_
    return types[0]


def _before(version: str) -> str:
    major, minor, patch = version_key(version)
    if patch:
        return f"{major}.{minor}.{patch - 1}"
    if minor:
        return f"{major}.{minor - 1}.99"
    return f"{major - 1}.99.99"


def _kinds_with_history(what: str, old: str) -> list[str]:
    catalog = load_catalog()
    if what == "kind":
        return [old] if old in catalog.kind_history() else []
    field = {"option": "options", "type": "types", "value": "values"}[what]
    found = []
    for kind in catalog.kinds():
        history = catalog.history(kind).get(field, {})
        if what == "value":
            if any(old in words for words in history.values()):
                found.append(kind)
            continue
        elif old in history:
            found.append(kind)
    return found


# -- renamed and removed ---------------------------------------------------------
def _value_kinds(entry: Entry, old: str) -> list[str]:
    catalog = load_catalog()
    option = entry.get("option") or "*"
    return [
        k for k in catalog.kinds() if old in catalog.history(k).get("values", {}).get(option, {})
    ]


def _history_case(entry: Entry, key: str) -> tuple[str, str | None, str | None]:
    """(text of a file using the old name, option the finding is on, version)."""
    what: str = entry["what"]
    old: str
    old = str(entry["old"] if key == "renamed" else entry.get("option") or entry.get("type"))
    if what == "value":
        old = entry["old"] if key == "renamed" else entry["value"]
    if what == "kind":
        old = entry["old"] if key == "renamed" else entry["kind"]
        return f"[{old}/x1]\nname = n\n", None, entry.get("since") or entry.get("removed_in")
    if entry["kind"]:
        kinds = [entry["kind"]]
    elif what == "value":
        kinds = _value_kinds(entry, old)
    else:
        kinds = _kinds_with_history(what, old)
    assert kinds, entry
    kind = kinds[0]
    version = entry.get("since") if key == "renamed" else entry.get("removed_in")
    if what == "type":
        return _section(kind, old), "type", version
    option = entry.get("option") if what == "value" else old
    assert option is not None
    type_ = entry.get("type") or _a_type(kind, option if what == "value" else None)
    if what == "value" and option == "type":
        return _section(kind, old), "type", version
    value = old if what == "value" else "x1"
    return _section(kind, type_) + f"{option} = {value}\n", option, version


@pytest.mark.parametrize("entry", params("renamed") + params("removed"))
def test_old_names_are_reported_at_the_schema_version_and_not_before(entry: Entry) -> None:
    key = "renamed" if "new" in entry else "removed"
    text, option, version = _history_case(entry, key)
    catalog = load_catalog()
    failing = findings(text, partial=True)
    history = {f.rule for f in failing if f.option == option} & {"renamed-option", "removed-option"}
    if entry.get("status") == "deprecated" and not entry.get("removed_in"):
        # deprecated, still read: a warning from its version on, nothing before
        found = rules_on(failing, option)
        assert "deprecated-option" in found, (text, [f.message for f in failing])
        assert not found & {"unknown-option", "unknown-type", "renamed-option", "removed-option"}
        assert all(f.severity == "warning" for f in failing if f.rule == "deprecated-option")
        before = findings(text, partial=True, target_version=_before(entry["deprecated_in"]))
        assert not rules_on(before, option) & {"deprecated-option", "unknown-option"}
        return
    assert history, (text, [f.message for f in failing])
    assert not rules_on(failing, option) & {"unknown-option", "unknown-type", "unknown-kind"}
    expected = "renamed-option" if entry.get("migrated_by_sftpplus") else None
    if expected and key == "renamed":
        assert "renamed-option" in history or "removed-option" in history
    versions = [v for v in [*_record_versions(text, option), version] if v]
    if versions and min(version_key(v) for v in versions) > (2, 0, 0):
        first = min(versions, key=version_key)
        passing = findings(text, partial=True, target_version=_before(first))
        assert not rules_on(passing, option) & {"renamed-option", "removed-option"}
    assert catalog.schema_version == "5.26.2"


def _record_versions(text: str, option: str | None) -> list[str]:
    """The versions of the history record the finding came from (an old name
    may have been renamed before it was removed)."""
    from sftpplus_config.history import kind_change, option_change, type_change

    catalog = load_catalog()
    doc = sc.loads(text)
    name = doc.section_names()[0]
    kind, _, _ = name.partition("/")
    values = {k.lower(): v for k, v in doc.to_dict()[name].items()}
    change = None
    if option is None:
        change = kind_change(catalog, kind)
    elif option == "type" and "type" in values:
        change = type_change(catalog, kind, values["type"])
    if change is None and option is not None:
        type_ = catalog.canonical_type(kind, values.get("type", "")) if "type" in values else None
        change = option_change(catalog, kind, type_, option)
    if change is None:
        return []
    return [v for v in (change.since, change.removed_in) if v]


# -- conditional ------------------------------------------------------------------
def _satisfying(token: str) -> str:
    if token == "<empty>":
        return ""
    if token == "<non-empty>":
        return "x1"
    if token.endswith("*"):
        return token[:-1] + "host.example"
    return token


def _unsatisfying(token: str, option: str, kind: str, type_: str | None) -> str:
    if token == "<empty>":
        return "x1"
    if token == "<non-empty>":
        return ""
    if token.endswith("*"):
        return "https://host.example"
    spec = load_catalog().option(kind, type_, option)
    if spec is not None and spec.json_type == "boolean":
        return "no" if token.lower() in ("yes", "true") else "yes"
    if spec is not None:
        others = [v for v in spec.values if v.lower() != token.lower()]
        if others:
            return others[0]
        if spec.json_type == "integer":
            return "1" if token != "1" else "2"
    return "zz-other"


def _lines(mapping: Mapping[str, Any], make: Any) -> str:
    out = []
    for option, tokens in mapping.items():
        token = tokens[0] if isinstance(tokens, list) else tokens
        out.append(f"{option} = {make(token, option)}\n")
    return "".join(out)


@pytest.mark.parametrize("entry", params("conditional"))
def test_conditional_options(entry: Entry) -> None:
    from tests.test_validation_equivalence import our_problems, reference_problems

    kind = entry["kind"] or "locations"
    type_ = entry["type"] or _a_type(kind, entry["option"])
    if entry["kind"] is None:
        kind, type_ = "locations", "ftpse"
    option = entry["option"]
    when = entry["only_when"]
    if entry.get("match") == "contains-action":
        ((cond, actions),) = when.items()
        yes = f"{cond} = {actions[0]}, a, /b\n"
        no = f"{cond} = delete, a\n"
    else:
        yes = _lines(when, lambda token, _o: _satisfying(token))
        no = _lines(
            dict(list(when.items())[:1]),
            lambda token, o: _unsatisfying(token, o, kind, type_),
        )
    head = _section(kind, None if "type" in when else type_)
    if entry["effect"] == "required":
        failing = head + yes
        passing = head + yes + f"{option} = x1\n"
        assert "missing-option" in rules_on(findings(failing), option)
        assert "missing-option" not in rules_on(findings(passing), option)
        for text in (failing, passing):
            doc = sc.loads(text)
            assert our_problems(doc) == reference_problems(doc, load_catalog())
        return
    ineffective = (yes if entry["effect"] == "ignored" else no) + f"{option} = x1\n"
    effective = (no if entry["effect"] == "ignored" else yes) + f"{option} = x1\n"
    for other in _same_option(entry):  # other conditions of the option: not holding
        if other["effect"] == "ignored" and other is not entry:
            effective = (
                _lines(other["only_when"], lambda t, o: _unsatisfying(t, o, kind, type_))
                + effective
            )
    if entry.get("except_when"):
        effective = _lines(entry["except_when"], lambda t, _o: t) + f"{option} = x1\n"
    assert "ignored-option" in rules_on(findings(head + ineffective, partial=True), option)
    assert "ignored-option" not in rules_on(findings(head + effective, partial=True), option)


def _same_option(entry: Entry) -> list[Entry]:
    return [
        e
        for _, e in _entries("conditional")
        if (e["kind"], e["type"], e["option"]) == (entry["kind"], entry["type"], entry["option"])
    ]


# -- not_available ---------------------------------------------------------------
@pytest.mark.parametrize("entry", params("not_available"))
def test_options_not_available_for_a_type(entry: Entry) -> None:
    from tests.test_validation_equivalence import our_problems, reference_problems

    option = entry["option"]
    failing = _section(entry["kind"], entry["type"]) + f"{option} = x1\n"
    other = entry.get("only_for_types", ["ftp"])[0]
    passing = _section(entry["kind"], other) + f"{option} = x1\n"
    assert "unknown-option" in rules_on(findings(failing, partial=True), option)
    assert "unknown-option" not in rules_on(findings(passing, partial=True), option)
    for text in (failing, passing):
        doc = sc.loads(text)
        assert our_problems(doc) == reference_problems(doc, load_catalog())


# -- value_forms -------------------------------------------------------------------
def _form_values(entry: Entry, spec: Any) -> tuple[str | None, str]:
    """(a value the form rejects or None, a value it accepts)."""
    form, detail = entry["form"], entry.get("detail", {})
    if form in ("alias", "accepted-value"):
        return detail["value"] + "-x", detail["value"]
    if form in ("exclusive-keyword", "exclusive-value"):
        return f"{detail['value']}, aes128-ctr", detail["value"]
    if form == "zero-or-negative-means-default":
        return "soon", "-1"
    if form == "zero-means":
        return "-1", "0"
    if form == "range":
        low = detail.get("minimum", detail.get("greater_than", -1) + 1)
        return str(low - 1), str(low)
    if form == "max-length":
        return "a" * (detail["maximum"] + 1), "a" * detail["maximum"]
    if form == "exclusion-prefix":
        bad = "!1, 2" if detail.get("mix_include_and_exclude") is False else "!"
        return bad, "!x1" if spec.item_pattern is None or "0-9" not in spec.item_pattern else "!1"
    if form == "ip-filter-rules":
        return "allow files.example.com", "allow 10.0.0.0/8\n    deny 2001:db8::/32"
    if form == "datetime":
        return "2024-05", "2024-05-01 10:00:00+02"
    if form == "empty-means":
        # what an empty value does: it makes no value invalid (only the
        # passing file), but an empty value must be accepted
        return None, ""
    if form == "pair":
        return "2048, best", "2048, ideal"
    if form == "port-range":
        return "50000 - 70000", "50000 - 50100"
    if form == "csv-rule":
        return "shift, *.txt, /srv", "move, *.txt, /srv"
    if form == "schedule":
        return "Monday-10:00-start, month_day_1-10:00-stop", "Monday-10:00-start, 18:00-stop"
    if form == "allowed-values-in-prose":
        return "xx", detail["values"][1]
    if form == "case-restriction":
        return f"{detail['value']}: x", f"{detail['use']}: x"
    if form == "absolute-path":
        return "relative/path/", "/srv/a"
    if form == "value-since":
        return None, ""
    if form in ("default-since", "default-before"):
        return None, ""
    raise AssertionError(f"no values for form {form}")


def _holders(entry: Entry) -> list[tuple[str, str | None]]:
    """(kind, type) pairs to try an entry on: its own, or, for an entry
    without a kind (a shared include page), the first type of every kind
    that has the option."""
    option = entry["option"]
    if entry["kind"] is not None:
        return [(entry["kind"], entry["type"] or _a_type(entry["kind"], option))]
    catalog = load_catalog()
    pairs = []
    for kind in catalog.kinds():
        type_ = _a_type(kind, option)
        if option in catalog.options(kind, type_):
            pairs.append((kind, type_))
    return pairs


@pytest.mark.parametrize("entry", params("value_forms"))
def test_value_forms_are_enforced_both_ways(entry: Entry) -> None:
    holders = _holders(entry)
    assert holders, entry
    for kind, type_ in holders:
        _value_form_case(entry, kind, type_)


def _value_form_case(entry: Entry, kind: str, type_: str | None) -> None:
    from tests.test_validation_equivalence import our_problems, reference_problems

    catalog = load_catalog()
    option = entry["option"]
    spec = catalog.option(kind, type_, option)
    assert spec is not None, entry
    form = entry["form"]
    if form == "self-replacing-value":
        # a word SFTPPlus replaces by a vault item it makes: not an id, so a
        # misspelt one names a section that is not there
        word = entry["detail"]["value"]
        head = _section(kind, type_) + f"{option} = "
        assert "dangling-reference" in rules_on(findings(head + word + "-x\n"), option)
        clean = rules_on(findings(head + word + "\n"), option)
        assert not clean & {"dangling-reference", "invalid-value"}
        return
    if form == "unique-across-sections":
        ssh = "[services/{0}]\nname = {0}\ntype = ssh\nport = {1}\n"
        assert "port-conflict" in rules_on(
            findings(ssh.format("a", 22) + ssh.format("b", 22)), "port"
        )
        assert findings(ssh.format("a", 22) + ssh.format("b", 23)) == []
        return
    if form in ("default-since", "default-before"):
        # a fact about defaults, no value is wrong because of it: shown, not enforced
        from sftpplus_config.cli.commands.explain import history_json
        from sftpplus_config.history import default_history_text

        assert any(h.get("source") == entry["source"] for h in spec.default_history)
        shown = history_json(catalog, spec, type_)["default_history"]
        assert dict(entry["detail"]) in shown
        assert default_history_text(entry["detail"]).startswith(f"`{entry['detail']['default']}`")
        return
    if form == "empty-allowed":
        # "may be left empty" although the field list says not optional: an
        # empty value is valid and a whole section without it is complete
        head = _section(kind, type_)
        assert "missing-option" not in rules_on(findings(head), option)
        assert "invalid-value" not in rules_on(findings(head + f"{option} =\n"), option)
        return
    if form == "value-since":
        word = str(entry["detail"]["value"]).strip("`")
        since = entry["detail"]["since"]
        value = f"{word}" if word in spec.values + spec.item_values else "a, b"
        if value == "a, b":
            value = (
                "https://a.example/x, https://b.example/x"
                if "url" in spec.value_type
                else "a@b.example, c@d.example"
                if "email" in spec.value_type
                else "a\n    b"
            )
        head = _section(kind, type_) + f"{option} = {value}\n"
        assert "newer-than-target" in rules_on(
            findings(head, partial=True, target_version=_before(since)), option
        )
        assert "newer-than-target" not in rules_on(
            findings(head, partial=True, target_version=since), option
        )
        return
    if option == "type":
        bad, good = entry["detail"]["value"] + "x", entry["detail"]["value"]
        head = f"[{kind}/s1]\n"
        for value, wanted in ((bad, True), (good, False)):
            found = findings(head + f"type = {value}\n", partial=True)
            assert ("unknown-type" in rules_on(found, "type")) is wanted
        return
    bad, good = _form_values(entry, spec)
    head = _section(kind, type_)
    cases = [(good, False)] + ([(bad, True)] if bad is not None else [])
    for value, invalid in cases:
        text = head + f"{option} = {value}\n"
        rules = rules_on(findings(text, partial=True), option)
        assert ("invalid-value" in rules) is invalid, (text, rules)
        doc = sc.loads(text)
        assert our_problems(doc) == reference_problems(doc, catalog)


# -- references ----------------------------------------------------------------------
def _reference_value(entry: Entry, ident: str) -> str:
    position = entry.get("position")
    if position == "fields-3-and-later":
        return f"memberOf, cn=x, {ident}"
    if position == "first-line-or-fields-3-and-later":
        return f"{ident}\n    memberOf, cn=x, {ident}"
    if position == "whole-value-or-fields-3-and-later":
        return ident
    if position == "field-3-optional":
        return f"approve, green, {ident}"
    return ident


@pytest.mark.parametrize("entry", params("references"))
def test_references_are_checked_for_existence_and_target(entry: Entry) -> None:
    pairs = entry.get("applies_to") or [{"kind": entry["kind"], "type": entry["type"]}]
    kind = pairs[0]["kind"]
    type_ = pairs[0]["type"] or _a_type(kind, entry["option"])
    option = entry["option"]
    target_kind = entry["target_kind"] or "groups"
    target_types = entry.get("target_types")
    target = _section(target_kind, target_types[0] if target_types else None, "t1")
    head = _section(kind, type_) + f"{option} = {_reference_value(entry, 't1')}\n\n"
    good = findings(head + target + "name = target\n", select=["references"])
    assert rules_on(good, option) == set(), [f.message for f in good]
    missing = findings(head, select=["references"])
    assert "dangling-reference" in rules_on(missing, option)
    if target_types:
        catalog = load_catalog()
        others = [t for t in catalog.types(target_kind) if t not in target_types]
        wrong = _section(target_kind, others[0], "t1") + "name = target\n"
        found = findings(head + wrong, select=["references"], partial=True)
        assert "wrong-reference-type" in rules_on(found, option)


def test_radius_group_mapping_lines() -> None:
    """A default group, then `attribute, expression, group…` rules and
    `${CONTINUE}`: every documented line form is valid, and each id is
    checked where it stands."""
    head = "[authentications/r1]\ntype = radius\nname = r\naddress = h\npassword = p\n"
    groups = "".join(f"[groups/{g}]\nname = {g}\n" for g in ("g0", "g1", "g2"))
    mapping = "group_mapping = g0\n    Filter-Id, admins, g1, g2\n    Class, *ops*, ${CONTINUE}\n"
    assert rules_on(findings(head + mapping + groups), "group_mapping") == set()
    found = findings(head + mapping.replace("g2", "g9") + groups)
    assert [f.rule for f in found if f.option == "group_mapping"] == ["dangling-reference"]
    assert "g9" in found[0].message
    missing_default = findings(head + mapping.replace("= g0", "= g8") + groups)
    assert {f.rule for f in missing_default} == {"dangling-reference"}


def test_version_checks_cost_little_per_section_when_nothing_is_newer() -> None:
    """With a target version, a section none of whose options, types or
    values is newer costs a few lines (the plan's facts are worked out once),
    not a loop over its options or a conversion of its values."""
    from bench.generate import generate
    from sftpplus_config.rules import versions
    from sftpplus_config.rules._context import Context
    from sftpplus_config.validation import RULES
    from tests._work import lines_executed

    severities = {rule.name: rule.severity for rule in RULES}
    catalog = load_catalog()

    def cost(accounts: int, target: tuple[int, ...] | None) -> int:
        doc = sc.loads(generate(accounts))
        ctx = Context(doc, catalog, severities, target_version=target)
        found: list[Finding] = []
        work = lines_executed(lambda: found.extend(versions.check(ctx)))
        assert found == []
        return work

    extra = [cost(n, (5, 26, 2)) - cost(n, None) for n in (100, 200)]
    per_section = (extra[1] - extra[0]) / 100
    assert per_section <= 2, per_section  # 147 with a loop over the options


def test_typed_reference_checks_skip_sections_that_set_none() -> None:
    """``wrong-reference-type`` looks only at sections that set an option
    with typed targets: a section that sets none costs a few lines."""
    from bench.generate import generate
    from sftpplus_config.rules import references
    from sftpplus_config.rules._context import Context
    from sftpplus_config.validation import RULES
    from tests._work import lines_executed

    severities = {rule.name: rule.severity for rule in RULES}

    def cost(accounts: int) -> int:
        ctx = Context(sc.loads(generate(accounts)), load_catalog(), severities)
        index = references._Index(ctx)
        found: list[Finding] = []
        work = lines_executed(lambda: found.extend(references._typed(ctx, index)))
        assert found == []
        return work

    per_section = (cost(200) - cost(100)) / 100
    assert per_section <= 8, per_section  # 17 when every section was looked at
