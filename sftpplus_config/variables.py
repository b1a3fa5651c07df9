"""Deploy-time variables in server.ini values (docs/variables.md).

Placeholders are ``{name}`` where ``name`` is letters, digits, ``_`` and
``-`` in dot-separated parts, starting with a letter or ``_``
(``{host.name}``, ``{region}``). Text in braces that is not such a name
(``{"json": 1}``, the regex quantifier ``{3}``) is plain text. A
placeholder never spans lines.

* **Deploy-time variables** are ``{host.name}`` and ``{host.fqdn}`` (any case,
  as SFTPPlus reads them) and the user variables given to
  [`render`][sftpplus_config.variables.render]. They are replaced by
  [`render`][sftpplus_config.variables.render].
* **Runtime placeholders** (``{id}``, ``{account.name}``,
  ``{timestamp.iso_8601_local}``, ...) belong to SFTPPlus, which expands them
  when an event happens. They are never touched.
  [`CATALOGUE`][sftpplus_config.variables.CATALOGUE] says which options accept
  which of them.
* ``${...}`` (``${OS_HOME}``, ``${USER}``) is SFTPPlus's own syntax and is
  never touched either, whatever is inside.
* **Escape:** ``{{name}}``, where ``name`` is a deploy-time variable, renders
  as the literal text ``{name}``. Doubled braces around anything else are
  left exactly as written, since SFTPPlus may give them a meaning.

The implementation is a tokenizer and a lookup table: user text is never
given to ``str.format``, ``string.Template``, ``eval`` or a template engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Literal

from ._reading import loads
from ._record import record
from .components import split_section_name
from .exceptions import SftpplusConfigError
from .findings import Finding
from .span import Span
from .syntax import Document, Option, Section

__all__ = [
    "CATALOGUE",
    "HOST_VARIABLES",
    "KNOWN_KINDS",
    "OptionVariables",
    "RenderResult",
    "Token",
    "VariableError",
    "check_variables",
    "did_you_mean",
    "expand_text",
    "option_variables",
    "render",
    "tokenize",
    "validate_variables",
]

HOST_VARIABLES: tuple[str, ...] = ("host.name", "host.fqdn")
"""The deploy-time variables that SFTPPlus itself knows (any case)."""

_NAME = r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*"
_NAME_RE = re.compile(rf"{_NAME}\Z")
_TOKEN = re.compile(rf"\$\{{[^}}]*\}}?|\{{\{{({_NAME})\}}\}}|\{{({_NAME})\}}")


class VariableError(SftpplusConfigError, ValueError):
    """A variable definition that cannot be used (bad name, reserved name, a
    value with a line break, a vars file that cannot be read), or a value that
    [`render`][sftpplus_config.variables.render] refuses where it would go.

    For a refused value: ``name`` is the variable, ``file`` and ``span`` the
    placeholder it would replace, ``defined_at`` where the variable was defined
    (as given to [`render`][sftpplus_config.variables.render]: ``--var``,
    ``vars.toml:3:1``...), ``message`` what is wrong and ``hint`` how to fix
    it; ``node`` the cluster node being made, when ``build`` makes one. The
    other errors carry only ``message``."""

    def __init__(
        self,
        message: str,
        *,
        name: str | None = None,
        file: str | None = None,
        span: Span | None = None,
        defined_at: str | None = None,
        hint: str | None = None,
        node: str | None = None,
    ) -> None:
        self.message = message
        self.node = node
        self.name = name
        self.file = file
        self.span = span
        self.defined_at = defined_at
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        text = self.message
        if self.span is not None:
            where = f"{self.file or '<string>'}:{self.span.line}:{self.span.column}"
            text = f"{where}: {text}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


# -- tokenizer -----------------------------------------------------------------


@record
class Token:
    """A piece of one line of text. ``kind`` is ``text`` (anything that is
    not a placeholder, ``${...}`` included), ``placeholder`` (``{name}``) or
    ``escaped`` (``{{name}}``). ``start``/``end`` are offsets in the line."""

    kind: Literal["text", "placeholder", "escaped"]
    text: str
    start: int
    end: int
    name: str = ""


def tokenize(line: str) -> Iterator[Token]:
    """Split one line of text into tokens; joining their ``text`` gives the
    line back."""
    pos = 0
    for match in _TOKEN.finditer(line):
        start, end = match.span()
        escaped, plain = match.group(1), match.group(2)
        if escaped is None and plain is None:
            continue  # ${...}: stays inside the surrounding text
        if start > pos:
            yield Token("text", line[pos:start], pos, start)
        if escaped is not None:
            yield Token("escaped", match.group(0), start, end, escaped)
        else:
            yield Token("placeholder", match.group(0), start, end, plain)
        pos = end
    if pos < len(line):
        yield Token("text", line[pos:], pos, len(line))


# -- the catalogue -------------------------------------------------------------

EVENT_CONTEXT: frozenset[str] = frozenset(
    {
        "id",
        "uuid",
        "message",
        "data_json",
        "LF",
        "account.*",
        "component.*",
        "server.*",
        "data.*",
        "timestamp.*",
        "year.*",
        "month.*",
        "day.*",
        "hour.*",
        "minute.*",
        "second.*",
        "path.*",
    }
)
"""Event context placeholders of event handlers (from the ``entry_content``
defaults of the option reference and the vendor documentation's examples).
``x.*`` accepts every name that starts with ``x.``."""

_RUNTIME_EXAMPLES: tuple[str, ...] = (
    "id",
    "uuid",
    "message",
    "data_json",
    "account.name",
    "account.uuid",
    "account.email",
    "account.peer.address",
    "account.peer.port",
    "component.name",
    "component.uuid",
    "server.name",
    "server.uuid",
    "data.path",
    "data.real_path",
    "data.file_name",
    "timestamp.iso_8601_local",
    "timestamp.cwa_14051",
    "path.file_name",
    "location.name",
    "attachment.file_name",
)


@record
class OptionVariables:
    """What one option accepts in braces.

    ``types`` None means every type of the kind. ``runtime`` holds the
    runtime placeholders SFTPPlus expands in the option (``"id"`` exactly,
    ``"account.*"`` by prefix). ``host_expanded``: SFTPPlus itself expands
    ``{host.name}``/``{host.fqdn}`` there. ``free_braces``: the value has a
    syntax of its own where braces mean something else (regular expressions,
    LDAP attribute templates), so unknown names are left alone."""

    kind: str
    types: frozenset[str] | None
    option: str
    runtime: frozenset[str] = frozenset()
    host_expanded: bool = False
    free_braces: bool = False


def _entry(
    kind: str,
    types: str | None,
    options: str,
    runtime: frozenset[str] = frozenset(),
    *,
    host_expanded: bool = False,
    free_braces: bool = False,
) -> list[OptionVariables]:
    kinds = None if types is None else frozenset(types.split())
    return [
        OptionVariables(kind, kinds, option, runtime, host_expanded, free_braces)
        for option in options.split()
    ]


_TRANSFER_CONTEXT = EVENT_CONTEXT | {"group.*"}
_SMTP_CONTEXT = EVENT_CONTEXT | {"location.*", "attachment.*"}
_TEMPLATE_CONTEXT = frozenset({"message.*", "attachment.*", "metadata.*", "now.*"})

CATALOGUE: tuple[OptionVariables, ...] = (
    *_entry("event-handlers", "local-file", "path", host_expanded=True),
    *_entry("event-handlers", "local-file standard-stream", "entry_content", EVENT_CONTEXT),
    *_entry(
        "event-handlers",
        "email-sender",
        "email_subject email_body email_to_recipients email_cc email_bcc",
        EVENT_CONTEXT,
    ),
    *_entry("event-handlers", "http", "extra_data", EVENT_CONTEXT),
    *_entry("event-handlers", "external-executable", "executable_arguments", EVENT_CONTEXT),
    *_entry("event-handlers", "rabbitmq", "payload_template routing_key", EVENT_CONTEXT),
    *_entry(
        "event-handlers",
        "create-archive",
        "archive_name",
        EVENT_CONTEXT | {"fullname", "name", "archive_extension", "extension"},
    ),
    *_entry(
        "event-handlers",
        "file-dispatcher",
        "dispatch_rules fallback_rule",
        EVENT_CONTEXT,
        free_braces=True,
    ),
    *_entry(
        "event-handlers",
        "file-dispatcher",
        "matching_expressions",
        free_braces=True,
    ),
    *_entry("event-handlers", "content-check", "line_search", free_braces=True),
    *_entry("event-handlers", None, "data_filter", free_braces=True),
    *_entry("locations", "smtp", "email_subject email_body", _SMTP_CONTEXT),
    *_entry("locations", "exchange-online ibm-mq", "file_name_template", _TEMPLATE_CONTEXT),
    *_entry(
        "transfers",
        None,
        "destination_path_actions destination_content_actions",
        _TRANSFER_CONTEXT,
        free_braces=True,
    ),
    *_entry("transfers", None, "source_filter batch_marker_path", free_braces=True),
    *_entry("services", None, "source_filter", free_braces=True),
    *_entry("services", "http https", "as2_default_filename", free_braces=True),
    *_entry("authentications", "ldap", "home_folder_attribute", free_braces=True),
    *_entry("accounts", None, "permissions virtual_folders", free_braces=True),
    *_entry("groups", None, "permissions virtual_folders", free_braces=True),
)
"""Which options accept which placeholders. Options that are not listed
accept deploy-time variables only."""

KNOWN_KINDS: frozenset[str] = frozenset(
    {
        "server",
        "accounts",
        "groups",
        "authentications",
        "event-handlers",
        "services",
        "locations",
        "transfers",
        "resources",
        "administrators",
        "roles",
        "vault-items",
        "security-policies",
        "cluster-nodes",
    }
)
"""Section kinds of the option reference. Placeholders in sections of other
kinds are only checked for ``{host.*}`` typos (the validator reports the
unknown kind itself)."""

_BY_OPTION: dict[tuple[str, str], tuple[OptionVariables, ...]] = {}
for _item in CATALOGUE:
    _key = (_item.kind, _item.option)
    _BY_OPTION[_key] = (*_BY_OPTION.get(_key, ()), _item)


def option_variables(kind: str, type_: str | None, option: str) -> OptionVariables | None:
    """The catalogue entry of an option, or None when the option accepts
    deploy-time variables only. ``type_`` None (a section without ``type``)
    joins the entries of every type."""
    entries = _BY_OPTION.get((kind, option.lower()), ())
    if type_ is not None:
        wanted = type_.strip().lower()
        entries = tuple(e for e in entries if e.types is None or wanted in e.types)
    if not entries:
        return None
    if len(entries) == 1:
        return entries[0]
    runtime: frozenset[str] = frozenset().union(*(e.runtime for e in entries))
    return OptionVariables(
        kind,
        None,
        option.lower(),
        runtime,
        any(e.host_expanded for e in entries),
        any(e.free_braces for e in entries),
    )


def _matches(name: str, families: frozenset[str]) -> bool:
    if name in families:
        return True
    head = name.partition(".")[0]
    return "." in name and f"{head}.*" in families


_ALL_RUNTIME: frozenset[str] = frozenset().union(*(e.runtime for e in CATALOGUE))


# -- suggestions -----------------------------------------------------------------


def _distance(a: str, b: str) -> int:
    """Levenshtein edit distance."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def did_you_mean(name: str, candidates: tuple[str, ...] | list[str]) -> str | None:
    """The closest candidate (case-insensitive edit distance at most a third
    of the name's length, and at least 1 allowed), or None."""
    best: tuple[int, str] | None = None
    lower = name.lower()
    limit = max(1, len(name) // 3)
    for candidate in candidates:
        score = _distance(lower, candidate.lower())
        if score <= limit and (best is None or score < best[0]):
            best = (score, candidate)
    return best[1] if best is not None else None


# -- variables -------------------------------------------------------------------


def validate_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """Check user-given variables; returns them keyed by lower-case name.

    Names follow the placeholder syntax; ``host.*`` names other than
    ``host.name`` and ``host.fqdn`` are refused, and so are names of runtime
    placeholders (``id``, ``account.name``...), which SFTPPlus expands
    itself. Values must fit on one line."""
    checked: dict[str, str] = {}
    for name, value in variables.items():
        if not _NAME_RE.match(name):
            raise VariableError(
                f"invalid variable name {name!r}: use letters, digits, `_` and `-` in "
                "dot-separated parts, starting with a letter or `_`"
            )
        lower = name.lower()
        if lower.startswith("host.") and lower not in HOST_VARIABLES:
            raise VariableError(
                f"variable {name!r}: only host.name and host.fqdn are host variables"
            )
        if lower not in HOST_VARIABLES and any(
            _matches(candidate, _ALL_RUNTIME) for candidate in (name, lower)
        ):
            raise VariableError(
                f"variable {name!r} would hide the runtime placeholder {{{name}}} that "
                "SFTPPlus expands itself; choose another name"
            )
        if "\n" in value or "\r" in value:
            raise VariableError(f"variable {name!r}: the value must fit on one line")
        if lower in checked:
            raise VariableError(f"variable {name!r} is given twice (names ignore case)")
        checked[lower] = value
    return checked


# -- values that would not read back ---------------------------------------------


def _line_problem(
    pieces: list[tuple[str, str | None]], continuation: bool, last: bool
) -> tuple[str, str, str] | None:
    """Whether one value line, rendered, reads back as written.

    ``pieces`` is the line as (text, variable name or None for the file's
    own text) in order. SFTPPlus strips each value line and reads a
    continuation line starting with ``#`` or ``;`` as a comment, and drops
    a blank last line. Returns (variable, problem, hint) for the first
    variable whose value would not read back, or None."""
    line = "".join(text for text, _ in pieces)
    stripped = line.strip()
    lead = len(line) - len(line.lstrip())
    trail = len(line.rstrip())
    position = 0
    last_variable: str | None = None
    first_char_from: str | None = None
    for text, name in pieces:
        end = position + len(text)
        if name is not None:
            last_variable = name
            if text and position < lead:
                return (
                    name,
                    "starts with whitespace, which SFTPPlus strips at the start of a value line",
                    "remove the leading whitespace from the value",
                )
            if text and end > trail:
                return (
                    name,
                    "ends with whitespace, which SFTPPlus strips at the end of a value line",
                    "remove the trailing whitespace from the value",
                )
        if first_char_from is None and position <= lead < end:
            first_char_from = name if name is not None else last_variable
        position = end
    if not continuation:
        return None
    if stripped[:1] in ("#", ";") and first_char_from is not None:
        problem = (
            f"puts `{stripped[0]}` at the start of a continuation line, which "
            "SFTPPlus reads as a comment: the line would be dropped"
        )
        hint = "change the value, or put other text before the placeholder on that line"
        return first_char_from, problem, hint
    if not stripped and last and last_variable is not None:
        return (
            last_variable,
            "leaves the value's last line blank, which SFTPPlus drops",
            "give the variable a value, or remove that line",
        )
    return None


def _value_error(
    name: str,
    problem: tuple[str, str, str],
    origins: Mapping[str, str] | None,
    file: str | None,
    span: Span | None,
) -> VariableError:
    _, message, hint = problem
    defined = (origins or {}).get(name)
    where = f" (defined at {defined})" if defined else ""
    return VariableError(
        f"the value of variable `{name}`{where} {message}",
        name=name,
        file=file,
        span=span,
        defined_at=defined,
        hint=hint,
    )


# -- scanning values ---------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _raw_lines(text: str) -> list[str]:
    return [m.group(0) for m in _LINE.finditer(text) if m.group(0)]


@record
class _Edit:
    line: int
    column: int
    end_column: int
    text: str


@record
class _Context:
    section: str
    kind: str
    known_kind: bool
    entry: OptionVariables | None
    option: str
    secret: bool = False  # findings must not quote what is in the value


def _decide(
    token: Token,
    ctx: _Context,
    variables: Mapping[str, str],
    keep_host_vars: bool,
    span: Span,
    file: str | None,
) -> tuple[str | None, Finding | None]:
    """(replacement or None to keep, finding or None) for one token."""
    name = token.name
    lower = name.lower()
    entry = ctx.entry
    if token.kind == "escaped":
        if lower in HOST_VARIABLES or lower in variables:
            return "{" + name + "}", None
        return None, None
    if lower in HOST_VARIABLES:
        host_expanded = entry is not None and entry.host_expanded
        given = variables.get(lower)
        if host_expanded and (keep_host_vars or given is None):
            return None, None
        if given is not None:
            return given, None
        return None, _finding(
            "variable-not-allowed",
            f"{token.text} is not expanded in `{ctx.option}`: SFTPPlus expands "
            "{host.name} and {host.fqdn} only in the local-file event handler's `path`",
            span,
            file,
            ctx,
            "give its value to `render` (--var host.name=...) or to the inventory to bake it in",
        )
    if lower.startswith("host."):
        suggestion = did_you_mean(lower, HOST_VARIABLES)
        return None, _unknown(token, span, file, ctx, suggestion)
    if lower in variables:
        return variables[lower], None
    if entry is not None and _matches(name, entry.runtime):
        return None, None
    if not ctx.known_kind or (entry is not None and entry.free_braces):
        return None, None
    candidates = [*HOST_VARIABLES, *variables]
    if entry is not None:
        candidates += [r for r in _RUNTIME_EXAMPLES if _matches(r, entry.runtime)]
    elif _matches(name, _ALL_RUNTIME):
        return None, _finding(
            "variable-not-allowed",
            f"{token.text} is a runtime placeholder, but SFTPPlus does not expand "
            f"placeholders in `{ctx.option}`",
            span,
            file,
            ctx,
            "runtime placeholders work in options such as `entry_content`, "
            "`email_body` or `executable_arguments`",
        )
    return None, _unknown(token, span, file, ctx, did_you_mean(name, candidates))


def _finding(
    rule: str, message: str, span: Span, file: str | None, ctx: _Context, hint: str | None
) -> Finding:
    return Finding(rule, "error", message, span, file, ctx.section, ctx.option, hint)


def _unknown(
    token: Token, span: Span, file: str | None, ctx: _Context, suggestion: str | None
) -> Finding:
    message = f"unknown variable {token.text}"
    if suggestion is not None:
        message += f"; did you mean {{{suggestion}}}?"
    hint = (
        f"write {{{suggestion}}}"
        if suggestion is not None
        else "define it with --var NAME=VALUE (or in the inventory), "
        "or write {{NAME}} for a literal {NAME}"
    )
    return _finding("unknown-variable", message, span, file, ctx, hint)


def _context(section: Section, option: Option) -> _Context:
    assert section.name is not None
    kind, _ = split_section_name(section.name)
    type_value = section.get("type")
    type_ = type_value.strip().lower() if type_value is not None else None
    from .secrets import is_secret_value

    return _Context(
        section.name,
        kind,
        kind in KNOWN_KINDS,
        option_variables(kind, type_, option.name),
        option.name,
        is_secret_value(kind, type_, option.name, option.value),
    )


def _without_names(finding: Finding, ctx: _Context) -> Finding:
    """A finding about a placeholder in a secret value, without the
    placeholder's text or a suggestion (both would give part of it away)."""
    if finding.rule == "unknown-variable":
        message = f"unknown variable in `{ctx.option}` (not shown: the value is a secret)"
        hint = (
            "define it with --var NAME=VALUE (or in the inventory), "
            "or write {{NAME}} for a literal {NAME}"
        )
    else:
        message = (
            f"a placeholder in `{ctx.option}` that SFTPPlus does not expand there "
            "(not shown: the value is a secret)"
        )
        hint = "give its value to `render` (--var NAME=VALUE) or to the inventory to bake it in"
    return Finding(
        finding.rule,
        finding.severity,
        message,
        finding.span,
        finding.file,
        finding.section,
        finding.option,
        hint,
    )


def _scan_option(
    section: Section,
    option: Option,
    variables: Mapping[str, str],
    keep_host_vars: bool,
    file: str | None,
    edits: list[_Edit],
    findings: list[Finding],
    checked: _Checked | None = None,
) -> None:
    raw = _raw_lines(option.text)
    first_line = option.line
    ctx: _Context | None = None
    spans = option.value_line_spans()
    for number, span in enumerate(spans):
        segment = raw[span.line - first_line][span.column - 1 : span.end_column - 1]
        if "{" not in segment:
            continue
        pieces: list[tuple[str, str | None]] = []
        places: dict[str, Span] = {}
        for token in tokenize(segment):
            if token.kind == "text":
                pieces.append((token.text, None))
                continue
            if ctx is None:
                ctx = _context(section, option)
            where = Span(span.line, span.column + token.start, span.line, span.column + token.end)
            replacement, finding = _decide(token, ctx, variables, keep_host_vars, where, file)
            if finding is not None:
                findings.append(_without_names(finding, ctx) if ctx.secret else finding)
            if replacement is not None:
                edits.append(_Edit(where.line, where.column, where.end_column, replacement))
                if token.kind == "placeholder":
                    pieces.append((replacement, token.name.lower()))
                    places.setdefault(token.name.lower(), where)
                    continue
                pieces.append((replacement, None))
                continue
            pieces.append((token.text, None))
        if checked is not None and places:
            problem = _line_problem(pieces, number > 0, number == len(spans) - 1)
            if problem is not None:
                name = problem[0]
                raise _value_error(name, problem, checked.origins, file, places[name])


@record
class _Checked:
    """Rendering checks values (``origins``: where each was defined)."""

    origins: Mapping[str, str] | None


def _scan(
    doc: Document,
    variables: Mapping[str, str],
    keep_host_vars: bool,
    sections: list[Section] | None = None,
    checked: _Checked | None = None,
) -> tuple[list[_Edit], list[Finding]]:
    edits: list[_Edit] = []
    findings: list[Finding] = []
    for section in doc.sections if sections is None else sections:
        if "{" not in section.text:
            continue
        for option in section.options():
            _scan_option(
                section, option, variables, keep_host_vars, doc.path, edits, findings, checked
            )
    return edits, findings


_BREAK = re.compile(r"\r\n|\r|\n")


def _splice(text: str, edits: list[_Edit]) -> str:
    """Apply edits (sorted by position, on distinct places) to ``text``."""
    if not edits:
        return text
    parts: list[str] = []
    line, line_start, pos = 1, 0, 0
    breaks = _BREAK.finditer(text)
    for edit in edits:
        while line < edit.line:
            line_start = next(breaks).end()
            line += 1
        start = line_start + edit.column - 1
        parts.append(text[pos:start])
        parts.append(edit.text)
        pos = line_start + edit.end_column - 1
    parts.append(text[pos:])
    return "".join(parts)


@record
class RenderResult:
    """A rendered document and the findings about its placeholders."""

    document: Document
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """No finding of severity error (no unknown variable): the result may
        be used."""
        return not any(f.severity == "error" for f in self.findings)


def render(
    doc: Document,
    variables: Mapping[str, str] | None = None,
    *,
    keep_host_vars: bool = False,
    origins: Mapping[str, str] | None = None,
) -> RenderResult:
    """Replace deploy-time variables in every option value.

    ``variables`` maps names to values (``host.name``, ``host.fqdn`` and user
    variables; see
    [`validate_variables`][sftpplus_config.variables.validate_variables]). A
    given ``host.name`` or ``host.fqdn`` is baked in everywhere, unless
    ``keep_host_vars`` is true: then it stays in the options that SFTPPlus
    expands itself (the local-file handler's ``path``). A value is inserted as
    it is; it is not scanned again, so a value containing ``{host.name}`` stays
    literal.

    Only the placeholder characters change; every other byte (comments,
    spacing, runtime placeholders, ``${...}``) is kept. ``doc`` is not changed.
    Findings: ``unknown-variable`` and ``variable-not-allowed`` (see
    [`check_variables`][sftpplus_config.variables.check_variables]).

    A value that would not read back as written where it goes raises
    [`VariableError`][sftpplus_config.variables.VariableError] at the
    placeholder: whitespace at the start or end of a value line (SFTPPlus
    strips it), ``#`` or ``;`` at the start of a continuation line (a comment),
    a blank last line (dropped). ``origins`` maps variable names (lower case)
    to where they were defined, for that message (``"--var"``,
    ``"vars.toml:3:1"``)."""
    checked = validate_variables(variables or {})
    edits, findings = _scan(doc, checked, keep_host_vars, checked=_Checked(origins))
    if not edits:
        return RenderResult(loads(doc.dumps(), path=doc.path), tuple(findings))
    text = doc.dumps()
    bom = text.startswith("\ufeff")
    body = _splice(text[1:] if bom else text, edits)
    return RenderResult(loads(("\ufeff" if bom else "") + body, path=doc.path), tuple(findings))


def check_variables(doc: Document, variables: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings about placeholders, for the validator.

    * ``unknown-variable``: ``{host.nmae}``, or a name that is neither a
      given variable nor a runtime placeholder of the option (with a "did
      you mean" where one is close);
    * ``variable-not-allowed``: ``{host.name}`` outside the options where
      SFTPPlus expands it, or a runtime placeholder in an option where
      SFTPPlus expands none.

    With ``variables`` None the file is taken as final: no user variables."""
    _, findings = _scan(doc, validate_variables(variables or {}), True)
    return findings


def expand_text(
    text: str,
    variables: Mapping[str, str],
    *,
    kind: str = "",
    type_: str | None = None,
    option: str = "",
    keep_host_vars: bool = False,
    check: bool = False,
    origins: Mapping[str, str] | None = None,
) -> str:
    """One value with its deploy-time variables replaced (no findings; unknown
    names stay as written). ``variables`` must already be checked (lower-case
    keys, as
    [`validate_variables`][sftpplus_config.variables.validate_variables]
    returns them).

    With ``check``, a value that would not read back as written where it goes
    raises [`VariableError`][sftpplus_config.variables.VariableError], as
    [`render`][sftpplus_config.variables.render] does; its ``span`` is the
    placeholder's line and columns within ``text`` (line 1 is the value's first
    line) and its ``file`` is None."""
    if "{" not in text:
        return text
    ctx = _Context("", kind, kind in KNOWN_KINDS, option_variables(kind, type_, option), option)
    out: list[str] = []
    zero = Span(1, 1, 1, 1)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index:
            out.append("\n")
        pieces: list[tuple[str, str | None]] = []
        places: dict[str, Span] = {}
        for token in tokenize(line):
            if token.kind == "text":
                pieces.append((token.text, None))
                continue
            replacement, _ = _decide(token, ctx, variables, keep_host_vars, zero, None)
            if replacement is None:
                pieces.append((token.text, None))
            elif token.kind == "placeholder":
                pieces.append((replacement, token.name.lower()))
                where = Span(index + 1, token.start + 1, index + 1, token.end + 1)
                places.setdefault(token.name.lower(), where)
            else:
                pieces.append((replacement, None))
        if check and places:
            problem = _line_problem(pieces, index > 0, index == len(lines) - 1)
            if problem is not None:
                raise _value_error(problem[0], problem, origins, None, places[problem[0]])
        out.extend(piece for piece, _ in pieces)
    return "".join(out)
