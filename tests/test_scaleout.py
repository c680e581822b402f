"""Writers compare outside the lock; several servers share one cache and one central store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from redis_server import free_port, redis_server

import versiondiff.ingest as ingest
from versiondiff.cli_web import SAMPLE_REVISIONS, SAMPLE_SLUG
from versiondiff.errors import StoreError
from versiondiff.resources import samples_dir
from versiondiff.store import Store
from versiondiff.web.service import CACHE_HEADER

ROOT = Path(__file__).resolve().parents[1]


def _sample(index: int) -> tuple[bytes, str, str]:
    file_name, label, _date = SAMPLE_REVISIONS[index]
    return (samples_dir() / file_name).read_bytes(), file_name, label


def _lock_is_free(path: Path) -> bool:
    try:
        with Store.open(path).write_lock(timeout=0):
            return True
    except StoreError:
        return False


def test_add_compares_before_taking_the_write_lock(tmp_path, monkeypatch):
    store = Store.init(tmp_path / "store")
    ingest.add_bytes(store, *_sample(0)[:2], SAMPLE_SLUG, label="r1")
    seen = []
    real = ingest.compare_documents

    def observed(old, new):  # noqa: ANN001, ANN202
        seen.append(_lock_is_free(tmp_path / "store"))
        return real(old, new)

    monkeypatch.setattr(ingest, "compare_documents", observed)
    ingest.add_bytes(store, *_sample(1)[:2], SAMPLE_SLUG, label="r2")
    assert seen == [True]


def test_add_compares_again_when_another_writer_added_first(tmp_path, monkeypatch):
    path = tmp_path / "store"
    store = Store.init(path)
    ingest.add_bytes(store, *_sample(0)[:2], SAMPLE_SLUG, label="r1")
    real = ingest.compare_documents
    calls = []

    def overtaken(old, new):  # noqa: ANN001, ANN202
        calls.append(1)
        if len(calls) == 1:  # another process commits r2 while this add compares with r1
            data, name, _ = _sample(1)
            Store.open(path).add_revision(SAMPLE_SLUG, data, name, label="r2")
        return real(old, new)

    monkeypatch.setattr(ingest, "compare_documents", overtaken)
    data, name, _ = _sample(2)
    result = ingest.add_bytes(store, data, name, SAMPLE_SLUG, label="r3")
    assert len(calls) == 2
    labels = [r.label for r in store.revisions(SAMPLE_SLUG)]
    assert labels == ["r3", "r2", "r1"]
    # The summary is against r2, the revision it follows: the same as comparing under the lock.
    expected = ingest.describe_changes(store, store.resolve(SAMPLE_SLUG, "r2"), ingest.normalize_text(
        store.read_markdown(result.revision), "markdown"), "r3", result.revision.date)
    assert result.revision.changed_figures == expected.changed_figures
    assert result.revision.sections_added == expected.sections_added


# ---------------------------------------------------------------- two servers, one Redis


def _serve(store: Path, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "versiondiff", "serve", "--store", str(store), "--port", str(port)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _get(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), dict(response.headers)


def _wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-500:]}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


def _upload(base: str, slug: str, data: bytes, name: str, label: str) -> int:
    boundary = "versiondiff-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="label"\r\n\r\n{label}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    request = urllib.request.Request(
        f"{base}/api/documents/{slug}/revisions", data=b"".join(parts), method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Versiondiff": "1"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.mark.slow
def test_two_servers_share_comparisons_through_redis_and_revisions_through_git(tmp_path):
    """Server A and B: separate clones of a central store, one Redis (as docs/deploy.md sets up)."""
    central = tmp_path / "central.git"
    _git("init", "-q", "--bare", "-b", "main", str(central))
    seed = Store.init(tmp_path / "seed")
    for index in range(3):
        data, name, label = _sample(index)
        seed.add_revision(SAMPLE_SLUG, data, name, label=label, describe=ingest.describe_changes)
    seed.remote_add("origin", str(central))
    seed.push("origin")
    stores = {}
    for name in ("a", "b"):
        stores[name] = Store.init(tmp_path / name)
        stores[name].remote_add("origin", str(central))
        stores[name].pull("origin")
    with redis_server(tmp_path) as cache_url:
        env = {"VERSIONDIFF_CACHE_URL": cache_url, "PYTHONPATH": str(ROOT)}
        ports = {name: free_port() for name in stores}
        servers = {name: _serve(tmp_path / name, ports[name], env) for name in stores}
        try:
            base = {name: f"http://127.0.0.1:{ports[name]}" for name in stores}
            for name in stores:
                _wait(base[name] + "/", servers[name])
            url = f"/d/{SAMPLE_SLUG}/compare/r1..r3"  # compared by nobody yet
            page_a, headers_a = _get(base["a"] + url)
            page_b, headers_b = _get(base["b"] + url)
            assert headers_a[CACHE_HEADER] == "computed"
            assert headers_b[CACHE_HEADER] == "shared" and page_b == page_a
            api = f"/api/documents/{SAMPLE_SLUG}/compare/r1..r3"
            assert _get(base["a"] + api)[1][CACHE_HEADER] == "rendered"  # A's comparison, new view
            assert _get(base["b"] + api)[1][CACHE_HEADER] == "shared"

            data, name, _ = _sample(0)  # an upload through B (the writer), pushed to the centre
            assert _upload(base["b"], SAMPLE_SLUG, data, name, "r4") == 201
            stores["b"].push("origin")
            stores["a"].pull("origin")  # what the timer or post-receive hook runs on A
            revisions = json.loads(_get(base["a"] + f"/api/documents/{SAMPLE_SLUG}/revisions")[0])
            assert [r["label"] for r in revisions] == ["r4", "r3", "r2", "r1"]
            _, headers = _get(base["a"] + f"/d/{SAMPLE_SLUG}/compare/r3..r4")
            assert headers[CACHE_HEADER] == "shared"  # B's upload left the page in Redis
        finally:
            for server in servers.values():
                server.terminate()
                server.wait(timeout=30)


def _children(pid: int) -> list[int]:
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            children.append(int(status.parent.name))
    return children


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts worker processes through /proc")
def test_serve_with_workers_runs_that_many_processes(tmp_path):
    store = Store.init(tmp_path / "store")
    for index in range(2):
        data, name, label = _sample(index)
        ingest.add_bytes(store, data, name, SAMPLE_SLUG, label=label)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "versiondiff", "serve", "--store", str(tmp_path / "store"), "--port", str(port),
         "--workers", "2", "--threads", "2"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/", server)
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(_children(server.pid)) == 2
        for _ in range(4):
            page, headers = _get(base + f"/d/{SAMPLE_SLUG}/compare/r1..r2")
            assert "新旧対照表" in page.decode() and headers[CACHE_HEADER] in ("rendered", "shared", "local")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(("option", "message"), [
    (("--port", "99999"), "--port must be between 1 and 65535"),
    (("--threads", "0"), "--threads must be between 1 and"),
    (("--workers", "0"), "--workers must be at least 1"),
    (("--host", "no-such-host.invalid"), "not a known host"),
    (("--host", "no-such-host.invalid", "--workers", "2"), "not a known host"),
])
def test_serve_refuses_impossible_options(tmp_path, option, message):
    from conftest import run_cli

    Store.init(tmp_path / "s")
    result = run_cli("serve", "--store", str(tmp_path / "s"), *option)
    assert result.returncode == 2 and message in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_serve_with_workers_on_a_port_in_use_is_a_clear_error(tmp_path):
    import socket

    from conftest import run_cli

    Store.init(tmp_path / "s")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--store", str(tmp_path / "s"), "--port", str(port), "--workers", "2")
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr.decode()


# ---------------------------------------------------------------- the command line's start


def test_diff_of_two_files_imports_neither_git_nor_flask_nor_the_store(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. 目標\n\n普及率を約26%とする。\n", encoding="utf-8")
    new.write_text("1. 目標\n\n普及率を約25%とする。\n", encoding="utf-8")
    probe = (
        "import sys; from versiondiff.cli import main; code = main(['diff', sys.argv[1], sys.argv[2], '-o', sys.argv[3]]);"
        "print(code, sorted(m for m in sys.modules if m.startswith(('git.', 'gitdb', 'flask', 'werkzeug', 'cachelib'))"
        " or m in ('versiondiff.store', 'versiondiff.cache', 'versiondiff.hooks', 'versiondiff.ingest', 'versiondiff.ledger')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(old), str(new), str(tmp_path / "report.txt")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )
    assert result.stdout.split(maxsplit=1) == ["1", "[]\n"], result.stderr
    assert "約26%" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_store_commands_still_load_git_when_they_need_it(tmp_path):
    from conftest import run_cli

    store = str(tmp_path / "s")
    data, name, _ = _sample(0)
    (tmp_path / name).write_bytes(data)
    assert run_cli("add", str(tmp_path / name), "--doc", "mirai", "--label", "r1", "--store", store).returncode == 0
    result = run_cli("show", "mirai@r1", "--store", store)
    assert result.returncode == 0 and result.stdout


def test_json_report_is_compact_unless_pretty(tmp_path):
    from conftest import run_cli

    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. 目標\n\n普及率を約26%とする。\n", encoding="utf-8")
    new.write_text("1. 目標\n\n普及率を約25%とする。\n", encoding="utf-8")
    compact = run_cli("diff", str(old), str(new), "--format", "json").stdout.decode()
    pretty = run_cli("diff", str(old), str(new), "--format", "json", "--pretty").stdout.decode()
    assert compact.count("\n") == 1 and '": ' not in compact
    assert pretty.count("\n") > 10
    timeless = [{k: v for k, v in json.loads(text).items() if k != "stats"} for text in (compact, pretty)]
    assert timeless[0] == timeless[1]
