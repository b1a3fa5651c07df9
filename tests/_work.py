"""Deterministic measures of work, for growth tests that must not read a
clock: the number of Python lines the library executes, and the peak of
memory it allocates (``tracemalloc``). The same input gives the same
counts on any machine, however loaded; timing lives in ``bench/``."""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import sftpplus_config

_PACKAGE = str(Path(sftpplus_config.__file__).resolve().parent)


def lines_executed(func: Callable[[], object]) -> int:
    """How many lines of ``sftpplus_config`` code running ``func`` executes
    (``sys.settrace`` line events, counted only in the package's frames).
    A loop over the input written in Python shows up here; work done inside
    one C call (``str.count``, ``list.index``) counts as one line, which is
    what ``bench/growth.py`` times."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename.startswith(_PACKAGE):
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        func()
    finally:
        sys.settrace(previous)
    return count


def peak_allocated(func: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``func`` runs (``tracemalloc``),
    above what was allocated before it started. The cyclic garbage collector
    is paused meanwhile, so that when it happens to run (which depends on
    what ran before) does not move the peak."""
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        if collecting:
            gc.enable()
    return peak - before


def growth(
    measure: Callable[[Callable[[], object]], int],
    small: Callable[[], object],
    large: Callable[[], object],
) -> float:
    """measure(large) / measure(small), after one warm-up run of ``small``
    (caches filled on a first call would otherwise count against it)."""
    small()
    return measure(large) / max(1, measure(small))
