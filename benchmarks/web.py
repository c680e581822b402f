"""Web benchmark on the corpus pair 000 → 001 in a store (added with ``versiondiff add``'s code,
so the comparison of the two consecutive revisions is in the shared cache), loopback only:

- compare view time to first byte: first request in a fresh server process (the comparison
  computed by ``add``), a pair nobody compared yet (computed in the request), warm p50;
- warm requests/s with 1 worker × 4 clients and 2 workers × 4 clients (bounded seconds);
- the compare engine alone in the same run as the baseline of the ratios.

Run: ``python benchmarks/web.py [--seconds 8] [--clients 4]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import CORPUS, ms, print_table

from versiondiff.compare import compare_documents
from versiondiff.ingest import add_bytes
from versiondiff.normalize import normalize_text
from versiondiff.store import Store

CONSECUTIVE = "/d/roadmap/compare/soan..matome"  # what the timeline links
UNCOMPARED = "/d/roadmap/compare/matome..soan"  # nobody compared this way round


def ttfb(port: int, path: str) -> tuple[float, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = time.perf_counter() - start
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return first, response.getheader("X-Versiondiff-Cache", "?")


def throughput(port: int, clients: int, seconds: float) -> tuple[float, int]:
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", CONSECUTIVE)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                done[0] += ok
                errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds, errors[0]


def git_processes_of_first_request(store: Path, path: str) -> int:
    """How many git processes a fresh worker (a new app) starts for its first request of ``path``:
    a count, free of the machine's load, of what the TTFB above pays for."""
    import git.cmd

    from versiondiff.web import create_app

    client = create_app({"STORE_PATH": str(store)}).test_client()
    started = []
    real = git.cmd.safer_popen

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started.append(args)
        return real(*args, **kwargs)

    git.cmd.safer_popen = counting
    try:
        client.get(path)
    finally:
        git.cmd.safer_popen = real
    return len(started)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(store: Path, workers: int, threads: int, started: list[float] | None = None) -> Iterator[int]:
    """A ``versiondiff serve`` process; ``started`` receives the moment it was started."""
    port = free_port()
    if started is not None:
        started.append(time.perf_counter())
    process = subprocess.Popen(
        [sys.executable, "-m", "versiondiff", "serve", "--store", str(store), "--port", str(port),
         "--workers", str(workers), "--threads", str(threads)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )
    try:
        for _ in range(600):  # the app is built before the port listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--warm", type=int, default=50, help="sequential warm requests for the p50")
    parser.add_argument("--fresh", type=int, default=5, help="fresh server processes for the first-request median")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        store = Store.init(path)
        for name, label in (("000_0dddb960a8ba646a.txt", "soan"), ("001_3143894dff5fad24.txt", "matome")):
            add_bytes(store, (CORPUS / name).read_bytes(), name, "roadmap", label=label)
        revisions = store.revisions("roadmap")
        old, new = (normalize_text(store.read_markdown(r), "markdown") for r in (revisions[1], revisions[0]))
        start = time.perf_counter()
        compare_documents(old, new)
        engine = time.perf_counter() - start

        firsts, starts = [], []
        for _ in range(args.fresh - 1):  # the last fresh process stays up for the measures below
            started: list[float] = []
            with server(path, 1, 4, started) as port:
                starts.append(time.perf_counter() - started[0])
                firsts.append(ttfb(port, CONSECUTIVE))
        started = []
        with server(path, 1, 4, started) as port:
            starts.append(time.perf_counter() - started[0])
            firsts.append(ttfb(port, CONSECUTIVE))
            listening = statistics.median(starts)
            first = statistics.median(seconds for seconds, _ in firsts)
            first_worst = max(seconds for seconds, _ in firsts)
            first_source = "/".join(sorted({source for _, source in firsts}))
            uncompared, uncompared_source = ttfb(port, UNCOMPARED)
            warm = [ttfb(port, CONSECUTIVE)[0] for _ in range(args.warm)]
            one_worker, errors_1 = throughput(port, args.clients, args.seconds)
        with server(path, 1, 4) as port:
            second_process, second_source = ttfb(port, UNCOMPARED)  # computed by the first server
        started = []
        with server(path, 2, 4, started) as port:
            # gunicorn listens before its workers have built their app: this first page waits for one.
            booted, booted_source = ttfb(port, CONSECUTIVE)
            gunicorn_first = time.perf_counter() - started[0]
            two_workers, errors_2 = throughput(port, args.clients, args.seconds)
        spawned = git_processes_of_first_request(path, CONSECUTIVE)
    p50 = statistics.median(warm)
    print_table(
        ["measure", "time", "vs engine alone", "X-Versiondiff-Cache"],
        [["compare engine alone (baseline)", ms(engine), "1.00x", ""],
         [f"first request, fresh process, consecutive revisions (median of {args.fresh})", ms(first), f"{first / engine:.3f}x", first_source],
         [f"  the slowest of those {args.fresh}", ms(first_worst), f"{first_worst / engine:.3f}x", first_source],
         ["first request, pair nobody compared", ms(uncompared), f"{uncompared / engine:.2f}x", uncompared_source],
         ["that pair, fresh process after it was computed", ms(second_process), f"{second_process / engine:.3f}x", second_source],
         [f"warm p50 of {args.warm}", ms(p50), f"{p50 / engine:.4f}x", "local"]],
    )
    print(f"\ngit processes started by a fresh worker's first request of the consecutive pair: {spawned}")
    print("\nworker start (what a fresh worker pays before its first request):")
    print_table(
        ["server", "time", "vs engine alone", "X-Versiondiff-Cache"],
        [[f"1 worker (waitress): start to listening, app built (median of {args.fresh})", ms(listening), f"{listening / engine:.2f}x", ""],
         ["2 workers (gunicorn): start to first page bytes", ms(gunicorn_first), f"{gunicorn_first / engine:.2f}x", booted_source],
         ["  that first page's own time to first byte", ms(booted), f"{booted / engine:.2f}x", booted_source]],
    )
    print(f"\nwarm compare view, {args.clients} clients × {args.seconds:.0f} s on loopback:")
    print_table(
        ["server", "requests/s", "errors", "vs 1 worker"],
        [["1 worker (waitress, 4 threads)", f"{one_worker:.1f}", str(errors_1), "1.00x"],
         ["2 workers (gunicorn, 4 threads each)", f"{two_workers:.1f}", str(errors_2), f"{two_workers / one_worker:.2f}x"]],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
