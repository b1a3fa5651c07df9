"""The language server end to end: a real LSP client (pytest-lsp) talks to
``sftpplus-config lsp`` over standard input and output, for every
capability. Positions are LSP positions: 0-based, ``character`` in UTF-16
code units unless the client asks for UTF-8; the text has an ``é`` and an
emoji before the positions that are checked."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from sftpplus_config.checks import Request, run

from .lsp_client import config, diagnostics_of, fixture, initialize, open_file, published

pytestmark = pytest.mark.asyncio

SECRET = "$5$rounds=5000$salt$abcdefghijklmnop"
TEXT = (
    "[groups/g1]\n"  # 1
    "name = Ops é🙂\n"  # 2
    "\n"  # 3
    "[accounts/a1]\n"  # 4
    "name = alice\n"  # 5
    "type = application\n"  # 6
    "group = g1\n"  # 7
    f"password = {SECRET}\n"  # 8
    "home_folder_path = /srv/é🙂/{host.nmae}\n"  # 9
    "nmae = dup\n"  # 10
    "\n"  # 11
    "[accounts/a2]\n"  # 12
    "name = bob\n"  # 13
    "group = g1\n"  # 14
    "enabled = Yes\n"  # 15
    "enabled = No\n"  # 16
)


def rng(line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=end_line, character=end),
    )


def at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def doc_id(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.as_uri())


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: content hash and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns)
    return found


def apply_edit(text: str, edit: types.WorkspaceEdit) -> str:
    """``text`` with a workspace edit's text edits applied (UTF-16 positions)."""
    assert edit.document_changes is not None
    edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = []
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        edits.extend(change.edits)
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        index = 0
        while units < position.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return before + index

    for item in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        assert isinstance(item, types.TextEdit)
        text = text[: offset(item.range.start)] + item.new_text + text[offset(item.range.end) :]
    return text


@fixture(config=config())
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await initialize(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@fixture(config=config())
async def utf8_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await initialize(lsp_client, tmp_path, encodings=["utf-8", "utf-16"])
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    path = tmp_path / "server.ini"
    path.write_text(TEXT, encoding="utf-8")
    return path


# -- diagnostics -------------------------------------------------------------------
async def test_diagnostics_have_codes_severities_hints_and_utf16_ranges(
    client: LanguageClient, ini: Path
) -> None:
    found = await open_file(client, ini)
    by_code = {d.code: d for d in found}
    assert set(by_code) == {"unknown-variable", "unknown-option", "duplicate-option"}
    variable = by_code["unknown-variable"]
    # `{` is code point 28 (1-based); é is one UTF-16 unit, the emoji two
    assert variable.range == rng(8, 28, 8, 39)
    assert variable.severity == types.DiagnosticSeverity.Error
    assert variable.source == "sftpplus-config"
    assert "hint: write {host.name}" in variable.message
    duplicate = by_code["duplicate-option"]
    assert duplicate.range == rng(15, 0, 15, 7)
    assert duplicate.related_information is not None
    (first,) = duplicate.related_information
    assert first.location.uri == ini.as_uri()
    assert first.location.range == rng(14, 0, 14, 7)
    assert first.message == "first set here"
    # the same findings as `validate` (what the command line reports)
    outcome = run(Request(files=[str(ini)]))
    assert sorted((f.rule, f.span.line - 1) for f in outcome.findings) == sorted(
        (str(d.code), d.range.start.line) for d in found
    )


async def test_utf8_position_encoding_counts_bytes(utf8_client: LanguageClient, ini: Path) -> None:
    found = await open_file(utf8_client, ini)
    (variable,) = [d for d in found if d.code == "unknown-variable"]
    # é is two bytes, the emoji four
    assert variable.range == rng(8, 31, 8, 42)


async def test_diagnostics_follow_incremental_changes_and_versions(
    client: LanguageClient, ini: Path
) -> None:
    await open_file(client, ini)
    # fix the typo on line 10 (`nmae` -> `note`), then break line 13
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=ini.as_uri(), version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=rng(9, 0, 9, 10), text="; nothing"),
                types.TextDocumentContentChangePartial(range=rng(12, 0, 12, 0), text="prot = 1\n"),
            ],
        )
    )
    params = await published(client, ini.as_uri())
    assert params.version == 2
    codes = sorted((str(d.code), d.range.start.line) for d in params.diagnostics)
    # the new line 13 shifted the duplicate to line 17 (0-based 16)
    assert codes == [("duplicate-option", 16), ("unknown-option", 12), ("unknown-variable", 8)]
    (duplicate,) = [d for d in params.diagnostics if d.code == "duplicate-option"]
    assert "first set at line 16" in duplicate.message


async def test_an_override_is_checked_with_its_base_and_the_open_base_buffer(
    client: LanguageClient, tmp_path: Path
) -> None:
    base = tmp_path / "server.ini"
    base.write_text("[accounts/a1]\nname = alice\n\n[groups/g1]\nname = G\n", encoding="utf-8")
    node = tmp_path / "server.override.ini"
    node.write_text("[accounts/a1]\ngroup = g2\n", encoding="utf-8")
    found = await open_file(client, node)
    (dangling,) = found
    assert dangling.code == "dangling-reference"
    assert dangling.range == rng(1, 8, 1, 10)
    # the base, open with an unsaved [groups/g2], is what the override is checked with
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=base.as_uri(),
                language_id="ini",
                version=1,
                text=base.read_text(encoding="utf-8") + "\n[groups/g2]\nname = H\n",
            )
        )
    )
    assert await diagnostics_of(client, base.as_uri()) == []
    assert await diagnostics_of(client, node.as_uri()) == []


async def test_an_override_without_base_is_partial(client: LanguageClient, tmp_path: Path) -> None:
    node = tmp_path / "server.override.ini"
    node.write_text("[accounts/a1]\ngroup = g2\n", encoding="utf-8")
    found = await open_file(client, node)
    assert [(d.code, d.severity) for d in found] == [
        ("base-not-found", types.DiagnosticSeverity.Information)
    ]


async def test_the_configuration_file_and_suppressions_apply(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".sftpplus-config.toml").write_text(
        'ignore = ["unknown-variable"]\n', encoding="utf-8"
    )
    path = tmp_path / "server.ini"
    text = TEXT.replace("nmae = dup\n", "; sftpplus-config: ignore[unknown-option]\nnmae = dup\n")
    text = text.replace(
        "[accounts/a2]\n", "[accounts/a2]\n; sftpplus-config: ignore[plaintext-password]\n"
    )
    path.write_text(text, encoding="utf-8")
    found = await open_file(client, path)
    assert sorted((str(d.code), d.range.start.line) for d in found) == [
        ("duplicate-option", 17),
        ("unused-suppression", 13),
    ]


async def test_a_file_that_is_not_utf8_gets_one_diagnostic(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "server.ini"
    path.write_bytes(b"[accounts/a1]\nname = caf\xe9\n")
    found = await open_file(client, path, "[accounts/a1]\nname = caf\ufffd\n")
    (only,) = found
    assert only.range.start == at(1, 10)
    assert "invalid UTF-8 byte 0xe9" in only.message
    # the server still answers
    assert await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(path))
    )


async def test_lone_surrogates_get_one_diagnostic(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "fresh.ini"
    found = await open_file(client, path, "[accounts/a1]\nname = é\udce9x\n")
    (only,) = found
    assert only.range.start == at(1, 8)
    assert "not valid UTF-8" in only.message


# -- hover -------------------------------------------------------------------------
async def hover_text(client: LanguageClient, path: Path, position: types.Position) -> types.Hover:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(path), position=position)
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result


async def test_hover_on_an_option_says_what_explain_says(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    result = await hover_text(client, ini, at(14, 3))  # enabled
    text = result.contents.value  # type: ignore[union-attr]
    assert "**enabled** (accounts/application)" in text
    assert "value: boolean" in text
    assert "default: `Yes`" in text
    assert "since: 1.6" in text
    assert "secret: no" in text
    assert result.range == rng(14, 0, 14, 7)


async def test_hover_on_a_secret_shows_no_value(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    for character in (2, 15):  # the name and the value
        result = await hover_text(client, ini, at(7, character))
        text = result.contents.value  # type: ignore[union-attr]
        assert "secret: yes" in text
        assert SECRET not in text and "salt" not in text
        assert "default" not in text


async def test_hover_on_a_reference_names_the_target(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    result = await hover_text(client, ini, at(6, 9))  # group = g1
    text = result.contents.value  # type: ignore[union-attr]
    assert text.startswith("→ [groups/g1]")
    assert "**groups**" in text
    assert "name `Ops é🙂`" in text
    assert result.range == rng(6, 8, 6, 10)


async def test_hover_on_a_header_gives_kind_and_type(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    result = await hover_text(client, ini, at(11, 3))
    text = result.contents.value  # type: ignore[union-attr]
    assert "**accounts**" in text
    assert "type **application** (the default type)" in text
    assert "name `bob`" in text
    assert result.range == rng(11, 0, 11, 13)


async def test_hover_on_an_old_name_says_what_it_became(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "server.ini"
    path.write_text("[administrators/a1]\nname = a\nrole = r1\n", encoding="utf-8")
    await open_file(client, path)
    result = await hover_text(client, path, at(2, 1))
    text = result.contents.value  # type: ignore[union-attr]
    assert "no longer a current option" in text and "`roles`" in text


# -- completion --------------------------------------------------------------------
async def complete(
    client: LanguageClient, path: Path, text: str, position: types.Position
) -> list[types.CompletionItem]:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=9),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await diagnostics_of(client, path.as_uri())
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(path), position=position)
    )
    assert isinstance(result, list)
    return result


def edit_of(item: types.CompletionItem) -> types.TextEdit:
    assert isinstance(item.text_edit, types.TextEdit)
    return item.text_edit


async def test_completion_of_section_kinds(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    items = await complete(client, ini, TEXT + "\n[acc", at(17, 4))
    by_label = {item.label: item for item in items}
    assert {"accounts/", "server", "groups/", "event-handlers/"} <= set(by_label)
    assert edit_of(by_label["accounts/"]).range == rng(17, 1, 17, 4)
    assert edit_of(by_label["server"]).new_text == "server]"


async def test_completion_of_options_leaves_out_those_set(
    client: LanguageClient, ini: Path
) -> None:
    await open_file(client, ini)
    text = TEXT + "en"
    items = await complete(client, ini, text, at(16, 2))
    labels = {item.label for item in items}
    assert "enabled" not in labels  # [accounts/a2] sets it
    assert "name" not in labels and "group" not in labels
    assert "home_folder_path" in labels
    (item,) = [i for i in items if i.label == "disable_on_inactivity"]
    assert item.detail is not None and "default" in item.detail
    assert edit_of(item) == types.TextEdit(
        range=rng(16, 0, 16, 2), new_text="disable_on_inactivity = "
    )
    (password,) = [i for i in items if i.label == "password"]
    assert password.detail is not None and "secret" in password.detail


async def test_completion_of_enum_values(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    text = TEXT.replace("type = application\n", "type = é\n")
    items = await complete(client, ini, text, at(5, 8))
    assert {item.label for item in items} == {"application", "os"}
    (item,) = [i for i in items if i.label == "os"]
    assert edit_of(item).range == rng(5, 7, 5, 8)


async def test_completion_of_ids_labelled_by_name(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    text = TEXT + "[groups/g2]\nname = Backup\n\n[accounts/a3]\nname = carol\ngroup = \n"
    items = await complete(client, ini, text, at(21, 8))
    by_label = {
        item.label: item for item in items if item.kind == types.CompletionItemKind.Reference
    }
    assert set(by_label) == {"Ops é🙂", "Backup"}
    assert edit_of(by_label["Backup"]).new_text == "g2"
    assert by_label["Backup"].detail == "[groups/g2]"


async def test_completion_of_variables(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    text = TEXT.replace("{host.nmae}", "{ho")
    items = await complete(client, ini, text, at(8, 31))
    by_label = {item.label: item for item in items}
    assert {"{host.name}", "{host.fqdn}"} <= set(by_label)
    assert edit_of(by_label["{host.name}"]).range == rng(8, 28, 8, 31)
    # the editor closed the brace itself: the `}` is replaced too
    text = TEXT.replace("{host.nmae}", "{ho}")
    items = await complete(client, ini, text, at(8, 31))
    (name,) = [item for item in items if item.label == "{host.name}"]
    assert edit_of(name).range == rng(8, 28, 8, 32)


async def test_completion_never_offers_a_secret(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    text = TEXT.replace(f"password = {SECRET}", f"password = {SECRET[:5]}")
    items = await complete(client, ini, text, at(7, 16))
    assert all(SECRET[:5] not in repr(item) for item in items)


# -- definition, references, symbols ---------------------------------------------
async def test_definition_and_references(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(ini), position=at(13, 9))
    )
    assert found == [types.Location(uri=ini.as_uri(), range=rng(0, 0, 0, 11))]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(ini),
            position=at(0, 3),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert sorted(
        (r.range.start.line, r.range.start.character, r.range.end.character) for r in refs
    ) == [
        (0, 0, 11),
        (6, 8, 10),
        (13, 8, 10),
    ]
    # from a value, without the declaration
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(ini),
            position=at(6, 9),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert refs is not None and len(refs) == 2


async def test_document_symbols(client: LanguageClient, ini: Path) -> None:
    await open_file(client, ini)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(ini))
    )
    assert symbols is not None
    assert [(s.name, s.detail) for s in symbols] == [  # type: ignore[union-attr]
        ("Ops é🙂", "groups [groups/g1]"),
        ("alice", "accounts / application [accounts/a1]"),
        ("bob", "accounts / application [accounts/a2]"),
    ]
    alice = symbols[1]
    assert isinstance(alice, types.DocumentSymbol)
    assert alice.range == rng(3, 0, 9, 10)
    assert alice.selection_range == rng(3, 0, 3, 13)
    assert alice.children is not None
    children = {child.name: child for child in alice.children}
    assert children["password"].detail == "<redacted>"
    assert children["home_folder_path"].selection_range == rng(8, 0, 8, 16)
    assert children["home_folder_path"].range == rng(8, 0, 8, 39)


# -- code actions -----------------------------------------------------------------
async def actions_for(
    client: LanguageClient, path: Path, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(path),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


async def revalidate(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=5),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await diagnostics_of(client, path.as_uri())


async def test_code_action_did_you_mean(client: LanguageClient, ini: Path) -> None:
    found = await open_file(client, ini)
    for code, replaced in (("unknown-option", "name = dup"), ("unknown-variable", "{host.name}")):
        (diagnostic,) = [d for d in found if d.code == code]
        actions = await actions_for(client, ini, [diagnostic])
        (action,) = [a for a in actions if a.title.startswith("Replace with")]
        assert action.edit is not None
        fixed = apply_edit(TEXT, action.edit)
        assert replaced in fixed
        after = await revalidate(client, ini, fixed)
        assert code not in {d.code for d in after}
        await revalidate(client, ini, TEXT)


async def test_code_action_apply_fix(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "server.ini"
    text = "[administrators/a1]\nname = é🙂\nrole = r1\n\n[roles/r1]\nname = R\n"
    path.write_text(text, encoding="utf-8")
    found = await open_file(client, path)
    (renamed,) = [d for d in found if d.code == "renamed-option"]
    assert renamed.data is not None and renamed.data["fixable"] is True
    actions = await actions_for(client, path, [renamed])
    (fix,) = [a for a in actions if a.title.startswith("Apply fix")]
    assert fix.edit is not None
    fixed = apply_edit(text, fix.edit)
    assert "roles = r1" in fixed and "role = r1" not in fixed
    assert [a for a in actions if a.kind == types.CodeActionKind.SourceFixAll]
    assert "renamed-option" not in {d.code for d in await revalidate(client, path, fixed)}


async def test_code_action_suppression_comment(client: LanguageClient, ini: Path) -> None:
    found = await open_file(client, ini)
    (diagnostic,) = [d for d in found if d.code == "unknown-option"]
    actions = await actions_for(client, ini, [diagnostic])
    titles = {a.title: a for a in actions}
    option = titles["Ignore `unknown-option` for this option"]
    assert option.edit is not None
    fixed = apply_edit(TEXT, option.edit)
    assert "; sftpplus-config: ignore[unknown-option]\nnmae = dup\n" in fixed
    after = await revalidate(client, ini, fixed)
    assert {str(d.code) for d in after} == {"unknown-variable", "duplicate-option"}
    section = titles["Ignore `unknown-option` in this section"]
    assert section.edit is not None
    assert "[accounts/a1]\n; sftpplus-config: ignore-section[unknown-option]\n" in apply_edit(
        TEXT, section.edit
    )


async def test_code_action_missing_options(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "server.ini"
    text = "[services/s1]\ntype = ssh\nname = é🙂\n\n[groups/g1]\nname = G\n"
    path.write_text(text, encoding="utf-8")
    found = await open_file(client, path)
    missing = [d for d in found if d.code == "missing-option"]
    assert missing
    actions = await actions_for(client, path, missing)
    (add,) = [a for a in actions if a.title.startswith("Add the missing options")]
    assert add.edit is not None
    fixed = apply_edit(text, add.edit)
    assert fixed.startswith("[services/s1]\ntype = ssh\nname = é🙂\nport = \n")
    after = await revalidate(client, path, fixed.replace("port = \n", "port = 2222\n"))
    assert "missing-option" not in {d.code for d in after}


# -- semantics ---------------------------------------------------------------------
async def test_the_server_writes_no_file(client: LanguageClient, ini: Path, tmp_path: Path) -> None:
    (tmp_path / "server.override.ini").write_text("[accounts/a1]\nname = x\n", encoding="utf-8")
    before = snapshot(tmp_path)
    found = await open_file(client, ini)
    await open_file(client, tmp_path / "server.override.ini")
    for diagnostic in found:
        await actions_for(client, ini, [diagnostic])
    await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(ini))
    )
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc_id(ini)))
    await diagnostics_of(client, ini.as_uri())
    assert snapshot(tmp_path) == before


@fixture(config=config([sys.executable, str(Path(__file__).parent / "lsp_faulty_server.py")]))
async def faulty(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    await initialize(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_an_exception_in_one_request_does_not_stop_the_server(
    faulty: LanguageClient, ini: Path
) -> None:
    await open_file(faulty, ini)
    for _ in range(2):
        result = await faulty.text_document_hover_async(
            types.HoverParams(text_document=doc_id(ini), position=at(14, 3))
        )
        assert result is None
    assert any(
        "internal error in on_hover" in m.message and "provoked" in m.message
        for m in faulty.log_messages
    )
    symbols = await faulty.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(ini))
    )
    assert symbols is not None and len(symbols) == 3
