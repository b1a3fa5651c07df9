"""The top-level API (issue #15, item 1): the transforms as functions of
``sftpplus_config``, with their result types, loaded when first used."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

import sftpplus_config as sc

from .conftest import EXAMPLES

TRANSFORMS = {
    "validate": "sftpplus_config.validation",
    "diff": "sftpplus_config.diff",
    "apply": "sftpplus_config.patch",
    "rebase": "sftpplus_config.patch",
    "merge3": "sftpplus_config.merge3",
    "merge": "sftpplus_config.overrides",
    "split": "sftpplus_config.split",
    "render": "sftpplus_config.variables",
    "build": "sftpplus_config.inventory",
    "list_assets": "sftpplus_config.assets",
    "new_id": "sftpplus_config.api",
    "select": "sftpplus_config.selectors",
    "select_or_none": "sftpplus_config.selectors",
    "edit_findings": "sftpplus_config.edits",
}
RESULT_TYPES = [
    "ValidationResult",
    "Diff",
    "PatchResult",
    "Merge3Result",
    "MergeConflict",
    "MergeResult",
    "SplitResult",
    "RenderResult",
    "BuildResult",
    "Asset",
    "Component",
]


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_each_transform_is_the_function_of_its_module(name: str) -> None:
    function = getattr(sc, name)
    assert isinstance(function, types.FunctionType), name
    assert function.__module__ == TRANSFORMS[name]
    assert name in sc.__all__


@pytest.mark.parametrize("name", RESULT_TYPES)
def test_result_types_are_exported(name: str) -> None:
    assert isinstance(getattr(sc, name), type)
    assert name in sc.__all__


def test_functions_named_like_their_module_stay_functions() -> None:
    """``diff``, ``merge3`` and ``split`` are also module names: importing
    the module (before or after the name is first used) must not replace
    the function on the package."""
    code = (
        "import sftpplus_config.diff, sftpplus_config.merge3\n"
        "from sftpplus_config.split import SplitResult\n"
        "import sftpplus_config as sc, types\n"
        "print(all(isinstance(f, types.FunctionType) for f in (sc.diff, sc.merge3, sc.split)))\n"
        "import sys; print(isinstance(sys.modules['sftpplus_config.diff'], types.ModuleType))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
    import sftpplus_config.diff  # noqa: F401 - already imported: the function stays

    assert isinstance(sc.diff, types.FunctionType)


def test_the_transforms_work_from_the_package() -> None:
    old = sc.load(EXAMPLES / "server.ini")
    new = old.copy()
    account = new.find("accounts", name="acme")
    assert account is not None
    account.section.set("enabled", "no")
    changes = sc.diff(old, new)
    assert isinstance(changes, sc.Diff)
    assert [(op.section, op.option) for op in changes.operations] == [  # type: ignore[union-attr]
        (account.section_name, "enabled")
    ]
    patched = sc.apply(changes, old.copy())
    assert isinstance(patched, sc.PatchResult)
    assert patched.document.to_dict() == new.to_dict()
    assert isinstance(sc.validate(new), sc.ValidationResult)
    assert isinstance(sc.merge3(old, new, old), sc.Merge3Result)
    assert isinstance(sc.merge(old, sc.loads("[server]\nname = other\n")), sc.MergeResult)
    assert isinstance(sc.split([old, new]), sc.SplitResult)
    assert isinstance(sc.render(old, {"host.name": "a"}), sc.RenderResult)
    assert all(isinstance(asset, sc.Asset) for asset in sc.list_assets(old))
    assert isinstance(sc.rebase(old, new, old), sc.PatchResult)
