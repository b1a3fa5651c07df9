"""Shared fixtures: the vendor examples corpus (by path) and our own corpus."""

from __future__ import annotations

import configparser
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No test may read a clock to pass or fail: Hypothesis's per-example
# deadline and its too-slow health check both time the examples, so both are
# off for every test (a loaded 2-core machine would otherwise decide).
settings.register_profile("no-clock", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("no-clock")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SFTPPLUS_SHARED", ROOT.parent / "shared"))
VENDOR_CORPUS = SHARED / "corpus" / "docs-examples"
REFERENCE = SHARED / "reference" / "sftpplus-options.json"
SARIF_SCHEMA = SHARED / "sarif" / "sarif-schema-2.1.0.json"
OWN_CORPUS = ROOT / "tests" / "corpus" / "valid"
EXAMPLES = ROOT / "examples"


def vendor_files() -> list[Path]:
    """The vendor documentation examples, or [] when ../shared is absent."""
    if not VENDOR_CORPUS.is_dir():
        return []
    return sorted(VENDOR_CORPUS.glob("*.ini"))


def own_files() -> list[Path]:
    return sorted(OWN_CORPUS.glob("*.ini")) + sorted(EXAMPLES.glob("*.ini"))


def corpus_params() -> list[object]:
    """Every corpus file as a pytest param with a readable id; a single
    skipped param when the vendor corpus is absent."""
    params: list[object] = [pytest.param(p, id=f"own/{p.name}") for p in own_files()]
    vendor = vendor_files()
    if vendor:
        params += [pytest.param(p, id=f"vendor/{p.name}") for p in vendor]
    else:
        params.append(
            pytest.param(
                None,
                id="vendor-corpus-absent",
                marks=pytest.mark.skip(
                    reason=f"vendor examples not found at {VENDOR_CORPUS} "
                    "(set SFTPPLUS_SHARED to the shared/ folder)"
                ),
            )
        )
    return params


def configparser_values(text: str) -> dict[str, dict[str, str]] | None:
    """The values Python's configparser (SFTPPlus's own reader) gives, or
    None when it refuses the text. Universal newlines, as SFTPPlus reads."""
    parser = configparser.RawConfigParser(strict=True, interpolation=None)
    try:
        parser.read_file(io.StringIO(text, newline=None))
    except configparser.Error:
        return None
    return {name: dict(parser[name]) for name in parser.sections()}
