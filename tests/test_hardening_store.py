"""Store hardening: failed writes leave no dangling objects, verify re-normalizes with the
recorded format, figures beyond float range never reach JSON as Infinity."""

from __future__ import annotations

import json
import subprocess

import pytest

from versiondiff.compare import compare_documents
from versiondiff.errors import StoreError
from versiondiff.ingest import describe_changes
from versiondiff.normalize import normalize
from versiondiff.store import Store

DRAFT = "# 1. 目標\n\n県内シェアは約26%。\n"


def _unreachable(store: Store) -> list[str]:
    result = subprocess.run(
        ["git", "-C", str(store.path), "fsck", "--unreachable", "--no-reflogs", "--no-progress"],
        capture_output=True, text=True, check=True,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("unreachable")]


def test_an_add_whose_refs_cannot_move_leaves_no_objects(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("d", DRAFT.encode(), "a.md", label="r1", describe=describe_changes)
    head = store._head()
    # A ref below refs/tags/d/r2 makes creating the tag d/r2 fail inside the transaction.
    store._git("update-ref", "refs/tags/d/r2/blocker", head)
    with pytest.raises(StoreError):
        store.add_revision("d", DRAFT.replace("26", "27").encode(), "b.md", label="r2", describe=describe_changes)
    assert store._head() == head
    assert _unreachable(store) == []
    assert not list((store.path / ".git").glob("versiondiff-objects-*"))


def test_a_refused_add_leaves_no_objects(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("d", DRAFT.encode(), "a.md", label="r1")
    with pytest.raises(StoreError):
        store.add_revision("d", b"\xef\xbb\xbf \n", "b.md")
    with pytest.raises(StoreError):
        store.add_revision("d", DRAFT.replace("26", "27").encode(), "b.md", label="r1")
    assert _unreachable(store) == []


def test_successful_adds_and_ledger_commits_keep_every_object_reachable(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("d", DRAFT.encode(), "a.md", describe=describe_changes)
    store.add_revision("d", DRAFT.replace("26", "27").encode(), "b.md", describe=describe_changes)
    store.commit_files("d", {"figures.json": b"{}\n"}, "d: test")
    assert _unreachable(store) == []
    assert subprocess.run(["git", "-C", str(store.path), "fsck", "--strict"], capture_output=True).returncode == 0


def test_verify_uses_the_format_recorded_at_add_time(tmp_path):
    store = Store.init(tmp_path / "s")
    html_as_text = "<html><body><h1>1. 目標</h1><p>約26%</p></body></html>\n"
    store.add_revision("d", html_as_text.encode(), "draft.html", format="text")
    assert store.verify() == []


@pytest.mark.parametrize("digits", ["9" * 400, "1" + "0" * 300])
def test_figures_beyond_float_range_never_become_infinity(digits):
    old = normalize(DRAFT.encode())
    new = normalize(DRAFT.replace("約26%", f"約{digits}兆円").encode())
    comparison = compare_documents(old, new)
    json.dumps(comparison.as_json(), allow_nan=False)  # raises on Infinity or NaN
    assert any(change for section in comparison.as_json()["sections"] for change in section.get("changes", []))
