"""Stores made before canonical Markdown kept the author's characters (issue 13) keep
working: verify says what re-normalizing would change, and ``migrate`` stores the new
spelling without rewriting or losing any revision."""

from __future__ import annotations

import pytest
from conftest import run_cli

import versiondiff.store as store_module
from versiondiff.compare.engine import compare_documents
from versiondiff.normalize import normalize_text
from versiondiff.normalize.inline import tidy_spaces
from versiondiff.store import Store

R1 = "# 1. 現状\n\nＷＧ　第２回　事務局提出資料（案）。シェアは約２６％。\n"
R2 = "# 1. 現状\n\nＷＧ　第２回　事務局提出資料（案）。シェアは約２５％。\n"


def _old_normalize(real):
    """The normalizer before issue 13: widths and spacing folded into canonical text."""

    def normalize(data: bytes, format=None, name=None, **kwargs):  # noqa: A002 - the real signature
        folded = "\n".join(tidy_spaces(line) for line in data.decode("utf-8").split("\n"))
        return real(folded.encode("utf-8"), format=format, name=name, **kwargs)

    return normalize


@pytest.fixture
def old_store(tmp_path, monkeypatch):
    store = Store.init(tmp_path / "store")
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "normalize", _old_normalize(store_module.normalize))
        store.add_revision("d", R1.encode(), "r1.md", label="r1")
        store.add_revision("d", R2.encode(), "r2.md", label="r2")
    assert "WG 第2回" in store.read_markdown(store.resolve("d", "r1"))  # written the old way
    return store


def test_an_old_store_verifies_and_says_what_re_normalizing_would_change(old_store):
    assert old_store.verify() == []
    outdated = old_store.outdated()
    assert [revision.label for revision, _ in outdated] == ["r2", "r1"]
    assert all("re-spelled" in change and "（" in change for _, change in outdated)


def test_an_old_revision_compares_with_a_new_one_without_false_changes(old_store):
    old = normalize_text(old_store.read_markdown(old_store.resolve("d", "r1")), "markdown")
    new = normalize_text(R1, "markdown")
    comparison = compare_documents(old, new)
    assert not comparison.has_changes and comparison.quantities == []


def test_migrate_keeps_every_revision_and_shows_the_authors_characters(old_store):
    commits = [r.commit for r in old_store.revisions("d")]
    assert old_store.migrate() == 2
    assert [r.commit for r in old_store.revisions("d")] == commits  # nothing rewritten, nothing added
    assert "ＷＧ　第２回　事務局提出資料（案）" in old_store.read_markdown(old_store.resolve("d", "r1"))
    assert old_store.outdated() == [] and old_store.verify() == []
    assert old_store.migrate() == 0


def test_verify_and_migrate_commands(old_store):
    path = str(old_store.path)
    verify = run_cli("verify", "--store", path)
    assert verify.returncode == 0 and "versiondiff migrate" in verify.stdout.decode()
    migrate = run_cli("migrate", "--store", path)
    assert migrate.returncode == 0 and "re-normalized 2 revisions" in migrate.stdout.decode()
    again = run_cli("verify", "--store", path)
    assert again.returncode == 0 and "migrate" not in again.stdout.decode()
