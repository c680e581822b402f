"""Comparison caches: keyed on the document and what the page shows, shared across processes."""

from __future__ import annotations

import subprocess

import pytest
from redis_server import free_port, redis_server

from versiondiff.cache import CACHE_DIR
from versiondiff.cli_web import SAMPLE_REVISIONS, SAMPLE_SLUG, load_samples
from versiondiff.ingest import describe_changes
from versiondiff.resources import samples_dir
from versiondiff.store import Store
from versiondiff.web import create_app
from versiondiff.web.service import CACHE_HEADER


def _app(path):
    return create_app({"STORE_PATH": str(path), "TESTING": True, "SECRET_KEY": "test"})


def _add_twins(store: Store) -> None:
    """Two documents with the same contents and labels: only the slug tells them apart."""
    for slug in ("alpha", "beta"):
        for file_name, label, date in SAMPLE_REVISIONS[:2]:
            data = (samples_dir() / file_name).read_bytes()
            store.add_revision(slug, data, file_name, label=label, date=date, describe=describe_changes)


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "store"
    load_samples(Store.init(path))
    return path


def test_twin_documents_never_show_each_others_compare_page_or_api_answer(tmp_path):
    path = tmp_path / "store"
    _add_twins(Store.init(path))
    app = _app(path)
    client = app.test_client()
    pages = {slug: client.get(f"/d/{slug}/compare/r1..r2").data.decode() for slug in ("alpha", "beta")}
    answers = {slug: client.get(f"/api/documents/{slug}/compare/r1..r2").get_json() for slug in ("alpha", "beta")}
    for slug, other in (("alpha", "beta"), ("beta", "alpha")):
        assert f'href="/d/{slug}"' in pages[slug] and f"/d/{other}" not in pages[slug]
        assert answers[slug]["old"]["name"] == slug and answers[slug]["new"]["name"] == slug
    assert app.extensions["versiondiff"].computed <= 1  # equal contents: the work itself is shared


def test_a_second_process_serves_the_page_from_the_shared_cache_without_computing(store_path):
    first, second = _app(store_path), _app(store_path)  # two services: nothing shared in memory
    url = f"/d/{SAMPLE_SLUG}/compare/r1..r2"
    page = first.test_client().get(url)
    response = second.test_client().get(url)
    assert response.data == page.data
    assert response.headers[CACHE_HEADER] == "shared"
    assert second.extensions["versiondiff"].computed == 0
    again = second.test_client().get(url)
    assert again.headers[CACHE_HEADER] == "local"


def test_the_api_answer_is_shared_and_compact(store_path):
    first, second = _app(store_path), _app(store_path)
    url = f"/api/documents/{SAMPLE_SLUG}/compare/r1..r3"
    body = first.test_client().get(url).data
    response = second.test_client().get(url)
    assert response.data == body and response.headers[CACHE_HEADER] == "shared"
    assert b'",\n' not in body and b'": ' not in body  # no indentation, no spaces


def test_the_file_cache_lives_in_the_store_but_is_never_committed_or_cleaned(store_path):
    _app(store_path).test_client().get(f"/d/{SAMPLE_SLUG}/compare/r1..r2")
    folder = store_path / CACHE_DIR
    assert any(folder.iterdir())
    store = Store.open(store_path)
    data = (samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes()
    store.add_revision("other", data, "other.txt")  # a write resets and cleans the checkout
    assert any(folder.iterdir())
    tracked = subprocess.run(["git", "-C", str(store_path), "ls-files"], capture_output=True, text=True).stdout
    assert CACHE_DIR not in tracked
    status = subprocess.run(["git", "-C", str(store_path), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert CACHE_DIR not in status


def test_adding_a_revision_leaves_its_compare_views_ready_for_every_process(store_path):
    app = _app(store_path)  # the samples were added through ingest: r1→r2 and r2→r3 are cached
    client = app.test_client()
    timeline = client.get(f"/d/{SAMPLE_SLUG}").data.decode()
    assert f"/d/{SAMPLE_SLUG}/compare/r2..r3" in timeline  # the address that was pre-rendered
    for url in (f"/d/{SAMPLE_SLUG}/compare/r2..r3", f"/api/documents/{SAMPLE_SLUG}/compare/r1..r2"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers[CACHE_HEADER] == "shared"
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r2..r3?only=numbers").headers[CACHE_HEADER] == "rendered"
    assert app.extensions["versiondiff"].computed == 0
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r3").headers[CACHE_HEADER] == "computed"


def test_pages_move_with_the_branch(store_path):
    app = _app(store_path)
    client = app.test_client()
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r2..latest").headers[CACHE_HEADER] == "rendered"
    Store.open(store_path).add_revision(
        SAMPLE_SLUG, (samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes(), "r4.txt", label="r4",
    )
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r2..latest").data.decode()
    assert "r2 → r4" in page


def test_redis_is_the_shared_cache_when_configured(store_path, tmp_path, monkeypatch):
    import redis

    folder = store_path / CACHE_DIR
    before = sorted(folder.iterdir())
    with redis_server(tmp_path) as url:
        monkeypatch.setenv("VERSIONDIFF_CACHE_URL", url)
        first, second = _app(store_path), _app(store_path)
        page = first.test_client().get(f"/d/{SAMPLE_SLUG}/compare/r2..r3")
        response = second.test_client().get(f"/d/{SAMPLE_SLUG}/compare/r2..r3")
        assert response.data == page.data and response.headers[CACHE_HEADER] == "shared"
        assert second.extensions["versiondiff"].computed == 0
        assert redis.Redis.from_url(url).dbsize() >= 3  # two documents, a comparison, a page
    assert sorted(folder.iterdir()) == before


def test_an_unreachable_redis_costs_time_never_a_page(store_path, monkeypatch):
    monkeypatch.setenv("VERSIONDIFF_CACHE_URL", f"redis://127.0.0.1:{free_port()}/0")
    response = _app(store_path).test_client().get(f"/d/{SAMPLE_SLUG}/compare/r1..r2")
    assert response.status_code == 200 and response.headers[CACHE_HEADER] == "computed"


def test_a_cache_url_that_is_not_redis_is_a_clear_error(store_path, monkeypatch):
    from versiondiff.errors import VersiondiffError

    monkeypatch.setenv("VERSIONDIFF_CACHE_URL", "memcached://127.0.0.1:1")
    with pytest.raises(VersiondiffError, match="VERSIONDIFF_CACHE_URL"):
        _app(store_path)


def test_a_comparison_beyond_the_limit_says_so_in_the_page_and_the_json(store_path, monkeypatch):
    monkeypatch.setenv("VERSIONDIFF_COMPARE_MAX_CHARS", "100")
    client = _app(store_path).test_client()
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r3")  # not compared by an add
    assert page.status_code == 422 and "比較しませんでした" in page.data.decode()
    english = client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r3", headers={"Accept-Language": "en"})
    assert english.status_code == 422 and "not compared" in english.data.decode()
    answer = client.get(f"/api/documents/{SAMPLE_SLUG}/compare/r1..r3")
    assert answer.status_code == 422 and "VERSIONDIFF_COMPARE_MAX_CHARS" in answer.get_json()["error"]


def test_a_warm_compare_page_runs_no_git_process(store_path, monkeypatch):
    import git.cmd

    client = _app(store_path).test_client()
    url = f"/d/{SAMPLE_SLUG}/compare/r1..r2"
    client.get(url)
    spawned = []
    real = git.cmd.safer_popen  # what GitPython runs git with

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        spawned.append(args[0] if args else kwargs.get("args"))
        return real(*args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", counting)
    assert client.get(url).headers[CACHE_HEADER] == "local"
    assert client.get(f"/api/documents/{SAMPLE_SLUG}/compare/r1..r2").status_code == 200
    assert spawned == []
    Store.open(store_path).add_revision("other", b"1. a\n\nb\n", "other.txt")  # the branch moves
    client.get(url)
    assert spawned  # revisions are read again from git


def test_other_spellings_of_a_pair_stay_out_of_the_shared_cache(store_path):
    first, second = _app(store_path), _app(store_path)
    url = f"/d/{SAMPLE_SLUG}/compare/2030-01-20..2030-03-05"  # r1..r2 by dates
    assert first.test_client().get(url).status_code == 200
    response = second.test_client().get(url)
    assert response.status_code == 200 and response.headers[CACHE_HEADER] != "shared"
    assert "2030-01-20..2030-03-05" in response.data.decode()  # the page shows the address typed


def test_a_store_where_the_cache_cannot_be_created_is_still_served(store_path):
    folder = store_path / CACHE_DIR
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()
    folder.write_text("not a folder")  # makedirs fails as on a read-only store
    response = _app(store_path).test_client().get(f"/d/{SAMPLE_SLUG}/compare/r1..r3")
    assert response.status_code == 200 and response.headers[CACHE_HEADER] == "computed"


def test_the_worker_memory_for_pages_is_bounded_in_bytes():
    from versiondiff.web.service import _LRU

    pages = _LRU(100, max_bytes=10)
    for key in "abcd":
        pages.put(key, b"1234")
    assert list(pages.items) == ["c", "d"] and pages.bytes == 8
    pages.put("huge", b"x" * 50)  # never evicts the entry just stored
    assert list(pages.items) == ["huge"] and pages.bytes == 50


def test_replaying_history_reads_parsed_revisions_from_the_cache(store_path, monkeypatch):
    import versiondiff.ingest as ingest

    store = Store.open(store_path)
    revision = store.resolve(SAMPLE_SLUG, "r2")
    parsed = ingest.normalize_text(store.read_markdown(revision), "markdown")

    def never(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("parsed again although add cached it")

    monkeypatch.setattr(ingest, "normalize_text", never)
    assert ingest.stored_document(store, revision) == parsed
    assert ingest.rebuild_ledger(store, store.resolve(SAMPLE_SLUG, "r3")).to_json()
