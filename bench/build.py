"""Per-node generation benchmark (run by hand, not in CI).

Builds 100 nodes from a generated 10k-account base (``bench/generate.py``),
in both inventory modes, and measures in one run:

* baseline: the round trip of the base (``load`` + ``dumps``);
* build: ``load_inventory`` + ``build`` (every file made and checked in memory);
* write: ``write_outputs`` into an empty folder;
* rewrite: the same build again, written over the first output (nothing
  changes, so nothing is written).

Prints medians of N runs and ratios to the baseline. The target is a total
(build + write) of at most 5 s for 100 per-node files.
Usage: ``python -m bench.build [--runs 3] [--nodes 100] [--accounts 10000]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import sftpplus_config as sc
from bench.generate import ensure
from sftpplus_config.inventory import build, load_inventory, write_outputs

DATA = Path(__file__).resolve().parent / "data"


def inventory_text(nodes: int, mode: str) -> str:
    parts = [f'[cluster]\nbase = "base.ini"\nmode = "{mode}"\n\n[cluster.variables]\nzone = "z"\n']
    for n in range(nodes):
        parts.append(
            f'\n[[nodes]]\nname = "node-{n:03d}"\n'
            f'host = {{ name = "sftp-{n:03d}", fqdn = "sftp-{n:03d}.example.com" }}\n'
            f'[nodes.options."server"]\nuuid = "8a8e3c6a-2d7d-4b4f-9f3e-{n:012d}"\n'
        )
    return "".join(parts)


def median(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--accounts", type=int, default=10000)
    args = parser.parse_args()
    source = ensure(args.accounts, DATA)
    size_mb = source.stat().st_size / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(source, folder / "base.ini")
        baseline = median(lambda: sc.load(folder / "base.ini").dumps(), args.runs)
        print(f"base: {args.accounts} accounts, {size_mb:.1f} MB; {args.nodes} nodes")
        print(f"baseline (round trip of the base): {baseline * 1000:8.1f} ms")
        for mode in ("per-node", "shared-folder"):
            inventory = folder / f"{mode}.toml"
            inventory.write_text(inventory_text(args.nodes, mode), encoding="utf-8")

            def make(inv: Path = inventory) -> Mapping[str, str]:
                result = build(load_inventory(inv))
                assert result.ok, result.findings[:3]
                return result.files

            build_s = median(make, args.runs)
            files = make()
            out = folder / f"out-{mode}"

            def first_write(files: Mapping[str, str] = files, out: Path = out) -> None:
                shutil.rmtree(out, ignore_errors=True)
                write_outputs(files, out)

            write_s = median(first_write, args.runs)

            def rewrite(out: Path = out, make: Callable[[], Mapping[str, str]] = make) -> None:
                write_outputs(make(), out)

            rewrite_s = median(rewrite, args.runs)
            total = build_s + write_s
            megabytes = sum(len(t) for t in files.values()) / 1e6
            print(f"\n{mode}: {len(files)} files, {megabytes:.0f} MB")
            for label, seconds in (
                ("build (in memory, checked)", build_s),
                ("write (empty folder)", write_s),
                ("total build + write", total),
                ("second run (nothing written)", rewrite_s),
            ):
                print(f"  {label:30} {seconds * 1000:8.1f} ms  {seconds / baseline:6.1f}x baseline")
            verdict = "OK" if total <= 5.0 else "OVER"
            print(f"  target total <= 5 s: {verdict}")


if __name__ == "__main__":
    main()
