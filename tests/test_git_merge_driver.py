"""``merge3`` as a git merge driver, in a real repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not on PATH")

BASE = """\
; shared configuration
[server]
name = files.example.com

[services/9ac4-1054]
name = SFTP service
type = ssh
port = 10022
ssh_cipher_list = secure

[accounts/4a48fbf4]
name = johnd
home_folder_path = /srv/johnd
"""


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    assert GIT is not None
    command = [GIT, "-c", "user.name=Test", "-c", "user.email=test@example.com", *args]
    # the user's and the system's git configuration stay out of the test
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=check, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "core.autocrlf", "false")
    driver = f"{shlex.quote(sys.executable)} -m sftpplus_config merge3 %O %A %B -o %A --name %P"
    git(tmp_path, "config", "merge.sftpplus.name", "SFTPPlus server.ini merge")
    git(tmp_path, "config", "merge.sftpplus.driver", driver)
    (tmp_path / ".gitattributes").write_text("server.ini merge=sftpplus\n")
    (tmp_path / "server.ini").write_text(BASE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def branch(repo: Path, name: str, text: str) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    (repo / "server.ini").write_text(text)
    git(repo, "commit", "-q", "-am", name)


def test_changes_to_different_options_of_one_section_merge(repo: Path) -> None:
    branch(repo, "port", BASE.replace("port = 10022", "port = 2222"))
    branch(repo, "ciphers", BASE.replace("ssh_cipher_list = secure", "ssh_cipher_list = fips"))
    result = git(repo, "merge", "--no-edit", "port", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "server.ini").read_text() == BASE.replace("port = 10022", "port = 2222").replace(
        "ssh_cipher_list = secure", "ssh_cipher_list = fips"
    )
    assert git(repo, "log", "-1", "--format=%s").stdout.startswith("Merge branch 'port'")


def test_without_the_driver_git_conflicts_on_the_same_change(repo: Path) -> None:
    """The control: git's line merge cannot merge two adjacent lines."""
    (repo / ".gitattributes").write_text("")
    git(repo, "commit", "-q", "-am", "no driver")
    branch(repo, "port", BASE.replace("port = 10022", "port = 2222"))
    branch(repo, "ciphers", BASE.replace("ssh_cipher_list = secure", "ssh_cipher_list = fips"))
    result = git(repo, "merge", "--no-edit", "port", check=False)
    assert result.returncode != 0
    assert "<<<<<<< HEAD" in (repo / "server.ini").read_text()


def test_the_same_option_changed_on_both_branches_is_a_conflict(repo: Path) -> None:
    branch(repo, "one", BASE.replace("port = 10022", "port = 2222"))
    branch(repo, "two", BASE.replace("port = 10022", "port = 3333"))
    result = git(repo, "merge", "--no-edit", "one", check=False)
    assert result.returncode != 0
    assert "CONFLICT" in result.stdout
    assert (
        "server.ini:8:1: error[merge-conflict] `port` in [services/9ac4-1054] "
        "was changed differently in ours and theirs" in result.stderr
    )
    assert (repo / "server.ini").read_text() == BASE.replace(
        "port = 10022\n", "<<<<<<< ours\nport = 3333\n=======\nport = 2222\n>>>>>>> theirs\n"
    )
    assert ".merge_file" not in result.stderr  # git's temporary files are not named
    status = git(repo, "status", "--porcelain").stdout
    assert status.splitlines() == ["UU server.ini"]


def test_nothing_theirs_adds_outside_options_is_lost(repo: Path) -> None:
    """Theirs adds comments (before the first section, above a header,
    between an option's lines); ours changes an option. The option merge
    sees none of theirs' lines, and the merge keeps every one."""
    theirs = "# managed by the platform team\n" + BASE.replace(
        "[accounts/4a48fbf4]", "; John's account\n[accounts/4a48fbf4]"
    ).replace("port = 10022\n", "port = 10022\n    ; was 22 until 2024\n")
    branch(repo, "theirs", theirs)
    branch(repo, "ours", BASE.replace("ssh_cipher_list = secure", "ssh_cipher_list = fips"))
    result = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "server.ini").read_text() == theirs.replace(
        "ssh_cipher_list = secure", "ssh_cipher_list = fips"
    )


def test_a_side_that_validate_refuses_stops_the_merge_and_loses_nothing(repo: Path) -> None:
    """Theirs adds an invalid line and a second copy of a section: like every
    command, merge3 refuses a file `validate` fails on syntax grounds, so git
    stops with a conflict; ours stays in the working file, theirs in git's
    index, and the message names the file, not git's temporary copies."""
    theirs = BASE.replace("name = johnd\n", "name = johnd\nTODO check the home folder\n") + (
        "\n[services/9ac4-1054]\nname = SFTP service (copy)\n"
    )
    branch(repo, "theirs", theirs)
    ours = BASE.replace("ssh_cipher_list = secure", "ssh_cipher_list = fips")
    branch(repo, "ours", ours)
    result = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "server.ini (theirs):" in output and "error[syntax-error]" in output
    assert ".merge_file" not in output
    assert (repo / "server.ini").read_text() == ours
    assert git(repo, "show", ":3:server.ini").stdout == theirs


def test_comments_changed_on_both_branches_next_to_each_other_conflict(repo: Path) -> None:
    """Both branches comment the same line: git stops, and both comments are
    in the conflict."""
    branch(repo, "one", BASE.replace("port = 10022\n", "port = 10022\n; one\n"))
    branch(repo, "two", BASE.replace("port = 10022\n", "port = 10022\n; two\n"))
    result = git(repo, "merge", "--no-edit", "one", check=False)
    assert result.returncode != 0
    text = (repo / "server.ini").read_text()
    assert "; one\n" in text and "; two\n" in text
    assert text.count("<<<<<<< ours\n") == 1
    assert git(repo, "status", "--porcelain").stdout.splitlines() == ["UU server.ini"]
