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
import re
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
    # mixed line endings included: an edit never joins two lines (issue #12)
    assert again.to_dict()[section] == doc.to_dict()[section]


def _well_formed(*docs: sc.Document) -> bool:
    """No duplicate sections (SFTPPlus refuses such a file; diff, patch and
    merge define them by their first occurrence only, see
    docs/diff-and-merge.md)."""
    return all(len(doc.section_names()) == len(doc.sections) for doc in docs)


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


# -- file-system targets of build's output folder (issue #12) ---------------

_OUT_NAMES = (
    "a",
    "b",
    "a/b",
    "a/c",
    "b/a",
    "server.ini",
    "a/server.ini",
    ".sftpplus-config-build.json",
)


def _snapshot_tree(folder: Path) -> dict[str, tuple[str, str | bytes]]:
    entries: dict[str, tuple[str, str | bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            relative = str(path.relative_to(folder))
            if path.is_symlink():
                entries[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[relative] = ("dir", "")
            elif path.is_file():
                entries[relative] = ("file", path.read_bytes())
            else:
                entries[relative] = ("other", "")
    return entries


def target_outputs(data: bytes) -> None:
    """Build's writes and prunes into a folder holding links (to the
    outside, to itself), FIFOs, files where folders should be: they either
    work or raise UnsafePathError; nothing outside the folder ever changes,
    no link inside is followed, replaced or deleted."""
    from sftpplus_config.inventory import MANIFEST, prune_outputs, stale_outputs, write_outputs

    if len(data) < 2:
        return
    with tempfile.TemporaryDirectory() as scratch:
        top = Path(scratch)
        root, outside = top / "root", top / "outside"
        root.mkdir()
        (outside / "sub").mkdir(parents=True)
        (outside / "victim").write_bytes(b"precious")
        (outside / "sub" / "server.ini").write_bytes(b"precious too")
        (outside / ".sftpplus-config-build.json").write_text('{"files": ["victim"]}')
        for op in data[2:34]:
            path = root / _OUT_NAMES[op % len(_OUT_NAMES)]
            kind = (op >> 3) % 6
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                if os.path.lexists(path):
                    continue  # never open what is there (a FIFO would block)
                if kind == 0:
                    path.mkdir()
                elif kind == 1:
                    path.write_bytes(b"old")
                elif kind == 2:
                    path.symlink_to(outside / "sub")
                elif kind == 3:
                    path.symlink_to(outside / "victim")
                elif kind == 4:
                    path.symlink_to(root)
                else:
                    os.mkfifo(path)
        before_outside = _snapshot_tree(outside)
        links = {k: v for k, v in _snapshot_tree(root).items() if v[0] == "link"}
        files = {
            name: f"[{name}]\n"
            for index, name in enumerate(_OUT_NAMES[:-1])
            if data[0] >> index & 1
        }
        stale = [name for index, name in enumerate(_OUT_NAMES) if data[1] >> index & 1]
        try:
            if data[1] & 0x80:
                prune_outputs(stale, root)
            else:
                stale_outputs(files, root)
                written = write_outputs(files, root, stale=stale)
                assert set(written) <= set(files)
                for name, text in files.items():
                    assert (root / name).read_text() == text
                    assert not (root / name).is_symlink()
                assert json.loads((root / MANIFEST).read_text())["files"] == sorted(
                    {*files, *stale}
                )
        except SftpplusConfigError:
            pass
        assert _snapshot_tree(outside) == before_outside
        after = _snapshot_tree(root)
        for name, entry in links.items():
            # a link is never followed: it stays, unless a folder on its way
            # was removed by the prune (then it went with nothing behind it)
            assert after.get(name, entry) == entry, name


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
    "outputs": target_outputs,
    "merge3-sides": target_merge3_sides,
}


def run(name: str, data: bytes) -> None:
    """Run one target; our documented exceptions are allowed to escape the
    library, so they end the run quietly. Anything else propagates."""
    with contextlib.suppress(SftpplusConfigError):
        TARGETS[name](data)


# -- reporters and formats with hostile values (issue 12) ------------------------

_OUR_COMMAND = re.compile(
    r"::(error|warning|notice) file=[^:,\r\n]*"
    r"(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[a-z0-9-]+( \(more\))?::"
)
_TERMINAL_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _check_log(text: str, github: bool) -> None:
    """Lines of a text or github report: no terminal control, no workflow
    command we did not write, no ``##[``."""
    for line in text.split("\n"):
        assert not _TERMINAL_CONTROL.search(line), line
        if github and line.startswith("::"):
            assert _OUR_COMMAND.match(line), line
        else:
            assert not line.lstrip().startswith("::"), line
            assert "##[" not in line, line


def _check_report(fmt: str, text: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(text)
        assert not _TERMINAL_CONTROL.search(text.replace("\n", "")), text
    else:
        _check_log(text, fmt == "github")


def target_reporters(data: bytes) -> None:
    """Findings whose file, section, option, message and hint are taken from
    the input (any characters, line breaks and escapes included), reported
    in every format with a small cap: JSON/SARIF parse, text/github lines
    stay data, and every finding is counted."""
    from sftpplus_config.cli.reporters import FORMATS, Collected, report
    from sftpplus_config.findings import Finding, Related
    from sftpplus_config.span import Span

    text = data.decode("utf-8", "surrogateescape")
    parts = text.split("\x00")
    while len(parts) < 5:
        parts.append(parts[-1][::-1])
    file, section, option, message, hint = parts[:5]
    findings = [
        Finding(
            ("syntax-error", "unknown-option", "made-up-rule")[n % 3],
            ("error", "warning", "info")[n % 3],
            message[n:] or message,
            Span(1 + n, 1, 1 + n, 2),
            (file, file + "x", None)[n % 3],
            section or None,
            option or None,
            hint or None,
            (Related(Span(1, 1, 1, 1), message, file),) if n % 2 else (),
        )
        for n in range(1 + len(data) % 7)
    ]
    cap = len(data) % 4
    for fmt in FORMATS:
        _check_report(fmt, report(fmt, findings, [file], max_findings=cap))
    found = Collected(findings, max_findings=cap)
    assert found.errors + found.warnings + found.infos == len(findings)
    assert len(found) + found.total_omitted == len(findings)


def target_report_cli(data: bytes) -> None:
    """The input as a file under a hostile name, through every reporting
    command in every format: exit 0, 1 or 2, and outputs that stay data."""
    from sftpplus_config.cli.reporters import FORMATS

    name = "n\n::error::x\x1b[31m" + data[:8].decode("utf-8", "replace").replace("/", "_")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name.replace("\x00", "_") + ".ini")
        path.write_bytes(data)
        fmt = FORMATS[len(data) % 4]
        for words in (
            ["validate", str(path), "--max-findings", "3"],
            ["assets", str(path), "--check"],
            ["check-cluster", str(path), "--nodes", "a,b"],
        ):
            out, err, code = _cli_output([*words, "--format", fmt])
            assert code in (0, 1, 2), err
            _check_log(err, fmt == "github")
            if out:
                _check_report(fmt, out)
        out, err, code = _cli_output(["diff", str(path), str(path)])
        assert code in (0, 1, 2), err
        _check_log(out + err, False)


def _cli_output(words: list[str]) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of the command line; an internal error raises."""
    from sftpplus_config.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with (
        mock_environ(SFTPPLUS_CONFIG_DEBUG="1"),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = main(words)
    return out.getvalue(), err.getvalue(), code


TARGETS["reporters"] = target_reporters
TARGETS["report_cli"] = target_report_cli
