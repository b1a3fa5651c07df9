"""Peak memory of every command, as a multiple of its input (run by hand,
not in CI).

Each command runs once in a fresh process (``sftpplus_config.cli.main``)
on the generated file of ``--accounts`` accounts (100k: 74 MB) and variants
of it with 1 % of the accounts changed (``bench/compare.py``), and the peak
resident memory of that process (VmHWM, Linux) is compared with the total
size of its input files. The budget is 8x the input plus 80 MB (the
interpreter and the schema) for every command.

Usage: ``python -m bench memory [--accounts 100000] [--only diff,merge]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.compare import build_folder, variant
from bench.generate import ensure
from bench.validate import child_env

DATA = Path(__file__).resolve().parent / "data"
BASE_MB = 80
PER_INPUT_BYTE = 8

_RUN = """\
import os, sys
from sftpplus_config.cli.main import main
code = main(sys.argv[1:])
with open(os.environ["BENCH_PEAK_FILE"], "w") as handle:
    handle.write(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
sys.exit(code)
"""


def commands(accounts: int, out: Path) -> dict[str, tuple[list[str], list[Path]]]:
    """Command name to (arguments, input files)."""
    a = ensure(accounts, DATA)
    b, c = variant(accounts, 1), variant(accounts, 2)
    override = out / "server.override.ini"
    override.write_text("[server]\nname = other\n", encoding="utf-8")
    edited = out / "edited.ini"
    shutil.copy(a, edited)
    folder = build_folder(accounts)
    return {
        "validate": (["validate", str(a)], [a]),
        "export": (["export", str(a)], [a]),
        "get": (["get", str(a), "server", "name"], [a]),
        "set": (["set", str(edited), "server", "name", "changed"], [a]),
        "diff": (["diff", str(a), str(b)], [a, b]),
        "merge3": (["merge3", str(a), str(b), str(c), "-o", str(out / "m3.ini")], [a, b, c]),
        "rebase": (["rebase", str(a), str(b), str(c), "-o", str(out / "rb.ini")], [a, b, c]),
        "merge": (["merge", str(a), str(override), "-o", str(out / "mg.ini")], [a]),
        "split": (
            ["split", str(a), str(b), "--base", str(out / "base.ini"), "--overrides", str(out)],
            [a, b],
        ),
        "render": (["render", str(a), "--var", "host.name=n1", "-o", str(out / "r.ini")], [a]),
        "assets": (["assets", str(a)], [a]),
        "check-cluster": (["check-cluster", str(a), "--nodes", "n1,n2"], [a]),
        "build": (
            ["build", str(folder / "inventory.toml"), "-o", str(out / "build")],
            [folder / "server.ini"],
        ),
    }


def peak_mb(args: list[str], env: dict[str, str], peak_file: Path) -> tuple[float, int]:
    env = {**env, "BENCH_PEAK_FILE": str(peak_file)}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return int(peak_file.read_text()) / 1024, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--only", help="comma-separated commands")
    args = parser.parse_args(argv)
    env = child_env()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        table = commands(args.accounts, out)
        wanted = args.only.split(",") if args.only else list(table)
        print(f"{'command':14} {'input MB':>9} {'peak MB':>8} {'peak/input':>10}  budget")
        for name in wanted:
            argv_, inputs = table[name]
            size = sum(os.path.getsize(path) for path in inputs) / 1e6
            peak, code = peak_mb(argv_, env, out / "peak")
            budget = PER_INPUT_BYTE * size + BASE_MB
            verdict = "ok" if peak <= budget else "OVER"
            ok = ok and peak <= budget
            print(
                f"{name:14} {size:9.1f} {peak:8.0f} {peak / size:9.1f}x  "
                f"≤ {budget:.0f} MB {verdict} (exit {code})"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
