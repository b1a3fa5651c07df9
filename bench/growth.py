"""Growth factors per doubling of the input (run by hand, not in CI).

The unit tests check growth by counting work (lines of library code run,
memory allocated: ``tests/_work.py``), which misses work done inside one
C call. This benchmark times the same shapes and more, at N, 2N and 4N,
and prints ``time(2N) / time(N)`` for each doubling: ~2 is linear, ~4
quadratic. Medians of ``--runs`` runs, CPU time, each case in a fresh
process.

Cases: the hostile text shapes of ``tests/test_hostile.py`` (many sections,
many options, many continuation lines, many comments, one long line),
edits on a large file, and removal-heavy whole-file operations (merge3,
rebase and split where one side removes most sections), which must stay
linear too.

Usage: ``python -m bench.growth [--runs 5] [--scale 1.0] [--check]``.
With ``--check`` the exit status is 1 when a factor is above ``--limit``
(default 2.5).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import sftpplus_config as sc

Make = Callable[[int], Callable[[], object]]


def _round_trip(text: str) -> Callable[[], object]:
    def run() -> None:
        doc = sc.loads(text)
        doc.parse_all()
        for section in [doc.preamble, *doc.sections]:
            section._modified = True
        doc._edited = True
        doc.dumps()
        doc.problems()
        doc.to_dict()

    return run


def _shape(make_text: Callable[[int], str]) -> Make:
    return lambda n: _round_trip(make_text(n))


def _edits(n: int) -> Callable[[], object]:
    text = "".join(f"[a/{i}]\nx = {i}\n" for i in range(n))

    def run() -> None:
        doc = sc.loads(text)
        for i in range(0, n, 10):
            doc.set(f"a/{i}", "y", "1")
        _ = doc[f"a/{n - 1}"].span
        doc.dumps()

    return run


def _sections(n: int, keep: Callable[[int], bool] = lambda i: True) -> str:
    return "".join(
        f"[accounts/{i}]\nname = u{i}\nhome_folder_path = /srv/{i}\n\n" for i in range(n) if keep(i)
    )


def _merge3_removing(n: int) -> Callable[[], object]:
    from sftpplus_config.merge3 import merge3

    base = sc.loads(_sections(n))
    ours = sc.loads(_sections(n) + "[groups/g]\nname = g\n")
    theirs = sc.loads(_sections(n, lambda i: i % 10 == 0))  # removes 90 %
    return lambda: merge3(base, ours, theirs)


def _rebase_removing(n: int) -> Callable[[], object]:
    from sftpplus_config.diff import diff
    from sftpplus_config.patch import apply

    old_base = sc.loads(_sections(n))
    node = sc.loads(_sections(n, lambda i: i % 10 == 0))  # the node removed 90 %
    new_base = sc.loads(_sections(n) + "[groups/g]\nname = g\n")
    return lambda: apply(diff(old_base, node), new_base)


def _split_removing(n: int) -> Callable[[], object]:
    from sftpplus_config.split import split

    one = sc.loads(_sections(n))
    two = sc.loads(_sections(n, lambda i: i % 10 == 0))
    return lambda: split([one, two])


CASES: dict[str, tuple[Make, int]] = {
    "sections": (_shape(lambda n: "".join(f"[a/{i}]\nx = {i}\n" for i in range(n))), 50_000),
    "options": (_shape(lambda n: "[s]\n" + "".join(f"k{i} = v\n" for i in range(n))), 50_000),
    "continuations": (_shape(lambda n: "[s]\nk = v\n" + "  c\n" * n), 50_000),
    "comments": (_shape(lambda n: "[s]\n" + "; c\n" * n), 50_000),
    # 5, 10 and 20 MB: a string above 32 MB is always a fresh mmap for
    # glibc's malloc (its largest dynamic threshold), so every copy of a
    # 40 MB line pays page faults that a 20 MB one does not
    "long-line": (_shape(lambda n: "[s]\n" + "x" * (n * 200) + "\n"), 25_000),
    "edits": (_edits, 20_000),
    "merge3-removing": (_merge3_removing, 10_000),
    "rebase-removing": (_rebase_removing, 10_000),
    "split-removing": (_split_removing, 10_000),
}


def median_cpu(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every N by this")
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--check", action="store_true", help="exit 1 above --limit")
    parser.add_argument("--limit", type=float, default=2.5)
    parser.add_argument("--rows-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    wanted = [name for name in CASES if not args.only or name in args.only.split(",")]
    worst = 0.0
    if not args.rows_only:
        print(f"{'case':18} {'N':>8} {'t(N)':>9} {'x2':>6} {'x4':>6}")
    for name in wanted:
        if len(wanted) > 1:
            # each case in a fresh process: a case that left a large heap
            # behind made the collector's passes over it part of the next
            # case's times (split-removing: 3.1x per doubling after
            # `sections`, 2.3x alone)
            line = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.growth",
                    "--only",
                    name,
                    "--runs",
                    str(args.runs),
                    "--scale",
                    str(args.scale),
                    "--rows-only",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            sys.stdout.write(line)
            worst = max(worst, *(float(word) for word in line.split()[-2:]))
            continue
        make, size = CASES[name]
        n = max(1, int(size * args.scale))
        times = [median_cpu(make(n * factor), args.runs) for factor in (1, 2, 4)]
        factors = [times[1] / times[0], times[2] / times[1]]
        worst = max(worst, *factors)
        print(f"{name:18} {n:>8} {times[0] * 1000:7.1f}ms {factors[0]:6.2f} {factors[1]:6.2f}")
    if args.rows_only:
        return 0
    print(f"worst growth per doubling: {worst:.2f} (limit {args.limit})")
    if args.check and worst > args.limit:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
