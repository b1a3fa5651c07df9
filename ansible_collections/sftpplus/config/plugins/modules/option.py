"""sftpplus.config.option: set or remove one option of an SFTPPlus server.ini."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: option
short_description: Set or remove one option in an SFTPPlus server.ini
version_added: "0.1.0"
description:
  - Sets one option of one section of an SFTPPlus C(server.ini) file to a value, or
    removes it, with the smallest possible edit. Every other line of the file (comments,
    spacing, continuation lines, option order) stays byte for byte as it was.
  - The edited option is validated before anything is written. An error (an unknown
    option, a value of the wrong type, a reference to a missing section) fails the task
    and leaves the file untouched, unless O(validate=false).
  - Unlike M(community.general.ini_file), the module reads the file as SFTPPlus does
    (continuation lines, no inline comments) and finds sections by their C(name).
extends_documentation_fragment:
  - sftpplus.config.sftpplus
  - sftpplus.config.sftpplus.edit
author:
  - sftpplus-config developers (!UNKNOWN)
options:
  option:
    description: The option's name (option names ignore case).
    type: str
    required: true
  value:
    description:
      - The value to set, for O(state=present). Mutually exclusive with O(values).
      - A value with newlines is written as a multi-line value.
    type: str
  values:
    description:
      - The lines of a multi-line value, for O(state=present). Mutually exclusive with
        O(value).
    type: list
    elements: str
  state:
    description:
      - V(present) sets the option; V(absent) removes it (every occurrence, with its
        continuation lines). Removing an option or section that is not there changes
        nothing.
    type: str
    choices: [present, absent]
    default: present
  create_section:
    description:
      - Add the section at the end of the file when it is missing. A header name is used
        as it is; for C(KIND:NAME) the new section is C([KIND/<new id>]) with
        C(name = NAME), found by its name on later runs.
      - When false, a missing section fails the task with the closest names.
    type: bool
    default: false
  section_options:
    description:
      - Further options a section made by O(create_section) gets, as a mapping of option
        names to values (a list is a multi-line value, a boolean is V(yes) or V(no)).
        Ignored when the section exists.
    type: dict
    default: {}
seealso:
  - module: sftpplus.config.section
  - module: sftpplus.config.validate
"""

EXAMPLES = r"""
- name: Listen for SFTP on port 10022
  sftpplus.config.option:
    path: /opt/sftpplus/configuration/server.ini
    section: services:sftp
    option: port
    value: "10022"

- name: Set the banner shown before login (a multi-line value)
  sftpplus.config.option:
    path: /opt/sftpplus/configuration/server.ini
    section: services:sftp
    option: banner
    values:
      - Authorised use only.
      - Activity is logged.

- name: Make sure the account exists and has a home folder
  sftpplus.config.option:
    path: /opt/sftpplus/configuration/server.ini
    section: accounts:johnd
    option: home_folder_path
    value: /srv/sftp/johnd
    create_section: true
    section_options:
      type: application
      enabled: true
      group: 1a2b3c4d-0000-4000-8000-000000000001
  register: johnd

- name: Remove an obsolete option, keeping a copy of the file
  sftpplus.config.option:
    path: /opt/sftpplus/configuration/server.ini
    section: server
    option: legacy_option
    state: absent
    backup: true
"""

RETURN = r"""
path:
  description: The file edited.
  returned: always
  type: str
  sample: /opt/sftpplus/configuration/server.ini
section:
  description: The header name of the section the option is in (after creating it).
  returned: success
  type: str
  sample: accounts/5b0d5c3e-8c3e-4a8e-9d5e-0f1a2b3c4d5e
created_section:
  description: Whether the section was added (or, in check mode, would be).
  returned: success
  type: bool
changes:
  description:
    - The semantic diff of the edit, as C(sftpplus-config diff --format json) lists it
      (op, section, kind, type, label, option, old, new, secret). Secret values read
      C(<redacted>).
  returned: success
  type: list
  elements: dict
findings:
  description:
    - What the validator says about the edited option (and a new section's options).
    - Each has C(text) (as the command line prints it, C(file:line:column) first),
      C(file), C(line), C(column), C(rule), C(severity), C(message), C(section),
      C(option) and C(hint).
  returned: always, when the file could be read
  type: list
  elements: dict
backup_file:
  description: The copy made before the write.
  returned: when O(backup=true) and the file changed
  type: str
  sample: /opt/sftpplus/configuration/server.ini.12345.2026-12-01@10:00:00~
candidates:
  description: For a section that matches nothing (or several), the selectors that would.
  returned: failure, for a section not found or ambiguous
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.sftpplus.config.plugins.module_utils.sftpplus import (
    EDIT_ERRORS,
    as_value,
    check_findings,
    edit_lock,
    edit_result,
    fail_on_error,
    hide_secret,
    load_for_edit,
    missing_section,
    new_section_name,
    option_spec,
    require_library,
    select,
)


def main() -> None:
    module = AnsibleModule(
        argument_spec=option_spec(
            option={"type": "str", "required": True},
            value={"type": "str"},
            values={"type": "list", "elements": "str"},
            create_section={"type": "bool", "default": False},
            section_options={"type": "dict", "default": {}},
        ),
        mutually_exclusive=[("value", "values")],
        required_if=[("state", "present", ("value", "values"), True)],
        supports_check_mode=True,
    )
    require_library(module)
    params = module.params
    path: str = params["path"]
    selector: str = params["section"]
    option: str = params["option"]
    value = params["value"] if params["values"] is None else "\n".join(params["values"])
    extra = {key: as_value(v) for key, v in (params["section_options"] or {}).items()}

    with edit_lock(module, path):
        before = load_for_edit(module, path)
        doc = before.copy()
        section = select(module, doc, selector)
        if params["state"] == "absent":
            if section is not None:
                section.remove(option)
            result = edit_result(module, before, doc, path, params["backup"], findings=[])
            name = section.name if section is not None else None
            module.exit_json(section=name, created_section=False, **result)
        created = section is None
        if section is None:
            if not params["create_section"]:
                missing_section(module, doc, selector, "set create_section: true to add it")
            name, identity = new_section_name(selector, None)
            options = {**identity, **extra, option: value}
            for key, item in options.items():
                hide_secret(module, name.partition("/")[0], options.get("type"), key, item)
            edited = list(options)
            try:
                section = doc.add_section(name, options)
            except EDIT_ERRORS as exc:
                fail_on_error(module, exc, path)
        else:
            hide_secret(module, section.kind, section.get("type"), option, value)
            edited = [option]
            try:
                section.set(option, value)
            except EDIT_ERRORS as exc:
                fail_on_error(module, exc, path)
        findings = check_findings(module, doc, section.name, edited, params["validate"])
        result = edit_result(module, before, doc, path, params["backup"], findings=findings)
    module.exit_json(section=section.name, created_section=created, **result)


if __name__ == "__main__":
    main()
