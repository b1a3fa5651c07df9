"""The language server with hover broken on purpose (every hover raises):
the end-to-end tests start it to check that an exception in one request
does not stop the server."""

from __future__ import annotations

from typing import NoReturn

import sftpplus_config.lsp.hover as hover_module
from sftpplus_config.lsp.server import serve


def broken(*args: object, **kwargs: object) -> NoReturn:
    raise RuntimeError("provoked")


hover_module.hover = broken
serve()
