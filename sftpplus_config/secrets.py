"""The redaction policy: which option values are secrets.

Every command and reporter asks this module, and only this module, before it
shows a value (``diff``, ``merge --explain``, ``invalid-value`` findings,
variables findings...). A value is a secret when any of these says so:

* the schema catalog (options marked ``x-secret`` for their kind and type);
* the option's name ([`is_secret`][sftpplus_config.secrets.is_secret]), for
  what the catalog
does not list
  (undocumented options, other versions, a missing schema): passwords,
  passphrases, tokens, secrets, private keys, product keys, second-factor
  secrets, the ``content`` of vault items, inline SSH key contents;
* the value's shape ([`looks_secret`][sftpplus_config.secrets.looks_secret]),
  whatever option
holds it: a PEM
  or OpenPGP private key block, a URL with user information
  (``https://user:pw@host``), an ``otpauth://`` URL, an HTTP authentication
  header (``Authorization:``, ``Cookie:``, ``X-Api-Key:``, ``*-Token:``...).

[`is_secret_value`][sftpplus_config.secrets.is_secret_value] combines the
three; [`shown`][sftpplus_config.secrets.shown] gives the text a report may
print for a value.
"""

from __future__ import annotations

import re

from .schema import SchemaNotFoundError, load_catalog

__all__ = ["REDACTED", "is_secret", "is_secret_value", "looks_secret", "shown"]

REDACTED = "<redacted>"
"""What a secret value is shown as."""

_SECRET_NAMES = frozenset(
    {
        "password",
        "passphrase",
        "secret",
        "token",
        "api_key",
        "private_key",
        "product_key",
        "multi_factor_authentication",
        "ssl_key",
        "ssh_authorized_keys_content",
    }
)
_SECRET_SUFFIXES = (
    "_password",
    "_passphrase",
    "_secret",
    "_token",
    "_api_key",
    "_secret_key",
    "_access_key",
    "_private_key",
    "_private_keys",
    "_keys_content",
    "_key_content",
)
_SECRET_CONTENT_KINDS = frozenset({"vault-items"})
# What a value looks like when it holds a secret, wherever it stands in it:
# a PEM/OpenPGP private key (its first line), user information in a URL, a
# second-factor URL, an HTTP header carrying credentials.
_SECRET_SHAPES = re.compile(
    r"BEGIN [A-Z0-9 ]*PRIVATE KEY"
    r"|[A-Za-z][A-Za-z0-9+.\-]*://[^/\s@?#]+@"
    r"|otpauth://"
    r"|(?:^|[\s,;\"'{])(?:proxy-)?(?:authorization|cookie|set-cookie"
    r"|[A-Za-z0-9_]*-?(?:api|auth|access|secret|session)[-_]?(?:key|token)"
    r"|[A-Za-z0-9_-]+-(?:key|token|secret|signature))[\"']?\s*[:=]",
    re.IGNORECASE,
)


def is_secret(kind: str | None, type: str | None, option: str) -> bool:
    """True when ``option`` of a ``[kind/…]`` section of the given ``type``
    holds a secret (a password, a key, a token...).

    ``kind`` is the part of the section name before ``/`` (``server`` for
    ``[server]``), ``type`` the section's ``type`` option (or None), and
    ``option`` the option name in any case. Options that only *configure*
    passwords (``password_minimum_length``, ``allow_own_password_change``)
    are not secrets.
    """
    name = option.lower()
    if kind is not None and _marked_secret(kind, type, name):
        return True
    if name == "content" and kind in _SECRET_CONTENT_KINDS:
        return True
    return name in _SECRET_NAMES or name.endswith(_SECRET_SUFFIXES)


def looks_secret(value: str) -> bool:
    """True when the value itself has the shape of a secret (see the module
    docs): an inline private key, URL user information, an ``otpauth://``
    URL, a credentials header."""
    return _SECRET_SHAPES.search(value) is not None


def is_secret_value(kind: str | None, type: str | None, option: str, value: str) -> bool:
    """The redaction policy for one value: secret by the schema, by the
    option's name or by the value's shape."""
    return is_secret(kind, type.strip().lower() if type else None, option) or looks_secret(value)


def shown(kind: str | None, type: str | None, option: str, value: str) -> str:
    """``value``, or [`REDACTED`][sftpplus_config.secrets.REDACTED] when the
    policy says it is a secret."""
    return REDACTED if is_secret_value(kind, type, option, value) else value


def _marked_secret(kind: str, type: str | None, name: str) -> bool:
    """What the schema catalog says (False when the schema files are absent).
    Without a known type, the kind's default type counts, then any of its
    types: redacting too much is the safe side."""
    try:
        catalog = load_catalog()
    except SchemaNotFoundError:
        return False
    canonical = catalog.canonical_type(kind, type) if type is not None else None
    if canonical is None:
        canonical = catalog.default_type(kind)
    spec = catalog.option(kind, canonical, name)
    if spec is not None:
        return spec.secret
    if type is not None and catalog.canonical_type(kind, type) is not None:
        return False
    return any(
        spec is not None and spec.secret
        for spec in (catalog.option(kind, other, name) for other in catalog.types(kind))
    )
