"""Property-based tests over files built from the dialect's pieces."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from tests.conftest import configparser_values

ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,12}", fullmatch=True)
VALUE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
    ),
    max_size=20,
).map(str.strip)
DELIM = st.sampled_from([" = ", "=", ": ", ":", " : ", "\t=\t"])
INDENT = st.sampled_from(["  ", "    ", "\t"])


@st.composite
def option_lines(draw: st.DrawFn) -> list[str]:
    lines = [draw(KEY) + draw(DELIM) + draw(VALUE_TEXT)]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["cont", "cont", "blank", "comment"]))
        if kind == "cont":
            text = draw(VALUE_TEXT)
            if text and text[0] not in ";#":
                lines.append(draw(INDENT) + text)
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   "])))
        else:
            lines.append(
                draw(st.sampled_from(["", "  "])) + draw(st.sampled_from(["#", ";"])) + " c"
            )
    return lines


@st.composite
def documents(draw: st.DrawFn, mixed_endings: bool = True) -> str:
    """A server.ini text: preamble comments, sections with options,
    comments, blank lines, each line with its own ending."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        lines.append(draw(st.sampled_from(["; preamble", "# note", ""])))
    names = draw(
        st.lists(
            st.from_regex(r"(server|accounts/[a-z0-9-]{1,8})", fullmatch=True),
            max_size=4,
            unique=True,
        )
    )
    for name in names:
        lines.append(f"[{name}]")
        keys_seen: set[str] = set()
        for _ in range(draw(st.integers(0, 4))):
            block = draw(option_lines())
            key = block[0].split("=")[0].split(":")[0].strip().lower()
            if key in keys_seen:
                continue
            keys_seen.add(key)
            lines.extend(block)
        lines.extend(draw(st.lists(st.sampled_from(["", "; about the next one"]), max_size=2)))
    endings = [draw(ENDINGS) for _ in lines] if mixed_endings else [draw(ENDINGS)] * len(lines)
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    if text and draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


def comment_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.strip()[:1] in (";", "#")]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip(text: str) -> None:
    doc = sc.loads(text)
    assert doc.dumps() == text
    doc.parse_all()
    for section in [doc.preamble, *doc.sections]:
        section._modified = True
    doc._edited = True
    assert doc.dumps() == text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_values_equal_configparser(text: str) -> None:
    expected = configparser_values(text)
    if expected is not None:
        assert sc.loads(text).to_dict() == expected


EDIT_VALUE = st.lists(
    st.from_regex(r"[A-Za-z0-9{}$.,/ =:-]{0,12}", fullmatch=True).map(str.strip),
    min_size=1,
    max_size=3,
).map(lambda parts: "\n".join(p for p in parts if p) or parts[0])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
# One line ending per file: in a file that mixes a lone "\r" with "\n",
# removing the lines between "x\r" and "\n" makes them one "\r\n" line
# break (see docs/editing.md, "Known limits").
@given(documents(mixed_endings=False), st.data())
def test_random_edits_change_only_edited_lines(text: str, data: st.DataObject) -> None:
    doc = sc.loads(text)
    names = doc.section_names()
    if not names:
        return
    expected = doc.to_dict()
    touched: set[str] = set()
    for _ in range(data.draw(st.integers(1, 4))):
        section = data.draw(st.sampled_from(names))
        action = data.draw(st.sampled_from(["set", "set-new", "unset"]))
        keys = doc[section].keys()
        touched.add(section)
        if action == "set" and keys:
            key = data.draw(st.sampled_from(keys))
            value = data.draw(EDIT_VALUE)
            doc.set(section, key, value)
            expected[section][key] = value
        elif action == "set-new":
            key = "new_" + data.draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True))
            value = data.draw(EDIT_VALUE)
            doc.set(section, key, value)
            expected[section][key] = value
        elif keys:
            key = data.draw(st.sampled_from(keys))
            doc.unset(section, key)
            del expected[section][key]
    out = doc.dumps()
    again = sc.loads(out)
    assert again.to_dict() == expected
    # sections we did not edit are byte-identical; in edited ones, every
    # comment line and the header are still there, in order
    original = sc.loads(text)
    for section_name in names:
        before, after = original[section_name], again[section_name]
        if section_name not in touched:
            assert after.text.rstrip("\r\n") == before.text.rstrip("\r\n")
        else:
            assert after.header == before.header
            kept = comment_lines(after.text)
            remaining = iter(comment_lines(before.text))
            # a subsequence: unset drops the comments between the removed
            # option's value lines, nothing else drops or reorders comments
            assert all(line in remaining for line in kept)
    # spans agree with a fresh parse
    for section_name in names:
        assert again[section_name].span == doc[section_name].span
        for option in doc[section_name].options():
            fresh = again[section_name].option(option.raw_key)
            assert fresh is not None
            assert fresh.span == option.span


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_values_agree_with_nodes(text: str) -> None:
    """Section.as_dict() reads unparsed sections without building nodes;
    it must give what the nodes give."""
    fast = sc.loads(text).to_dict()
    doc = sc.loads(text)
    doc.parse_all()
    assert fast == doc.to_dict()
