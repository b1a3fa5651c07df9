"""Deploy-time variables: tokenizer, render, catalogue, findings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.variables import (
    VariableError,
    check_variables,
    did_you_mean,
    option_variables,
    render,
    tokenize,
)

from .conftest import vendor_files

RUNTIME = """\
; {host.name} in a comment is not a value
[server]
uuid = 1
name = node {HOST.NAME} at {Host.Fqdn}
description = ${OS_HOME} ${host.name} {{host.name}} {{id}} {"json": 1} {3}

[event-handlers/e1]
type = local-file
path = /var/log/sftpplus-{host.name}.log
entry_content = {timestamp.iso_8601_local} {id} {uuid} {component.uuid} {account.name}
    {account.peer.address}:{account.peer.port} {message} {data_json} {data.real_path}
  {year.no_century}-{month.number} {day.number} {hour.24} {minute.number} {second.number}
    {path.file_name} {server.name} {LF}

[event-handlers/e2]
type = email-sender
email_subject = [{id}] {component.name} on {host.fqdn}
"""


def test_tokenize_joins_back_and_finds_placeholders() -> None:
    line = 'a {host.name} ${X} {{y}} {1} {"j"} {x.y-z}'
    tokens = list(tokenize(line))
    assert "".join(t.text for t in tokens) == line
    assert [(t.kind, t.name, t.start) for t in tokens if t.kind != "text"] == [
        ("placeholder", "host.name", 2),
        ("escaped", "y", 19),
        ("placeholder", "x.y-z", 35),
    ]


def test_render_expands_host_vars_keeps_runtime_and_dollar_braces() -> None:
    doc = sc.loads(RUNTIME)
    result = render(doc, {"host.name": "n1", "host.fqdn": "n1.example.com"})
    assert result.findings == ()
    expected = (
        RUNTIME.replace(
            "name = node {HOST.NAME} at {Host.Fqdn}", "name = node n1 at n1.example.com"
        )
        .replace("{{host.name}}", "{host.name}")
        .replace("sftpplus-{host.name}.log", "sftpplus-n1.log")
        .replace("on {host.fqdn}", "on n1.example.com")
    )
    assert result.document.dumps() == expected
    assert doc.dumps() == RUNTIME  # input untouched


def test_keep_host_vars_leaves_them_where_sftpplus_expands_them() -> None:
    result = render(sc.loads(RUNTIME), {"host.name": "n1", "host.fqdn": "f"}, keep_host_vars=True)
    text = result.document.dumps()
    assert "path = /var/log/sftpplus-{host.name}.log\n" in text
    assert "name = node n1 at f\n" in text
    assert "email_subject = [{id}] {component.name} on f\n" in text


def test_unknown_host_variable_has_a_suggestion_and_position() -> None:
    doc = sc.loads("[server]\nname = x-{host.nmae}\n")
    result = render(doc, {"host.name": "n1"})
    assert [(f.rule, f.severity, f.span, f.message, f.hint) for f in result.findings] == [
        (
            "unknown-variable",
            "error",
            sc.Span(2, 10, 2, 21),
            "unknown variable {host.nmae}; did you mean {host.name}?",
            "write {host.name}",
        )
    ]
    assert not result.ok


def test_host_variable_outside_local_file_path_is_not_allowed_without_a_value() -> None:
    doc = sc.loads(RUNTIME)
    found = [(f.rule, f.span.line, f.option) for f in check_variables(doc)]
    assert found == [
        ("variable-not-allowed", 4, "name"),
        ("variable-not-allowed", 4, "name"),
        ("variable-not-allowed", 17, "email_subject"),
    ]


def test_user_variables_and_near_misses() -> None:
    doc = sc.loads("[server]\nname = {region}-{regoin}\ndescription = {account.name}\n")
    result = render(doc, {"region": "eu"})
    assert result.document["server"]["name"] == "eu-{regoin}"
    assert [(f.rule, f.message) for f in result.findings] == [
        ("unknown-variable", "unknown variable {regoin}; did you mean {region}?"),
        (
            "variable-not-allowed",
            (
                "{account.name} is a runtime placeholder, but SFTPPlus does not expand "
                "placeholders in `description`"
            ),
        ),
    ]


def test_typo_in_runtime_placeholder_is_reported() -> None:
    doc = sc.loads("[event-handlers/a]\ntype = local-file\nentry_content = {acount.name}\n")
    assert [f.message for f in check_variables(doc)] == [
        "unknown variable {acount.name}; did you mean {account.name}?"
    ]


def test_value_containing_a_placeholder_is_not_expanded_again() -> None:
    doc = sc.loads("[server]\nname = {a}\n")
    result = render(doc, {"a": "{host.name}", "host.name": "n1"})
    assert result.document.dumps() == "[server]\nname = {host.name}\n"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"id": "x"}, "runtime placeholder"),
        ({"account.name": "x"}, "runtime placeholder"),
        ({"host.nmae": "x"}, "only host.name and host.fqdn"),
        ({"9lives": "x"}, "invalid variable name"),
        ({"a": "x\ny"}, "one line"),
        ({"a": "x", "A": "y"}, "twice"),
    ],
)
def test_bad_variables_are_refused(variables: dict[str, str], message: str) -> None:
    with pytest.raises(VariableError, match=message):
        render(sc.loads("[server]\n"), variables)


def test_catalogue_lookup() -> None:
    entry = option_variables("event-handlers", "local-file", "PATH")
    assert entry is not None and entry.host_expanded
    assert option_variables("event-handlers", "database", "path") is None
    untyped = option_variables("event-handlers", None, "path")
    assert untyped is not None and untyped.host_expanded
    assert did_you_mean("host.fdqn", ["host.name", "host.fqdn"]) == "host.fqdn"
    assert did_you_mean("zzz", ["host.name"]) is None


@pytest.mark.parametrize("path", vendor_files(), ids=lambda p: p.name)
def test_vendor_examples_have_no_variable_findings(path: object) -> None:
    assert check_variables(sc.load(path)) == []  # type: ignore[arg-type]


_PLAIN = st.text(alphabet=st.sampled_from(list('ab =:\n\t;#[]{}$.\\"xyz12_-')), max_size=200)


@given(_PLAIN)
def test_rendering_text_without_deploy_time_variables_is_the_identity(body: str) -> None:
    text = "[server]\n" + body
    doc = sc.loads(text)
    result = render(doc, {"region": "eu", "host.name": "n1"})
    lowered = text.lower()
    if "{host." in lowered or "{region}" in lowered:
        return
    assert result.document.dumps() == text


def test_render_cli_writes_output_and_fails_on_unknown(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "server.ini"
    source.write_text("[server]\nname = {Host.Name}-{dc}\n", encoding="utf-8")
    varfile = tmp_path / "vars.toml"
    varfile.write_text('dc = "eu"\n[host]\nname = "from-file"\n', encoding="utf-8")
    out = tmp_path / "out.ini"
    code = main(
        ["render", str(source), "--vars", str(varfile), "--var", "host.name=n1", "-o", str(out)]
    )
    assert code == 0
    assert out.read_text(encoding="utf-8") == "[server]\nname = n1-eu\n"
    source.write_text("[server]\nname = {host.nmae}\n", encoding="utf-8")
    out.unlink()
    capsys.readouterr()
    assert main(["render", str(source), "-o", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().out == (
        f"{source}:2:8: error[unknown-variable] unknown variable {{host.nmae}}; "
        "did you mean {host.name}?\n  hint: write {host.name}\n"
    )
    assert main(["render", str(source), "--var", "id=1"]) == 2


# -- issue #12: values that would not read back are refused -----------------

MULTI = """\
[server]
name = {label}
description = first line
    {second}
    tail {tail}

[accounts/a]
name = a
"""


@pytest.mark.parametrize(
    ("variables", "name", "line", "column", "problem"),
    [
        ({"second": "# not a comment"}, "second", 4, 5, "puts `#` at the start of a continuation"),
        ({"second": "; not a comment"}, "second", 4, 5, "puts `;` at the start of a continuation"),
        ({"label": " files"}, "label", 2, 8, "starts with whitespace"),
        ({"label": "files\t"}, "label", 2, 8, "ends with whitespace"),
        ({"tail": "end\u00a0"}, "tail", 5, 10, "ends with whitespace"),  # str.strip strips it
        ({"second": "  indented"}, "second", 4, 5, "starts with whitespace"),
    ],
)
def test_render_refuses_values_that_would_not_read_back(
    variables: dict[str, str], name: str, line: int, column: int, problem: str
) -> None:
    given = {"label": "n", "second": "s", "tail": "t", **variables}
    doc = sc.loads(MULTI, path="server.ini")
    with pytest.raises(VariableError) as caught:
        render(doc, given, origins={name: "vars.toml:7:1"})
    error = caught.value
    assert (error.name, error.file, error.span.line if error.span else None) == (
        name,
        "server.ini",
        line,
    )
    assert error.span is not None and error.span.column == column
    assert error.defined_at == "vars.toml:7:1"
    assert problem in error.message
    assert str(error).startswith(
        f"server.ini:{line}:{column}: the value of variable `{name}` (defined at vars.toml:7:1) "
    )
    assert "\n  hint: " in str(error)


def test_render_accepts_values_that_read_back() -> None:
    """`#` on a first line, inner whitespace, an empty value that leaves the
    line's own text: every value reads back as given."""
    doc = sc.loads(MULTI)
    variables = {"label": "# files", "second": "a  b", "tail": ""}
    rendered = render(doc, variables).document
    assert rendered.get("server", "name") == "# files"
    assert rendered.get("server", "description") == "first line\na  b\ntail"
    assert sc.loads(rendered.dumps()).to_dict() == rendered.to_dict()


def test_a_value_that_empties_the_last_line_is_refused() -> None:
    doc = sc.loads("[server]\ndescription = a\n    {last}\n")
    with pytest.raises(VariableError, match="leaves the value's last line blank"):
        render(doc, {"last": ""})
    # in the middle, an empty line reads back as the empty line it is
    doc = sc.loads("[server]\ndescription = a\n    {middle}\n    c\n")
    assert render(doc, {"middle": ""}).document.get("server", "description") == "a\n\nc"


def test_render_cli_names_where_the_variable_was_defined(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    ini = tmp_path / "server.ini"
    ini.write_text(MULTI, encoding="utf-8")
    out = tmp_path / "out.ini"
    args = ["render", str(ini), "--var", "label=n", "--var", "tail=t", "-o", str(out)]
    assert main([*args, "--var", "second=#oops"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"{ini}:4:5: the value of variable `second` (defined at --var second) puts `#` at "
        "the start of a continuation line"
    )
    assert not out.exists()
    variables = tmp_path / "vars.toml"
    variables.write_text('# deploy values\nlabel = "n"\n\nsecond = "; semi"\n', encoding="utf-8")
    assert main(["render", str(ini), "--vars", str(variables), "--var", "tail=t"]) == 2
    err = capsys.readouterr().err
    assert f"(defined at {variables}:4:1) puts `;`" in err
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("mode", ["per-node", "shared-folder"])
def test_build_places_a_refused_value_at_the_inventory_key(  # type: ignore[no-untyped-def]
    tmp_path, capsys, mode: str
) -> None:
    (tmp_path / "server.ini").write_text(
        "[server]\nname = files\ndescription = cluster\n    {motd}\n", encoding="utf-8"
    )
    inventory = tmp_path / "inventory.toml"
    inventory.write_text(
        f'[cluster]\nbase = "server.ini"\nmode = "{mode}"\n\n'
        '[[nodes]]\nname = "a"\n[nodes.variables]\nmotd = "welcome"\n\n'
        '[[nodes]]\nname = "b"\n[nodes.variables]\nmotd = "# closed"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["build", str(inventory), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(
        f"{inventory}:13:1: error[invalid-inventory] the value of variable `motd` puts `#` "
        "at the start of a continuation line"
    )
    assert f"(the placeholder at {tmp_path / 'server.ini'}:4:5)" in printed
    assert not out.exists()
