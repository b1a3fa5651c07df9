"""``validate`` on the cluster workflow (issue 14, items 1 to 3): a
template with its variables (given, or declared by a discoverable
inventory), an inventory's nodes, build's shared-folder output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

from .conftest import EXAMPLES

VARIABLES = [
    "--var", "datacenter=eu-west", "--var", "support_email=ops@example.com",
    "--var", "host.name=files-a", "--var", "host.fqdn=files-a.example.com",
]  # fmt: skip


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "repo" / "cluster"
    shutil.copytree(EXAMPLES / "cluster", target)
    (tmp_path / "repo" / ".git").mkdir()
    monkeypatch.chdir(target)
    return target


def copy_template(cluster: Path) -> Path:
    """The example's server.ini as ``../template.ini``, no inventory using it,
    without its suppression comment (which only node-a's findings use)."""
    text = (cluster / "server.ini").read_text(encoding="utf-8")
    template = cluster.parent / "template.ini"
    template.write_text(
        "".join(
            line for line in text.splitlines(keepends=True) if "sftpplus-config: ignore" not in line
        ),
        encoding="utf-8",
    )
    return template


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--format", "json", *args])
    captured = capsys.readouterr()
    if not captured.out:
        return code, [], captured.err
    data = json.loads(captured.out)["findings"]
    return code, [f"{f['file']}:{f['line']}:{f['column']} {f['rule']}" for f in data], captured.err


def test_a_template_with_a_discoverable_inventory_is_clean(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert validate(capsys, "server.ini") == (0, [], "")
    # alone (no inventory that uses it), its variables are unknown
    copy_template(cluster)
    code, found, _ = validate(capsys, "../template.ini")
    assert code == 1
    assert found == [
        "../template.ini:7:14 unknown-variable",
        "../template.ini:20:52 unknown-variable",
        "../template.ini:41:23 unknown-variable",
        "../template.ini:42:42 variable-not-allowed",
    ]


def test_the_configuration_file_names_the_inventory(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = cluster.parent / "inventories"
    elsewhere.mkdir()
    for name in ("inventory.toml", "inventory-per-node.toml"):
        text = (
            (cluster / name)
            .read_text(encoding="utf-8")
            .replace('"server.ini"', '"../cluster/server.ini"')
        )
        (elsewhere / f"nodes-{name}").write_text(
            text.replace('"overrides/', '"../cluster/overrides/'), "utf-8"
        )
        (cluster / name).unlink()
    assert validate(capsys, "server.ini")[0] == 1
    (cluster.parent / ".sftpplus-config.toml").write_text(
        'inventory = ["inventories/nodes-inventory.toml"]\n', encoding="utf-8"
    )
    assert validate(capsys, "server.ini") == (0, [], "")


def test_a_value_that_uses_a_declared_variable_is_checked_per_node(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = cluster / "server.ini"
    template.write_text(
        template.read_text(encoding="utf-8").replace("port = 10022", "port = {sftp_port}"),
        encoding="utf-8",
    )
    inventory = cluster / "inventory.toml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8").replace(
            'datacenter = "eu-west"', 'datacenter = "eu-west"\nsftp_port = "99999"'
        ),
        encoding="utf-8",
    )
    assert validate(capsys, "server.ini") == (0, [], "")  # the value is unknown here
    code, found, _ = validate(capsys, "inventory.toml")
    assert (code, found) == (1, ["server.ini:19:8 invalid-value"])


def test_var_and_vars_render_before_validating(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_template(cluster)
    assert validate(capsys, "../template.ini", *VARIABLES) == (0, [], "")
    code, found, _ = validate(capsys, "../template.ini", *VARIABLES[2:])
    assert (code, found) == (
        1,
        ["../template.ini:7:14 unknown-variable", "../template.ini:20:52 unknown-variable"],
    )
    (cluster / "vars.toml").write_text(
        'datacenter = "eu-west"\nsupport_email = "ops@example.com"\n[host]\nname = "a"\nfqdn = "a.b"\n',
        encoding="utf-8",
    )
    assert validate(capsys, "../template.ini", "--vars", "vars.toml") == (0, [], "")
    # a rendered value is validated, and reported at the template's line
    assert validate(capsys, "../template.ini", "--vars", "vars.toml", "--var", "datacenter=")[
        :2
    ] == (
        0,
        [],
    )
    template = cluster.parent / "template.ini"
    template.write_text(
        template.read_text(encoding="utf-8").replace("port = 10022", "port = {port}"), "utf-8"
    )
    code, found, _ = validate(
        capsys, "../template.ini", "--vars", "vars.toml", "--var", "port=99999"
    )
    assert (code, found) == (1, ["../template.ini:19:8 invalid-value"])


def test_an_inventory_is_built_in_memory_and_validated(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for inventory in ("inventory.toml", "inventory-per-node.toml"):
        assert validate(capsys, inventory) == (0, [], "")
        assert validate(capsys, "--inventory", inventory) == (0, [], "")
    override = cluster / "overrides" / "node-a.ini"
    override.write_text(
        override.read_text(encoding="utf-8")
        + "[services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21]\nport = 99999\n",
        encoding="utf-8",
    )
    code, found, _ = validate(capsys, "inventory.toml")
    assert (code, found) == (1, ["overrides/node-a.ini:5:8 invalid-value"])
    main(["validate", "inventory.toml"])
    assert "(node node-a)" in capsys.readouterr().out
    # --inventories: an override file stands for the inventories that use it
    code, found, _ = validate(capsys, "--inventories", "overrides/node-a.ini")
    assert (code, found) == (1, ["overrides/node-a.ini:5:8 invalid-value"])
    assert validate(capsys, "--inventories", "broken-inventory.toml")[0] == 1


def test_the_inventory_lines_are_blamed_for_their_options(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = cluster / "inventory.toml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8").replace(
            'uuid = "0b6a3e52-8f1d-4c7e-9a21-5d3c2b1a0c0c"', 'uuid = "not a uuid"'
        ),
        encoding="utf-8",
    )
    code, found, _ = validate(capsys, "inventory.toml")
    assert (code, found) == (1, ["inventory.toml:36:1 invalid-value"])


def test_an_inventory_that_does_not_cover_the_template_is_a_usage_error(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = cluster / "server.ini"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "name = Node sync\n", "name = Node sync {region}\n"
        ),
        encoding="utf-8",
    )
    code = main(["validate", "inventory.toml"])
    captured = capsys.readouterr()
    assert code == 2
    assert (
        "server.ini:47:18: the inventory inventory.toml does not define {region} for "
        "nodes node-a, node-b, node-c\n  hint: add it to [cluster.variables]"
    ) in captured.err
    assert "server.ini:47:18: error[unknown-variable] unknown variable {region}" in captured.out
    assert main(["build", "inventory.toml", "-o", "out"]) == 2
    assert not (cluster / "out").exists()


def test_builds_shared_folder_output_validates(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "inventory.toml", "-o", "out"]) == 0
    capsys.readouterr()
    outputs = ["out/server.ini", *sorted(str(p) for p in Path("out").glob("*/server.override.ini"))]
    assert len(outputs) == 4
    assert validate(capsys, *outputs) == (0, [], "")
    assert validate(capsys, "out/server.ini") == (0, [], "")
    assert validate(capsys, "out/node-b/server.override.ini") == (0, [], "")
    # one node's override breaks (set refuses the mistake: --force writes it):
    assert main(["set", "out/node-b/server.override.ini", "server", "nmae", "x", "--force"]) == 0
    main(["validate", "out/server.ini"])
    out = capsys.readouterr().out
    assert out.startswith("out/node-b/server.override.ini:")
    assert "unknown option `nmae` for server (node node-b)" in out


def test_a_shared_file_and_its_node_overrides_together_report_each_finding_once(
    cluster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "inventory.toml", "-o", "out"]) == 0
    for node in ("node-a", "node-b"):
        assert (
            main(["set", f"out/{node}/server.override.ini", "server", "nmae", "x", "--force"]) == 0
        )
    capsys.readouterr()
    outputs = ["out/server.ini", *sorted(str(p) for p in Path("out").glob("*/server.override.ini"))]
    code, found, _ = validate(capsys, *outputs)
    assert code == 1
    assert [f.split(":", 1)[0] for f in found] == [
        "out/node-a/server.override.ini",
        "out/node-b/server.override.ini",
    ]
    # the same findings as for the override alone (its base found above it)
    assert validate(capsys, "out/node-a/server.override.ini")[1] == found[:1]
