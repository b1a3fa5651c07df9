"""SFTPPlus override files: the effective configuration of ``server.ini``
plus ``server.override.ini`` files (PRODUCT.md §7).

Each option of an override replaces the same option (names compared without
case) of the same section of the base; options the base lacks are added
after the section's last option; sections the base lacks are added at the
end (an empty override section adds an empty section). The base's
formatting and comments are kept.
"""

from __future__ import annotations

from .api import loads
from .syntax import Document

__all__ = ["apply_overrides"]


def apply_overrides(base: Document, *overrides: Document) -> Document:
    """A new document: ``base`` with every override applied in order.
    ``base`` and the overrides are not changed."""
    merged = loads(base.dumps(), path=base.path)
    for override in overrides:
        for section in override.sections:
            assert section.name is not None
            if section.name not in merged:
                merged.add_section(section.name)
            for option in section.options():
                merged.set(section.name, option.raw_key, option.value)
    return merged
