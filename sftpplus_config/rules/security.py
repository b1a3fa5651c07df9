"""Security rules: ``plaintext-password`` and ``inline-private-key``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ._context import Context

__all__ = ["HASHED_PASSWORDS", "check", "is_password_hash"]

#: The options where SFTPPlus accepts a password hash (and so should never
#: see the password itself), per kind. Elsewhere a ``password`` is a
#: credential SFTPPlus sends to another system, which it needs in clear.
HASHED_PASSWORDS: dict[str, str] = {
    "accounts": "password",
    "administrators": "password",
    "cluster-nodes": "password",
}

# Modular crypt format: $id$[params$]salt$hash, as SFTPPlus writes them
# (crypt-sha512 `$6$`, crypt-sha256 `$5$`, pbkdf2 `$pbkdf2-sha512$`) and the
# other schemes crypt(3) and passlib use (`$1$`, `$2b$`, `$argon2id$`...).
_HASH = re.compile(
    r"\$(1|2[abxy]?|5|6|7|y|gy|md5|sha1|apr1|scrypt|argon2(i|d|id)|pbkdf2(-sha(1|256|512))?)"
    r"\$[^\s$]*(\$[^\s$]*)*"
)
# The first line of a PEM (or OpenPGP armoured) private key.
_PRIVATE_KEY = re.compile(r"-{3,}BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-{3,}")


def is_password_hash(value: str) -> bool:
    """Whether ``value`` looks like a modular-crypt password hash."""
    return _HASH.fullmatch(value.strip()) is not None


def check(ctx: Context) -> Iterator[Finding]:
    """Plain-text passwords where a hash belongs, private keys written inline."""
    # one fast search of the whole text spares looking into every value
    keys_inline = "PRIVATE KEY" in ctx.doc.dumps()
    for info in ctx.sections:
        values = info.values
        option = HASHED_PASSWORDS.get(info.kind or "")
        if option is not None:
            password = values.get(option, "")
            if password and not is_password_hash(password):
                yield ctx.finding(
                    "plaintext-password",
                    f"`{option}` holds a plain-text password; SFTPPlus accepts "
                    "a password hash here",
                    ctx.value_span(info, option),
                    section=info.name,
                    option=option,
                    hint="store a hash instead, such as the output of "
                    "`mkpasswd --method=sha-512` (`$6$…`), so that reading the "
                    "file does not give the password away",
                )
        if not keys_inline:
            continue
        for name, value in values.items():
            if "PRIVATE KEY" not in value:
                continue
            match = _PRIVATE_KEY.search(value)
            if match is None:
                continue
            yield ctx.finding(
                "inline-private-key",
                f"`{name}` holds a private key written inline in the configuration",
                ctx.item_span(info, name, match.group()),
                section=info.name,
                option=name,
                hint="move the key to a file that only SFTPPlus can read and write "
                f"`{name} = external-file:/path/to/key.pem`",
            )
