"""The semantic diff: what counts as a change, labels, renames, secrets and
the review output."""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config import secrets
from sftpplus_config.diff import (
    AddSection,
    LineChange,
    RemoveSection,
    RenameSection,
    SetOption,
    UnsetOption,
    diff,
    line_changes,
    render_text,
    to_json,
)
from sftpplus_config.patch import apply
from sftpplus_config.schema import SchemaNotFoundError
from sftpplus_config.secrets import is_secret, looks_secret

from .conftest import corpus_params

OLD = """\
; production
[server]
name = files.example.com

[accounts/7f9935e4-b36d]
name = alice
password = $6$canary-old
home_folder_path = /srv/alice
permissions =
    allow-read
    *.exe, deny-full-control

[services/9ac4-1054]
name = SFTP service
type = ssh
port = 10022

[groups/0d1e]
name = partners
description = external
"""

NEW = """\
[server]
name = files.example.com

[accounts/7f9935e4-b36d]
name = alice
password = $6$canary-new
home_folder_path = /srv/alice2
permissions =
    allow-full-control
    *.exe, deny-full-control
ssh_authorized_keys_path = .ssh/authorized_keys

[groups/5f6a]
name = partners
description = external

[vault-items/fe05dc22]
name = SSH Private Key
type = ssh-private
content =
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEA
"""


def test_formatting_order_case_and_comments_make_no_difference() -> None:
    a = sc.loads("; c\n[server]\nname = x\nmulti =\n    one\n    two\n[accounts/a]\nName = alice\n")
    b = sc.loads(
        "[accounts/a]\r\nNAME:alice\r\n\r\n[server]\r\n# moved\r\nMulti :\r\n"
        "\tone\r\n\t; a comment inside\r\n\ttwo\r\nname=x\r\n"
    )
    assert list(diff(a, b)) == []


def test_option_changes_are_keyed_by_section_and_option() -> None:
    a = sc.loads("[s]\nkeep = 1\nchange = 2\ngone = 3\n")
    b = sc.loads("[s]\nCHANGE = two\nkeep = 1\nNew_Key = 4\n")
    assert list(diff(a, b)) == [
        SetOption("s", "change", "2", "two"),
        UnsetOption("s", "gone", "3"),
        SetOption("s", "new_key", None, "4", "New_Key"),
    ]


def test_section_changes_and_rename_by_content() -> None:
    ops = list(diff(sc.loads(OLD), sc.loads(NEW)))
    assert ops == [
        SetOption("accounts/7f9935e4-b36d", "password", "$6$canary-old", "$6$canary-new"),
        SetOption("accounts/7f9935e4-b36d", "home_folder_path", "/srv/alice", "/srv/alice2"),
        SetOption(
            "accounts/7f9935e4-b36d",
            "permissions",
            "\nallow-read\n*.exe, deny-full-control",
            "\nallow-full-control\n*.exe, deny-full-control",
        ),
        SetOption(
            "accounts/7f9935e4-b36d",
            "ssh_authorized_keys_path",
            None,
            ".ssh/authorized_keys",
            "ssh_authorized_keys_path",
        ),
        RemoveSection(
            "services/9ac4-1054", (("name", "SFTP service"), ("type", "ssh"), ("port", "10022"))
        ),
        RenameSection(
            "groups/0d1e", "groups/5f6a", (("name", "partners"), ("description", "external"))
        ),
        AddSection(
            "vault-items/fe05dc22",
            (
                ("name", "SSH Private Key"),
                ("type", "ssh-private"),
                ("content", "\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA"),
            ),
        ),
    ]


def test_renames_can_be_turned_off_and_empty_sections_are_not_renames() -> None:
    a = sc.loads("[groups/a]\nname = g\n[groups/e1]\n")
    b = sc.loads("[groups/b]\nname = g\n[groups/e2]\n")
    assert [op.op for op in diff(a, b)] == ["rename-section", "remove-section", "add-section"]
    assert [op.op for op in diff(a, b, detect_renames=False)] == [
        "remove-section",
        "remove-section",
        "add-section",
        "add-section",
    ]


def test_identical_candidates_pair_in_file_order() -> None:
    a = sc.loads("[g/1]\nx = 1\n[g/2]\nx = 1\n")
    b = sc.loads("[g/3]\nx = 1\n[g/4]\nx = 1\n")
    assert [(op.section, getattr(op, "new_name", None)) for op in diff(a, b)] == [
        ("g/1", "g/3"),
        ("g/2", "g/4"),
    ]


def test_section_names_are_case_sensitive() -> None:
    ops = list(diff(sc.loads("[server]\nname = a\n"), sc.loads("[Server]\nname = a\n")))
    assert ops == [RenameSection("server", "Server", (("name", "a"),))]


def test_multi_line_values_compare_line_by_line() -> None:
    assert line_changes("a\nb\nc", "a\nB\nc\nd") == [
        LineChange(" ", "a"),
        LineChange("-", "b"),
        LineChange("+", "B"),
        LineChange(" ", "c"),
        LineChange("+", "d"),
    ]
    assert line_changes(None, "x") == [LineChange("+", "x")]


def test_review_text() -> None:
    text = render_text(diff(sc.loads(OLD), sc.loads(NEW)))
    assert text == (
        'changed accounts "alice" [accounts/7f9935e4-b36d]\n'
        "    ~ password: <redacted> → <redacted>\n"
        "    ~ home_folder_path: /srv/alice → /srv/alice2\n"
        "    ~ permissions: lines changed\n"
        "        - allow-read\n"
        "        + allow-full-control\n"
        "          *.exe, deny-full-control\n"
        "    + ssh_authorized_keys_path: .ssh/authorized_keys\n"
        'removed services (ssh) "SFTP service" [services/9ac4-1054]\n'
        "    - name: SFTP service\n"
        "    - type: ssh\n"
        "    - port: 10022\n"
        'renamed groups "partners" [groups/0d1e] → [groups/5f6a]\n'
        'added vault-items (ssh-private) "SSH Private Key" [vault-items/fe05dc22]\n'
        "    + name: SSH Private Key\n"
        "    + type: ssh-private\n"
        "    + content: <redacted>\n"
        "\n"
        "sections: 1 changed, 1 added, 1 removed, 1 renamed; 10 options differ\n"
    )


def test_review_text_with_secrets_and_colour() -> None:
    a = sc.loads("[accounts/1]\nname = a\npassword = old\n")
    b = sc.loads("[accounts/1]\nname = a\npassword = new\nkey =\n    x\n    y\n")
    assert render_text(diff(a, b), show_secrets=True, color=True) == (
        '\x1b[1mchanged accounts "a" [accounts/1]\x1b[0m\n'
        "\x1b[33m    ~ password: old → new\x1b[0m\n"
        "\x1b[32m    + key:\x1b[0m\n"
        "\x1b[32m        x\x1b[0m\n"
        "\x1b[32m        y\x1b[0m\n"
        "\n"
        "\x1b[2msection: 1 changed; 2 options differ\x1b[0m\n"
    )


def test_empty_values_and_empty_diff() -> None:
    a = sc.loads("[s]\ndescription =\n")
    b = sc.loads("[s]\ndescription = now set\n")
    assert render_text(diff(a, b)).splitlines()[1:] == [
        '    ~ description: "" → now set',
        "",
        "section: 1 changed; 1 option differs",
    ]
    assert render_text(diff(a, a)) == ""


def test_json_projection() -> None:
    data = to_json(diff(sc.loads(OLD), sc.loads(NEW)))
    assert data["summary"] == {
        "sections_changed": 1,
        "sections_added": 1,
        "sections_removed": 1,
        "sections_renamed": 1,
        "options": 10,
    }
    changes = data["changes"]
    assert changes[0] == {
        "op": "set",
        "section": "accounts/7f9935e4-b36d",
        "kind": "accounts",
        "type": None,
        "label": "alice",
        "option": "password",
        "old": "<redacted>",
        "new": "<redacted>",
        "secret": True,
    }
    assert changes[2]["lines"] == [
        {"change": " ", "text": ""},
        {"change": "-", "text": "allow-read"},
        {"change": "+", "text": "allow-full-control"},
        {"change": " ", "text": "*.exe, deny-full-control"},
    ]
    assert changes[5] == {
        "op": "rename-section",
        "section": "groups/0d1e",
        "kind": "groups",
        "type": None,
        "label": "partners",
        "new_name": "groups/5f6a",
        "options": {"name": "partners", "description": "external"},
    }
    assert changes[6]["options"]["content"] == "<redacted>"
    shown = to_json(diff(sc.loads(OLD), sc.loads(NEW)), show_secrets=True)["changes"]
    assert (shown[0]["old"], shown[0]["new"]) == ("$6$canary-old", "$6$canary-new")


@pytest.mark.parametrize(
    ("kind", "option", "secret"),
    [
        ("accounts", "password", True),
        ("accounts", "PASSWORD", True),
        ("resources", "bind_password", True),
        ("locations", "passphrase", True),
        ("resources", "api_token", True),
        ("resources", "client_secret", True),
        ("event-handlers", "token", True),
        ("services", "ssl_key", True),
        ("locations", "ssh_private_key", True),
        ("accounts", "ssh_authorized_keys_content", True),
        ("vault-items", "content", True),
        ("server", "product_key", True),
        ("accounts", "content", False),
        ("security-policies", "password_minimum_length", False),
        ("accounts", "allow_own_password_change", False),
        ("accounts", "last_password_update", False),
        ("services", "ssh_authorized_keys_path", False),
        ("resources", "routing_key", False),
        ("accounts", "name", False),
        ("accounts", "multi_factor_authentication", True),  # from the schema only
    ],
)
def test_is_secret(kind: str, option: str, secret: bool) -> None:
    assert is_secret(kind, None, option) is secret


def test_the_schema_decides_per_type_and_the_names_remain_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert is_secret("locations", "sftp", "password")
    assert is_secret("locations", "SFTP", "Password")
    assert is_secret("event-handlers", None, "passphrase")

    def missing() -> None:
        raise SchemaNotFoundError("no schema here")

    monkeypatch.setattr(secrets, "load_catalog", missing)
    assert is_secret("accounts", None, "password")
    assert is_secret("vault-items", None, "content")
    assert is_secret("accounts", None, "multi_factor_authentication")  # by its name too


def test_inline_private_keys_are_secret_under_any_name() -> None:
    assert looks_secret("----BEGIN RSA PRIVATE KEY-----\nabc")
    assert not looks_secret("-----BEGIN CERTIFICATE-----\nabc")
    a = sc.loads("[services/s]\nssl_certificate = a.pem\n")
    b = sc.loads("[services/s]\nssl_certificate =\n    -----BEGIN PRIVATE KEY-----\n    MIIE\n")
    assert "MIIE" not in render_text(diff(a, b))
    assert "MIIE" in render_text(diff(a, b), show_secrets=True)


def test_inputs_are_not_changed() -> None:
    a, b = sc.loads(OLD), sc.loads(NEW)
    diff(a, b)
    assert (a.dumps(), b.dumps()) == (OLD, NEW)


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_file_rebuilt_from_nothing(path: Path) -> None:
    doc = sc.load(path)
    assert list(diff(doc, sc.load(path))) == []
    rebuilt = apply(diff(sc.loads(""), doc), sc.loads(""))
    assert rebuilt.conflicts == ()
    assert rebuilt.document.to_dict() == doc.to_dict()


def test_control_characters_in_values_cannot_drive_the_terminal() -> None:
    a = sc.loads("[s]\nbanner = hi\n")
    b = sc.loads("[s]\nbanner = \x1b[2Jhi\tthere\n")
    assert render_text(diff(a, b)).splitlines()[1] == "    ~ banner: hi → \\x1b[2Jhi\tthere"
