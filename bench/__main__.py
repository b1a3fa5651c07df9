"""``python -m bench NAME [options]``: run one benchmark (``compare``,
``roundtrip``, ``validate``, ``build``, ``growth``, ``memory``, ``lsp``)."""

from __future__ import annotations

import importlib
import sys

NAMES = ("compare", "roundtrip", "validate", "build", "growth", "memory", "lsp")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in NAMES:
        print(f"usage: python -m bench {{{','.join(NAMES)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.{argv[0]}")
    sys.argv = [f"bench {argv[0]}", *argv[1:]]
    result = module.main()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
