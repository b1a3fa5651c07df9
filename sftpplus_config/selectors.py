"""Selectors: naming a section the way people know it.

A selector is either a section's header name (`server`,
`accounts/5b0d5c3e-…`) or `KIND:NAME` (`accounts:johnd`): the section of
that kind whose `name` option is NAME. A `KIND:NAME` selector has a `:`
before any `/`, so a header name (which has a `/` after its kind) is never
read as one; a section whose header is exactly the selector is taken first,
so that a header such as `[a:b]` stays reachable.

The command line takes a selector wherever it takes a section (`get`,
`set`, `unset`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exceptions import AmbiguousNameError, SelectorError

if TYPE_CHECKING:
    from .document import Document
    from .section import Section

__all__ = ["parse_selector", "select", "select_or_none"]

#: How many close names a missing selector's error suggests.
_SUGGESTIONS = 5


def parse_selector(selector: str) -> tuple[str, str] | None:
    """`(KIND, NAME)` for a `KIND:NAME` selector, None for a section name."""
    kind, colon, name = selector.partition(":")
    if not colon or not kind or "/" in kind:
        return None
    return kind, name


def select(doc: Document, selector: str) -> Section:
    """The section `selector` names in `doc`.

    Raises [`SelectorError`][sftpplus_config.exceptions.SelectorError] when
    it names none (its `candidates` are the closest names) or, for
    `KIND:NAME`, more than one (its `candidates` are their header names).
    """
    section = select_or_none(doc, selector)
    if section is None:
        raise _missing(doc, selector)
    return section


def select_or_none(doc: Document, selector: str) -> Section | None:
    """As [`select`][sftpplus_config.selectors.select], but None when
    nothing matches (an ambiguous `KIND:NAME` still raises
    [`SelectorError`][sftpplus_config.exceptions.SelectorError])."""
    section = doc.section(selector)
    if section is not None:
        return section
    parsed = parse_selector(selector)
    if parsed is None:
        return None
    kind, name = parsed
    try:
        found = doc.find(kind, name=name)
    except AmbiguousNameError as exc:
        raise SelectorError(
            selector,
            "ambiguous",
            exc.sections,
            f"{exc.file or '<string>'}:{exc.spans[0].line}:{exc.spans[0].column}: "
            f"{selector!r} is ambiguous: "
            + ", ".join(
                f"[{name}] (line {span.line})"
                for name, span in zip(exc.sections, exc.spans, strict=True)
            )
            + f" are all named {name!r}",
        ) from exc
    return found.section if found is not None else None


def _missing(doc: Document, selector: str) -> SelectorError:
    import difflib

    where = doc.path or "<string>"
    parsed = parse_selector(selector)
    if parsed is None:
        names = doc.section_names()
        close = difflib.get_close_matches(selector, names, n=_SUGGESTIONS)
        return SelectorError(selector, "missing", close, f"{where}: no section [{selector}]")
    kind, name = parsed
    components = doc.components(kind)
    if not components:
        kinds = sorted({c.kind for c in doc.components()} - {"server"})
        close = difflib.get_close_matches(kind, kinds, n=_SUGGESTIONS)
        return SelectorError(
            selector,
            "missing",
            [f"{other}:{name}" for other in close],
            f"{where}: no section of kind {kind!r} (for {selector!r})",
        )
    named = sorted({c.name for c in components if c.name})
    close = difflib.get_close_matches(name, named, n=_SUGGESTIONS)
    if not close:
        lowered = {n.lower(): n for n in named}
        close = [lowered[n] for n in difflib.get_close_matches(name.lower(), list(lowered))]
    if not close and len(named) <= _SUGGESTIONS:
        close = named  # a few names: all of them
    return SelectorError(
        selector,
        "missing",
        [f"{kind}:{other}" for other in close],
        f"{where}: no {kind} section is named {name!r}",
    )
