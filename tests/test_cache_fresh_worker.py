"""A fresh worker serves what another process left in the shared cache without starting git,
and never a page that is stale after the branch moved (add, migrate, packed refs after a clone)."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request

import git.cmd
import pytest
from conftest import run_cli, served

from versiondiff.cache import CACHE_DIR
from versiondiff.cli_web import SAMPLE_REVISIONS, SAMPLE_SLUG, load_samples
from versiondiff.resources import samples_dir
from versiondiff.store import Store
from versiondiff.web import create_app
from versiondiff.web.service import CACHE_HEADER

CONSECUTIVE = f"/d/{SAMPLE_SLUG}/compare/r2..r3"  # what the timeline links, pre-rendered by add


def _app(path):
    return create_app({"STORE_PATH": str(path), "TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "store"
    load_samples(Store.init(path))  # through ingest, as `versiondiff add` does
    return path


@pytest.fixture()
def spawned(monkeypatch):
    """The git processes GitPython starts from now on."""
    started: list = []
    real = git.cmd.safer_popen

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started.append(args[0] if args else kwargs.get("args"))
        return real(*args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", counting)
    return started


def test_a_fresh_worker_serves_the_page_add_left_without_running_git(store_path, spawned):
    client = _app(store_path).test_client()  # a new process: nothing in its memory
    spawned.clear()  # opening the store checks it once, at worker start
    for url in (CONSECUTIVE, f"/api/documents/{SAMPLE_SLUG}/compare/r1..r2"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers[CACHE_HEADER] == "shared"
    assert spawned == []


def test_a_fresh_worker_sees_a_revision_added_after_it_started(store_path):
    client = _app(store_path).test_client()
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r1..latest").status_code == 200
    data = (samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes().replace("自動運転バス".encode(), "無人運転バス".encode())
    Store.open(store_path).add_revision(SAMPLE_SLUG, data, "r4.txt", label="r4")
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r3..latest").data.decode()
    assert "r3 → r4" in page and "無人運転バス" in page
    timeline = client.get(f"/d/{SAMPLE_SLUG}").data.decode()
    assert "r4" in timeline


def test_a_revision_re_normalized_by_migrate_shows_its_new_markdown(store_path):
    client = _app(store_path).test_client()
    before = client.get(CONSECUTIVE).data.decode()
    store = Store.open(store_path)
    r3 = store.resolve(SAMPLE_SLUG, "r3")
    markdown = store.read_markdown(r3)
    assert "無人運転バス" not in before and "自動運転バス" in markdown
    # What `migrate` commits: a new copy of the revision's Markdown, the revision's commit untouched.
    renormalized = markdown.replace("自動運転バス", "無人運転バス").encode("utf-8")
    store.commit_files(SAMPLE_SLUG, {f"renormalized/{r3.commit}.md": renormalized}, "re-normalized")
    after = client.get(CONSECUTIVE)
    assert after.headers[CACHE_HEADER] != "local" and "無人運転バス" in after.data.decode()
    assert "無人運転バス" in client.get(f"/api/documents/{SAMPLE_SLUG}/compare/r2..r3").data.decode()


def test_packed_refs_are_read_and_followed_when_the_branch_moves(store_path):
    subprocess.run(["git", "-C", str(store_path), "pack-refs", "--all"], check=True)  # as after a clone or gc
    assert not (store_path / ".git" / "refs" / "heads" / "main").exists()
    client = _app(store_path).test_client()
    assert client.get(CONSECUTIVE).headers[CACHE_HEADER] == "shared"
    Store.open(store_path).add_revision(SAMPLE_SLUG, b"1. a\n\nb\n", "r4.txt", label="r4")  # a loose ref again
    assert "r3 → r4" in client.get(f"/d/{SAMPLE_SLUG}/compare/r3..latest").data.decode()


def test_an_unknown_document_leaves_nothing_in_the_shared_cache(store_path):
    folder = store_path / CACHE_DIR
    before = set(folder.iterdir())
    client = _app(store_path).test_client()
    for slug in ("nothing-here", "nor-here"):
        assert client.get(f"/d/{slug}/compare/r1..r2").status_code == 404
    assert set(folder.iterdir()) == before


def test_a_revision_list_is_shared_under_the_commit_it_was_read_at(store_path, monkeypatch):
    """A worker reads the branch, a writer moves it, the worker lists revisions: the list it
    shares must be the one of the commit it read, or other workers would see it too early."""
    from versiondiff.web.service import SnapshotStore

    store = Store.open(store_path)
    before = store.resolve(SAMPLE_SLUG, "latest").commit
    Store.open(store_path).add_revision(SAMPLE_SLUG, b"1. a\n\nb\n", "r4.txt", label="r4")  # the writer
    shutil.rmtree(store_path / CACHE_DIR)  # nobody listed anything yet
    first = _app(store_path).extensions["versiondiff"].store
    monkeypatch.setattr(first, "branch_value", lambda: before)  # read just before the writer moved it
    assert [r.label for r in first.revisions(SAMPLE_SLUG)] == ["r3", "r2", "r1"]
    monkeypatch.undo()
    second = _app(store_path).extensions["versiondiff"].store  # another worker, the same shared cache
    assert isinstance(second, SnapshotStore)
    assert [r.label for r in second.revisions(SAMPLE_SLUG, tip=before)] == ["r3", "r2", "r1"]
    assert [r.label for r in second.revisions(SAMPLE_SLUG)] == ["r4", "r3", "r2", "r1"]


def _fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8"), response.headers[CACHE_HEADER] or ""


@pytest.mark.slow
def test_a_running_server_serves_what_versiondiff_add_leaves_and_follows_the_branch(store_path, tmp_path):
    """Real processes: a server, then `versiondiff add` in another process while it runs."""
    with served("serve", "--store", str(store_path)) as base:
        page, source = _fetch(f"{base}{CONSECUTIVE}")
        assert source == "shared" and "r2 → r3" in page
        draft = tmp_path / "r4.txt"
        draft.write_bytes((samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes().replace("自動運転バス".encode(), "無人運転バス".encode()))
        added = run_cli("add", str(draft), "--doc", SAMPLE_SLUG, "--label", "r4", "--store", str(store_path))
        assert added.returncode == 0, added.stderr.decode()
        timeline, _ = _fetch(f"{base}/d/{SAMPLE_SLUG}")
        assert f"/d/{SAMPLE_SLUG}/compare/r3..r4" in timeline  # no restart: the branch is read per request
        page, source = _fetch(f"{base}/d/{SAMPLE_SLUG}/compare/r3..r4")
        assert source == "shared" and "無人運転バス" in page  # rendered by the add, not by this server
        latest, _ = _fetch(f"{base}/d/{SAMPLE_SLUG}/compare/r1..latest")
        assert "r1 → r4" in latest


def test_a_pull_shows_at_once_in_a_running_worker(store_path, tmp_path):
    from versiondiff.ingest import add_bytes, describe_changes

    central = tmp_path / "central.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(central)], check=True)
    writer = Store.open(store_path)
    writer.remote_add("origin", str(central))
    writer.push()
    reader = Store.init(tmp_path / "reader")
    reader.remote_add("origin", str(central))
    reader.pull(describe=describe_changes)
    client = _app(tmp_path / "reader").test_client()
    assert "r2 → r3" in client.get(f"/d/{SAMPLE_SLUG}/compare/r2..latest").data.decode()
    data = (samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes().replace("自動運転バス".encode(), "無人運転バス".encode())
    add_bytes(writer, data, "r4.txt", SAMPLE_SLUG, label="r4")
    writer.push()
    assert "r2 → r3" in client.get(f"/d/{SAMPLE_SLUG}/compare/r2..latest").data.decode()  # not pulled yet
    reader.pull(describe=describe_changes)
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r2..latest").data.decode()
    assert "r2 → r4" in page and "無人運転バス" in page
    assert "r4" in client.get(f"/api/documents/{SAMPLE_SLUG}/revisions").data.decode()


def test_a_fresh_worker_loads_the_templates_another_worker_compiled(store_path, monkeypatch):
    from jinja2 import Environment

    from versiondiff.web import warm_worker

    warm_worker(_app(store_path))  # the first worker on the machine compiles them
    compiled = []
    real = Environment.compile

    def counting(self, source, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        compiled.append(kwargs.get("name") or (args[0] if args else None))
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    app = _app(store_path)
    warm_worker(app)
    assert compiled == []
    assert app.test_client().get(f"/d/{SAMPLE_SLUG}").status_code == 200


def test_pages_are_served_when_compiled_templates_cannot_be_kept(store_path, monkeypatch):
    from jinja2.bccache import FileSystemBytecodeCache

    def full_disk(self, bucket):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", full_disk)
    monkeypatch.setattr(FileSystemBytecodeCache, "load_bytecode", lambda self, bucket: None)  # nothing kept yet
    client = _app(store_path).test_client()
    assert client.get(f"/d/{SAMPLE_SLUG}").status_code == 200
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r3").status_code == 200
