"""Hypothesis strategies for *related* server.ini documents.

A model is ``{section: {option: value}}``. :func:`models` draws one,
:func:`variants` draws an edited copy (values changed, options and sections
added, removed and renamed), and :func:`render` writes a model as text in a
drawn style (delimiter, key case, line ending, indentation, comments,
order), so that two renderings of one model differ in text but not in what
SFTPPlus reads.
"""

from __future__ import annotations

from hypothesis import strategies as st

Model = dict[str, dict[str, str]]

_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85")
_FIRST_LINE = st.text(alphabet=_CHARS, max_size=12).map(str.strip)
_NEXT_LINE = _FIRST_LINE.filter(lambda text: text[:1] not in (";", "#"))
SECTION_NAMES = st.one_of(
    st.sampled_from(["server", "accounts/a1", "accounts/a2", "groups/g1", "services/s1"]),
    st.from_regex(r"(accounts|groups|vault-items|event-handlers)/[a-f0-9]{1,6}", fullmatch=True),
)
KEYS = st.one_of(
    st.sampled_from(["name", "type", "password", "description", "port", "content"]),
    st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
)


@st.composite
def values(draw: st.DrawFn) -> str:
    """A value SFTPPlus can read back as written: single- or multi-line."""
    lines = [draw(_FIRST_LINE)]
    extra = draw(st.lists(st.one_of(_NEXT_LINE, st.just("")), max_size=3))
    if extra:
        while extra and extra[-1] == "":
            extra.pop()
        lines += extra
    return "\n".join(lines)


@st.composite
def models(draw: st.DrawFn, max_sections: int = 4) -> Model:
    names = draw(st.lists(SECTION_NAMES, max_size=max_sections, unique=True))
    return {
        name: draw(st.dictionaries(KEYS, values(), max_size=4))  # keys are unique
        for name in names
    }


@st.composite
def variants(draw: st.DrawFn, model: Model) -> Model:
    """An edited copy of ``model``."""
    out: Model = {}
    for name, options in model.items():
        action = draw(st.sampled_from(["keep", "keep", "edit", "edit", "drop", "rename"]))
        if action == "drop":
            continue
        if action == "rename":
            new = draw(SECTION_NAMES)
            if new not in model and new not in out:
                out[new] = dict(options)
                continue
        edited = dict(options)
        if action == "edit":
            for key in list(edited):
                change = draw(st.sampled_from(["keep", "keep", "value", "drop"]))
                if change == "value":
                    edited[key] = draw(values())
                elif change == "drop":
                    del edited[key]
            for key, value in draw(st.dictionaries(KEYS, values(), max_size=2)).items():
                edited.setdefault(key, value)
        out[name] = edited
    for name in draw(st.lists(SECTION_NAMES, max_size=2, unique=True)):
        if name not in out and name not in model:
            out[name] = draw(st.dictionaries(KEYS, values(), max_size=3))
    return out


@st.composite
def render(draw: st.DrawFn, model: Model) -> str:
    """``model`` as server.ini text in a drawn style."""
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    indent = draw(st.sampled_from(["    ", "  ", "\t"]))
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("; generated")
    names = draw(st.permutations(list(model)))
    for name in names:
        lines.append(f"[{name}]")
        keys = draw(st.permutations(list(model[name])))
        for key in keys:
            spelled = draw(st.sampled_from([key, key.upper(), key.capitalize()]))
            delimiter = draw(st.sampled_from([" = ", "=", ": ", " : "]))
            first, *rest = model[name][key].split("\n")
            lines.append(f"{spelled}{delimiter}{first}")
            for text in rest:
                lines.append(indent + text if text else "")
                if text and draw(st.integers(0, 5)) == 0:
                    lines.append(indent + "# a comment inside the value")
        if draw(st.booleans()):
            lines.append("")
    final_newline = draw(st.booleans())
    return ending.join(lines) + (ending if lines and final_newline else "")
