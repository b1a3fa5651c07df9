"""``validate INVENTORY`` benchmark: every node of a cluster validated, as a
ratio to one ``validate`` of its base (run by hand, not in CI).

Issue 14 budgets ``validate --inventory`` on the 10k-account base with 10
nodes at 10x a single ``validate`` of the base. In one run this measures,
in fresh processes (as ``bench/validate.py`` does: byte-code caching on,
one warm-up run, medians of N):

* ``validate base.ini``: the generated 10,000-account file
  (``bench/generate.py``);
* ``validate inventory.toml`` for 10 nodes of that base, in ``per-node`` and
  ``shared-folder`` mode: each node has its own ``[server] uuid`` (inventory
  ``options``) and a service override file, and the base uses
  ``{host.name}``, a cluster variable and a node variable, so that every
  node differs from the base in a few sections.

Prints wall and CPU milliseconds and the ratios. Usage:
``python -m bench.cluster [--runs 5] [--nodes 10] [--accounts 10000]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.generate import ensure
from bench.validate import child_env, timed_ms

DATA = Path(__file__).resolve().parent / "data"
BUDGET = 10.0
EXTRA = """
[services/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c22]
name = sftp-{zone}
type = ssh
address = 0.0.0.0
port = 10023
before_login_message = Welcome to {site} ({host.fqdn}).
"""
OVERRIDE = "[services/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c22]\nport = {port}\n"


def inventory_text(nodes: int, mode: str) -> str:
    parts = [f'[cluster]\nbase = "base.ini"\nmode = "{mode}"\n\n[cluster.variables]\nzone = "z"\n']
    for n in range(nodes):
        parts.append(
            f'\n[[nodes]]\nname = "node-{n:03d}"\n'
            f'host = {{ name = "sftp-{n:03d}", fqdn = "sftp-{n:03d}.example.com" }}\n'
            f'override = "overrides/node-{n:03d}.ini"\n'
            f'[nodes.variables]\nsite = "site {n}"\n'
            f'[nodes.options."server"]\nuuid = "8a8e3c6a-2d7d-4b4f-9f3e-{n:012d}"\n'
        )
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=10_000)
    args = parser.parse_args()
    source = ensure(args.accounts, DATA)
    env = child_env()
    validate = [sys.executable, "-m", "sftpplus_config", "validate", "--no-config"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / "base.ini"
        shutil.copy(source, base)
        with base.open("a", encoding="utf-8") as handle:
            handle.write(EXTRA)
        (folder / "overrides").mkdir()
        for n in range(args.nodes):
            text = OVERRIDE.format(port=20000 + n)
            (folder / "overrides" / f"node-{n:03d}.ini").write_text(text, encoding="utf-8")
        cases = [("validate base.ini", [*validate, str(base)])]
        for mode in ("per-node", "shared-folder"):
            inventory = folder / f"inventory-{mode}.toml"
            inventory.write_text(inventory_text(args.nodes, mode), encoding="utf-8")
            cases.append((f"validate {inventory.name}", [*validate, str(inventory)]))
        size = base.stat().st_size / 1e6
        print(
            f"base: {args.accounts} accounts, {size:.1f} MB; {args.nodes} nodes; "
            f"{args.runs} fresh processes each, medians"
        )
        first = 0.0
        for label, command in cases:
            walls, cpus = timed_ms(command, args.runs, env)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            if not first:
                first = wall
                print(f"  {label:40} {wall:8.1f} ms wall {cpu:8.1f} ms cpu")
                continue
            ratio = wall / first
            verdict = "OK" if ratio <= BUDGET else "OVER"
            print(
                f"  {label:40} {wall:8.1f} ms wall {cpu:8.1f} ms cpu  "
                f"{ratio:5.2f}x validate base.ini (budget {BUDGET:.0f}x: {verdict})"
            )


if __name__ == "__main__":
    main()
