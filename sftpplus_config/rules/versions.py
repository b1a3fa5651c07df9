"""Version rule: ``newer-than-target``, options that appeared in an SFTPPlus
version newer than the one the file is written for (``--target-version``),
from each option's ``x-since``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ._context import Context

__all__ = ["check", "parse_version"]

_VERSION = re.compile(r"\d+(\.\d+)*")


def parse_version(text: str) -> tuple[int, ...]:
    """``"5.12.0"`` as ``(5, 12, 0)``; ``"4.1"`` as ``(4, 1, 0)``.

    Raises ValueError for anything but dot-separated numbers.
    """
    stripped = text.strip()
    if not _VERSION.fullmatch(stripped):
        raise ValueError(f"not a version: {text!r} (write X.Y.Z, e.g. 5.12.0)")
    parts = tuple(int(part) for part in stripped.split("."))
    return parts + (0,) * (3 - len(parts))


def check(ctx: Context) -> Iterator[Finding]:
    """Options set in the file that the target version does not have."""
    target = ctx.target_version
    if target is None:
        return
    wanted = ".".join(map(str, target))
    newer: dict[str, tuple[int, ...] | None] = {}
    for info in ctx.sections:
        plan = info.plan
        if plan is None:
            continue
        specs = plan.specs
        for name in info.values:
            spec = specs.get(name)
            if spec is None or spec.since is None:
                continue
            since = newer.get(spec.since, ())
            if since == ():
                try:
                    parsed: tuple[int, ...] | None = parse_version(spec.since)
                except ValueError:
                    parsed = None
                since = newer[spec.since] = parsed
            if since is not None and since > target:
                yield ctx.finding(
                    "newer-than-target",
                    f"`{name}` appeared in SFTPPlus {spec.since}; "
                    f"the target version {wanted} does not know it",
                    ctx.key_span(info, name),
                    section=info.name,
                    option=name,
                    hint=f"remove it, or target SFTPPlus {spec.since} or later",
                )
