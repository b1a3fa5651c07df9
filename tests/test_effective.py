"""Nodes validated together (``sftpplus_config.effective``): the shared
work must not change the answer. Every node's findings equal a full
validation of that node's text, and findings about a node's own lines
point at them."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.effective import NodeInput, check_nodes
from sftpplus_config.validation import RULE_GROUPS, validate

BASE = """\
[server]
uuid = 0b6a3e52-8f1d-4c7e-9a21-5d3c2b1a0f01
name = files-{host.name}

[groups/g1]
name = Partners

[accounts/a1]
name = acme
group = g1

[services/s1]
name = sftp
type = ssh
address = 0.0.0.0
port = 10022

[services/s2]
name = ftp
type = ftp
address = 0.0.0.0
port = 10021
"""
HOSTS = {"host.name": "a", "host.fqdn": "a.example.com"}
_SUFFIX = re.compile(r" \((?:all \d+ nodes|node [^()]+|nodes [^()]+)\)\Z")


def _held(message: str, everyone: list[str]) -> tuple[str, list[str]]:
    match = _SUFFIX.search(message)
    if match is None:
        return message, everyone
    text = match.group(0)[2:-1]
    if text.startswith("all "):
        return message[: match.start()], everyone
    names = text.split(" ", 1)[1].split(", ")
    return message[: match.start()], names


def _node(name: str, text: str) -> NodeInput:
    layer = sc.loads(text, path=f"{name}.override.ini")
    return NodeInput(name, (layer,), {"host.name": name, "host.fqdn": f"{name}.example.com"})


def test_a_node_override_that_makes_a_dangling_reference_is_found_at_its_line() -> None:
    base = sc.loads(BASE, path="server.ini")
    result = check_nodes(
        base, [_node("a", "[accounts/a1]\ngroup = g2\n"), _node("b", "[server]\n")]
    )
    found = [(f.rule, f.file, f.span.line, f.message) for f in result.findings]
    assert found == [
        (
            "dangling-reference",
            "a.override.ini",
            2,
            "`group` refers to [groups/g2], which is not in this file (node a)",
        )
    ]


def test_a_port_conflict_made_by_one_node_points_at_its_override() -> None:
    base = sc.loads(BASE, path="server.ini")
    result = check_nodes(
        base, [_node("a", "[services/s2]\nport = 10022\n"), _node("b", "[server]\n")]
    )
    assert [(f.rule, f.file, f.span.line) for f in result.findings] == [
        ("port-conflict", "a.override.ini", 2)
    ]
    (finding,) = result.findings
    assert finding.message.endswith("(node a)")
    assert [(r.file, r.span.line) for r in finding.related] == [("server.ini", 16)]


def test_a_duplicate_name_and_an_invalid_value_on_two_nodes_are_reported_once() -> None:
    base = sc.loads(BASE, path="server.ini")
    shared = sc.loads("[services/s2]\nname = sftp\nport = 99999\n", path="shared.ini")
    nodes = [NodeInput(n, (shared,), {"host.name": n}) for n in ("a", "b", "c")]
    nodes.append(_node("d", "[server]\n"))
    result = check_nodes(base, nodes)
    rules = Counter(f.rule for f in result.findings)
    # one layer file shared by three nodes: one finding per place, naming them
    assert [f.message.rsplit(" (", 1)[1] for f in result.findings if f.rule == "invalid-value"] == [
        "nodes a, b, c)"
    ] * rules["invalid-value"]
    assert rules == Counter({"duplicate-name": 1, "invalid-value": 1})
    assert {f.file for f in result.findings if f.rule == "duplicate-name"} == {"shared.ini"}


def test_a_base_finding_every_node_keeps_says_so_once() -> None:
    base = sc.loads(BASE.replace("port = 10021", "port = ten"), path="server.ini")
    result = check_nodes(base, [_node("a", "[server]\n"), _node("b", "[accounts/a1]\n")])
    assert [(f.rule, f.file, f.span.line, f.message[-13:]) for f in result.findings] == [
        ("invalid-value", "server.ini", 22, "(all 2 nodes)")
    ]


def test_a_base_finding_that_one_node_fixes_holds_on_the_others_only() -> None:
    base = sc.loads(BASE.replace("port = 10021", "port = ten"), path="server.ini")
    nodes = [_node("a", "[services/s2]\nport = 10023\n"), _node("b", "[server]\n")]
    result = check_nodes(base, nodes)
    assert [(f.rule, f.file, f.span.line, f.message[-8:]) for f in result.findings] == [
        ("invalid-value", "server.ini", 22, "(node b)")
    ]


def test_findings_are_positioned_in_the_right_file_for_layers_and_the_base() -> None:
    base = sc.loads(BASE, path="server.ini")
    result = check_nodes(base, [_node("a", "[services/s1]\nnmae = x\n")])
    assert [(f.rule, f.file, f.span.line, f.span.column) for f in result.findings] == [
        ("unknown-option", "a.override.ini", 2, 1)
    ]


# -- the shared work gives the same answer as validating each node alone ----------

_SECTIONS = ["server", "groups/g1", "accounts/a1", "services/s1", "services/s2", "groups/g3"]
_OPTIONS = st.sampled_from(
    [
        ("name", st.sampled_from(["acme", "Partners", "sftp", "ftp", "x-{host.name}", ""])),
        ("port", st.sampled_from(["10022", "10021", "99999", "22", "{port}"])),
        ("group", st.sampled_from(["g1", "g2", "g3", "Partners"])),
        ("address", st.sampled_from(["0.0.0.0", "192.0.2.1", "::"])),
        ("enabled", st.sampled_from(["yes", "no", "maybe"])),
        ("type", st.sampled_from(["ssh", "ftp", "application", "sftp"])),
        ("nmae", st.just("typo")),
        ("password", st.sampled_from(["secret", "$6$abc$def"])),
        ("description", st.sampled_from(["a {host.fqdn}", "b", "{nope}"])),
    ]
)


@st.composite
def _layer(draw: st.DrawFn) -> str:
    parts = []
    for section in draw(st.lists(st.sampled_from(_SECTIONS), max_size=3, unique=True)):
        parts.append(f"[{section}]\n")
        for option, values in draw(st.lists(_OPTIONS, max_size=3, unique_by=lambda o: o[0])):
            parts.append(f"{option} = {draw(values)}\n")
    return "".join(parts)


@settings(max_examples=60)
@given(
    base_edit=_layer(),
    layers=st.lists(_layer(), min_size=1, max_size=3),
    render=st.booleans(),
)
def test_each_node_gets_what_a_full_validation_of_its_text_says(
    base_edit: str, layers: list[str], render: bool
) -> None:
    base = sc.loads(BASE, path="server.ini")
    for section in sc.loads(base_edit).sections:
        assert section.name is not None
        for option in section.options():
            base.set(section.name, option.raw_key, option.value)
    base = sc.loads(base.dumps(), path="server.ini")
    nodes = [
        NodeInput(
            f"n{i}",
            (sc.loads(text, path=f"n{i}.ini"),),
            {"host.name": f"h{i}", "host.fqdn": f"h{i}.example.com"} if render else None,
        )
        for i, text in enumerate(layers)
    ]
    result = check_nodes(base, nodes)
    everyone = [node.name for node in nodes]
    per_node: dict[str, Counter[tuple[str, str | None, str | None, str]]] = {
        name: Counter() for name in everyone
    }
    for finding in result.findings:
        message, held = _held(finding.message, everyone)
        for name in held:
            per_node[name][(finding.rule, finding.section, finding.option, message)] += 1
    syntax = set(RULE_GROUPS["syntax"])
    for node, output in zip(nodes, result.nodes, strict=True):
        alone = validate(sc.loads(output.text, path="node.ini"))
        expected = Counter(
            (f.rule, f.section, f.option, f.message) for f in alone.findings if f.rule not in syntax
        )
        # a finding of one place reported once, whatever the number of nodes
        assert set(per_node[node.name]) == set(expected), node.name


@pytest.mark.parametrize("count", [1, 3])
def test_node_texts_are_the_rendered_effective_configurations(count: int) -> None:
    from sftpplus_config.overrides import apply_overrides
    from sftpplus_config.variables import render

    base = sc.loads(BASE, path="server.ini")
    nodes = [_node(f"n{i}", f"[services/s1]\nport = 1002{i}\n") for i in range(count)]
    result = check_nodes(base, nodes)
    for node, output in zip(nodes, result.nodes, strict=True):
        assert node.variables is not None
        expected = render(apply_overrides(base, *node.layers), node.variables).document.dumps()
        assert output.text == expected
    assert HOSTS  # the module's constant is used by other tests
