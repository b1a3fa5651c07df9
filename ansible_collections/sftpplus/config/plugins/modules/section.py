"""sftpplus.config.section: ensure a section of an SFTPPlus server.ini exists
with given options, or is absent."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: section
short_description: Ensure a section of an SFTPPlus server.ini exists with given options
version_added: "0.1.0"
description:
  - Makes sure one section of an SFTPPlus C(server.ini) file exists with the options
    given (adding it at the end of the file, adding or changing options in place), or
    that it does not exist.
  - The section is named by its header (C(server), C(accounts/<id>)) or as C(KIND:NAME)
    (C(accounts:johnd)), the section of that kind whose C(name) option is NAME. A
    missing C(KIND:NAME) section is added under a new id (O(id=auto)) and found again by
    its name on the next run, so the task is idempotent.
extends_documentation_fragment:
  - sftpplus.config.sftpplus
  - sftpplus.config.sftpplus.edit
author:
  - sftpplus-config developers (!UNKNOWN)
options:
  id:
    description:
      - For a C(KIND:NAME) section that does not exist yet, the id of its header
        C([KIND/<id>]). V(auto) makes a new random id (what SFTPPlus makes); later runs
        find the section by its name and keep its id.
      - Not used when O(section) is a header name.
    type: str
    default: auto
  options:
    description:
      - The options the section must have, as a mapping of option names to values. A
        list is a multi-line value; a boolean is written V(yes) or V(no); a number as
        written.
    type: dict
    default: {}
  exclusive:
    description:
      - Also remove the section's options that O(options) does not list (the C(name) of a
        section selected as C(KIND:NAME) is kept).
    type: bool
    default: false
  state:
    description: V(present) to make sure the section exists, V(absent) to remove it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: sftpplus.config.option
  - module: sftpplus.config.validate
notes:
  - Removing a section also removes the comment lines right above its header.
"""

EXAMPLES = r"""
- name: An application account, created once under a new id
  sftpplus.config.section:
    path: /opt/sftpplus/configuration/server.ini
    section: accounts:johnd
    id: auto
    options:
      type: application
      enabled: true
      group: 1a2b3c4d-0000-4000-8000-000000000001
      home_folder_path: /srv/sftp/johnd

- name: The SFTP service has exactly these options
  sftpplus.config.section:
    path: /opt/sftpplus/configuration/server.ini
    section: services/8f0e1d2c-3b4a-4958-8776-655443322110
    exclusive: true
    options:
      name: sftp
      type: ssh
      enabled: true
      address: 0.0.0.0
      port: 10022

- name: No test account
  sftpplus.config.section:
    path: /opt/sftpplus/configuration/server.ini
    section: accounts:test
    state: absent
"""

RETURN = r"""
path:
  description: The file edited.
  returned: always
  type: str
section:
  description: The section's header name (for a new section, with its new id).
  returned: when the section exists (or was, or would be, added)
  type: str
  sample: accounts/5b0d5c3e-8c3e-4a8e-9d5e-0f1a2b3c4d5e
created:
  description: Whether the section was added (or, in check mode, would be).
  returned: success
  type: bool
removed_options:
  description: The options removed by O(exclusive=true).
  returned: success
  type: list
  elements: str
changes:
  description:
    - The semantic diff of the edit, as C(sftpplus-config diff --format json) lists it.
      Secret values read C(<redacted>).
  returned: success
  type: list
  elements: dict
findings:
  description:
    - What the validator says about the options given and the section's header, each
      with C(text), C(file), C(line), C(column), C(rule), C(severity), C(message),
      C(section), C(option) and C(hint).
  returned: always, when the file could be read
  type: list
  elements: dict
backup_file:
  description: The copy made before the write.
  returned: when O(backup=true) and the file changed
  type: str
candidates:
  description: For a selector that matches several sections, their header names.
  returned: failure, for an ambiguous selector
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
    fail,
    fail_on_error,
    hide_secret,
    identity_options,
    load_for_edit,
    new_section_name,
    option_spec,
    require_library,
    select,
)


def main() -> None:
    module = AnsibleModule(
        argument_spec=option_spec(
            id={"type": "str", "default": "auto"},
            options={"type": "dict", "default": {}},
            exclusive={"type": "bool", "default": False},
        ),
        supports_check_mode=True,
    )
    require_library(module)
    params = module.params
    path: str = params["path"]
    selector: str = params["section"]
    wanted = {key: as_value(value) for key, value in (params["options"] or {}).items()}
    lowered = [key.lower() for key in wanted]
    if len(set(lowered)) != len(lowered):
        fail(module, "options: an option is given twice (option names ignore case)")

    with edit_lock(module, path):
        before = load_for_edit(module, path)
        doc = before.copy()
        section = select(module, doc, selector)
        if params["state"] == "absent":
            name = section.name if section is not None else None
            if name is not None:
                doc.remove_section(name)
            result = edit_result(module, before, doc, path, params["backup"], findings=[])
            module.exit_json(section=name, created=False, removed_options=[], **result)
        created = section is None
        removed: list[str] = []
        edited = list(wanted)
        try:
            if section is None:
                name, identity = new_section_name(selector, params["id"])
                options = {**identity, **wanted}
                for key, value in options.items():
                    hide_secret(module, name.partition("/")[0], options.get("type"), key, value)
                edited = list(options)
                section = doc.add_section(name, options)
            else:
                type_ = wanted.get("type", section.get("type"))
                for key, value in wanted.items():
                    hide_secret(module, section.kind, type_, key, value)
                    section.set(key, value)
                if params["exclusive"]:
                    keep = {*lowered, *identity_options(selector)}
                    removed = [
                        key for key in dict.fromkeys(section.keys()) if key.lower() not in keep
                    ]
                    for key in removed:
                        section.remove(key)
        except EDIT_ERRORS as exc:
            fail_on_error(module, exc, path)
        findings = check_findings(module, doc, section.name, edited, params["validate"])
        result = edit_result(module, before, doc, path, params["backup"], findings=findings)
    module.exit_json(section=section.name, created=created, removed_options=removed, **result)


if __name__ == "__main__":
    main()
