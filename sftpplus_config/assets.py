"""External files a configuration needs (docs/assets.md).

[`list_assets`][sftpplus_config.assets.list_assets] finds every path a
server.ini refers to: vault content kept in ``external-file:`` files and
external vault files, SSH host keys and TLS files of older configurations,
certificate revocation lists, authorized-keys paths, local-file authentication
files, executables of external-executable handlers and transfer scripts, and
the folders of log and database files (defaults included). This is the
checklist of what to copy to an active-passive standby.

Relative paths resolve against the SFTPPlus root: the parent of the file's
folder when that folder is called ``configuration`` (the vendor layout),
else the file's folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from ._record import record, replace
from .components import split_section_name
from .findings import Finding
from .span import Span
from .syntax import Document, Option, Section
from .values import parse_bool, parse_csv

__all__ = ["ASSET_OPTIONS", "Asset", "AssetOption", "asset_root", "check_assets", "list_assets"]

_EXTERNAL = "external-file:"
_WINDOWS_ABSOLUTE = re.compile(r"[A-Za-z]:[\\/]|\\\\")
_PLACEHOLDER = re.compile(r"\$\{|\{[A-Za-z_]")


@record
class AssetOption:
    """An option that names external files.

    ``form``: ``path`` (one path), ``paths`` (several, comma-separated or
    one a line), ``external-file`` (vault content; only ``external-file:``
    values are paths), ``folder-of`` (the folder of a file SFTPPlus writes),
    ``folder`` (a folder). ``default`` is the documented default path, used
    when the option is absent."""

    category: str
    kind: str
    types: frozenset[str] | None
    option: str
    form: str = "path"
    default: str | None = None


def _rule(
    category: str,
    kind: str,
    types: str | None,
    options: str,
    form: str = "path",
    default: str | None = None,
) -> list[AssetOption]:
    wanted = None if types is None else frozenset(types.split())
    return [AssetOption(category, kind, wanted, o, form, default) for o in options.split()]


ASSET_OPTIONS: tuple[AssetOption, ...] = (
    *_rule("vault-content", "vault-items", None, "content", "external-file"),
    *_rule("vault-file", "resources", "vault", "external_vault_file"),
    *_rule("ssh-host-key", "services", None, "ssh_host_private_keys", "paths"),
    *_rule("tls-certificate", "services", None, "ssl_certificate ssl_certificate_authority"),
    *_rule("tls-key", "services", None, "ssl_key"),
    *_rule("crl-file", "services", None, "ssl_certificate_revocation_list", "paths"),
    *_rule("crl-file", "locations", None, "ssl_certificate_revocation_list", "paths"),
    *_rule("crl-file", "authentications", None, "ssl_certificate_revocation_list", "paths"),
    *_rule("crl-file", "event-handlers", None, "ssl_certificate_revocation_list", "paths"),
    *_rule("authorized-keys", "accounts", None, "ssh_authorized_keys_path"),
    *_rule("authorized-keys", "groups", None, "ssh_authorized_keys_path"),
    *_rule("authentication-file", "authentications", "local-file", "path"),
    *_rule("executable", "event-handlers", "external-executable", "executable_path"),
    *_rule(
        "executable",
        "transfers",
        None,
        "execute_before execute_after_success execute_after_failure",
    ),
    *_rule("log-folder", "event-handlers", "local-file", "path", "folder-of", "log/server.log"),
    *_rule("database-folder", "event-handlers", "database", "path", "folder-of"),
    *_rule(
        "database-folder",
        "resources",
        "sqlite",
        "path",
        "folder-of",
        "configuration/cache.db3",
    ),
    *_rule("theme-folder", "services", "http https", "theme_path", "folder"),
    *_rule("certificate-store", "resources", "lets-encrypt", "store_directory", "folder"),
    *_rule("oracle-client", "locations", "oracle-database", "oracle_client_path", "folder"),
)
"""The options that name external files (option names from the vendor's
option reference; ``ssh_host_private_keys``, ``ssl_certificate``,
``ssl_key`` and ``ssl_certificate_authority`` are the pre-vault spellings
still found in older files)."""

_NOT_PATHS = frozenset({"", "inherit", "inherited", "empty", "disabled", "crl-distribution-points"})


@record
class Asset:
    """One external path. ``path`` is as written (without
    ``external-file:``); ``resolved`` is absolute, or None when the path
    depends on placeholders SFTPPlus fills in at run time. ``option`` is
    None (and ``span`` the section header) for a documented default.
    ``problem`` marks a line that could not be read (see below); such an
    entry is not a path."""

    category: str
    path: str
    resolved: str | None
    is_folder: bool
    section: str
    option: str | None
    span: Span
    file: str | None
    problem: bool = False
    """The line could not be read as a list of paths (an unterminated quote);
    ``path`` is empty and [`check_assets`][sftpplus_config.assets.check_assets]
    reports it."""


def asset_root(config_file: str | os.PathLike[str]) -> Path:
    """The SFTPPlus root of a configuration file (see module docs)."""
    folder = Path(os.path.abspath(config_file)).parent
    return folder.parent if folder.name == "configuration" else folder


def _resolve(path: str, root: Path) -> str | None:
    if _PLACEHOLDER.search(path):
        return None
    if _WINDOWS_ABSOLUTE.match(path):
        return path
    return os.path.normpath(os.path.join(root, os.path.expanduser(path)))


def _folder_of(path: str) -> str:
    cut = max(path.rfind("/"), path.rfind("\\"))
    return path[:cut] if cut > 0 else ("." if cut < 0 else path[:1])


def _entries(section: Section, option: Option, form: str) -> Iterator[tuple[str, Span, bool]]:
    """(path text, span, readable) of each path an option names. Inline PEM
    blocks (``-----BEGIN`` to ``-----END``, and every line between) are key
    or certificate material, not paths: they are skipped whole, never
    listed. A line of a list that cannot be read (an unterminated quote)
    gives ``("", span, False)``: its text is not repeated."""
    spans = option.value_line_spans()
    lines = option.value.split("\n")
    if form == "external-file":
        first = lines[0].strip()
        if first.lower().startswith(_EXTERNAL):
            yield first[len(_EXTERNAL) :].strip(), spans[0], True
        return
    in_pem = False
    for text, span in zip(lines, spans, strict=False):
        stripped = text.strip()
        if stripped.startswith("-----BEGIN"):
            in_pem = True
        if in_pem:
            in_pem = not stripped.startswith("-----END")
            if form == "paths":
                continue
            return
        if form == "paths" and "," in text:
            try:
                parts = [p.strip() for p in parse_csv(text)]
            except ValueError:
                yield "", span, False
                continue
        else:
            parts = [stripped]
        for part in parts:
            if part.lower() in _NOT_PATHS or "://" in part or part.startswith("-----BEGIN"):
                continue
            yield part, span, True
        if form not in ("paths",):
            return


def _rules_for(kind: str, type_: str | None) -> list[AssetOption]:
    return [r for r in ASSET_OPTIONS if r.kind == kind and (r.types is None or type_ in r.types)]


def list_assets(doc: Document, root: str | os.PathLike[str] | None = None) -> list[Asset]:
    """Every external path of ``doc``, in file order. ``root`` defaults to
    [`asset_root`][sftpplus_config.assets.asset_root] of the document's path
    (or the current folder)."""
    base = Path(root) if root is not None else (asset_root(doc.path) if doc.path else Path.cwd())
    base = Path(os.path.abspath(base))
    kinds = {r.kind for r in ASSET_OPTIONS}
    found: list[Asset] = []
    for section in doc.sections:
        assert section.name is not None
        kind, _ = split_section_name(section.name)
        if kind not in kinds:
            continue
        type_value = section.get("type")
        type_ = type_value.strip().lower() if type_value is not None else None
        for rule in _rules_for(kind, type_):
            # the value first: nodes (for spans) only for the options set
            option = section.option(rule.option) if rule.option in section else None
            if option is None:
                if rule.default is not None and _enabled(section):
                    found.append(_asset(rule, rule.default, base, section, None, section.span, doc))
                continue
            for text, span, readable in _entries(section, option, rule.form):
                asset = _asset(rule, text, base, section, option.name, span, doc)
                found.append(asset if readable else replace(asset, resolved=None, problem=True))
    return found


def _enabled(section: Section) -> bool:
    value = section.get("enabled")
    try:
        return value is None or not value.strip() or parse_bool(value)
    except ValueError:
        return True


def _asset(
    rule: AssetOption,
    text: str,
    root: Path,
    section: Section,
    option: str | None,
    span: Span,
    doc: Document,
) -> Asset:
    folder = rule.form in ("folder", "folder-of")
    path = _folder_of(text) if rule.form == "folder-of" else text
    assert section.name is not None
    return Asset(
        rule.category, path, _resolve(path, root), folder, section.name, option, span, doc.path
    )


def _inside(path: str, folder: Path) -> bool:
    try:
        Path(path).relative_to(folder)
    except ValueError:
        return False
    return True


def check_assets(
    assets: list[Asset],
    config_folder: str | os.PathLike[str] | None = None,
    exists: Callable[[str], bool] = os.path.exists,
    *,
    missing: bool = True,
) -> list[Finding]:
    """Findings: ``missing-asset`` (error) for each resolved path that does
    not exist (unless ``missing`` is false), and ``external-file-outside-configuration`` (warning) for a
    relative ``external-file:`` path whose ``..`` leaves ``config_folder``."""
    findings: list[Finding] = []
    folder = Path(os.path.abspath(config_folder)) if config_folder is not None else None
    for asset in assets:
        if asset.problem:
            findings.append(
                Finding(
                    "invalid-value",
                    "error",
                    f"a line of `{asset.option}` cannot be read as a list of paths: "
                    "a quote is not closed",
                    asset.span,
                    asset.file,
                    asset.section,
                    asset.option,
                    'close the quote, or write one path a line without quotes: `"a, b", c`',
                )
            )
            continue
        if (
            asset.category == "vault-content"
            and folder is not None
            and asset.resolved is not None
            and ".." in PurePosixPath(asset.path.replace("\\", "/")).parts
            and not _inside(asset.resolved, folder)
        ):
            findings.append(
                Finding(
                    "external-file-outside-configuration",
                    "warning",
                    f"external-file:{asset.path} leaves the configuration folder",
                    asset.span,
                    asset.file,
                    asset.section,
                    asset.option,
                    "keep vault files inside the configuration folder, or write an absolute path",
                )
            )
        if not missing or asset.resolved is None or exists(asset.resolved):
            continue
        what = "folder" if asset.is_folder else "file"
        findings.append(
            Finding(
                "missing-asset",
                "error",
                f"{asset.category} {what} `{asset.path}` not found ({asset.resolved})",
                asset.span,
                asset.file,
                asset.section,
                asset.option,
                "copy it along with server.ini, or fix the path",
            )
        )
    return findings
