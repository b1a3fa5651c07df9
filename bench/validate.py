"""``validate`` benchmark: fresh-process wall time (run by hand, not in CI).

The performance budget gives a pre-commit run on a file of at most 1,000
lines at 100 ms and a run on the 10k-account file at 0.5 s, each in a fresh
process. In one run this measures the wall and CPU time of N fresh
processes (medians):

* ``python -c pass``: the interpreter's own start-up;
* ``python -X importtime -c "import sftpplus_config"``: the package's
  import, which must stay within 15 ms of ``python -c pass`` (its names
  are loaded when first used); the package's own cumulative import time,
  as ``-X importtime`` reports it, is printed too;
* the round-trip floor (``bench.roundtrip.floor``: read the 10k-account
  file, split its lines, match one regex a line), in a fresh process
  (importing that module also imports ``sftpplus_config``) and, as
  ``bench/roundtrip.py`` measures it, inside this process;
* ``sftpplus-config validate`` (as ``python -m sftpplus_config``) on a
  generated file of at most 1,000 lines, on the 10k-account file, and on a
  broken copy of the 10k-account file with one invalid value per account
  (10,000 findings to position and print).

Byte-code caching is switched on for the child processes (a set
``PYTHONDONTWRITEBYTECODE`` is removed) and every command runs once before
it is timed, as a pre-commit hook runs from an installed package.

Usage: ``python -m bench.validate [--runs 7] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import ensure
from bench.roundtrip import floor, median_seconds

DATA = Path(__file__).resolve().parent / "data"
SMALL_ACCOUNTS = 50  # about 950 lines
BIG_ACCOUNTS = 10_000
FLOOR_CODE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from bench.roundtrip import floor\n"
    "floor(Path(sys.argv[1]))\n"
)
BUDGET_MS = {"validate_small": 100.0, "validate_10k": 500.0}
#: How much more than ``python -c pass`` importing the package may take.
IMPORT_BUDGET_MS = 15.0
IMPORT_CODE = "import sftpplus_config"


def package_import_us(python: str, env: dict[str, str]) -> int:
    """The package's cumulative import time in microseconds, as
    ``-X importtime`` reports it (its own line, ``| sftpplus_config``)."""
    done = subprocess.run(
        [python, "-X", "importtime", "-c", IMPORT_CODE],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    for line in done.stderr.splitlines():
        parts = [part.strip() for part in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == "sftpplus_config":
            return int(parts[1])
    raise RuntimeError("-X importtime did not report sftpplus_config")


def broken_copy(path: Path) -> Path:
    """The file with one invalid value per account (``disable_on_inactivity``)."""
    target = path.with_name(path.stem + "-broken.ini")
    if not target.exists():
        text = path.read_text(encoding="utf-8")
        target.write_text(
            text.replace("disable_on_inactivity = 90", "disable_on_inactivity = ninety"),
            encoding="utf-8",
        )
    return target


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_ms(command: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) milliseconds of ``runs`` fresh processes,
    after one warm-up run. CPU time suffers less than wall time when other
    work shares the machine."""
    run = functools.partial(
        subprocess.run,
        command,
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ok = {0, 1}  # validate exits with 1 on the broken file
    try:
        run()
    except subprocess.CalledProcessError as exc:
        if exc.returncode not in ok:
            raise
    walls, cpus = [], []
    for _ in range(runs):
        cpu = _cpu_children()
        start = time.perf_counter()
        try:
            run()
        except subprocess.CalledProcessError as exc:
            if exc.returncode not in ok:
                raise
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((_cpu_children() - cpu) * 1000)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    small = ensure(SMALL_ACCOUNTS, DATA)
    big = ensure(BIG_ACCOUNTS, DATA)
    broken = broken_copy(big)
    small_lines = small.read_text(encoding="utf-8").count("\n")
    env = child_env()
    python = sys.executable
    validate = [python, "-m", "sftpplus_config", "validate"]
    cases: list[tuple[str, list[str]]] = [
        ("python_c_pass", [python, "-c", "pass"]),
        ("import_package", [python, "-X", "importtime", "-c", IMPORT_CODE]),
        ("floor_10k", [python, "-c", FLOOR_CODE, str(big)]),
        ("validate_small", [*validate, str(small)]),
        ("validate_10k", [*validate, str(big)]),
        ("validate_10k_broken", [*validate, str(broken)]),
    ]
    results: dict[str, object] = {
        "runs": args.runs,
        "small_file_lines": small_lines,
        "big_file_mb": round(big.stat().st_size / 1e6, 1),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    print(f"{args.runs} fresh processes each, medians; load average {results['load_average']}")
    print(f"small file: {small.name}, {small_lines} lines; big file: {big.name}")
    print(f"  {'case':22} {'wall ms':>9} {'cpu ms':>9}  {'wall / python -c pass':>22}  budget")
    base = 0.0
    for name, command in cases:
        walls, cpus = timed_ms(command, args.runs, env)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        if name == "python_c_pass":
            base = wall
        results[name] = {
            "wall_ms": round(wall, 1),
            "cpu_ms": round(cpu, 1),
            "wall_runs_ms": [round(t, 1) for t in walls],
            "cpu_runs_ms": [round(t, 1) for t in cpus],
        }
        budget = BUDGET_MS.get(name)
        note = f"{budget:.0f} ms" if budget else ""
        if name == "import_package":
            extra = wall - base
            results["import_over_python_ms"] = round(extra, 1)
            verdict = "ok" if extra <= IMPORT_BUDGET_MS else "OVER"
            note = (
                f"+{extra:.1f} ms over python -c pass (budget +{IMPORT_BUDGET_MS:.0f}): {verdict}"
            )
        print(f"  {name:22} {wall:9.1f} {cpu:9.1f}  {wall / base:21.1f}x  {note}")
    own_us = package_import_us(python, env)
    results["package_import_us"] = own_us
    print(f"  -X importtime: sftpplus_config cumulative {own_us / 1000:.1f} ms")
    floor_ms = median_seconds(floor, big, args.runs) * 1000
    results["floor_10k_in_process_ms"] = round(floor_ms, 1)
    print(
        f"  round-trip floor of the 10k file, in this process (as bench.roundtrip): {floor_ms:.1f} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
