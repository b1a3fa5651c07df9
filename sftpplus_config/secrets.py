"""Which option values are secrets (redacted by ``diff`` unless asked).

:func:`is_secret` is the one place that decides. It asks the schema
catalog (options marked ``x-secret`` for their kind and type) and adds a
name-based rule for what the catalog does not list (undocumented options,
other versions, a missing schema): passwords, passphrases, tokens,
secrets, private keys, the ``content`` of vault items and inline SSH key
contents. When either says secret, the value is redacted.

:func:`looks_secret` is a second guard on the value itself: an inline PEM
private key is a secret whatever option holds it.
"""

from __future__ import annotations

import re

from .schema import SchemaNotFoundError, load_catalog

__all__ = ["REDACTED", "is_secret", "looks_secret"]

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
_PRIVATE_KEY = re.compile(r"BEGIN [A-Z0-9 ]*PRIVATE KEY")


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
    """True when the value itself is an inline private key."""
    return _PRIVATE_KEY.search(value) is not None


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
