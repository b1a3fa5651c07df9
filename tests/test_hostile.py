"""Hostile and odd inputs: nothing crashes, nothing is lost, no quadratic work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import sftpplus_config as sc

from ._work import growth, lines_executed, peak_allocated


def full_round_trip(text: str) -> sc.Document:
    doc = sc.loads(text)
    assert doc.dumps() == text
    doc.parse_all()
    for section in [doc.preamble, *doc.sections]:
        section._modified = True
    doc._edited = True
    assert doc.dumps() == text
    doc.problems()
    doc.to_dict()
    return doc


@pytest.mark.parametrize(
    "text",
    [
        "[server]\nname = a\x00b\n",  # NUL byte
        "[server]\x00\nname = x\n",
        "[ser\x01ver]\nname = x\n",  # control character in a section name
        "[server]\nname = x\n\ufeff[accounts/a]\nname = y\n",  # BOM in the middle
        "[server]\rname = x\r\r  y\r",  # lone CR everywhere
        "[server]\n" + "\t" * 5000 + "deep\n",  # indented line with no option open
        "[server]\nname = x\n" + "".join(" " * n + "v\n" for n in range(1, 2000)),
        "[[[\n]]]\n[a]]\n[]\n[\n",
        "[server]\nname = {{host.name}\n{host.name\n}\n",
        "\x0c[server]\nname\x0b= x\x1c\n",
        "[server]\n" + "=" * 1000 + "\n" + ":" * 1000 + "\n",
        "",
        "\n\n\n",
        "no section at all\n",
    ],
)
def test_odd_text_round_trips_and_reports(text: str) -> None:
    full_round_trip(text)


def test_ten_megabyte_single_line() -> None:
    text = "[server]\ndescription = " + "x" * 10_000_000 + "\n"
    doc = full_round_trip(text)
    assert len(doc["server"]["description"]) == 10_000_000


def test_bom_in_the_middle_is_an_ordinary_character() -> None:
    doc = sc.loads("[server]\nname = x\n\ufeff[accounts/a]\n")
    # configparser does the same: the line is not a header, and has no "="
    assert [f.rule for f in doc.problems()] == ["syntax-error"]


def test_control_characters_in_section_names_are_kept() -> None:
    doc = sc.loads("[ser\x01ver]\nname = x\n")
    assert doc.section_names() == ["ser\x01ver"]


#: Growth allowed when the input doubles: linear work doubles exactly, plus
#: a little for constant costs; a quadratic algorithm gives ~4.
_LINEAR = 2.2


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda n: "".join(f"[a/{i}]\nx = {i}\n" for i in range(n)), id="sections"),
        pytest.param(lambda n: "[s]\n" + "".join(f"k{i} = v\n" for i in range(n)), id="options"),
        pytest.param(lambda n: "[s]\nk = v\n" + "  c\n" * n, id="continuations"),
        pytest.param(lambda n: "[s]\n" + "; c\n" * n, id="comments"),
        pytest.param(lambda n: "[s]\n" + "x" * (n * 200) + "\n", id="long-line"),
    ],
)
def test_no_quadratic_behaviour(make: Callable[[int], str]) -> None:
    """Doubling the input at most ~doubles the work: the lines of library
    code executed and the memory allocated, both counted, not timed (the
    timed growth factors are ``python -m bench.growth --check``)."""
    small, large = make(5_000), make(10_000)

    def work(text: str) -> Callable[[], object]:
        return lambda: full_round_trip(text)

    assert growth(lines_executed, work(small), work(large)) < _LINEAR
    assert growth(peak_allocated, work(small), work(large)) < _LINEAR


def test_edits_on_a_large_file_are_not_quadratic() -> None:
    def edit(n: int) -> Callable[[], object]:
        text = "".join(f"[a/{i}]\nx = {i}\n" for i in range(n))

        def run() -> None:
            doc = sc.loads(text)
            for i in range(0, n, 10):
                doc.set(f"a/{i}", "y", "1")
            # positions are recomputed once, on the first query after edits
            assert doc[f"a/{n - 1}"].span.line == 2 * n + n // 10 - 1
            doc.dumps()

        return run

    assert growth(lines_executed, edit(4_000), edit(8_000)) < _LINEAR
    assert growth(peak_allocated, edit(4_000), edit(8_000)) < _LINEAR


def test_hundred_megabyte_file(tmp_path: Path) -> None:
    block = "".join(
        f"[accounts/{i}]\nname = user{i}\nhome_folder_path = /srv/{i}\n\n" for i in range(1000)
    )
    path = tmp_path / "big.ini"
    with path.open("w") as handle:
        while handle.tell() < 100_000_000:
            handle.write(block)
    doc = sc.load(path)
    doc.set("accounts/5", "name", "changed")
    out = tmp_path / "out.ini"
    doc.save(out)
    assert out.stat().st_size == path.stat().st_size + 2  # user5 -> changed


def _accounts(n: int, keep: Callable[[int], bool] = lambda i: True) -> str:
    return "".join(f"[accounts/{i}]\nname = u{i}\n\n" for i in range(n) if keep(i))


def _removing(n: int) -> Callable[[], object]:
    """Remove 90 % of the sections one call at a time."""
    text = _accounts(n)

    def run() -> None:
        doc = sc.loads(text)
        for i in range(n):
            if i % 10:
                doc.remove_section(f"accounts/{i}")
        assert len(doc) == (n + 9) // 10
        doc.dumps()

    return run


def _merge3_removing(n: int) -> Callable[[], object]:
    from sftpplus_config.merge3 import merge3

    base, ours = _accounts(n), _accounts(n) + "[groups/g]\nname = g\n"
    theirs = _accounts(n, lambda i: i % 10 == 0)
    return lambda: merge3(sc.loads(base), sc.loads(ours), sc.loads(theirs))


def _split_removing(n: int) -> Callable[[], object]:
    from sftpplus_config.split import split

    one, two = _accounts(n), _accounts(n, lambda i: i % 10 == 0)
    return lambda: split([sc.loads(one), sc.loads(two)])


@pytest.mark.parametrize(
    "make",
    [_removing, _merge3_removing, _split_removing],
    ids=["remove-sections", "merge3", "split"],
)
def test_removal_heavy_operations_are_linear(make: Callable[[int], Callable[[], object]]) -> None:
    """Removing most sections (one call each, or through merge3 and split)
    does work proportional to the file, not to its square (each run parses
    its inputs afresh: a document keeps what it has read)."""
    assert growth(lines_executed, make(2_000), make(4_000)) < _LINEAR
    assert growth(peak_allocated, make(2_000), make(4_000)) < _LINEAR
