"""Documentation shared by the sftpplus.config modules."""

from __future__ import annotations


class ModuleDocFragment:
    # What every module needs on the managed host.
    DOCUMENTATION = r"""
requirements:
  - Python 3.11 or later on the managed host
  - sftpplus-config on the managed host (C(pip install sftpplus-config))
options: {}
"""

    # The options and attributes of the modules that edit a file in place.
    EDIT = r"""
options:
  path:
    description: The C(server.ini) file to edit. It must exist.
    type: path
    required: true
  section:
    description:
      - The section, as its header name (C(server), C(services/<id>)) or as C(KIND:NAME)
        (C(accounts:johnd)), the section of that kind whose C(name) option is NAME.
      - A C(KIND:NAME) that more than one section matches fails the task with their
        header names (RV(candidates)).
    type: str
    required: true
  backup:
    description:
      - Copy the file to a time-stamped name beside it before changing it. The result's
        RV(backup_file) names the copy.
    type: bool
    default: false
  validate:
    description:
      - Refuse an edit that the validator finds an error in (about the options edited, or
        the section's header); the task fails with the findings and the file is
        untouched.
      - When false, the edit is written and the findings are shown as warnings.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports the change (and the diff) and writes nothing.
  diff_mode:
    support: full
    description: The semantic diff of the edit, secret values redacted.
notes:
  - The edit is minimal and lossless; comments, spacing, continuation lines and the
    options not edited stay byte for byte as they were.
  - The file is written atomically and keeps its permission bits, owner and group. The
    file's edit lock (the one the C(sftpplus-config) command line takes) is held from
    reading to writing, and the write is refused when another program changed the file
    meanwhile.
  - A file that the validator would refuse on syntax grounds (a line that is neither a
    section, an option nor a comment; a duplicate section) is not edited; the task fails
    with the position of the problem.
  - Values that the library's redaction policy takes for secrets (passwords, keys,
    tokens) never appear in the task's results or in its diff.
"""

    # The validation options of the modules that validate a whole file.
    VALIDATION = r"""
options:
  target_version:
    description:
      - The SFTPPlus version the configuration is for (C(X.Y.Z)); what that version does
        not have yet, or no longer has, is reported.
    type: str
  select:
    description: Report only these rules or rule groups.
    type: list
    elements: str
  ignore:
    description: Do not report these rules or rule groups.
    type: list
    elements: str
"""
