"""The override merge core."""

from __future__ import annotations

import sftpplus_config as sc
from sftpplus_config.overrides import apply_overrides

BASE = "; base\n[server]\nname = a\nuuid = 1\n\n[services/s]\nport = 22\n"


def test_override_replaces_and_adds_and_keeps_formatting() -> None:
    base = sc.loads(BASE)
    override = sc.loads("[server]\nUUID = 2\nextra = x\n[groups/g]\nname = G\n")
    merged = apply_overrides(base, override)
    assert merged.dumps() == (
        "; base\n[server]\nname = a\nuuid = 2\nextra = x\n\n[services/s]\nport = 22\n"
        "\n[groups/g]\nname = G\n"
    )
    assert base.dumps() == BASE


def test_later_overrides_win() -> None:
    merged = apply_overrides(
        sc.loads(BASE), sc.loads("[server]\nname = b\n"), sc.loads("[server]\nname = c\n")
    )
    assert merged["server"]["name"] == "c"


def test_an_empty_override_section_adds_the_section() -> None:
    merged = apply_overrides(sc.loads("[server]\nname = a\n"), sc.loads("[groups/g]\n"))
    assert merged.dumps() == "[server]\nname = a\n\n[groups/g]\n"
    assert merged.to_dict() == {"server": {"name": "a"}, "groups/g": {}}
