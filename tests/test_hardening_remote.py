"""Remotes: push is atomic and publishes only tags on the branch; pull replays local revisions
on top of the remote's instead of refusing, so two stores sharing a remote never strand one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from versiondiff.errors import StoreError
from versiondiff.ingest import describe_changes, load_ledger
from versiondiff.store import Store


def _draft(value: int) -> bytes:
    return f"# 1. 目標\n\n県内シェアは約{value}%。\n".encode()


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture()
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    _git("init", "-q", "--bare", str(path))
    return path


def _store(tmp_path: Path, name: str, remote: Path) -> Store:
    store = Store.init(tmp_path / name)
    store.remote_add("origin", str(remote))
    return store


def _add(store: Store, value: int, label: str) -> None:
    store.add_revision("d", _draft(value), "d.md", label=label, describe=describe_changes)


def test_two_stores_looping_pull_add_push_keep_every_revision(tmp_path, remote):
    a, b = _store(tmp_path, "a", remote), _store(tmp_path, "b", remote)
    for round_number in range(10):
        # Both add before either pushes: the histories diverge every round.
        a.pull("origin", describe=describe_changes)
        b.pull("origin", describe=describe_changes)
        _add(a, 100 + round_number, f"a{round_number}")
        _add(b, 200 + round_number, f"b{round_number}")
        a.push("origin")
        with pytest.raises(StoreError, match="remote pull"):
            b.push("origin")
        b.pull("origin", describe=describe_changes)
        b.push("origin")
    a.pull("origin", describe=describe_changes)
    expected = {f"{side}{n}" for side in "ab" for n in range(10)}
    for store in (a, b):
        revisions = store.revisions("d")
        assert {r.label for r in revisions} == expected
        assert store.verify() == []
        ledger = load_ledger(store, revisions[0])
        assert len(ledger.revisions) == 20  # the ledger was extended along the replayed history
    assert a.revisions("d") == b.revisions("d")
    remote_log = _git("-C", str(remote), "log", "--format=%H", "main").split()
    assert len(remote_log) == 20
    remote_tags = _git("-C", str(remote), "tag", "--list").split()
    assert {t.removeprefix("d/") for t in remote_tags} == expected
    assert _git("-C", str(remote), "tag", "--no-merged", "main").split() == []


def test_push_publishes_no_tag_outside_the_branch(tmp_path, remote):
    store = _store(tmp_path, "a", remote)
    _add(store, 1, "r1")
    orphan = store._git("commit-tree", store._git("rev-parse", "main^{tree}"), input=b"orphan\n")
    store._git("tag", "stray", orphan)
    store.push("origin")
    assert _git("-C", str(remote), "tag", "--list").split() == ["d/r1"]


def test_push_is_atomic_when_a_tag_is_refused(tmp_path, remote):
    a, b = _store(tmp_path, "a", remote), _store(tmp_path, "b", remote)
    _add(a, 1, "r1")
    a.push("origin")
    b.pull("origin")
    _add(b, 2, "r2")
    # The remote already holds another d/r2: the whole push is refused, the branch included.
    _git("-C", str(remote), "tag", "d/r2", _git("-C", str(remote), "rev-parse", "main").strip())
    with pytest.raises(StoreError):
        b.push("origin")
    assert _git("-C", str(remote), "rev-list", "--count", "main").strip() == "1"


@pytest.mark.usefixtures("english")
def test_pull_into_an_empty_store_and_from_an_empty_remote(tmp_path, remote):
    a, b = _store(tmp_path, "a", remote), _store(tmp_path, "b", remote)
    assert "no revisions" in str(b.pull("origin"))
    _add(a, 1, "r1")
    a.push("origin")
    b.pull("origin")
    assert [r.label for r in b.revisions("d")] == ["r1"]
    assert b.resolve("d", "r1").commit == a.resolve("d", "r1").commit


def test_pull_with_a_label_used_on_both_sides_changes_nothing(tmp_path, remote):
    a, b = _store(tmp_path, "a", remote), _store(tmp_path, "b", remote)
    _add(a, 1, "r1")
    a.push("origin")
    _add(b, 2, "r1")
    before = b._head()
    with pytest.raises(StoreError, match="r1"):
        b.pull("origin", describe=describe_changes)
    assert b._head() == before and [r.label for r in b.revisions("d")] == ["r1"]
    assert b._refs("refs/versiondiff/") == {}
