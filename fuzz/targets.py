"""Fuzz targets: each takes arbitrary bytes and checks the library's
contracts. Only our documented exceptions may escape the library; anything
else (or a broken invariant, raised as AssertionError) is a finding.

Used by ``fuzz/run.py`` (atheris, coverage-guided, outside CI) and by
``tests/test_fuzz_smoke.py`` (hypothesis-driven, inside CI).
"""

from __future__ import annotations

import configparser
import contextlib
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import sftpplus_config as sc
from sftpplus_config._parser import decode
from sftpplus_config.exceptions import SftpplusConfigError


def _text(data: bytes) -> str | None:
    try:
        text, bom = decode(data)
    except sc.DecodeError:
        return None
    return ("\ufeff" if bom else "") + text


def target_loads(data: bytes) -> None:
    """Round trip, lazy and eager values agree, configparser agrees."""
    text = _text(data)
    if text is None:
        return
    doc = sc.loads(text)
    assert doc.dumps() == text
    fast = doc.to_dict()
    doc.parse_all()
    assert doc.to_dict() == fast
    for section in [doc.preamble, *doc.sections]:
        section._modified = True
    doc._edited = True
    assert doc.dumps() == text
    for finding in doc.problems():
        assert finding.span.line >= 1
        assert finding.span.column >= 1
    body = text.removeprefix("\ufeff")
    if "[DEFAULT]" in body:
        return
    parser = configparser.RawConfigParser(strict=True, interpolation=None)
    try:
        parser.read_file(io.StringIO(body, newline=None))
    except configparser.Error:
        return
    assert fast == {name: dict(parser[name]) for name in parser.sections()}


def target_edit(data: bytes) -> None:
    """Edits either apply and read back, or raise our EditError."""
    if len(data) < 2:
        return
    text = _text(data[2:])
    if text is None:
        return
    doc = sc.loads(text)
    names = doc.section_names()
    if not names:
        return
    section = names[data[0] % len(names)]
    keys = doc[section].keys()
    value = text[: data[1] % 20].replace("\r", "")
    try:
        if keys and data[0] & 1:
            doc.set(section, keys[data[1] % len(keys)], value)
        elif data[0] & 2:
            doc.set(section, "fuzz_key", value)
        elif keys:
            doc.unset(section, keys[0])
    except SftpplusConfigError:
        return
    again = sc.loads(doc.dumps())
    if not _mixes_lone_cr(text):
        assert again.to_dict()[section] == doc.to_dict()[section]


def _well_formed(*docs: sc.Document) -> bool:
    """No duplicate sections (SFTPPlus refuses such a file; diff, patch and
    merge define them by their first occurrence only, see
    docs/diff-and-merge.md)."""
    return all(len(doc.section_names()) == len(doc.sections) for doc in docs)


def _mixes_lone_cr(text: str) -> bool:
    """A lone "\\r" line ending next to "\\n" ones (see docs/editing.md,
    known limits: an edit can join "x\\r" and an empty "\\n" line)."""
    return "\r" in text.replace("\r\n", "") and "\n" in text.replace("\r\n", "")


def _documents(data: bytes, count: int) -> list[sc.Document] | None:
    """Split the input on NUL bytes into ``count`` documents."""
    parts = data.split(b"\x00", count - 1)
    if len(parts) < count:
        return None
    texts = [_text(part) for part in parts]
    if any(t is None for t in texts):
        return None
    return [sc.loads(t) for t in texts if t is not None]


def target_diff(data: bytes) -> None:
    """apply(diff(a, b), a) reads as b; rendering never fails."""
    from sftpplus_config.diff import diff, render_text, to_json
    from sftpplus_config.patch import apply

    docs = _documents(data, 2)
    if docs is None:
        return
    a, b = docs
    changes = diff(a, b)
    render_text(changes)
    to_json(changes)
    result = apply(changes, a)
    if not result.conflicts and _well_formed(a, b):
        assert result.document.to_dict() == b.to_dict()


def target_merge3(data: bytes) -> None:
    """merge3 never fails; with ours == base the result reads as theirs."""
    from sftpplus_config.merge3 import merge3

    docs = _documents(data, 3)
    if docs is None:
        return
    base, ours, theirs = docs
    merge3(base, ours, theirs)
    result = merge3(base, base, theirs)
    if not result.conflicts and _well_formed(base, theirs):
        assert result.document.to_dict() == theirs.to_dict()


def target_render(data: bytes) -> None:
    """Rendering with no variables given changes nothing but {host.*};
    rendering with a value that contains a placeholder does not expand it
    again; findings are positioned."""
    from sftpplus_config.variables import check_variables, render

    text = _text(data)
    if text is None:
        return
    doc = sc.loads(text)
    for finding in check_variables(doc):
        assert finding.span.line >= 1
    if "{" not in text or "host." not in text.lower():
        assert render(doc, {}).document.dumps() == doc.dumps()
    result = render(doc, {"host.name": "{host.name}", "host.fqdn": "n{host.fqdn}"})
    again = render(result.document, {}).document
    assert again.dumps() == result.document.dumps() or "{{" in text


def target_validate(data: bytes) -> None:
    """Every rule runs on any text; findings are inside the file; every
    output format renders (json and sarif as JSON). Then the command line
    on the same bytes as a file: exit 0, 1 or 2, never an internal error."""
    from sftpplus_config.cli.reporters import report
    from sftpplus_config.validation import validate

    text = _text(data)
    if text is not None:
        doc = sc.loads(text)
        findings = validate(doc).findings
        lines = len(text.splitlines()) + 1
        for finding in findings:
            assert 1 <= finding.span.line <= lines, finding
            assert finding.span.column >= 1, finding
        for fmt in ("text", "github"):
            report(fmt, findings, ["server.ini"])
        for fmt in ("json", "sarif"):
            json.loads(report(fmt, findings, ["server.ini"]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "server.ini"
        path.write_bytes(data)
        fmt = ("text", "json", "sarif", "github")[len(data) % 4]
        assert _cli(["validate", str(path), "--format", fmt]) in (0, 1, 2)


def target_explain(data: bytes) -> None:
    """``explain`` with any kind/type and option name: exit 0 or 1."""
    parts = data.decode("utf-8", "replace").split("\x00")
    words = ["explain", *parts[:2]]
    if len(data) % 2:
        words.append("--json")
    assert _cli(words) in (0, 1, 2)


def target_lookups(data: bytes) -> None:
    """A large document's first lookups search the text; they must find what
    the index finds, for any name (the fuzz input's header names and junk)."""
    from unittest import mock

    from sftpplus_config import document

    text = _text(data)
    if text is None:
        return
    indexed = sc.loads(text)
    names = [*indexed.section_names(), text[:8], "]", ""]
    with (
        mock.patch.object(document, "_LAZY_INDEX_FROM", 0),
        mock.patch.object(document, "_LAZY_LOOKUPS", len(names)),
    ):
        lazy = sc.loads(text)
        for name in names:
            expected = indexed.section(name)
            found = lazy.section(name)
            if expected is None:
                assert found is None, name
            else:
                assert found is not None and found.span == expected.span, name
                assert found.as_dict() == expected.as_dict()
        assert lazy.dumps() == text


def _cli(words: list[str]) -> int:
    """Run the command line quietly; an internal error raises (a finding)."""
    from sftpplus_config.cli.main import main

    sink = io.StringIO()
    with (
        mock_environ(SFTPPLUS_CONFIG_DEBUG="1"),
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
    ):
        return main(words)


@contextlib.contextmanager
def mock_environ(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def unseen_lines(text: str) -> Counter[str]:
    """The lines of a file that the option-by-option diff does not see, as
    a multiset of their texts without line endings: comment lines (also
    inside values), invalid lines, duplicate options, and every line that is
    not blank in the preamble or in a section whose name came before."""
    from sftpplus_config._lines import split_lines
    from sftpplus_config.nodes import Comment, Invalid, Option

    doc = sc.loads(text)
    doc.parse_all()
    found: Counter[str] = Counter()

    def every(node_text: str, start: int = 0) -> None:
        for line in split_lines(node_text)[start:]:
            if line.strip() and (start == 0 or line.lstrip()[:1] in (";", "#")):
                found[line.rstrip("\r\n")] += 1

    every(doc.preamble.text)
    names: set[str | None] = set()
    for section in doc.sections:
        if section.name in names:
            every(section.text)
            continue
        names.add(section.name)
        keys: set[str] = set()
        for node in section.nodes:
            if isinstance(node, Comment | Invalid):
                found[node.content] += 1
            elif isinstance(node, Option):
                every(node.text, 0 if node.name in keys else 1)
                keys.add(node.name)
    return found


def lost_lines(base: str, ours: str, theirs: str, merged: str) -> Counter[str]:
    """The lines ours or theirs added, among those the option-by-option
    diff does not see, that ``merged`` (markers and all) lacks."""
    from sftpplus_config._lines import split_lines

    written = Counter(line.rstrip("\r\n") for line in split_lines(merged.removeprefix("\ufeff")))
    was = unseen_lines(base)
    lost: Counter[str] = Counter()
    for side in (ours, theirs):
        lost |= (unseen_lines(side) - was) - written
    return lost


def target_merge3_sides(data: bytes) -> None:
    """merge3 on files with comments, duplicates, invalid lines, preamble
    lines and BOMs: no line either side added is lost (it is in the text or
    in a conflict's markers), a clean merge reads as the option merge and
    as its own text, and an unchanged side gives the other byte for byte."""
    from sftpplus_config._lines import split_lines
    from sftpplus_config.diff import diff
    from sftpplus_config.merge3 import merge3
    from sftpplus_config.patch import apply

    docs = _documents(data, 3)
    if docs is None:
        return
    base, ours, theirs = (doc.dumps() for doc in docs)
    result = merge3(*docs)
    assert not lost_lines(base, ours, theirs, result.text), lost_lines(
        base, ours, theirs, result.text
    )
    # lines as the file format ends them (not str.splitlines: a form feed ends none)
    lines = split_lines(result.text.removeprefix("\ufeff"))
    for conflict in result.conflicts:  # each conflict has its markers
        assert 1 <= conflict.line <= len(lines), conflict
        assert lines[conflict.line - 1].startswith("<<<<<<< "), conflict
    if result.clean:
        assert result.document.dumps() == result.text
        if len({base, ours, theirs}) == 3:
            expected = apply(diff(docs[0], docs[2]), docs[1])
            assert expected.clean
            assert result.document.to_dict() == sc.loads(expected.document.dumps()).to_dict()
    assert merge3(docs[0], docs[0], docs[2]).text == theirs
    assert merge3(docs[1], docs[1], docs[1]).text == ours


TARGETS: dict[str, Callable[[bytes], None]] = {
    "loads": target_loads,
    "edit": target_edit,
    "diff": target_diff,
    "merge3": target_merge3,
    "render": target_render,
    "validate": target_validate,
    "explain": target_explain,
    "lookups": target_lookups,
    "merge3-sides": target_merge3_sides,
}


def run(name: str, data: bytes) -> None:
    """Run one target; our documented exceptions are allowed to escape the
    library, so they end the run quietly. Anything else propagates."""
    with contextlib.suppress(SftpplusConfigError):
        TARGETS[name](data)
