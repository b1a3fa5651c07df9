"""Coverage-guided fuzzing with atheris (run by hand, not in CI).

    pip install atheris
    python fuzz/run.py loads -runs=1000000 fuzz/corpus/loads
    python fuzz/run.py edit -max_total_time=600

Targets (fuzz/targets.py): loads, edit, diff, merge3, render, validate,
explain, lookups, reporters, report_cli, outputs, merge3-sides.

The seed corpus is our own test corpus plus the vendor examples when
``../shared`` is present. Crashers found go to ``tests/fuzz_regressions/``
as regression inputs (``tests/test_fuzz_smoke.py`` replays them).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    import sftpplus_config

    # every module, the lazily imported ones (validation rules, the command
    # line) included, so that coverage guides the fuzzer through them too
    for module in pkgutil.walk_packages(sftpplus_config.__path__, "sftpplus_config."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    from fuzz.targets import TARGETS, run


def main() -> None:
    name = sys.argv[1]
    if name not in TARGETS:
        raise SystemExit(f"unknown target {name!r}; choose from {', '.join(sorted(TARGETS))}")

    def one(data: bytes) -> None:
        run(name, data)

    argv = [sys.argv[0], *sys.argv[2:]]
    atheris.Setup(argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
