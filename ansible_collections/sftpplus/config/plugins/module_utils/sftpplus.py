"""What the sftpplus.config modules share: importing the library on the
managed host, loading a file for an edit, writing it, the semantic diff
(secrets redacted) and findings as results.

Every failure goes through ``module.fail_json`` with a ``msg``: a missing
library, a missing file, a syntax error (``file:line:column``), a selector
that matches nothing (with the candidates), a refused edit.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

try:
    import sftpplus_config
    from sftpplus_config.diff import to_json
    from sftpplus_config.secrets import REDACTED, is_secret_value
except ImportError:
    LIBRARY_IMPORT_ERROR: str | None = traceback.format_exc()
    #: What an edit may raise (the library's refusals, file-system errors).
    EDIT_ERRORS: tuple[type[BaseException], ...] = (OSError,)
else:
    LIBRARY_IMPORT_ERROR = None
    EDIT_ERRORS = (OSError, sftpplus_config.SftpplusConfigError)

#: The package to install on the managed host.
LIBRARY = "sftpplus-config"


def require_library(module: AnsibleModule) -> None:
    """Fail the task, saying what to install, when the library is missing."""
    if LIBRARY_IMPORT_ERROR is not None:
        module.fail_json(
            msg=missing_required_lib(LIBRARY) + f" (pip install {LIBRARY})",
            exception=LIBRARY_IMPORT_ERROR,
        )


def finding_result(finding: Any) -> dict[str, Any]:
    """A finding as plain data, with its ``text`` as the command line prints it."""
    where = f"{finding.file or '<string>'}:{finding.span.line}:{finding.span.column}"
    return {
        "text": f"{where}: {finding.severity}[{finding.rule}] {finding.message}",
        "file": finding.file,
        "line": finding.span.line,
        "column": finding.span.column,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "section": finding.section,
        "option": finding.option,
        "hint": finding.hint,
    }


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def fail(module: AnsibleModule, msg: str, **extra: Any) -> None:
    """Fail the task with ``msg`` (nothing was written)."""
    module.fail_json(msg=msg, changed=False, **extra)


def fail_on_error(module: AnsibleModule, exc: BaseException, path: str) -> None:
    """Fail the task for an exception of the library or of the file system."""
    if isinstance(exc, sftpplus_config.ParseError):
        findings = getattr(exc, "findings", ())
        fail(
            module,
            f"{exc}\nnothing written",
            findings=[finding_result(f) for f in findings],
        )
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else path
        fail(module, f"{where}: {exc.strerror or exc}; nothing written")
    fail(module, f"{exc}\nnothing written")


def hide_secret(
    module: AnsibleModule, kind: str | None, type_: str | None, option: str, value: str
) -> None:
    """Keep a secret value out of everything the task returns (its
    invocation arguments included), as the library's redaction policy says."""
    if value and is_secret_value(kind, type_, option, value):
        module.no_log_values.add(value)
        for line in value.split("\n"):
            if line.strip():
                module.no_log_values.add(line)


def as_value(value: Any) -> str:
    """An option value given in YAML as SFTPPlus text: a list is a
    multi-line value, a boolean is ``yes``/``no``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "\n".join(as_value(item) for item in value)
    return str(value)


@contextlib.contextmanager
def edit_lock(module: AnsibleModule, path: str) -> Iterator[None]:
    """Hold the file's edit lock (the one the command line takes) from
    reading to writing; a missing file fails the task first. In check mode
    nothing is written, and no lock file is made either."""
    try:
        os.stat(path)
    except OSError as exc:
        fail_on_error(module, exc, path)
    with contextlib.nullcontext() if module.check_mode else sftpplus_config.locked(path):
        yield


def load_for_edit(module: AnsibleModule, path: str) -> Any:
    """The document at ``path``, refused (the task fails) when ``validate``
    would fail it on syntax grounds: an edit of a file that does not read
    as written could not be judged."""
    try:
        return sftpplus_config.load(path, strict=True)
    except EDIT_ERRORS as exc:
        fail_on_error(module, exc, path)
    raise AssertionError("unreachable")  # pragma: no cover


def select(module: AnsibleModule, doc: Any, selector: str) -> Any:
    """The section ``selector`` names, or None; an ambiguous selector fails
    the task with the candidates."""
    try:
        return sftpplus_config.select_or_none(doc, selector)
    except sftpplus_config.SelectorError as exc:
        fail(module, f"{exc}; nothing written", candidates=list(exc.candidates))
    raise AssertionError("unreachable")  # pragma: no cover


def missing_section(module: AnsibleModule, doc: Any, selector: str, hint: str) -> None:
    """Fail the task for a selector that names no section, with the
    closest candidates."""
    try:
        sftpplus_config.select(doc, selector)
    except sftpplus_config.SelectorError as exc:
        fail(module, f"{exc}\n  hint: {hint}", candidates=list(exc.candidates))
    fail(module, f"{doc.path}: no section [{selector}]\n  hint: {hint}", candidates=[])


def identity_options(selector: str) -> set[str]:
    """The options that make ``selector`` find its section: ``name`` for
    ``KIND:NAME``."""
    from sftpplus_config.selectors import parse_selector

    return {"name"} if parse_selector(selector) is not None else set()


def new_section_name(selector: str, section_id: str | None) -> tuple[str, dict[str, str]]:
    """The header of a section to create for ``selector`` and the options
    that make the selector find it: ``KIND:NAME`` becomes
    ``[KIND/<id>]`` with ``name = NAME`` (``section_id`` ``auto``, or
    missing: a new id)."""
    from sftpplus_config.selectors import parse_selector

    parsed = parse_selector(selector)
    if parsed is None:
        return selector, {}
    kind, name = parsed
    if section_id is None or section_id == "auto":
        section_id = sftpplus_config.new_id()
    return f"{kind}/{section_id}", {"name": name}


def check_findings(
    module: AnsibleModule, doc: Any, section: str, options: list[str], validate: bool
) -> list[dict[str, Any]]:
    """The findings about the options just edited; the task fails (nothing
    written) on an error when ``validate`` is true. Warnings are shown."""
    found = sftpplus_config.edit_findings(doc, section, options)
    results = [finding_result(f) for f in found]
    errors = [r for r in results if r["severity"] == "error"]
    if errors and validate:
        fail(
            module,
            f"{doc.path}: refused, nothing written: the edit of [{section}] is invalid:\n"
            + "\n".join(e["text"] for e in errors)
            + "\n  hint: fix the value, or set validate: false to write it anyway",
            findings=results,
        )
    for result in results:
        if result["severity"] == "warning" or not validate:
            module.warn(result["text"])
    return results


def write(module: AnsibleModule, doc: Any, path: str, backup: bool) -> dict[str, Any]:
    """Save the edited document over its file (atomic; mode, owner and
    group kept; refused when the file changed since it was read), after a
    backup copy when asked. Inside :func:`edit_lock`."""
    extra: dict[str, Any] = {}
    try:
        if backup:
            extra["backup_file"] = module.backup_local(path)
        saved = doc.save()
    except EDIT_ERRORS as exc:
        fail_on_error(module, exc, path)
    for warning in saved.warnings:
        module.warn(f"{path}: {warning}")
    return extra


# -- the semantic diff --------------------------------------------------------------


def changes_of(before: Any, after: Any) -> list[dict[str, Any]]:
    """The semantic diff from ``before`` to ``after`` as data (what
    ``sftpplus-config diff --format json`` lists), secrets redacted."""
    return list(to_json(sftpplus_config.diff(before, after))["changes"])


def _value_lines(option: str, value: str) -> list[str]:
    first, *more = value.split("\n")
    return [f"{option} = {first}".rstrip(), *(f"    {line}" for line in more)]


def diff_result(changes: list[dict[str, Any]], path: str) -> dict[str, str]:
    """Ansible's ``diff`` (before and after texts) for the changes: each
    changed section (its header, then ``; NAME``, its ``name`` option, when
    it has one) with the options that differ, secret values redacted (a
    changed secret reads ``<redacted> (changed)`` after)."""
    before: list[str] = []
    after: list[str] = []
    heads: dict[int, str | None] = {id(before): None, id(after): None}

    def head(lines: list[str], section: str, label: str | None) -> None:
        if heads[id(lines)] != section:
            if lines:
                lines.append("")
            lines.append(f"[{section}]" + (f"  ; {label}" if label else ""))
            heads[id(lines)] = section

    for change in changes:
        section = change["section"]
        label = change["label"]
        op = change["op"]
        if op in ("set", "unset"):
            head(before, section, label)
            head(after, section, label)
            old, new = change["old"], change["new"]
            if old is not None:
                before.extend(_value_lines(change["option"], old))
            if new is not None:
                if change["secret"] and old is not None:
                    new = f"{REDACTED} (changed)"
                after.extend(_value_lines(change["option"], new))
        elif op in ("add-section", "remove-section"):
            lines = after if op == "add-section" else before
            head(lines, section, label)
            for option, value in change["options"].items():
                lines.extend(_value_lines(option, value))
        else:  # rename-section
            head(before, section, label)
            head(after, change["new_name"], label)
    return {
        "before": "".join(line + "\n" for line in before),
        "after": "".join(line + "\n" for line in after),
        "before_header": f"{path} (before)",
        "after_header": f"{path} (after)",
    }


def edit_result(
    module: AnsibleModule, before: Any, doc: Any, path: str, backup: bool, **result: Any
) -> dict[str, Any]:
    """Finish an edit: the changes, the diff when asked, the write unless in
    check mode. Inside :func:`edit_lock`."""
    changed = doc.dumps() != before.dumps()
    changes = changes_of(before, doc) if changed else []
    result.update(changed=changed, path=path, changes=changes)
    if module._diff:
        result["diff"] = diff_result(changes, path)
    if changed and not module.check_mode:
        result.update(write(module, doc, path, backup))
    return result


def option_spec(**more: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments every editing module takes, and ``more``."""
    spec: dict[str, Any] = {
        "path": {"type": "path", "required": True},
        "section": {"type": "str", "required": True},
        "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
        "backup": {"type": "bool", "default": False},
        "validate": {"type": "bool", "default": True},
    }
    spec.update(more)
    return spec


def validation_spec() -> dict[str, Any]:
    """The arguments of the modules that validate a whole file (the
    ``validation`` documentation fragment)."""
    return {
        "target_version": {"type": "str"},
        "select": {"type": "list", "elements": "str"},
        "ignore": {"type": "list", "elements": "str"},
    }
