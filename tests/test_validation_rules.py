"""Each rule: a failing input (rule, line, column) and a passing one, plus the
edge cases of each rule group."""

from __future__ import annotations

import pytest

import sftpplus_config as sc
from sftpplus_config.findings import Finding
from sftpplus_config.rules.security import is_password_hash
from sftpplus_config.validation import validate

SSH = "[services/s1]\nname = sftp\ntype = ssh\nport = 10022\n"


def run(text: str, **options: object) -> list[Finding]:
    return list(validate(sc.loads(text, path="server.ini"), **options).findings)  # type: ignore[arg-type]


def where(findings: list[Finding], rule: str | None = None) -> list[tuple[str, int, int]]:
    return [
        (f.rule, f.span.line, f.span.column) for f in findings if rule is None or f.rule == rule
    ]


# (rule, failing text, line, column, passing text, validate options)
CASES: list[tuple[str, str, int, int, str, dict[str, object]]] = [
    ("syntax-error", "[server]\nname = a\nnot an option\n", 3, 1, "[server]\nname = a\n", {}),
    (
        "duplicate-section",
        "[server]\nname = a\n[server]\nuuid = b\n",
        3,
        1,
        "[server]\nname = a\nuuid = b\n",
        {},
    ),
    ("duplicate-option", "[server]\nname = a\nNAME = b\n", 3, 1, "[server]\nname = a\n", {}),
    (
        "option-outside-section",
        "name = a\n[server]\n",
        1,
        1,
        "[server]\nname = a\n",
        {},
    ),
    (
        "indented-option",
        "[server]\nname = a\n  uuid = 123\n",
        3,
        3,
        "[server]\nname = a\nuuid = 123\n",
        {},
    ),
    ("unknown-kind", "[acounts/a1]\nname = a\n", 1, 1, "[accounts/a1]\nname = a\n", {}),
    (
        "unknown-type",
        "[services/s1]\nname = sftp\ntype =  SSHH\nport = 22\n",
        3,
        9,
        "[services/s1]\nname = sftp\ntype =  SSH\nport = 22\n",
        {},
    ),
    (
        "unknown-option",
        "[accounts/a1]\nname = a\nhome_folder = /srv\n",
        3,
        1,
        "[accounts/a1]\nname = a\nhome_folder_path = /srv\n",
        {},
    ),
    (
        "invalid-value",
        "[services/s1]\nname = sftp\ntype = ssh\nport : 70000\n",
        4,
        8,
        "[services/s1]\nname = sftp\ntype = ssh\nport : 7000\n",
        {},
    ),
    (
        "missing-option",
        "\n[services/s1]\nname = sftp\ntype = ssh\n",
        2,
        1,
        SSH,
        {},
    ),
    (
        "dangling-reference",
        "[accounts/a1]\nname = a\ngroup = g1, g2\n\n[groups/g1]\nname = G\n",
        3,
        13,
        "[accounts/a1]\nname = a\ngroup = g1\n\n[groups/g1]\nname = G\n",
        {},
    ),
    (
        "duplicate-name",
        "[groups/g1]\nname = G\n\n[groups/g2]\nname =  G \n",
        5,
        9,
        "[groups/g1]\nname = G\n\n[groups/g2]\nname = H\n",
        {},
    ),
    (
        "port-conflict",
        SSH + "\n[services/s2]\nname = ftp\ntype = ftp\nport = 10022\n",
        9,
        8,
        SSH + "\n[services/s2]\nname = ftp\ntype = ftp\nport = 10022\nenabled = no\n",
        {},
    ),
    (
        "newer-than-target",
        SSH + "block_source_at_connection = yes\n",
        5,
        1,
        SSH + "block_source_at_connection = yes\n",
        {"target_version": "5.18.0"},
    ),
    (
        "removed-option",
        "[services/s1]\nname = sftp\ntype = ssh\nport = 22\nbanner = Hello\n",
        5,
        1,
        "[services/s1]\nname = sftp\ntype = ssh\nport = 22\n",
        {},
    ),
    (
        "renamed-option",
        "[administrators/a1]\nname = admin\nrole = r1\n\n[roles/r1]\nname = R\n",
        3,
        1,
        "[administrators/a1]\nname = admin\nroles = r1\n\n[roles/r1]\nname = R\n",
        {},
    ),
    (
        "deprecated-option",
        SSH + "rsa_public_key = configuration/ssh_host_rsa_key.pub\n",
        5,
        1,
        SSH,
        {},
    ),
    (
        "ignored-option",
        "[transfers/t1]\nname = t\nminimum_transfer_interval = 900\n",
        3,
        1,
        "[transfers/t1]\nname = t\nminimum_transfer_count = 2\nminimum_transfer_interval = 900\n",
        {},
    ),
    (
        "invalid-section-id",
        "[groups/g|1]\nname = G\n",
        1,
        1,
        "[groups/g-1]\nname = G\n",
        {},
    ),
    (
        "wrong-reference-type",
        (
            "[event-handlers/e1]\nname = e\ntype = openpgp\nencryption_public_keys = k1\n"
            "\n[vault-items/k1]\nname = k\ntype = pgp-private\ncontent = external-file:k.asc\n"
        ),
        4,
        26,
        (
            "[event-handlers/e1]\nname = e\ntype = openpgp\nencryption_public_keys = k1\n"
            "\n[vault-items/k1]\nname = k\ntype = pgp-public\ncontent = external-file:k.asc\n"
        ),
        {"select": ["references"]},
    ),
    (
        "plaintext-password",
        "[administrators/a1]\nname = admin\npassword = hunter2\n",
        3,
        12,
        "[administrators/a1]\nname = admin\npassword = $5$rounds=80000$iv74TLS39uaogCZA$CfnjEw\n",
        {},
    ),
    (
        "inline-private-key",
        "[vault-items/v1]\nname = k\ntype = ssh-private\ncontent = -----BEGIN EC PRIVATE KEY-----\n",
        4,
        11,
        "[vault-items/v1]\nname = k\ntype = ssh-private\ncontent = external-file:k.pem\n",
        {},
    ),
]


@pytest.mark.parametrize(
    ("rule", "failing", "line", "column", "passing", "options"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_rule_fails_at_its_position_and_passes_when_fixed(
    rule: str, failing: str, line: int, column: int, passing: str, options: dict[str, object]
) -> None:
    failing_options = dict(options)
    if rule == "newer-than-target":
        failing_options["target_version"] = "5.17.9"
    assert where(run(failing, **failing_options)) == [(rule, line, column)]
    assert run(passing, **options) == []


def test_every_rule_of_this_feature_has_a_case() -> None:
    from sftpplus_config.validation import RULE_GROUPS

    covered = {case[0] for case in CASES}
    ours = {
        name
        for group in ("syntax", "schema", "references", "versions", "security")
        for name in RULE_GROUPS[group]
    }
    assert covered == ours


# -- syntax --------------------------------------------------------------------------
def test_indented_line_that_is_no_option_of_the_section_is_value_text() -> None:
    text = (
        "[event-handlers/e1]\nname = h\ntype = http\nurl = https://x/y\ndescription = c\n  a = b\n"
    )
    assert run(text) == []


def test_indented_option_counts_the_options_of_every_type_when_the_type_is_unknown() -> None:
    text = "[services/s1]\nname = s\ntype = nope\nport = 1\ndescription = x\n  sftp = no\n"
    assert where(run(text)) == [("unknown-type", 3, 8), ("indented-option", 6, 3)]


def test_indented_option_in_an_unknown_kind_is_not_reported() -> None:
    assert where(run("[nope/x]\na = 1\n  name = b\n")) == [("unknown-kind", 1, 1)]


def test_duplicate_findings_name_the_first_place() -> None:
    (finding,) = run("[server]\nname = a\nName = b\n")
    assert [(r.span.line, r.file) for r in finding.related] == [(2, "server.ini")]


# -- schema ----------------------------------------------------------------------------
def test_unknown_type_checks_common_options_and_lets_other_types_options_through() -> None:
    text = "[services/s1]\ntype = nope\nport = x\nsftp = maybe\nbogus = 1\n"
    assert where(run(text)) == [
        ("unknown-type", 2, 8),
        ("invalid-value", 3, 8),
        ("unknown-option", 5, 1),
    ]


def test_missing_type_is_a_missing_option_except_where_the_kind_has_a_default() -> None:
    found = run("[services/s1]\nport = 22\n")
    assert [(f.rule, f.option) for f in found] == [("missing-option", "type")]
    assert run("[accounts/a1]\nname = a\nhome_folder_path = /srv\n") == []


def test_unknown_option_names_the_types_that_have_it() -> None:
    (finding,) = run("[services/s1]\nname = s\ntype = ftp\nport = 21\nscp = yes\n")
    assert finding.hint == "`scp` is an option of services of type `ssh`"


def test_invalid_secret_values_are_not_repeated() -> None:
    (finding,) = run("[accounts/a1]\nname = a\nmulti_factor_authentication = hunter2\n")
    assert finding.rule == "invalid-value"
    assert finding.message == (
        "invalid value for `multi_factor_authentication`: expected a URL starting with `otpauth://`"
    )


def test_invalid_word_gets_a_did_you_mean() -> None:
    (finding,) = run("[server]\npassword_hashing_scheme = crypt-sha521\n")
    assert finding.hint == "did you mean `crypt-sha512`?"
    assert finding.message.startswith("invalid value `crypt-sha521` for `password_hashing_scheme`")


def test_unknown_kind_messages() -> None:
    found = run("[DEFAULT]\n[server/x]\n[accounts/]\n")
    assert [(f.rule, f.span.line, f.hint) for f in found] == [
        ("unknown-kind", 1, "see `sftpplus-config explain`"),
        ("unknown-kind", 2, "write [server]"),
        ("unknown-kind", 3, "write [accounts/<id>], the id usually being a UUID"),
    ]


def test_only_the_first_of_duplicate_sections_is_checked() -> None:
    found = run("[server]\nname = a\n[server]\nbogus = 1\n")
    assert where(found) == [("duplicate-section", 3, 1)]


# -- references --------------------------------------------------------------------------
def test_references_skip_words_builtin_ids_and_negation() -> None:
    text = (
        "[event-handlers/e1]\nname = e\ntype = local-file\npath = x.log\n"
        "cluster_activation = all\ncomponents = !s1, s1\n"
        "user_groups = g1, r1\n\n"
        "[services/s1]\nname = s\ntype = ssh\nport = 22\nsecurity_policy = DEFAULT-SECURITY-POLICY\n"
        "\n[groups/g1]\nname = g\n\n[roles/r1]\nname = r\n"
        "\n[administrators/a1]\nname = admin\nroles = DEFAULT-ROLE\n"
    )
    assert run(text) == []


def test_dangling_reference_hints() -> None:
    base = "[groups/AbC]\nname = Partners\n\n"
    hints = {
        value: run(base + f"[accounts/a1]\nname = a\ngroup = {value}\n")[0].hint
        for value in ("abc", "Partners", "AbD")
    }
    assert hints == {
        "abc": "ids are case-sensitive: did you mean `AbC`?",
        "Partners": "`Partners` is the name of [groups/AbC]; refer to it by its id `AbC`",
        "AbD": "did you mean `AbC`?",
    }


def test_dangling_reference_on_a_continuation_line() -> None:
    text = "[server]\nauthentications = a1,\n    a2\n\n[authentications/a1]\ntype = application\n"
    assert where(run(text)) == [("dangling-reference", 3, 5)]


def test_malformed_reference_is_an_invalid_value_only() -> None:
    text = "[transfers/t1]\nname = t\nsource_uuid = not an id\n"
    assert where(run(text)) == [("invalid-value", 3, 15)]


def test_partial_files_have_no_missing_options_or_dangling_references() -> None:
    text = "[services/s1]\nname = s\ntype = ssh\nsecurity_policy = p1\n"
    assert where(run(text)) == [("missing-option", 1, 1), ("dangling-reference", 4, 19)]
    assert run(text, partial=True) == []


def test_duplicate_name_points_at_the_first_one() -> None:
    (finding,) = run("[roles/r1]\nname = R\n[roles/r2]\nname = R\n")
    assert [(r.span.line, r.span.column) for r in finding.related] == [(2, 8)]
    assert run("[roles/r1]\nname = R\n[groups/g1]\nname = R\n") == []


@pytest.mark.parametrize(
    ("one", "two", "conflict"),
    [
        ("", "", True),  # both on the default 127.0.0.1
        ("address = 0.0.0.0\n", "address = 10.0.0.1\n", True),
        ("address = ::\n", "address = fe80::1\n", True),
        ("address = 0.0.0.0\n", "address = fe80::1\n", False),
        ("address = 10.0.0.1\n", "address = 10.0.0.2\n", False),
        ("enabled = no\n", "", False),
    ],
)
def test_port_conflicts(one: str, two: str, conflict: bool) -> None:
    text = SSH + one + "\n[services/s2]\nname = s2\ntype = http\nport = 10022\n" + two
    assert [f.rule for f in run(text)] == (["port-conflict"] if conflict else [])


# -- versions --------------------------------------------------------------------------
def test_versions_only_with_a_target() -> None:
    text = SSH + "block_source_at_connection = yes\n"
    assert run(text) == []
    assert run(text, target_version="5.18") == []
    assert run(text, target_version=(5, 17, 99))[0].rule == "newer-than-target"
    with pytest.raises(ValueError, match="not a version"):
        run(text, target_version="5.x")


# -- security --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "$6$rounds=80000$GE5tScXoFSfkMgBd$cDi7KLiu8X5gKkXC8d9FblkKG46p",
        "$5$H9V1qKBj/2Xx7tTT$xEvdSQWQ94G3okDS2XCnJ580I2W7X",
        "$pbkdf2-sha512$25000$c2FsdA$aGFzaA",
        "$2b$12$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    ],
)
def test_password_hashes_are_accepted(value: str) -> None:
    assert is_password_hash(value)
    assert run(f"[accounts/a1]\nname = a\npassword = {value}\n") == []


@pytest.mark.parametrize("value", ["secret", "$6 secret", "$6$salt$ hash", "$$$"])
def test_plaintext_passwords(value: str) -> None:
    assert not is_password_hash(value)


def test_passwords_sent_to_other_systems_are_not_reported() -> None:
    text = (
        "[locations/l1]\nname = l\ntype = smb\naddress = h\nusername = u\npassword = secret\n"
        "\n[accounts/a1]\nname = a\npassword =\n"
    )
    assert run(text) == []


@pytest.mark.parametrize(
    "header",
    [
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----",
        "----BEGIN RSA PRIVATE KEY-----",  # the vendor's AS2 example misses a dash
    ],
)
def test_inline_private_keys(header: str) -> None:
    text = f"[vault-items/v1]\nname = k\ntype = pgp-private\ncontent =\n  {header}\n  AAAA\n"
    assert where(run(text)) == [("inline-private-key", 5, 3)]


def test_public_keys_and_certificates_are_fine_inline() -> None:
    text = (
        "[vault-items/v1]\nname = k\ntype = trusted-certificates\ncontent =\n"
        "  -----BEGIN CERTIFICATE-----\n  AAAA\n  -----END CERTIFICATE-----\n"
    )
    assert run(text) == []
