"""Work done once is reused: ``add`` normalizes its input once, and ``versiondiff diff`` of two
store revisions reads the comparison ``add`` or the web app left in the shared cache."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_cli

import versiondiff.ingest as ingest
import versiondiff.store as store_module
from versiondiff.cache import CACHE_DIR
from versiondiff.cli_web import SAMPLE_REVISIONS, SAMPLE_SLUG, load_samples
from versiondiff.resources import samples_dir
from versiondiff.store import Store
from versiondiff.web import create_app

FROM_CACHE, COMPUTED = "from the shared cache", "computed, now in the shared cache"


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "store"
    load_samples(Store.init(path))  # r1, r2, r3 through ingest, as `versiondiff add` does
    return path


def _diff(store_path, old: str, new: str, *options: str):
    result = run_cli(
        "diff", f"{SAMPLE_SLUG}@{old}", f"{SAMPLE_SLUG}@{new}", "--store", str(store_path), *options,
        env={"VERSIONDIFF_DEBUG": "1"},
    )
    assert result.returncode == 1, result.stderr.decode()  # the revisions differ
    return result.stdout.decode(), result.stderr.decode()


def test_add_normalizes_its_input_once(tmp_path, monkeypatch):
    store = Store.init(tmp_path / "store")
    data, name = (samples_dir() / SAMPLE_REVISIONS[0][0]).read_bytes(), SAMPLE_REVISIONS[0][0]
    ingest.add_bytes(store, data, name, SAMPLE_SLUG, label="r1")
    calls = []

    def counted(real):  # noqa: ANN001, ANN202
        def normalize(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls.append(kwargs.get("name"))
            return real(*args, **kwargs)

        return normalize

    monkeypatch.setattr(ingest, "normalize", counted(ingest.normalize))
    monkeypatch.setattr(store_module, "normalize", counted(store_module.normalize))
    second = (samples_dir() / SAMPLE_REVISIONS[1][0]).read_bytes()
    result = ingest.add_bytes(store, second, "r2.txt", SAMPLE_SLUG, label="r2")
    assert calls == ["r2.txt"]
    assert result.created and store.read_markdown(result.revision) == ingest.normalize(second, name="r2.txt").markdown


def test_diff_of_consecutive_revisions_reads_the_comparison_add_left(store_path):
    output, messages = _diff(store_path, "r2", "r3")
    assert FROM_CACHE in messages
    assert f"{SAMPLE_SLUG}@r2 → {SAMPLE_SLUG}@r3" in output  # this pair's names, stamped on the shared work
    shutil.rmtree(store_path / CACHE_DIR)
    recomputed, messages = _diff(store_path, "r2", "r3")
    assert COMPUTED in messages and recomputed == output  # the cache changes nothing but the work


def test_a_second_diff_reuses_the_first_one(store_path):
    first_json, messages = _diff(store_path, "r1", "r3", "--format", "json")  # add compared r1→r2 and r2→r3 only
    assert COMPUTED in messages
    second_json, messages = _diff(store_path, "r1", "r3", "--format", "json")
    assert FROM_CACHE in messages and second_json == first_json


def test_diff_reads_a_comparison_the_web_app_computed(store_path):
    client = create_app({"STORE_PATH": str(store_path), "TESTING": True}).test_client()
    assert client.get(f"/d/{SAMPLE_SLUG}/compare/r3..r1").status_code == 200
    _output, messages = _diff(store_path, "r3", "r1")
    assert FROM_CACHE in messages


def test_diff_of_an_unknown_revision_is_one_clear_line(store_path):
    result = run_cli("diff", f"{SAMPLE_SLUG}@r1", f"{SAMPLE_SLUG}@r9", "--store", str(store_path))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "r9" in lines[0]


def test_a_cached_comparison_reads_back_whole_and_leaves_the_collector_as_it_was(store_path):
    import gc

    from versiondiff.cache import _dumps, _loads
    from versiondiff.stored import compare_stored

    store = Store.open(store_path)
    comparison, _source = compare_stored(store, store.resolve(SAMPLE_SLUG, "r1"), store.resolve(SAMPLE_SLUG, "r3"))
    assert gc.isenabled()
    again = _loads(_dumps(comparison))
    assert gc.isenabled()
    assert again.as_json() == comparison.as_json()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        _loads(_dumps(comparison))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_diff_works_when_the_shared_cache_is_unreachable(store_path):
    from conftest import free_port

    expected, _ = _diff(store_path, "r1", "r2")
    result = run_cli(
        "diff", f"{SAMPLE_SLUG}@r1", f"{SAMPLE_SLUG}@r2", "--store", str(store_path),
        env={"VERSIONDIFF_CACHE_URL": f"redis://127.0.0.1:{free_port()}/0"},  # nobody listens there
    )
    assert result.returncode == 1 and result.stdout.decode() == expected
    warnings = result.stderr.decode().strip().splitlines()
    assert len(warnings) == 1 and "going without it" in warnings[0]  # one line, not one per lookup


def test_a_failing_cache_is_left_alone_for_a_while_then_tried_again(monkeypatch):
    import versiondiff.cache as cache

    class Down:
        calls = 0

        def get(self, key):  # noqa: ANN001, ANN202
            Down.calls += 1
            raise ConnectionError("Connection refused")

        def set(self, key, value, timeout=None):  # noqa: ANN001, ANN202
            return self.get(key)

    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    shared = cache.SharedCache(Down(), "redis-test-outage")
    assert shared.get("a") is None and Down.calls == 1
    shared.set("b", 1)
    assert cache.SharedCache(Down(), "redis-test-outage").get("c") is None  # every cache object of the process
    assert Down.calls == 1  # no lookup waits for a dead server meanwhile
    now[0] += cache._RETRY_AFTER
    assert shared.get("d") is None and Down.calls == 2  # the outage may be over: asked again


def test_a_diff_cut_short_by_its_time_limit_is_not_shared(store_path):
    result = run_cli(
        "diff", f"{SAMPLE_SLUG}@r1", f"{SAMPLE_SLUG}@r3", "--store", str(store_path), "--time-limit", "0.000000001",
        "--format", "json", env={"VERSIONDIFF_DEBUG": "1"},
    )
    assert result.returncode == 3, result.stderr.decode()  # cut short, and says so
    assert "cut short by the time limit: not shared" in result.stderr.decode()
    complete, messages = _diff(store_path, "r1", "r3", "--format", "json")
    assert COMPUTED in messages and '"limit"' not in complete  # never the cut one, unlimited
    again, messages = _diff(store_path, "r1", "r3", "--format", "json", "--time-limit", "60")
    assert FROM_CACHE in messages and again == complete  # a complete comparison answers any limit
