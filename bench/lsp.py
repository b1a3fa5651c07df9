"""``lsp`` benchmark: re-validation after a one-line change to the
10k-account file, through the language server (run by hand, not in CI).

Issue #16 budgets it at 250 ms. In one run this measures:

* **through the server**: a real client starts ``sftpplus-config lsp``,
  opens the 10k-account file, then, ``--runs`` times, sends a one-line
  incremental change (``didChange``, an edited ``disable_on_inactivity``
  value of one account in the middle of the file, which makes one
  ``invalid-value`` finding come and go) and times the wait until the
  diagnostics of that version come back (JSON-RPC both ways, applying the
  change, parsing, re-validating, converting positions);
* **in process**: :class:`sftpplus_config.lsp.incremental.Checker` on the
  same edits (parse and re-validate only; wall and CPU time, the CPU time
  telling less about the other work on the machine), and a full validation of the
  file for comparison (the ratio says what the incremental check saves).

It needs the ``lsp`` extra. Usage: ``python -m bench lsp [--runs 15] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from bench.generate import ensure

DATA = Path(__file__).resolve().parent / "data"
ACCOUNTS = 10_000
BUDGET_MS = 250.0
OLD = "disable_on_inactivity = 90"


def _edits(text: str, runs: int) -> list[tuple[int, str]]:
    """(0-based line, new line text) of each run: accounts spread over the
    file, each made invalid then valid again."""
    lines = text.split("\n")
    targets = [n for n, line in enumerate(lines) if line == OLD]
    step = max(1, len(targets) // (runs + 1))
    chosen = targets[step::step][:runs]
    return [
        (n, "disable_on_inactivity = ninety" if i % 2 == 0 else OLD) for i, n in enumerate(chosen)
    ]


async def _through_server(path: Path, runs: int) -> tuple[list[float], float]:
    client = LanguageClient("bench", "1")
    queue: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    def record(params: types.PublishDiagnosticsParams) -> None:
        queue.put_nowait(params)

    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(record)

    await client.start_io(sys.executable, "-m", "sftpplus_config", "lsp")
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=os.getpid())
    )
    client.initialized(types.InitializedParams())
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="ini", version=1, text=text)
        )
    )
    await queue.get()
    opened = (time.perf_counter() - start) * 1000
    times: list[float] = []
    lines = text.split("\n")
    for version, (line, new) in enumerate(_edits(text, runs), start=2):
        old = lines[line]
        lines[line] = new
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=line, character=0),
                            end=types.Position(line=line, character=len(old)),
                        ),
                        text=new,
                    )
                ],
            )
        )
        while (await queue.get()).version != version:
            pass
        times.append((time.perf_counter() - start) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()  # type: ignore[no-untyped-call]
    return times, opened


def _in_process(path: Path, runs: int) -> tuple[list[float], list[float], float]:
    from sftpplus_config._reading import loads
    from sftpplus_config.lsp.incremental import Checker
    from sftpplus_config.schema import load_catalog
    from sftpplus_config.validation import resolve_rules, validate

    text = path.read_text(encoding="utf-8")
    checker = Checker(load_catalog(), resolve_rules())
    checker.check(loads(text, path=str(path)))
    lines = text.split("\n")
    times: list[float] = []
    cpu: list[float] = []
    for line, new in _edits(text, runs):
        lines[line] = new
        edited = "\n".join(lines)
        start, start_cpu = time.perf_counter(), time.process_time()
        checker.check(loads(edited, path=str(path)))
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert checker.rechecked == 1
    start = time.perf_counter()
    validate(loads("\n".join(lines), path=str(path)))
    full = (time.perf_counter() - start) * 1000
    return times, cpu, full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    path = ensure(ACCOUNTS, DATA)
    served, opened = asyncio.run(_through_server(path, args.runs))
    local, cpu, full = _in_process(path, args.runs)
    results = {
        "file": path.name,
        "lines": path.read_text(encoding="utf-8").count("\n"),
        "runs": args.runs,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "open_ms": round(opened, 1),
        "change_ms_median": round(statistics.median(served), 1),
        "change_ms_max": round(max(served), 1),
        "checker_ms_median": round(statistics.median(local), 1),
        "checker_cpu_ms_median": round(statistics.median(cpu), 1),
        "full_validation_ms": round(full, 1),
        "budget_ms": BUDGET_MS,
    }
    print(
        f"{results['file']}, {results['lines']} lines, {args.runs} one-line changes; "
        f"load average {results['load_average']}"
    )
    print(f"  open (first diagnostics)          {opened:8.1f} ms")
    print(
        f"  change -> diagnostics, median     {results['change_ms_median']:8.1f} ms  "
        f"(max {results['change_ms_max']}; budget {BUDGET_MS:.0f} ms)"
    )
    print(
        f"  incremental check alone, median   {results['checker_ms_median']:8.1f} ms  "
        f"(CPU {results['checker_cpu_ms_median']} ms)"
    )
    print(
        f"  full validation of the file       {full:8.1f} ms  "
        f"({full / results['checker_ms_median']:.1f}x the incremental check)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
