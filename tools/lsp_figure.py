"""Render a language-server session as a figure for docs/editors.md.

No editor runs where the docs are built, so this script plays the editor:
it starts ``sftpplus-config lsp`` as an editor would (a real client over
standard input and output), opens docs/images/lsp-session.ini, asks for a
hover, and draws what came back (the diagnostics' ranges, codes and
messages, and the hover's text) the way an editor shows them, as an SVG.
It also writes the session's messages as JSON beside the figure, so that
the figure can be checked against them.

Usage: ``python tools/lsp_figure.py`` (needs the lsp extra); ``--check``
exits 1 when the committed figure differs from a new rendering.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "images" / "lsp-session.ini"
FIGURE = ROOT / "docs" / "images" / "lsp-session.svg"
TRANSCRIPT = ROOT / "docs" / "images" / "lsp-session.json"
HOVER_AT = (7, 2)  # 0-based line and character: the `enabled` option

FONT = 14
CHAR = 8.4  # width of one monospace character at FONT
LINE = 20
GUTTER = 40
COLOURS = {1: "#d9534f", 2: "#e0a800", 3: "#3a87ad"}


async def session() -> dict[str, Any]:
    """The messages of one session: the diagnostics and a hover."""
    client = LanguageClient("figure", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    def record(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(record)
    await client.start_io(sys.executable, "-m", "sftpplus_config", "lsp")
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=os.getpid())
    )
    client.initialized(types.InitializedParams())
    # a fixed URI: the figure must not depend on where the checkout is
    uri = "file:///srv/sftpplus/configuration/server.ini"
    text = EXAMPLE.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="ini", version=1, text=text)
        )
    )
    diagnostics = (await published.get()).diagnostics
    line, character = HOVER_AT
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()  # type: ignore[no-untyped-call]
    converter = client.protocol._converter
    return {
        "text": text,
        "diagnostics": converter.unstructure(list(diagnostics)),
        "hover": converter.unstructure(hover),
    }


def render(messages: dict[str, Any]) -> str:
    """The SVG of a session (see the module)."""
    lines = messages["text"].split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    diagnostics = messages["diagnostics"]
    hover = messages["hover"]
    hover_lines = [row for row in hover["contents"]["value"].split("\n") if row][:9]
    problems = sorted(
        ((d, d["message"].split("\n")[0]) for d in diagnostics),
        key=lambda item: (
            item[0]["range"]["start"]["line"],
            item[0]["range"]["start"]["character"],
        ),
    )
    width = 1000
    line = HOVER_AT[0]
    # the hover box, right of the code, from the hovered line down
    box_x = GUTTER + CHAR * (max(len(text) for text in lines) + 4)
    box_y = LINE * line + 6
    box_w = width - box_x - 20
    box_h = LINE * len(hover_lines) + 12
    code_height = max(LINE * (len(lines) + 1), box_y + box_h + 10)
    panel_top = code_height + 20
    height = panel_top + LINE * (len(problems) + 2) + 10
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans Mono, monospace" '
            f'font-size="{FONT}">'
        ),
        f'<rect width="{width}" height="{height}" fill="#1e1e1e"/>',
    ]
    for number, text in enumerate(lines):
        y = LINE * (number + 1)
        parts.append(
            f'<text x="{GUTTER - 10}" y="{y}" fill="#858585" text-anchor="end">{number + 1}</text>'
        )
        parts.append(
            f'<text x="{GUTTER}" y="{y}" fill="#d4d4d4" xml:space="preserve">{escape(text)}</text>'
        )
    for diagnostic in diagnostics:
        start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
        colour = COLOURS.get(diagnostic["severity"], "#888")
        y = LINE * (start["line"] + 1) + 4
        x1 = GUTTER + CHAR * start["character"]
        x2 = GUTTER + CHAR * max(end["character"], start["character"] + 1)
        wave = " ".join(
            f"L{x1 + step * 3:.1f},{y + (2 if step % 2 else 0)}"
            for step in range(int((x2 - x1) / 3) + 1)
        )
        parts.append(f'<path d="M{x1:.1f},{y} {wave}" stroke="{colour}" fill="none"/>')
    hovered = hover["range"]
    x1 = GUTTER + CHAR * hovered["start"]["character"]
    x2 = GUTTER + CHAR * hovered["end"]["character"]
    parts.append(
        f'<rect x="{x1:.1f}" y="{LINE * line + 5}" width="{x2 - x1:.1f}" height="{LINE - 2}" '
        'fill="#264f78" fill-opacity="0.6"/>'
    )
    parts.append(
        f'<line x1="{x2:.1f}" y1="{LINE * line + 14}" x2="{box_x}" y2="{LINE * line + 14}" '
        'stroke="#454545"/>'
    )
    parts.append(
        f'<rect x="{box_x}" y="{box_y}" width="{box_w}" height="{box_h}" fill="#252526" '
        'stroke="#454545"/>'
    )
    for number, row in enumerate(hover_lines):
        text = row.replace("**", "").replace("`", "")
        parts.append(
            f'<text x="{box_x + 10}" y="{box_y + LINE * (number + 1)}" fill="#cccccc" '
            f'xml:space="preserve">{escape(text[: int((box_w - 20) / CHAR)])}</text>'
        )
    # the problems panel
    parts.append(
        f'<rect x="0" y="{panel_top - 14}" width="{width}" height="{height - panel_top + 14}" '
        'fill="#181818"/>'
    )
    parts.append(f'<text x="10" y="{panel_top + 4}" fill="#bbbbbb">PROBLEMS</text>')
    for number, (diagnostic, row) in enumerate(problems):
        y = panel_top + LINE * (number + 2)
        start = diagnostic["range"]["start"]
        colour = COLOURS.get(diagnostic["severity"], "#888")
        where = f"[{start['line'] + 1}:{start['character'] + 1}]"
        text = f"{diagnostic['code']}: {row}"
        parts.append(f'<circle cx="16" cy="{y - 5}" r="5" fill="{colour}"/>')
        parts.append(
            f'<text x="30" y="{y}" fill="#d4d4d4" xml:space="preserve">'
            f"{escape(text[:100])} {escape(where)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    messages = asyncio.run(session())
    figure = render(messages)
    transcript = json.dumps(messages, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        same = FIGURE.read_text(encoding="utf-8") == figure
        same = same and TRANSCRIPT.read_text(encoding="utf-8") == transcript
        return 0 if same else 1
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    FIGURE.write_text(figure, encoding="utf-8")
    TRANSCRIPT.write_text(transcript, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
