"""Every failure of the CLI is one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from versiondiff.errors import StoreError
from versiondiff.store import Store, _safe_file_name, _summarize_git_error

DRAFT = "# 1. 現状\n\n県内シェアは約26%。\n"


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result
    text = result.stderr.decode().strip()
    assert text.startswith("versiondiff: error: ") and "\n" not in text and "Traceback" not in text, text
    return text


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text(DRAFT, encoding="utf-8")
    assert run_cli("add", str(tmp_path / "a.md"), "--doc", "d", "--store", str(tmp_path / "s")).returncode == 0
    return tmp_path / "s"


def test_store_below_a_regular_file(tmp_path):
    (tmp_path / "f").write_text("x")
    for args in (("init",), ("add", "/etc/hostname", "--doc", "d")):
        assert "Not a directory" in _one_line_error(run_cli(*args, "--store", str(tmp_path / "f" / "s")))


def test_back_by_five_thousand_digits_is_an_ordinary_error(store):
    message = _one_line_error(run_cli("show", "d@~" + "9" * 5000, "--store", str(store)))
    assert "only 1 revisions" in message and len(message) < 200


def test_impossible_date_is_an_error_not_a_match(store):
    assert "not a date" in _one_line_error(run_cli("show", "d@2030-13-45", "--store", str(store)))


def test_unopenable_lock_file(store):
    lock = store / ".git" / "versiondiff.lock"
    lock.unlink()
    lock.mkdir()
    assert "lock file" in _one_line_error(run_cli("add", "/etc/hostname", "--doc", "d", "--store", str(store)))


def test_store_of_another_user_says_so(store):
    for root, dirs, files in os.walk(store):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), 54321, 54321)
    os.chown(store, 54321, 54321)
    if os.geteuid() == 54321:  # pragma: no cover - only when tests run as that very user
        pytest.skip("runs as the owning user")
    env = {"GIT_CONFIG_GLOBAL": os.devnull}  # no safe.directory = * from the developer's config
    message = _one_line_error(run_cli("docs", "--store", str(store), env=env))
    assert "belongs to another user" in message and "safe.directory" in message


def test_file_name_of_three_hundred_characters(tmp_path):
    assert "file name too long" in _one_line_error(run_cli("normalize", str(tmp_path / ("名" * 300 + ".txt"))))


def test_long_japanese_upload_name_fits_the_file_system(tmp_path):
    store = Store.init(tmp_path / "s")
    name = "政策" * 150 + ".md"
    revision = store.add_revision("d", DRAFT.encode(), name).revision
    stored, _ = store.read_source(revision)
    assert stored.endswith(".md") and len(stored.encode()) <= 200
    assert store.add_revision("d", DRAFT.replace("26", "27").encode(), "b.md").created  # still writable


def test_safe_file_name_keeps_short_names():
    assert _safe_file_name("../計画案.txt") == "計画案.txt"


def test_multi_line_git_errors_become_one_line():
    stderr = "error: first problem\nhint: do this\nhint: or that\nfatal: second problem\n"
    assert _summarize_git_error(stderr) == "error: first problem / fatal: second problem"


def test_git_errors_through_the_store_are_one_line(store):
    with pytest.raises(StoreError) as caught:
        Store.open(store)._git("cat-file", "blob", "0" * 40)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ['q"uote.md', "del\x7f.md", "tab\tname.md", "改行\x01.md"])
def test_c_quoted_file_names_are_read_back_and_verify(tmp_path, name):
    store = Store.init(tmp_path / "s")
    revision = store.add_revision("d", DRAFT.encode(), name).revision
    stored, data = store.read_source(revision)
    assert data == DRAFT.encode()
    assert stored.startswith(name[:2])
    assert store.verify() == []
    assert [info.slug for info in store.documents()] == ["d"]
