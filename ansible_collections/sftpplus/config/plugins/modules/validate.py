"""sftpplus.config.validate: validate an SFTPPlus server.ini (or override, or
inventory) on the managed host, with the findings as results."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: validate
short_description: Validate SFTPPlus configuration files, with the findings as results
version_added: "0.1.0"
description:
  - Checks a C(server.ini) file as C(sftpplus-config validate) does (syntax, the schema
    of every kind and type, references between sections, versions, security) and
    returns every finding as structured data.
  - The task fails when there is an error (or, with O(strict=true), a warning), when the
    file cannot be read, or when a suppression comment or configuration file is
    malformed. It never changes anything.
  - A C(server.override.ini) is checked together with its base (the C(server.ini) beside
    it or in the folder above, or O(base)); a C(.toml) file is an inventory, whose nodes
    are built in memory and checked, then the cluster lints run.
  - "Suppression comments (C(; sftpplus-config: ignore[RULE])) in the files and the
    configuration file (C(.sftpplus-config.toml), or C([tool.sftpplus-config]) in
    C(pyproject.toml), found from the file up to the repository root) apply; the task's
    own O(select), O(ignore), O(target_version) and O(strict) win over it."
extends_documentation_fragment:
  - sftpplus.config.sftpplus
  - sftpplus.config.sftpplus.validation
author:
  - sftpplus-config developers (!UNKNOWN)
options:
  path:
    description: The file to check (C(server.ini), C(server.override.ini) or an inventory).
    type: path
    required: true
  base:
    description: Check O(path) as an override of this C(server.ini).
    type: path
  strict:
    description:
      - Fail on warnings too. Default, what the configuration file says (else false).
    type: bool
  partial:
    description: The file is a fragment (no missing-option, no dangling-reference).
    type: bool
    default: false
  variables:
    description:
      - Deploy-time variables (C(host.name), C(host.fqdn), your own); the file is
        rendered with them and the result checked.
    type: dict
  use_config:
    description: Read the configuration file (false ignores it).
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Runs the same checks; nothing is ever written.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
seealso:
  - module: sftpplus.config.option
  - module: sftpplus.config.render
"""

EXAMPLES = r"""
- name: The configuration is valid for the version being deployed
  sftpplus.config.validate:
    path: /opt/sftpplus/configuration/server.ini
    target_version: "5.12.0"
    ignore: [plaintext-password]

- name: Look at the findings without failing the play
  sftpplus.config.validate:
    path: /opt/sftpplus/configuration/server.ini
  register: checked
  failed_when: false

- name: Show the errors
  ansible.builtin.debug:
    msg: "{{ checked.findings | selectattr('severity', 'eq', 'error') | map(attribute='text') }}"
"""

RETURN = r"""
findings:
  description:
    - Every finding reported.
    - Each has C(text) (as the command line prints it, C(file:line:column) first), C(file), C(line), C(column), C(rule), C(severity),
      C(message), C(section), C(option) and C(hint).
  returned: always, when the file could be read
  type: list
  elements: dict
error_count:
  description: How many findings are errors.
  returned: always, when the file could be read
  type: int
warning_count:
  description: How many findings are warnings.
  returned: always, when the file could be read
  type: int
problems:
  description: What stopped a file from being checked (read errors, a bad suppression comment).
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.sftpplus.config.plugins.module_utils.sftpplus import (
    EDIT_ERRORS,
    as_value,
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
            "path": {"type": "path", "required": True},
            "base": {"type": "path"},
            "strict": {"type": "bool"},
            "partial": {"type": "bool", "default": False},
            "variables": {"type": "dict"},
            "use_config": {"type": "bool", "default": True},
            **validation_spec(),
        },
        supports_check_mode=True,
    )
    require_library(module)
    from sftpplus_config.checks import Request, run
    from sftpplus_config.rules.versions import parse_version
    from sftpplus_config.validation import resolve_rules

    params = module.params
    path: str = params["path"]
    variables = params["variables"]
    try:
        resolve_rules(params["select"], params["ignore"])
        if params["target_version"] is not None:
            parse_version(params["target_version"])
    except (ValueError, *EDIT_ERRORS) as exc:
        fail(module, f"{exc}")
    request = Request(
        files=[path],
        select=params["select"],
        ignore=params["ignore"],
        target_version=params["target_version"],
        strict=params["strict"],
        base=params["base"],
        variables=None if variables is None else {k: as_value(v) for k, v in variables.items()},
        use_config=params["use_config"],
        partial=params["partial"],
    )
    try:
        outcome = run(request)
    except EDIT_ERRORS as exc:
        fail_on_error(module, exc, path)
    findings = [finding_result(f) for f in outcome.findings]
    problems = [*outcome.problems, *outcome.mismatches]
    result = {
        "changed": False,
        "path": path,
        "findings": findings,
        "error_count": outcome.errors,
        "warning_count": outcome.warnings,
        "problems": problems,
    }
    if outcome.exit_code != 0:
        if problems:
            msg = "\n".join(problems)
        else:
            shown = [f["text"] for f in findings if f["severity"] in ("error", "warning")]
            msg = (
                f"{path}: {plural(outcome.errors, 'error')}, "
                f"{plural(outcome.warnings, 'warning')}"
                + ("" if outcome.errors else " (strict)")
                + ":\n"
                + "\n".join(shown)
            )
        module.fail_json(msg=msg, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
