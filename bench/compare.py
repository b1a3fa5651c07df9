"""Every whole-file command, side by side with its floor and with the script a
user would otherwise write (run by hand, not in CI).

For generated files of 1k, 10k and 100k accounts (``bench/generate.py``) and
variants of them with 1 % of the accounts changed, each command is timed in
one run, round-robin (every case once per round, ``--runs`` rounds,
medians), against:

* **floor**: parsing the same inputs (``load`` + ``to_dict`` of each file:
  every value read, no nodes built);
* **alternative**: a short configparser / configupdater script doing the
  same job (for validation: configparser, the typed projection and
  ``jsonschema-rs``), up to ``--alt-max`` accounts (they are slow).

Commands, in process unless said:

* ``diff``: semantic diff of two files, rendered as text;
* ``merge3``: three-way merge of a base and two edited copies;
* ``rebase``: a node's changes replayed on a new base;
* ``split``: 10 node files into a base plus 10 overrides (written as text);
* ``read``: every value read section by section (``for s in doc: s[k]``);
* ``build``: an inventory of 3 nodes over the base (``load_inventory`` +
  ``build`` + writing the files), floor: parsing the base and validating
  it once (the budget: parsing plus the validation every node needs);
* ``validate``: ``sftpplus-config validate`` in a fresh process (wall
  time, absolute budget), floor: a fresh process that reads, splits and
  matches one regex a line.

Prints, per command and size, the medians, the ratios to the floor and the
budget of each ratio, then the growth per 10x of input. ``--markdown`` prints
the table for docs/performance.md.

Usage: ``python -m bench compare [--runs 5] [--sizes 1000,10000,100000]
[--only diff,merge3] [--alt-max 10000] [--markdown]``.
Needs ``pip install -e '.[bench]'`` for the alternatives.
"""

from __future__ import annotations

import argparse
import configparser
import gc
import io
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import sftpplus_config as sc
from bench.generate import ensure
from bench.validate import child_env
from sftpplus_config.diff import diff, render_text
from sftpplus_config.inventory import build, load_inventory, write_outputs
from sftpplus_config.merge3 import merge3
from sftpplus_config.patch import rebase
from sftpplus_config.split import split

DATA = Path(__file__).resolve().parent / "data"
NODES = 10  # files given to split
BUILD_NODES = 3
SMALL_ACCOUNTS = 50  # a pre-commit sized file: about 950 lines

#: Budgets: ratio to the floor (in-process commands) or milliseconds (validate).
BUDGETS: dict[str, float] = {
    "diff": 1.5,
    "merge3": 1.5,
    "rebase": 1.5,
    "split": 1.5,
    "read": 1.3,
    "build": 2.0,
}
VALIDATE_BUDGET_MS = {"small": 80.0, "default": 250.0}
GROWTH_BUDGET = 11.0


# -- inputs -------------------------------------------------------------------


def variant(accounts: int, seed: int) -> Path:
    """The generated file with 1 % of the accounts' descriptions changed
    (which ones depends on ``seed``)."""
    source = ensure(accounts, DATA)
    target = DATA / f"accounts-{accounts}-v{seed}.ini"
    if not target.exists():
        rng = random.Random(seed)
        lines = source.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines):
            if line.startswith("description = Account") and rng.random() < 0.01:
                lines[number] = f"description = Changed by variant {seed} at line {number}."
        target.write_text("\n".join(lines), encoding="utf-8")
    return target


def parse(*paths: Path) -> None:
    for path in paths:
        sc.load(path).to_dict()


def _configparser(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.read(path, encoding="utf-8")
    return parser


# -- ours ----------------------------------------------------------------------


def ours_diff(a: Path, b: Path) -> None:
    render_text(diff(sc.load(a), sc.load(b)))


def ours_merge3(base: Path, ours: Path, theirs: Path) -> None:
    _ = merge3(sc.load(base), sc.load(ours), sc.load(theirs)).text


def ours_rebase(old: Path, node: Path, new: Path) -> None:
    rebase(sc.load(old), sc.load(node), sc.load(new)).document.dumps()


def ours_split(*nodes: Path) -> None:
    result = split([sc.load(node) for node in nodes])
    result.base.dumps()
    for override in result.overrides:
        override.dumps()


def ours_read(path: Path) -> None:
    for section in sc.load(path):
        for key in section:
            section[key]


# -- the scripts a user would write ------------------------------------------


def alt_diff(a: Path, b: Path) -> None:
    old, new = _configparser(a), _configparser(b)
    changes: list[tuple[str, ...]] = []
    for name in old.sections():
        if not new.has_section(name):
            changes.append(("removed", name))
            continue
        before, after = dict(old.items(name)), dict(new.items(name))
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key):
                changes.append(("changed", name, key))
    changes += [("added", name) for name in new.sections() if not old.has_section(name)]
    "\n".join(" ".join(change) for change in changes)


def _replay(base: Path, changed: Path, target: Path) -> str:
    """What ``changed`` changed since ``base``, set on ``target`` with
    configupdater (which keeps ``target``'s formatting)."""
    import configupdater

    old, new = _configparser(base), _configparser(changed)
    updater = configupdater.ConfigUpdater(strict=False)
    updater.read(target, encoding="utf-8")
    for name in new.sections():
        if not updater.has_section(name):
            updater.add_section(name)
        section = updater[name]
        for key, value in new.items(name):
            if not old.has_section(name) or old.get(name, key, fallback=None) != value:
                if "\n" in value:
                    section.set(key)
                    section[key].set_values(value.split("\n"))
                else:
                    section[key] = value
        if old.has_section(name):
            for key in old.options(name):
                if not new.has_option(name, key) and key in section:
                    del section[key]
    for name in old.sections():
        if not new.has_section(name) and updater.has_section(name):
            updater.remove_section(name)
    return str(updater)


def alt_merge3(base: Path, ours: Path, theirs: Path) -> None:
    _replay(base, theirs, ours)


def alt_rebase(old: Path, node: Path, new: Path) -> None:
    _replay(old, node, new)


def alt_split(*nodes: Path) -> None:
    import configupdater

    parsers = [_configparser(node) for node in nodes]
    values = [{name: dict(p.items(name)) for name in p.sections()} for p in parsers]
    shared = {
        name: {
            key: value
            for key, value in options.items()
            if all(other.get(name, {}).get(key) == value for other in values[1:])
        }
        for name, options in values[0].items()
        if all(name in other for other in values[1:])
    }
    updater = configupdater.ConfigUpdater(strict=False)
    updater.read(nodes[0], encoding="utf-8")
    for name in updater.sections():
        if name not in shared:
            updater.remove_section(name)
            continue
        for key in list(updater[name].options()):
            if key not in shared[name]:
                del updater[name][key]
    str(updater)
    for node_values in values:
        override = configparser.RawConfigParser(interpolation=None)
        for name, options in node_values.items():
            for key, value in options.items():
                if shared.get(name, {}).get(key) != value:
                    if not override.has_section(name):
                        override.add_section(name)
                    override.set(name, key, value)
        override.write(io.StringIO())


def alt_read(path: Path) -> None:
    parser = _configparser(path)
    for name in parser.sections():
        for _key, _value in parser.items(name):
            pass


# -- build ---------------------------------------------------------------------


def build_folder(accounts: int) -> Path:
    """A folder with the base and an inventory of BUILD_NODES nodes."""
    folder = DATA / f"build-{accounts}"
    if not (folder / "inventory.toml").exists():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(ensure(accounts, DATA), folder / "server.ini")
        nodes = "".join(
            f'\n[[nodes]]\nname = "node-{n}"\n'
            f'host = {{ name = "sftp-{n}", fqdn = "sftp-{n}.example.com" }}\n'
            f'[nodes.options."server"]\nuuid = "8a8e3c6a-2d7d-4b4f-9f3e-{n:012d}"\n'
            for n in range(BUILD_NODES)
        )
        (folder / "inventory.toml").write_text(
            f'[cluster]\nbase = "server.ini"\nmode = "per-node"\n{nodes}', encoding="utf-8"
        )
    return folder


def ours_build(folder: Path) -> None:
    result = build(load_inventory(folder / "inventory.toml"))
    assert result.ok, result.findings[:3]
    with tempfile.TemporaryDirectory() as out:
        write_outputs(result.files, out)


def alt_build(folder: Path) -> None:
    import configupdater

    with tempfile.TemporaryDirectory() as out:
        for n in range(BUILD_NODES):
            updater = configupdater.ConfigUpdater(strict=False)
            updater.read(folder / "server.ini", encoding="utf-8")
            updater["server"]["uuid"] = f"8a8e3c6a-2d7d-4b4f-9f3e-{n:012d}"
            text = str(updater).replace("{host.name}", f"sftp-{n}")
            node = Path(out) / f"node-{n}"
            node.mkdir()
            (node / "server.ini").write_text(text, encoding="utf-8")


def floor_build(folder: Path) -> None:
    """What a build cannot do without: parse the base and validate it once
    (each node's own sections are a few lines more; the base's validation
    is shared by the nodes, which differ from it in those few sections)."""
    parse(folder / "server.ini")
    sc.validate(sc.load(folder / "server.ini"))


# -- validate in a fresh process ------------------------------------------------

_FLOOR_CODE = "import sys\nfrom pathlib import Path\nfrom bench.roundtrip import floor\nfloor(Path(sys.argv[1]))\n"
_ALT_VALIDATE_CODE = """\
import configparser, json, sys
from pathlib import Path
import jsonschema_rs
from sftpplus_config.schema import SCHEMA_BASE_URI, load_catalog
from sftpplus_config.typed import typed_projection
parser = configparser.RawConfigParser(strict=False, interpolation=None)
parser.read(sys.argv[1], encoding="utf-8")
raw = {name: dict(parser.items(name)) for name in parser.sections()}
files = {p.name: json.loads(p.read_text()) for p in Path(sys.argv[2]).glob("*.json")}
registry = jsonschema_rs.Registry([(SCHEMA_BASE_URI + n, s) for n, s in files.items()])
validator = jsonschema_rs.validator_for(files["server-ini.json"], registry=registry)
errors = list(validator.iter_errors(typed_projection(raw, load_catalog())))
"""


def _fresh(code_or_module: list[str], env: dict[str, str]) -> Callable[[], None]:
    command = [sys.executable, *code_or_module]

    def run() -> None:
        done = subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{command} exited with {done.returncode}")

    return run


# -- the run -------------------------------------------------------------------


@dataclass
class Case:
    command: str
    accounts: int
    ours: Callable[[], None]
    floor: Callable[[], None]
    alternative: Callable[[], None] | None
    times: dict[str, list[float]] = field(default_factory=dict)

    def median(self, what: str) -> float | None:
        runs = self.times.get(what)
        return statistics.median(runs) if runs else None


def make_cases(commands: set[str], sizes: Sequence[int], alt_max: int) -> list[Case]:
    cases: list[Case] = []
    for accounts in sizes:
        a = ensure(accounts, DATA)
        b, c = variant(accounts, 1), variant(accounts, 2)
        nodes = [variant(accounts, 10 + n) for n in range(NODES)] if "split" in commands else []
        folder = build_folder(accounts) if "build" in commands else DATA
        table: dict[
            str,
            tuple[Callable[..., None], Callable[..., None], Callable[..., None], tuple[Path, ...]],
        ] = {
            "diff": (ours_diff, parse, alt_diff, (a, b)),
            "merge3": (ours_merge3, parse, alt_merge3, (a, b, c)),
            "rebase": (ours_rebase, parse, alt_rebase, (a, b, c)),
            "split": (ours_split, parse, alt_split, tuple(nodes)),
            "read": (ours_read, parse, alt_read, (a,)),
            "build": (ours_build, floor_build, alt_build, (folder,)),
        }
        for command, (ours, floor, alternative, inputs) in table.items():
            if command in commands:
                cases.append(
                    Case(
                        command,
                        accounts,
                        partial(ours, *inputs),
                        partial(floor, *inputs),
                        partial(alternative, *inputs) if accounts <= alt_max else None,
                    )
                )
    if "validate" in commands:
        env = child_env()
        schema = str(Path(__file__).resolve().parent.parent / "schema")
        files = [("small", ensure(SMALL_ACCOUNTS, DATA))]
        files += [(str(accounts), ensure(accounts, DATA)) for accounts in sizes]
        for label, path in files:
            accounts = SMALL_ACCOUNTS if label == "small" else int(label)
            cases.append(
                Case(
                    "validate",
                    accounts,
                    _fresh(["-m", "sftpplus_config", "validate", str(path)], env),
                    _fresh(["-c", _FLOOR_CODE, str(path)], env),
                    _fresh(["-c", _ALT_VALIDATE_CODE, str(path), schema], env)
                    if accounts <= alt_max
                    else None,
                )
            )
    return cases


def _time(func: Callable[[], None]) -> float:
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def run(cases: list[Case], runs: int) -> None:
    for case in cases:  # warm-up: caches, byte code, generated files
        case.ours()
    for number in range(runs):
        for case in cases:
            for what in ("floor", "ours", "alternative"):
                func = getattr(case, what)
                if func is not None:
                    case.times.setdefault(what, []).append(_time(func))
        print(f"  round {number + 1}/{runs} done", file=sys.stderr, flush=True)


def _budget(case: Case) -> tuple[float, str]:
    """(the ratio or ms measured, the budget as text) and whether it holds."""
    ours = case.median("ours") or 0.0
    if case.command == "validate":
        key = "small" if case.accounts == SMALL_ACCOUNTS else "default"
        return ours * 1000, f"≤ {VALIDATE_BUDGET_MS[key]:.0f} ms"
    return ours / (case.median("floor") or 1.0), f"≤ {BUDGETS[case.command]}x"


def _holds(case: Case) -> bool:
    value, _ = _budget(case)
    if case.command == "validate":
        key = "small" if case.accounts == SMALL_ACCOUNTS else "default"
        return value <= VALIDATE_BUDGET_MS[key]
    return value <= BUDGETS[case.command]


def report(cases: list[Case], markdown: bool) -> bool:
    rows = []
    for case in cases:
        ours, floor, alt = (case.median(w) for w in ("ours", "floor", "alternative"))
        assert ours is not None and floor is not None
        rows.append(
            (
                case.command,
                f"{case.accounts // 1000}k" if case.accounts >= 1000 else str(case.accounts),
                f"{ours * 1000:.0f} ms",
                f"{floor * 1000:.0f} ms",
                f"{ours / floor:.2f}x",
                f"{alt * 1000:.0f} ms ({alt / floor:.1f}x)" if alt is not None else "",
                _budget(case)[1] + (" ok" if _holds(case) else " OVER"),
            )
        )
    head = ("command", "accounts", "ours", "floor", "ours/floor", "alternative", "budget")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
    print()
    ok = all(_holds(case) for case in cases)
    by_command: dict[str, list[Case]] = {}
    for case in cases:
        if not (case.command == "validate" and case.accounts == SMALL_ACCOUNTS):
            by_command.setdefault(case.command, []).append(case)
    print(f"growth of ours per 10x input (budget ≤ {GROWTH_BUDGET:.0f}x):")
    for command, group in by_command.items():
        group.sort(key=lambda case: case.accounts)
        steps = []
        for small, large in itertools.pairwise(group):
            factor = (large.median("ours") or 0.0) / (small.median("ours") or 1.0)
            ok = ok and (large.accounts != 10 * small.accounts or factor <= GROWTH_BUDGET)
            steps.append(f"{small.accounts // 1000}k→{large.accounts // 1000}k {factor:.1f}x")
        print(f"  {command:9} " + ", ".join(steps))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--only", help="comma-separated commands")
    parser.add_argument("--alt-max", type=int, default=10_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    commands = set(args.only.split(",")) if args.only else {*BUDGETS, "validate"}
    sizes = [int(size) for size in args.sizes.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.runs} rounds, medians; load average {load:.2f} at the start", flush=True)
    cases = make_cases(commands, sizes, args.alt_max)
    run(cases, args.runs)
    return 0 if report(cases, args.markdown) else 1


if __name__ == "__main__":
    sys.exit(main())
