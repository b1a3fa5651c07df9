"""A short fuzzing run inside CI (hypothesis over the fuzz targets) and the
replay of every input the long atheris runs ever found (fuzz/run.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import TARGETS, run

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"

PIECES = st.sampled_from(
    [
        b"[server]",
        b"[accounts/a]",
        b"[",
        b"]",
        b"name",
        b" = ",
        b"=",
        b":",
        b"x",
        b"\n",
        b"\r\n",
        b"\r",
        b"  ",
        b"\t",
        b";",
        b"#",
        b"\xef\xbb\xbf",
        b"\xff",
        b"{host.name}",
        b"${x}",
        b"\x00",
        b"\xc3\xa9",
        b"\x0c",
        b"\x85",
    ]
)
INPUTS = st.one_of(st.binary(max_size=300), st.lists(PIECES, max_size=60).map(b"".join))


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=INPUTS)
def test_fuzz_smoke(name: str, data: bytes) -> None:
    run(name, data)


@pytest.mark.parametrize(
    "path",
    sorted(REGRESSIONS.glob("*/*")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_fuzz_regressions(path: Path) -> None:
    run(path.parent.name, path.read_bytes())
