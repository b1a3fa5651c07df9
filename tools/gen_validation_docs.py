"""Regenerate the tables of docs/validation.md from the code and the schema.

The page holds blocks between ``<!-- begin generated: NAME -->`` and
``<!-- end generated: NAME -->``; this script rewrites each block:

* ``rules``: the rule table (``sftpplus_config.validation.RULES``);
* ``missing-options``: the options a component cannot work without (the
  schema's ``required`` lists), which ``missing-option`` reports;
* ``references``: the options whose values name other sections, which
  ``dangling-reference`` checks, and the ids SFTPPlus provides itself.

Usage: ``python tools/gen_validation_docs.py [--check]`` (``--check`` exits
with 1 when the page is stale, without writing it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sftpplus_config.rules.references import builtin_ids, reference_options
from sftpplus_config.rules.schema import required_options
from sftpplus_config.schema import load_catalog
from sftpplus_config.validation import RULES

PAGE = ROOT / "docs" / "validation.md"
BLOCK = re.compile(
    r"(<!-- begin generated: (?P<name>[a-z-]+) -->\n).*?(<!-- end generated: (?P=name) -->)",
    re.DOTALL,
)


def _code(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{word}`" for word in words)


def rules_table() -> str:
    lines = ["| rule | group | severity | reports |", "|---|---|---|---|"]
    lines += [
        f"| [`{r.name}`](#{r.name}) | {r.group} | {r.severity} | {r.summary} |" for r in RULES
    ]
    return "\n".join(lines) + "\n"


def missing_options_table() -> str:
    catalog = load_catalog()
    lines = ["| section | type | needs |", "|---|---|---|"]
    for kind, type_, options in required_options(catalog):
        where = "[server]" if kind == "server" else f"[{kind}/…]"
        which = f"`{type_}`" if type_ is not None else "every type"
        if type_ is None and not catalog.types(kind):
            which = "—"
        lines.append(f"| {where} | {which} | {_code(options)} |")
    return "\n".join(lines) + "\n"


def references_table() -> str:
    catalog = load_catalog()
    lines = [
        "| section | option | types | names | also accepts |",
        "|---|---|---|---|---|",
    ]
    for row in reference_options(catalog):
        where = "[server]" if row.kind == "server" else f"[{row.kind}/…]"
        names = "any kind" if len(row.references) > 3 else _code(row.references)
        if row.many:
            names += ", comma-separated"
        if row.negatable:
            names += "; `!` excludes one"
        types = _code(row.types) if row.types else "all"
        lines.append(f"| {where} | `{row.option}` | {types} | {names} | {_code(row.words)} |")
    lines.append("")
    lines.append("Ids SFTPPlus provides itself (no section needed):")
    lines.append("")
    for kind, ids in sorted(builtin_ids(catalog).items()):
        lines.append(f"- {kind}: {_code(sorted(ids))}")
    return "\n".join(lines) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "rules": rules_table,
    "missing-options": missing_options_table,
    "references": references_table,
}


def render(text: str) -> str:
    """The page with every generated block brought up to date."""

    def replace(match: re.Match[str]) -> str:
        return match.group(1) + GENERATORS[match.group("name")]() + match.group(3)

    return BLOCK.sub(replace, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args()
    text = PAGE.read_text(encoding="utf-8")
    missing = set(GENERATORS) - {m.group("name") for m in BLOCK.finditer(text)}
    if missing:
        sys.stderr.write(f"{PAGE}: no generated block for {sorted(missing)}\n")
        return 1
    updated = render(text)
    if updated == text:
        return 0
    if args.check:
        sys.stderr.write(f"{PAGE} is stale: run python tools/gen_validation_docs.py\n")
        return 1
    PAGE.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
