"""`export --typed` gives the schema-typed projection, which the schema accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sftpplus_config.cli.main import main
from tests.conftest import EXAMPLES


def test_export_typed_example_is_valid_against_the_schema(
    capsys: pytest.CaptureFixture[str], validator: Any
) -> None:
    assert main(["export", "--typed", str(EXAMPLES / "server.ini")]) == 0
    data = json.loads(capsys.readouterr().out)
    service = data["services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21"]
    assert service["enabled"] is True
    assert service["port"] == 10022
    assert data["server"]["authentications"] == ["9f3c0a2e-7b1d-4c55-8e2a-1d4b6c8e0a11"]
    assert list(validator.iter_errors(data)) == []


def test_export_typed_keeps_unconvertible_values_as_strings(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], validator: Any
) -> None:
    path = tmp_path / "server.ini"
    path.write_text("[services/s]\ntype = SSH\nport = eighty\nenabled = maybe\n")
    assert main(["export", "--typed", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"services/s": {"type": "ssh", "port": "eighty", "enabled": "maybe"}}
    errors = {tuple(e.absolute_path) for e in validator.iter_errors(data)}
    assert ("services/s", "port") in errors
    assert ("services/s", "enabled") in errors
