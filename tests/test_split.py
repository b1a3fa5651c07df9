"""Splitting node configurations into a shared base and overrides."""

from __future__ import annotations

import pytest

import sftpplus_config as sc
from sftpplus_config.exceptions import SftpplusConfigError
from sftpplus_config.overrides import apply_overrides
from sftpplus_config.split import split

NODE_A = """\
; cluster node A
[server]
name = node-a
uuid = 1

[services/s]
name = SFTP
port = 10022
address = 10.0.0.1

[accounts/a]
name = alice
"""

NODE_B = """\
[server]
name: node-b
uuid: 1

[services/s]
name: SFTP
PORT: 10022
address: 10.0.0.2
banner: hello

[groups/g]
name: G
"""

NODE_C = """\
[server]
name = node-c
uuid = 1

[services/s]
name = SFTP
port = 10022
address =
    10.0.0.3
    10.0.0.4
"""


def test_base_keeps_what_all_nodes_share_in_the_first_nodes_formatting() -> None:
    nodes = [sc.loads(NODE_A), sc.loads(NODE_B), sc.loads(NODE_C)]
    result = split(nodes)
    assert result.base.dumps() == (
        "; cluster node A\n[server]\nuuid = 1\n\n[services/s]\nname = SFTP\nport = 10022\n\n"
    )
    assert [o.dumps() for o in result.overrides] == [
        "[server]\nname = node-a\n\n[services/s]\naddress = 10.0.0.1\n\n[accounts/a]\nname = alice\n",
        (
            "[server]\nname: node-b\n\n[services/s]\naddress: 10.0.0.2\nbanner: hello\n\n"
            "[groups/g]\nname: G\n"
        ),
        "[server]\nname = node-c\n\n[services/s]\naddress =\n    10.0.0.3\n    10.0.0.4\n",
    ]
    for node, override in zip(nodes, result.overrides, strict=True):
        assert apply_overrides(result.base, override).to_dict() == node.to_dict()
    assert [n.dumps() for n in nodes] == [NODE_A, NODE_B, NODE_C]


def test_one_node_is_its_own_base() -> None:
    result = split([sc.loads(NODE_A)])
    assert result.base.dumps() == NODE_A
    assert [o.dumps() for o in result.overrides] == [""]


def test_sections_with_no_shared_options_stay_empty_in_the_base() -> None:
    nodes = [sc.loads("[s]\nx = 1\n[e]\n"), sc.loads("[s]\nx = 2\n")]
    result = split(nodes)
    assert result.base.dumps() == "[s]\n"
    assert [o.dumps() for o in result.overrides] == ["[s]\nx = 1\n\n[e]\n", "[s]\nx = 2\n"]
    assert apply_overrides(result.base, result.overrides[0]).to_dict() == {
        "s": {"x": "1"},
        "e": {},
    }


def test_no_nodes_is_an_error() -> None:
    with pytest.raises(SftpplusConfigError, match="at least one"):
        split([])
