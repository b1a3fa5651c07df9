"""The pygls wiring: one handler per LSP method, each a thin call into the
feature modules.

Every handler runs inside :func:`_guarded`: an exception in one request is
logged to the client (``window/logMessage``) and answered with an empty
result, and the server goes on. Diagnostics are published, versioned, when
a file is opened, changed or saved (and for the open overrides of a base
that changed). The server reads the files an override's base and the
configuration file live in, and writes none.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .. import __version__
from . import actions, completion, diagnostics, hover, navigation
from .positions import Lines
from .state import Files, OpenFile

__all__ = ["build_server", "serve"]

F = TypeVar("F", bound=Callable[..., Any])
G = TypeVar("G", bound=Callable[..., Any])


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, less its own copy of each open text: the open files
    (:class:`~.state.OpenFile`) apply each change once, with the protocol's
    line breaks (pygls splits lines at more characters than ``\\n``,
    ``\\r\\n`` and ``\\r``)."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Iterator[tuple[Any, tuple[Any, ...], None]]:
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None


class Server(LanguageServer):
    """The language server, with the open files."""

    def __init__(self) -> None:
        super().__init__("sftpplus-config", __version__, protocol_cls=_Protocol)
        self.files = Files()

    def file(self, uri: str) -> OpenFile | None:
        return self.files.open.get(uri)

    def log_error(self, what: str, exc: BaseException) -> None:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Error,
                message=f"sftpplus-config: internal error in {what}: {detail}",
            )
        )

    # -- diagnostics ---------------------------------------------------------------
    def publish(self, file: OpenFile) -> None:
        found = self.files.findings(file)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=file.uri,
                version=file.version,
                diagnostics=diagnostics.diagnostics(file, found, self._lines_of),
            )
        )

    def publish_with_overrides(self, file: OpenFile) -> None:
        self.publish(file)
        for other in self.files.overrides_of(file):
            self.publish(other)

    def _lines_of(self, path: str) -> tuple[str, Lines] | None:
        """The URI and lines of another file (open, else read from disk)."""
        from pathlib import Path

        other = self.files.by_path(path)
        if other is not None:
            return other.uri, other.lines
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeError):
            return None
        return Path(os.path.abspath(path)).as_uri(), Lines(text, self.encoding)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)


def _guarded(empty: Callable[[], Any]) -> Callable[[F], F]:
    """Run a handler; on an exception, log it and answer ``empty()``."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(ls: Server, params: Any) -> Any:
            try:
                return handler(ls, params)
            except Exception as exc:  # noqa: BLE001 - one request must never stop the server
                ls.log_error(handler.__name__, exc)
                return empty()

        return cast("F", run)

    return wrap


def _none() -> None:
    return None


def _list() -> list[Any]:
    return []


def build_server() -> Server:
    """The server with every feature registered."""
    server = Server()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded(_none)
    def did_open(ls: Server, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        file = ls.files.add(item.uri, item.text, item.version, ls.encoding)
        ls.publish_with_overrides(file)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded(_none)
    def did_change(ls: Server, params: types.DidChangeTextDocumentParams) -> None:
        file = ls.file(params.text_document.uri)
        if file is not None:
            file.apply(params.content_changes, params.text_document.version)
            ls.publish_with_overrides(file)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_guarded(_none)
    def did_save(ls: Server, params: types.DidSaveTextDocumentParams) -> None:
        file = ls.file(params.text_document.uri)
        ls.files.forget_settings()
        if file is not None:
            file.read_disk()
            ls.publish_with_overrides(file)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded(_none)
    def did_close(ls: Server, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.files.close(uri)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def request(method: str, empty: Callable[[], Any], options: Any = None) -> Callable[[G], G]:
        """Register a request about one open file: ``handler(ls, file,
        params)``; a file that is not open gets ``empty()``."""

        def register(handler: G) -> G:
            @server.feature(method, options)
            @_guarded(empty)
            @functools.wraps(handler)
            def run(ls: Server, params: Any) -> Any:
                file = ls.file(params.text_document.uri)
                return empty() if file is None else handler(ls, file, params)

            return handler

        return register

    catalog = server.files.catalog

    @request(types.TEXT_DOCUMENT_HOVER, _none)
    def on_hover(ls: Server, file: OpenFile, params: types.HoverParams) -> types.Hover | None:
        return hover.hover(catalog, file, params.position)

    @request(
        types.TEXT_DOCUMENT_COMPLETION,
        _list,
        types.CompletionOptions(trigger_characters=completion.TRIGGERS),
    )
    def on_completion(
        ls: Server, file: OpenFile, params: types.CompletionParams
    ) -> list[types.CompletionItem]:
        return completion.completion(catalog, file, params.position)

    @request(types.TEXT_DOCUMENT_DEFINITION, _none)
    def on_definition(
        ls: Server, file: OpenFile, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        return navigation.definition(catalog, file, params.position)

    @request(types.TEXT_DOCUMENT_REFERENCES, _none)
    def on_references(
        ls: Server, file: OpenFile, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        include = params.context.include_declaration
        return navigation.references(catalog, file, params.position, include)

    @request(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, _list)
    def on_symbols(
        ls: Server, file: OpenFile, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        return navigation.symbols(catalog, file)

    @request(
        types.TEXT_DOCUMENT_CODE_ACTION,
        _list,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def on_code_action(
        ls: Server, file: OpenFile, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        target = ls.files.target_version(file)
        return actions.code_actions(file, params.context.diagnostics, target)

    return server


def serve() -> None:
    """Serve on standard input and output until the client says exit."""
    build_server().start_io()
