"""sftpplus.config.render: write a node's server.ini from a base file, an
override and deploy-time variables, validated."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: render
short_description: Write a node's SFTPPlus server.ini from a base, an override and variables
version_added: "0.1.0"
description:
  - Makes the configuration of one node the way C(sftpplus-config merge), C(render) and
    C(build) do. The override (if any) is applied to the base file, the deploy-time
    variables (C({host.name}), C({host.fqdn}), your own) are replaced in every value,
    the result is validated, and it is written to O(dest).
  - C(host.name) defaults to the play's C(inventory_hostname) (the action plugin fills it
    in); runtime placeholders that SFTPPlus expands itself (C({id}),
    C({account.name})...) are never touched.
  - The task reports C(changed) only when the bytes of O(dest) differ. The write is
    atomic and keeps the permission bits, owner and group of an existing O(dest); the
    lock of O(dest) is held while it is compared and written.
  - Nothing is written when an input has a syntax error (the task fails at its
    C(file:line:column)), a variable is unknown, or the result has an error (unless
    O(validate=false)).
extends_documentation_fragment:
  - sftpplus.config.sftpplus
  - sftpplus.config.sftpplus.validation
author:
  - sftpplus-config developers (!UNKNOWN)
options:
  base:
    description: The base C(server.ini) (shared by the nodes), on the managed host.
    type: path
    required: true
  override:
    description: The node's override file (C(server.override.ini)), on the managed host.
    type: path
  dest:
    description: The file to write. Its folder must exist.
    type: path
    required: true
  host_name:
    description:
      - The value of C({host.name}). Default, the C(inventory_hostname) of the host the
        task runs for.
    type: str
  host_fqdn:
    description: The value of C({host.fqdn}), if the files use it.
    type: str
  variables:
    description:
      - Your own deploy-time variables, as a mapping of names (dots nest, as in
        C(site.domain)) to values.
    type: dict
    default: {}
  keep_host_vars:
    description:
      - Leave C({host.name}) and C({host.fqdn}) where SFTPPlus expands them itself (the
        local-file event handler's C(path)) instead of baking them in.
    type: bool
    default: false
  validate:
    description:
      - Validate the result and refuse (fail, write nothing) on an error. When false, the
        findings are returned as warnings and the file is written.
    type: bool
    default: true
  backup:
    description:
      - Copy O(dest) to a time-stamped name beside it before replacing it (RV(backup_file)).
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Renders, validates and reports whether O(dest) would change; writes nothing.
  diff_mode:
    support: full
    description: The semantic diff from the current O(dest), secret values redacted.
  action:
    support: full
    description: An action plugin fills in O(host_name) from C(inventory_hostname).
seealso:
  - module: sftpplus.config.validate
"""

EXAMPLES = r"""
- name: This node's server.ini from the cluster's files
  sftpplus.config.render:
    base: /srv/cluster/server.ini
    override: "/srv/cluster/{{ inventory_hostname }}/server.override.ini"
    dest: /opt/sftpplus/configuration/server.ini
    host_fqdn: "{{ inventory_hostname }}.example.com"
    variables:
      site: eu-west
  notify: restart sftpplus
"""

RETURN = r"""
dest:
  description: The file written (or compared).
  returned: always
  type: str
changes:
  description:
    - The semantic diff from the current O(dest) to the new one, as
      C(sftpplus-config diff --format json) lists it. Secret values read C(<redacted>).
  returned: success
  type: list
  elements: dict
findings:
  description:
    - What merging, rendering and validating found, each with C(text), C(file), C(line),
      C(column), C(rule), C(severity), C(message), C(section), C(option) and C(hint).
  returned: always, when the inputs could be read
  type: list
  elements: dict
assets:
  description:
    - The external files and folders the new O(dest) points to (what
      C(sftpplus-config assets) lists), for syncing them to a standby. Relative paths
      resolve against the SFTPPlus folder of O(dest) (the parent of its folder when that
      is named C(configuration), else its folder).
    - Each has C(category) (C(vault-content), C(authorized-keys), C(executable),
      C(log-folder)...), C(path) as written, C(resolved) (absolute, or null when it
      depends on placeholders SFTPPlus fills in), C(relative) (C(resolved) relative to the
      SFTPPlus folder, or null outside it), C(is_folder), C(mode) (the permission bits
      of the file on the managed host, as C(0640), or null when it is missing),
      C(section) and C(option).
  returned: success
  type: list
  elements: dict
host_name:
  description: The value used for C({host.name}).
  returned: success
  type: str
backup_file:
  description: The copy made before the write.
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
"""

import contextlib
import os
import stat

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.sftpplus.config.plugins.module_utils.sftpplus import (
    EDIT_ERRORS,
    as_value,
    changes_of,
    diff_result,
    fail,
    fail_on_error,
    finding_result,
    plural,
    require_library,
    validation_spec,
)


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "base": {"type": "path", "required": True},
            "override": {"type": "path"},
            "dest": {"type": "path", "required": True},
            "host_name": {"type": "str"},
            "host_fqdn": {"type": "str"},
            "variables": {"type": "dict", "default": {}},
            "keep_host_vars": {"type": "bool", "default": False},
            "validate": {"type": "bool", "default": True},
            "backup": {"type": "bool", "default": False},
            **validation_spec(),
        },
        supports_check_mode=True,
    )
    require_library(module)
    import sftpplus_config

    params = module.params
    dest: str = params["dest"]
    variables = {name: as_value(value) for name, value in (params["variables"] or {}).items()}
    for name, key in (("host.name", "host_name"), ("host.fqdn", "host_fqdn")):
        if params[key] is not None:
            variables[name] = params[key]
    try:
        rendered, findings = _make(params, variables)
    except EDIT_ERRORS as exc:
        fail_on_error(module, exc, params["base"])
    results = [finding_result(f) for f in findings]
    errors = [r["text"] for r in results if r["severity"] == "error"]
    if errors and (params["validate"] or not rendered.ok):
        fail(
            module,
            f"{dest}: refused, nothing written: {plural(len(errors), 'error')}:\n"
            + "\n".join(errors),
            findings=results,
        )
    for result in results:
        if result["severity"] == "warning" or result["severity"] == "error":
            module.warn(result["text"])
    folder = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(folder):
        fail(module, f"{dest}: the folder {folder} does not exist; nothing written")
    data = rendered.document.dumps()
    # the lock of dest, as the command line takes it (none in check mode:
    # nothing is written, not even a lock file)
    with contextlib.nullcontext() if module.check_mode else sftpplus_config.locked(dest):
        try:
            with open(dest, "rb") as stream:
                old: bytes | None = stream.read()
        except FileNotFoundError:
            old = None
        except OSError as exc:
            fail_on_error(module, exc, dest)
        changed = old != data.encode("utf-8")
        result: dict[str, object] = {
            "changed": changed,
            "dest": dest,
            "findings": results,
            "host_name": variables.get("host.name"),
            "assets": _assets(rendered.document, dest),
        }
        if changed or module._diff:
            before = _current(old, dest)
            changes = changes_of(before, rendered.document) if changed else []
            result["changes"] = changes
            if module._diff:
                result["diff"] = diff_result(changes, dest)
        else:
            result["changes"] = []
        if changed and not module.check_mode:
            try:
                if params["backup"] and old is not None:
                    result["backup_file"] = module.backup_local(dest)
                saved = rendered.document.save(dest)
            except EDIT_ERRORS as exc:
                fail_on_error(module, exc, dest)
            for warning in saved.warnings:
                module.warn(f"{dest}: {warning}")
    module.exit_json(**result)


def _make(params: dict, variables: dict[str, str]) -> tuple:
    """The rendered document and every finding (merge, render, validation,
    suppression comments applied)."""
    import sftpplus_config
    from sftpplus_config.acceptance import require_acceptable

    base = sftpplus_config.load(params["base"])
    require_acceptable(base)
    findings: list = []
    merged = base
    if params["override"] is not None:
        override = sftpplus_config.load(params["override"])
        require_acceptable(override, base=base)
        merge = sftpplus_config.merge(base, override)
        merged = merge.document
        findings.extend(merge.findings)
    rendered = sftpplus_config.render(merged, variables, keep_host_vars=params["keep_host_vars"])
    findings.extend(rendered.findings)
    if rendered.ok:
        checked = sftpplus_config.validate(
            rendered.document,
            target_version=params["target_version"],
            select=params["select"],
            ignore=params["ignore"],
        )
        findings.extend(checked.findings)
    text = rendered.document.dumps()
    if "sftpplus-config" in text:
        from sftpplus_config.suppressions import apply, parse

        findings = list(apply(findings, {rendered.document.path: parse(rendered.document)}))
    return rendered, [f for f in findings if f.severity != "info"]


def _assets(doc: object, dest: str) -> list[dict[str, object]]:
    """The external paths of the document written to ``dest``."""
    from sftpplus_config.assets import asset_root, list_assets

    root = asset_root(dest)
    found = []
    for asset in list_assets(doc, root=root):
        if asset.problem:
            continue
        relative = mode = None
        if asset.resolved is not None:
            inside = os.path.relpath(asset.resolved, root)
            relative = None if inside.startswith("..") else inside
            with contextlib.suppress(OSError):
                mode = f"{stat.S_IMODE(os.stat(asset.resolved).st_mode):04o}"
        found.append(
            {
                "category": asset.category,
                "path": asset.path,
                "resolved": asset.resolved,
                "relative": relative,
                "is_folder": asset.is_folder,
                "mode": mode,
                "section": asset.section,
                "option": asset.option,
            }
        )
    return found


def _current(old: bytes | None, dest: str) -> object:
    """The document now at ``dest`` (empty when it is missing or unreadable
    as text): what the diff starts from."""
    import sftpplus_config

    if old is None:
        return sftpplus_config.loads("")
    try:
        return sftpplus_config.loads(old.decode("utf-8-sig"), path=dest)
    except (UnicodeDecodeError, sftpplus_config.ParseError):
        return sftpplus_config.loads("")


if __name__ == "__main__":
    main()
