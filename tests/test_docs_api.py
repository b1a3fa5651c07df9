"""The API reference (issue #15, item 8): docs/api.md renders every public
name, its worked example runs as written, the public modules' docstrings
use Markdown cross-references (no reST roles), and no page or docstring
points at files outside the repository."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

import sftpplus_config as sc
from tests.doc_runner import ROOT, run_page

API = ROOT / "docs" / "api.md"
DIRECTIVE = re.compile(r"^::: (sftpplus_config[\w.]*)$", re.MULTILINE)
ROLE = re.compile(r":(?:class|func|meth|attr|exc|mod|data|obj|py:\w+):`")
OUTSIDE = re.compile(r"PRODUCT\.md|\.\./shared|/work/")


def _rendered() -> list[str]:
    """What docs/api.md asks mkdocstrings to render (modules or objects)."""
    return DIRECTIVE.findall(API.read_text(encoding="utf-8"))


def _resolve(path: str) -> object:
    """A module (`sftpplus_config.diff` is the module here, not the function
    the package gives that name) or an object in one."""
    try:
        return importlib.import_module(path)
    except ImportError:
        module, _, name = path.rpartition(".")
        return getattr(importlib.import_module(module), name)


def _members(path: str) -> dict[str, object]:
    """The public objects one directive renders, by name."""
    obj = _resolve(path)
    if not isinstance(obj, ModuleType):
        return {path.rsplit(".", 1)[1]: obj}
    names = getattr(obj, "__all__", [n for n in vars(obj) if not n.startswith("_")])
    return {name: getattr(obj, name) for name in names}


def _public_sources() -> set[Path]:
    """The files of the rendered modules and of the modules their public
    names come from (`syntax` gathers `nodes`, `section` and `document`)."""
    files: set[Path] = set()
    for path in _rendered():
        obj = _resolve(path)
        module = obj if isinstance(obj, ModuleType) else inspect.getmodule(obj)
        assert module is not None and module.__file__ is not None
        files.add(Path(module.__file__))
        for member in _members(path).values():
            defined = inspect.getmodule(member)
            if defined is not None and defined.__name__.startswith("sftpplus_config"):
                assert defined.__file__ is not None
                files.add(Path(defined.__file__))
    return files


@pytest.mark.parametrize("name", sorted(set(sc.__all__) - {"__version__"}))
def test_every_public_name_is_rendered_and_documented(name: str) -> None:
    obj = getattr(sc, name)
    assert (obj.__doc__ or "").strip(), f"{name} has no docstring"
    rendered = [path for path in _rendered() if _members(path).get(name) is obj]
    assert rendered, f"sftpplus_config.{name} is not rendered by docs/api.md"


def test_the_public_classes_document_their_public_members() -> None:
    missing = []
    for name in sc.__all__:
        obj = getattr(sc, name)
        if not inspect.isclass(obj):
            continue
        for key, value in vars(obj).items():
            function = value.fget if isinstance(value, property) else value
            if key.startswith("_") or not (callable(function) or isinstance(value, property)):
                continue
            if not (getattr(function, "__doc__", None) or "").strip():
                missing.append(f"{name}.{key}")
    assert missing == []


def test_the_public_modules_use_markdown_cross_references() -> None:
    sources = _public_sources()
    assert ROOT / "sftpplus_config" / "document.py" in sources  # through `syntax`
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(sources)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE.search(line)
    ]
    assert found == []


def test_the_role_check_sees_a_role() -> None:
    assert ROLE.search("as :func:`~sftpplus_config.diff.diff` does")
    assert ROLE.search(":py:class:`Document`")
    assert not ROLE.search("as [`diff`][sftpplus_config.diff.diff] does")


def test_nothing_points_outside_the_repository() -> None:
    pages = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
    # the schema ships with the package (its reasons show in `explain`)
    schema = [*sorted((ROOT / "schema").glob("*.json")), ROOT / "tools/schema_src/overrides.toml"]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*pages, *schema, *sorted(_public_sources())]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_api_page_runs_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = run_page("api.md", tmp_path, capsys, monkeypatch)
    assert counts == {"written": 1, "python": 1, "commands": 3}
    text = (tmp_path / "server.ini").read_text(encoding="utf-8")
    assert text.startswith((ROOT / "examples" / "server.ini").read_text(encoding="utf-8"))
    assert text.count("[accounts/") == 4  # two added, the others kept
    # the script adds nothing when it runs again
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples" / "server.ini").write_text(text, encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", API.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    with pytest.raises(AssertionError, match=r"\[\]"):
        exec(compile(block.group(1), "api.md:python", "exec"), {})  # noqa: S102 - our own page


def test_the_readme_example_runs_and_uses_find_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert ".find(" in example and ".value(" in example
    counts = run_page("../README.md", tmp_path, capsys, monkeypatch)
    assert counts == {"python": 1}
    assert capsys.readouterr().out == "10022 300\n29:1\n"
    assert "port = 10023\n" in (tmp_path / "examples" / "server.ini").read_text()


def test_compatibility_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "compatibility.md" in nav and "api.md" in nav
    assert "mkdocstrings" in nav
    page = (ROOT / "docs" / "compatibility.md").read_text(encoding="utf-8")
    for word in ("__all__", "semantic versioning", "exit codes", "DeprecationWarning"):
        assert word in page


def test_the_cli_page_runs_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-written part of docs/cli.md (selectors, `set`'s validation)."""
    counts = run_page("cli.md", tmp_path, capsys, monkeypatch)
    assert counts == {"commands": 5}
    assert "port = 10222\n" in (tmp_path / "examples" / "server.ini").read_text()
