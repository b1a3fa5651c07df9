"""The files the editor has open, and their findings as ``validate``
reports them.

An :class:`OpenFile` is one editor buffer: its text (which may differ from
the file on disk: the server never reads a file the editor has open, and
never writes one), its parsed document and its lines. :class:`Files` holds
them and validates one (:meth:`Files.findings`):

* the settings come from the configuration file ``validate`` reads
  (:mod:`sftpplus_config.project`: target version, select/ignore,
  per-file ignores, a baseline);
* a plain ``server.ini`` is checked incrementally (:mod:`.incremental`),
  then its suppression comments and the baseline apply, as ``validate``
  applies them;
* an override (paired with its base as ``validate`` pairs it), a shared
  ``server.ini`` with node overrides beside it and a template of an
  inventory go through :func:`sftpplus_config.checks.run` itself, with the
  open buffers read instead of their files.

A file that is not UTF-8 text gets one :class:`Problem` instead of findings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types

from .._reading import loads
from ..checks import Request, _runs, _Settings, _ValueOf
from ..exceptions import ParseError, SftpplusConfigError
from ..findings import Finding
from ..schema import Catalog, load_catalog
from ..span import Span
from ..syntax import Document
from .incremental import Checker
from .positions import Lines

__all__ = ["Files", "OpenFile", "Problem", "path_of"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file could not be checked (shown as one diagnostic)."""

    message: str
    span: Span = field(default_factory=lambda: Span(1, 1, 1, 1))
    hint: str | None = None
    rule: str = "syntax-error"


def path_of(uri: str) -> str | None:
    """The file system path of a ``file:`` URI (None for other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return os.path.normpath(unquote(parsed.path))


@dataclass(slots=True)
class OpenFile:
    """One editor buffer."""

    uri: str
    text: str
    version: int | None = None
    encoding: str = types.PositionEncodingKind.Utf16
    path: str | None = field(init=False)
    doc: Document = field(init=False)
    lines: Lines = field(init=False)
    #: what is wrong with the bytes of the file on disk (read on open and save)
    disk_problem: Problem | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.path = path_of(self.uri)
        self.update(self.text, self.version)
        self.read_disk()

    def read_disk(self) -> None:
        """Check the bytes of the file on disk (the editor shows text it
        decoded some way; SFTPPlus reads the bytes as UTF-8)."""
        self.disk_problem = None if self.path is None else _disk_problem(self.path)

    def apply(
        self, changes: Iterable[types.TextDocumentContentChangeEvent], version: int | None
    ) -> None:
        """Apply the changes of a ``didChange`` (line breaks are ``\\n``,
        ``\\r\\n`` and ``\\r`` only, as the protocol says)."""
        text = self.text
        lines = self.lines
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start = lines.offset(change.range.start)
                end = lines.offset(change.range.end)
                text = text[:start] + change.text + text[end:]
                lines = lines.replaced(start, end, change.text, text)
            else:
                text = change.text
                lines = Lines(text, self.encoding)
        self.update(text, version, lines)

    def update(self, text: str, version: int | None, lines: Lines | None = None) -> None:
        self.text = text
        self.version = version
        self.doc = loads(text, path=self.path)
        self.lines = Lines(text, self.encoding) if lines is None else lines


class Files:
    """The open files, and the state kept to check them again quickly."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog if catalog is not None else load_catalog()
        self.open: dict[str, OpenFile] = {}
        self._checkers: dict[str, tuple[tuple[object, ...], Checker]] = {}
        # the settings of each open file, and whether it is checked on its own
        # (read again when a file is opened, saved or closed: the
        # configuration file, an inventory or a base may have changed)
        self._settings: dict[str, tuple[_Settings, bool]] = {}

    def forget_settings(self) -> None:
        self._settings.clear()

    # -- buffers -------------------------------------------------------------------
    def add(self, uri: str, text: str, version: int | None, encoding: str) -> OpenFile:
        file = OpenFile(uri, text, version, encoding)
        self.forget_settings()
        self.open[uri] = file
        return file

    def close(self, uri: str) -> None:
        self.forget_settings()
        self.open.pop(uri, None)
        self._checkers.pop(uri, None)

    def documents(self) -> dict[str, Document]:
        """The open documents by absolute path."""
        return {
            os.path.abspath(file.path): file.doc
            for file in self.open.values()
            if file.path is not None
        }

    def by_path(self, path: str) -> OpenFile | None:
        wanted = os.path.abspath(path)
        for file in self.open.values():
            if file.path is not None and os.path.abspath(file.path) == wanted:
                return file
        return None

    def overrides_of(self, file: OpenFile) -> list[OpenFile]:
        """The open override files whose base is ``file``."""
        from ..pairing import find_base, is_override_file

        if file.path is None:
            return []
        found = []
        for other in self.open.values():
            if other.path is None or not is_override_file(other.path):
                continue
            base = find_base(other.path)
            if base is not None and os.path.abspath(base) == os.path.abspath(file.path):
                found.append(other)
        return found

    def target_version(self, file: OpenFile) -> tuple[int, ...] | None:
        """The target version the configuration file sets for ``file``."""
        from ..checks import _Run
        from ..rules.versions import parse_version

        if file.path is None:
            return None
        try:
            target = _Run(Request(files=[file.path])).settings(file.path).target_version
        except (SftpplusConfigError, ValueError):
            return None
        return parse_version(target) if target else None

    # -- findings ------------------------------------------------------------------
    def findings(self, file: OpenFile) -> list[Finding | Problem]:
        """What ``validate`` reports about ``file`` (only the findings in
        this file), or the problem that stops the check."""
        bad = _not_utf8(file)
        if bad is not None:
            return [bad]
        if file.path is None:
            return list(self._plain(file, None, frozenset(_every_rule())))
        from ..checks import _Run

        request = Request(files=[file.path], documents=self.documents())
        held = self._settings.get(file.uri)
        if held is None:
            try:
                settings = _Run(request).settings(file.path)
            except SftpplusConfigError as exc:
                return [_problem(exc, "the configuration file cannot be used")]
            held = self._settings[file.uri] = (
                settings,
                _is_plain(file.path, settings.config.inventory),
            )
        settings, plain = held
        if not plain:
            return self._through_checks(file, request)
        active = settings.active(file.path)
        try:
            found = list(self._plain(file, settings.target_version, active))
        except ParseError as exc:  # a malformed suppression comment
            return [_problem(exc, "")]
        if settings.baseline is not None:
            from ..baseline import load_baseline

            try:
                baseline = load_baseline(settings.baseline)
            except ParseError as exc:
                return [_problem(exc, "the baseline cannot be used")]
            ran = active & _runs(settings.target_version)
            value_of = _ValueOf({file.doc.path: file.doc})
            kept = baseline.filter(found, value_of, checked={file.path: ran})
            found = [f for f in kept if _same_file(f.file, file.path)]
        return list(found)

    def _plain(
        self, file: OpenFile, target_version: str | None, active: frozenset[str]
    ) -> Iterable[Finding]:
        """The findings of a plain file, its suppressions applied."""
        from ..rules.versions import parse_version
        from ..suppressions import MARKER, apply, parse

        target = parse_version(target_version) if target_version else None
        key = (active, target)
        held = self._checkers.get(file.uri)
        if held is None or held[0] != key:
            held = (key, Checker(self.catalog, active, target))
            self._checkers[file.uri] = held
        raw = held[1].check(file.doc)
        if MARKER not in file.text:
            return raw
        table = parse(file.doc)
        if not table:
            return raw
        ran = active & _runs(target_version)
        return apply(raw, {file.doc.path: table}, checked={file.doc.path: ran})

    def _through_checks(self, file: OpenFile, request: Request) -> list[Finding | Problem]:
        from ..checks import run

        outcome = run(request)
        found: list[Finding | Problem] = [Problem(text) for text in outcome.problems]
        assert file.path is not None
        found.extend(f for f in outcome.findings if _same_file(f.file, file.path))
        return found


def _every_rule() -> Iterable[str]:
    from ..validation import resolve_rules

    return resolve_rules()


def _is_plain(path: str, inventories: tuple[Path, ...]) -> bool:
    """Whether ``path`` is validated on its own (not an override, not a
    shared base of node overrides, not an inventory's template)."""
    from ..discovery import declared_variables
    from ..pairing import is_override_file, node_overrides

    if is_override_file(path) or node_overrides(path):
        return False
    return not declared_variables(path, inventories)


def _same_file(one: str | None, two: str) -> bool:
    return one is not None and os.path.abspath(one) == os.path.abspath(two)


def _problem(exc: SftpplusConfigError, what: str) -> Problem:
    """A problem from an error (positioned in this file when it is about it)."""
    if isinstance(exc, ParseError):
        if not what:
            line, column = exc.line or 1, exc.column or 1
            return Problem(exc.message, Span(line, column, line, column + 1), exc.hint)
        where = f"{exc.file}:{exc.line}:{exc.column}"
        return Problem(f"{what}: {where}: {exc.message}", hint=exc.hint)
    return Problem(f"{what}: {exc}")


def _not_utf8(file: OpenFile) -> Problem | None:
    """The problem of a buffer that is not UTF-8 text: one with lone
    surrogates, or one whose file on disk is not UTF-8 (the editor decoded
    it some other way, or shows replacement characters)."""
    text = file.text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        line = before.count("\n") + 1
        column = exc.start - (before.rfind("\n") + 1) + 1
        return Problem(
            "the text is not valid UTF-8: it holds a lone surrogate "
            f"(U+{ord(text[exc.start]):04X}), which SFTPPlus cannot read",
            Span(line, column, line, column + 1),
            "save the file as UTF-8",
        )
    return file.disk_problem


def _disk_problem(path: str) -> Problem | None:
    from .._parser import decode
    from ..exceptions import DecodeError

    try:
        decode(Path(path).read_bytes(), path)
    except OSError:  # not saved yet, or unreadable: the buffer is what counts
        return None
    except DecodeError as exc:
        line, column = exc.line or 1, exc.column or 1
        return Problem(exc.message, Span(line, column, line, column + 1), exc.hint)
    return None
