"""Generate realistic server.ini files of a given size for the benchmarks.

The files are valid configurations: ``sftpplus-config validate`` finds
nothing in them (a test checks it), so that the validate benchmark measures
the common case. ``bench/validate.py`` derives a broken variant from them.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

HEADER = """\
# SFTPPlus configuration generated for benchmarks.
# Every section below is realistic, but the data is made up.

[server]
uuid = 8a8e3c6a-2d7d-4b4f-9f3e-000000000001
name = bench-server
authentications = 3ef1a9d0-5a2b-4b8c-9b1a-000000000010
password_hashing_scheme = crypt-sha512
password_minimum_strength = 4
password_minimum_length = 12

[authentications/3ef1a9d0-5a2b-4b8c-9b1a-000000000010]
name = SFTPPlus Accounts and Administrators
type = application
description = Authenticate accounts defined in this file.

[services/6f9c1f1e-1111-4c2d-8a1b-000000000020]
name = sftp-service
type = ssh
enabled = yes
address = 0.0.0.0
port = 10022
ssh_server_keys = 5d6e7f80-3333-4a1b-8c2d-000000000040
before_login_message = Welcome to the bench server.

[vault-items/5d6e7f80-3333-4a1b-8c2d-000000000040]
name = SSH host key
type = ssh-private
content = external-file:configuration/ssh_host_rsa_key

[event-handlers/0b2c3d4e-2222-4f5a-9b6c-000000000030]
name = Local log file
type = local-file
enabled = yes
path = log/server-{host.name}.log
entry_content = {timestamp.iso_8601_local} {id} {component.uuid} {account.name}
    {message}
    {data_json}

"""

GROUP = """\
[groups/{gid}]
name = Group {n}
description = Accounts of department {n}.
home_folder_path = /srv/sftp/group-{n}
create_home_folder = yes
ssh_authorized_keys_path = configuration/authorized_keys/%(username)s

"""

ACCOUNT = """\
[accounts/{aid}]
name = user{n:06d}
type = application
enabled = yes
description = Account for partner {n} (generated).
group = {gid}
home_folder_path = /srv/sftp/users/user{n:06d}
password = $5$rounds=110000$Qb5dgn0bBjbMJ1{n:06d}$WOeydPLPJ6Yd4bY3IpQwWSuDFZPnkk3ku3{n:06d}
ssh_authorized_keys_content = ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmC2Y8tk0yOQ7{n:06d}x user{n:06d}@partner
    ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC9kZt4uLm0g1Y3f2C{n:06d}yV1 user{n:06d}@backup
create_home_folder = yes
; Generated comment kept verbatim.
source_ip_filter = allow 10.{a}.{b}.0/24
    deny 192.168.{b}.{a}
disable_on_inactivity = 90
created = 2024-05-0{d} 10:12:13
changed = 2025-01-1{d}T08:00:00

"""


def generate(accounts: int) -> str:
    """A server.ini with ``accounts`` accounts and one group per 100 accounts."""
    rng = uuid.UUID(int=0)
    del rng
    parts = [HEADER]
    groups = max(1, accounts // 100)
    gids = [str(uuid.UUID(int=(1 << 64) + n)) for n in range(groups)]
    for n, gid in enumerate(gids):
        parts.append(GROUP.format(gid=gid, n=n))
    for n in range(accounts):
        parts.append(
            ACCOUNT.format(
                aid=uuid.UUID(int=(2 << 64) + n),
                gid=gids[n % groups],
                n=n,
                a=n % 250,
                b=(n // 250) % 250,
                d=n % 9 + 1,
            )
        )
    return "".join(parts)


def ensure(accounts: int, folder: Path) -> Path:
    """Write (once) and return the generated file for ``accounts``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"accounts-{accounts}.ini"
    if not path.exists():
        path.write_text(generate(accounts), encoding="utf-8")
    return path


def ensure_tiny(sections: int, folder: Path) -> Path:
    """Write (once) and return a file of ``sections`` tiny sections (one
    short option each): the hostile shape where per-section costs dominate."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tiny-{sections}.ini"
    if not path.exists():
        with path.open("w", encoding="utf-8") as handle:
            for start in range(0, sections, 10_000):
                stop = min(start + 10_000, sections)
                handle.write("".join(f"[accounts/u{n}]\nname = u{n}\n" for n in range(start, stop)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("accounts", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.write_text(generate(args.accounts), encoding="utf-8")


if __name__ == "__main__":
    main()
