"""Helpers for the language server's end-to-end tests: a real client
(pytest-lsp) talking to ``sftpplus-config lsp`` over standard input and
output."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

F = TypeVar("F", bound=Callable[..., Any])
SERVER = [sys.executable, "-m", "sftpplus_config", "lsp"]


class Client(LanguageClient):
    """The test client, which also queues every diagnostics notification
    per URI (so that none is missed when several arrive at once)."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = {}

    def queue(self, uri: str) -> asyncio.Queue[types.PublishDiagnosticsParams]:
        return self.published.setdefault(uri, asyncio.Queue())


def _record(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.queue(params.uri).put_nowait(params)


def make_client() -> Client:
    client = Client()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
    register_lsp_features(client, features)
    return client


def config(command: list[str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(server_command=command or SERVER, client_factory=make_client)


async def initialize(
    client: LanguageClient, root: Path, encodings: list[str] | None = None
) -> None:
    general = (
        types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings is not None
        else None
    )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(general=general),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="root")],
        )
    )


async def open_file(
    client: LanguageClient, path: Path, text: str | None = None
) -> list[types.Diagnostic]:
    """Open ``path`` (its text, or ``text``) and wait for its diagnostics."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="ini",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return await diagnostics_of(client, uri)


async def published(client: LanguageClient, uri: str) -> types.PublishDiagnosticsParams:
    """The next diagnostics notification for ``uri`` (waits for it)."""
    assert isinstance(client, Client)
    return await client.queue(uri).get()


async def diagnostics_of(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for ``uri``."""
    return list((await published(client, uri)).diagnostics)


def fixture(*, config: ClientServerConfig) -> Callable[[F], F]:
    """``pytest_lsp.fixture`` (a client connected to a fresh server), typed."""
    made: Callable[[F], F] = pytest_lsp.fixture(config=config)
    return made
