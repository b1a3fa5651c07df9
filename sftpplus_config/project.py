"""The configuration file: ``.sftpplus-config.toml``, or the
``[tool.sftpplus-config]`` table of ``pyproject.toml``.

It is found by walking up from each validated file: in each folder, a
``.sftpplus-config.toml`` wins over a ``pyproject.toml`` (which counts
only when it has the table); the walk stops at the repository root (the
folder that holds ``.git``, a folder or a file) or, outside a repository,
at the file system's root. The nearest file wins; files are not merged.

Keys (all optional)::

    target-version = "5.20.0"            # as --target-version
    select = ["syntax", "schema"]         # as --select (rules or groups)
    ignore = ["plaintext-password"]       # as --ignore
    strict = true                         # as --strict
    inventory = "cluster/inventory.toml"  # or a list: the inventories of
                                          # this repository
    baseline = ".sftpplus-baseline.json"  # as --baseline

    [per-file-ignores]                    # glob -> rules, for matching files
    "legacy/*.ini" = ["unknown-option"]

Paths and globs are relative to the folder of the configuration file. A glob
without ``/`` matches a file's name in any folder; with a ``/`` it matches the
path from that folder, ``*`` standing for any characters but ``/`` and ``**``
for any number of folders. The command line wins over the file, key by key
(``--select`` replaces ``select``, ...); per-file ignores always apply. An
unknown key, a value of the wrong type or an unknown rule name is a
[`ConfigError`][sftpplus_config.project.ConfigError], positioned in the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ._record import field, record
from .exceptions import ParseError, UnknownRuleError

__all__ = [
    "CONFIG_NAME",
    "KEYS",
    "Config",
    "ConfigError",
    "find_config",
    "load_config",
]

CONFIG_NAME = ".sftpplus-config.toml"
PYPROJECT = "pyproject.toml"
TOOL = "sftpplus-config"
#: The keys of the configuration file and what each must be.
KEYS: dict[str, str] = {
    "target-version": 'a version string such as "5.20.0"',
    "select": "a list of rule or group names",
    "ignore": "a list of rule or group names",
    "per-file-ignores": "a table of glob = [rule names]",
    "strict": "true or false",
    "inventory": "a path, or a list of paths, to inventory files",
    "baseline": "a path to a baseline file",
}


class ConfigError(ParseError):
    """A configuration file that cannot be used (positioned; exit 2)."""


@record
class Config:
    """One configuration file's settings (the defaults when ``path`` is
    None). ``select`` None means every rule."""

    path: Path | None = None
    target_version: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    strict: bool = False
    inventory: tuple[Path, ...] = ()
    baseline: Path | None = None
    text: str = field(default="", repr=False)
    prefix: tuple[str, ...] = field(default=(), repr=False)

    @property
    def root(self) -> Path | None:
        """The folder that paths and globs are relative to."""
        return None if self.path is None else self.path.parent

    def ignored_for(self, file: str | os.PathLike[str]) -> tuple[str, ...]:
        """The rule names ``per-file-ignores`` leaves out for ``file``."""
        if not self.per_file_ignores or self.root is None:
            return ()
        target = Path(os.path.abspath(file))
        try:
            relative = PurePosixPath(target.relative_to(self.root).as_posix())
        except ValueError:
            return ()
        found: list[str] = []
        for pattern, rules in self.per_file_ignores:
            if _glob_matches(pattern, relative):
                found.extend(rules)
        return tuple(found)

    def where(self, key: str) -> tuple[int, int]:
        """Line and column of ``key`` in the file (1, 1 when unknown)."""
        from ._toml import locate

        span = locate(self.text, [*self.prefix, key])
        return span.line, span.column


def _glob_matches(pattern: str, relative: PurePosixPath) -> bool:
    if "/" not in pattern:
        return _glob_regex(pattern).fullmatch(relative.name) is not None
    return _glob_regex(pattern.lstrip("/")).fullmatch(relative.as_posix()) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if pattern.startswith("**/", position):
            out.append("(?:[^/]*/)*")
            position += 3
            continue
        if pattern.startswith("**", position):
            out.append(".*")
            position += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        position += 1
    return re.compile("".join(out))


# -- finding and reading -------------------------------------------------------------


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return (
        re.search(r"^\s*\[\s*tool\s*\.\s*[\"']?sftpplus-config[\"']?\s*\]", text, re.MULTILINE)
        is not None
    )


def _shown(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when it
    is inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else os.fspath(path)


def find_config(path: str | os.PathLike[str]) -> Path | None:
    """The configuration file that applies to ``path`` (a file or a
    folder), or None."""
    here = Path(os.path.abspath(path))
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check a configuration file (``.sftpplus-config.toml`` or a
    ``pyproject.toml`` with a ``[tool.sftpplus-config]`` table). Raises
    [`ConfigError`][sftpplus_config.project.ConfigError] (positioned) or
    OSError."""
    from ._toml import TomlError, parse

    file = Path(path)
    name = _shown(file)
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 (byte {exc.start})", line=1, column=1, file=name, hint=None
        ) from None
    try:
        data = parse(text)
    except TomlError as exc:
        raise ConfigError(
            f"TOML syntax error: {exc.message}", line=exc.line, column=exc.column, file=name
        ) from None
    prefix: tuple[str, ...] = ()
    if file.name == PYPROJECT:
        tool = data.get("tool", {})
        data = tool.get(TOOL, {}) if isinstance(tool, dict) else {}
        prefix = ("tool", TOOL)
        if not isinstance(data, dict):
            data = {}
    return _Reader(file, text, prefix).read(data)


class _Reader:
    def __init__(self, file: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.file = file
        self.text = text
        self.prefix = prefix

    def fail(self, where: Sequence[str], message: str, hint: str | None = None) -> ConfigError:
        from ._toml import locate

        span = locate(self.text, [*self.prefix, *where])
        return ConfigError(
            message, line=span.line, column=span.column, file=_shown(self.file), hint=hint
        )

    def read(self, data: dict[str, Any]) -> Config:
        for key in data:
            if key not in KEYS:
                import difflib

                close = difflib.get_close_matches(key, list(KEYS), n=1)
                hint = f"did you mean `{close[0]}`? " if close else ""
                raise self.fail(
                    [key], f"unknown key `{key}`", hint + "known keys: " + ", ".join(KEYS)
                )
        root = self.file.parent
        target = data.get("target-version")
        if target is not None:
            if not isinstance(target, str):
                raise self.fail(
                    ["target-version"], f"`target-version` must be {KEYS['target-version']}"
                )
            from .rules.versions import parse_version

            try:
                parse_version(target)
            except ValueError as exc:
                raise self.fail(["target-version"], f"`target-version`: {exc}") from None
        select = data.get("select")
        select_names = None if select is None else self.rules(["select"], select)
        ignore = self.rules(["ignore"], data.get("ignore", []))
        per_file: list[tuple[str, tuple[str, ...]]] = []
        table = data.get("per-file-ignores", {})
        if not isinstance(table, dict):
            raise self.fail(
                ["per-file-ignores"], f"`per-file-ignores` must be {KEYS['per-file-ignores']}"
            )
        for pattern, rules in table.items():
            per_file.append((pattern, self.rules(["per-file-ignores", pattern], rules)))
        strict = data.get("strict", False)
        if not isinstance(strict, bool):
            raise self.fail(["strict"], "`strict` must be true or false")
        inventory = data.get("inventory", [])
        if isinstance(inventory, str):
            inventory = [inventory]
        if not isinstance(inventory, list) or not all(isinstance(p, str) for p in inventory):
            raise self.fail(["inventory"], f"`inventory` must be {KEYS['inventory']}")
        baseline = data.get("baseline")
        if baseline is not None and not isinstance(baseline, str):
            raise self.fail(["baseline"], f"`baseline` must be {KEYS['baseline']}")
        return Config(
            self.file,
            target,
            select_names,
            ignore,
            tuple(per_file),
            strict,
            tuple(root / p for p in inventory),
            None if baseline is None else root / baseline,
            self.text,
            self.prefix,
        )

    def rules(self, where: list[str], value: Any) -> tuple[str, ...]:
        from .validation import resolve_rules

        key = where[0]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(where, f"`{key}` must be a list of rule or group names")
        try:
            resolve_rules(value)
        except UnknownRuleError as exc:
            hint = f"did you mean `{exc.suggestion}`?" if exc.suggestion else None
            raise self.fail(where, f"`{key}`: unknown rule `{exc.name}`", hint) from None
        return tuple(value)
