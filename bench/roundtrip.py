"""Round-trip benchmark (run by hand, not in CI).

For generated files of 1k, 10k and 100k accounts, in one run:

* floor: read the file, split its lines, match one regex a line;
* ours, round trip: ``load`` + ``dumps`` (sections parsed lazily);
* ours, all values: ``load`` + ``to_dict`` (every value read, no nodes
  built: what validation pays);
* ours, all nodes: ``load`` + ``parse_all`` + ``dumps`` (every node built);
* configparser: ``RawConfigParser.read`` (lossy);
* configupdater (when installed): ``read`` + ``str``, 10k and below.

Prints medians of N runs and ratios to the floor measured in the same run,
then the peak memory (max RSS) of a fresh process doing the round trip on
the largest file.

With ``--tiny N`` it also measures a file of N tiny sections (one short
option each, the hostile shape where per-section costs dominate): the
floor, the round trip, one edit (``load`` + read one value + ``set`` one
value + ``dumps``), all values (every section made), and the peak memory of
a fresh process that loads, edits one value and saves.

Usage: ``python -m bench.roundtrip [--runs 5] [--sizes 1000,10000,100000] [--tiny 1000000]``.
"""

from __future__ import annotations

import argparse
import configparser
import gc
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sftpplus_config as sc
from bench.generate import ensure, ensure_tiny

DATA = Path(__file__).resolve().parent / "data"
FLOOR_LINE = re.compile(r"\s*(\[[^\]]*\]|[^=:\s]+\s*[=:])")


def floor(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    match = FLOOR_LINE.match
    for line in text.split("\n"):
        match(line)


def ours_round_trip(path: Path) -> None:
    sc.load(path).dumps()


def ours_all_values(path: Path) -> None:
    sc.load(path).to_dict()


def ours_all_nodes(path: Path) -> None:
    doc = sc.load(path)
    doc.parse_all()
    doc.dumps()


def ours_one_edit(path: Path) -> None:
    """Read and set one value of the section in the middle of a tiny-sections
    file (bench.generate.ensure_tiny names them accounts/u0, accounts/u1, ...)."""
    doc = sc.load(path)
    name = f"accounts/u{len(doc) // 2}"
    assert doc[name]["name"] == f"u{len(doc) // 2}"
    doc.set(name, "name", "changed")
    doc.dumps()


def stdlib_configparser(path: Path) -> None:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.read(path, encoding="utf-8")


def configupdater_round_trip(path: Path) -> None:
    import configupdater

    updater = configupdater.ConfigUpdater(strict=False)
    updater.read(path, encoding="utf-8")
    str(updater)


def median_seconds(func: Callable[[Path], None], path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_ROUND_TRIP = "sc.load(sys.argv[1]).dumps()\n"
_EDIT_AND_SAVE = (
    "doc = sc.load(sys.argv[1])\n"
    "doc.set('accounts/u1', 'name', 'changed')\n"
    "doc.save(sys.argv[1] + '.out')\n"
)


def peak_rss_mb(path: Path, work: str = _ROUND_TRIP) -> float:
    """Peak RSS (VmHWM) of a fresh process that runs ``work`` on ``path``
    (by default: loads and dumps it).

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked
    parent (this benchmark, large after the runs above) across exec."""
    code = (
        "import sys, sftpplus_config as sc\n"
        + work
        + "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(status.split()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip()) / 1024


def tiny_sections(sections: int, runs: int) -> dict[str, float]:
    path = ensure_tiny(sections, DATA)
    mb = path.stat().st_size / 1e6
    row: dict[str, float] = {"MB": round(mb, 1)}
    base = row["floor_s"] = median_seconds(floor, path, runs)
    print(f"{sections} tiny sections ({mb:.1f} MB): floor {base * 1000:.1f} ms")
    cases: list[tuple[str, Callable[[Path], None]]] = [
        ("ours_round_trip", ours_round_trip),
        ("ours_one_edit", ours_one_edit),
        ("ours_all_values", ours_all_values),
    ]
    for name, func in cases:
        seconds = median_seconds(func, path, runs)
        row[f"{name}_s"] = seconds
        row[f"{name}_x_floor"] = seconds / base
        print(f"  {name:18} {seconds * 1000:8.1f} ms  {seconds / base:5.2f}x floor")
    for label, work in (("round_trip", _ROUND_TRIP), ("edit_and_save", _EDIT_AND_SAVE)):
        rss = row[f"peak_rss_mb_{label}"] = peak_rss_mb(path, work)
        budget = mb * 400 / 70  # the memory budget: 400 MB for a 70 MB file
        print(f"  peak RSS, fresh process, {label}: {rss:.0f} MB (budget scaled: {budget:.0f} MB)")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--tiny", type=int, default=0, help="sections of the tiny-sections file")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    try:
        import configupdater  # noqa: F401

        have_updater = True
    except ImportError:
        have_updater = False
    results: dict[str, object] = {"runs": args.runs, "sizes": {}}
    sizes = [int(s) for s in args.sizes.split(",")]
    for accounts in sizes:
        path = ensure(accounts, DATA)
        mb = path.stat().st_size / 1e6
        row: dict[str, float] = {"MB": round(mb, 1)}
        base = median_seconds(floor, path, args.runs)
        row["floor_s"] = base
        cases: list[tuple[str, Callable[[Path], None]]] = [
            ("ours_round_trip", ours_round_trip),
            ("ours_all_values", ours_all_values),
            ("ours_all_nodes", ours_all_nodes),
            ("configparser", stdlib_configparser),
        ]
        if have_updater and accounts <= 10000:
            cases.append(("configupdater", configupdater_round_trip))
        print(f"{accounts} accounts ({mb:.1f} MB): floor {base * 1000:.1f} ms")
        for name, func in cases:
            seconds = median_seconds(func, path, args.runs)
            row[f"{name}_s"] = seconds
            row[f"{name}_x_floor"] = seconds / base
            print(f"  {name:18} {seconds * 1000:8.1f} ms  {seconds / base:5.2f}x floor")
        results["sizes"][str(accounts)] = row  # type: ignore[index]
    largest = ensure(max(sizes), DATA)
    rss = peak_rss_mb(largest)
    results["peak_rss_mb_round_trip_largest"] = rss
    print(f"peak RSS, fresh process, round trip of {largest.name}: {rss:.0f} MB")
    if args.tiny:
        results["tiny"] = tiny_sections(args.tiny, args.runs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
