"""Web benchmark: time to first byte of the compare view for the corpus pair 000 → 001 in a
store, cold (computed) and warm (cached), against the compare engine alone in the same run;
then requests per second of the warm view under a bounded local load (8 clients, 20 s,
loopback only).

Run: ``python benchmarks/web.py [--clients 8] [--seconds 20]``.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import CORPUS, ms, print_table

from versiondiff.compare import compare_documents
from versiondiff.ingest import describe_changes
from versiondiff.normalize import normalize_text
from versiondiff.store import Store

PATH = "/d/roadmap/compare/soan..matome"


def ttfb(port: int, path: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = time.perf_counter() - start
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return first


def load(port: int, clients: int, seconds: float) -> tuple[int, int]:
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", PATH)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                done[0] += ok
                errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], errors[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.init(Path(tmp) / "store")
        for name, label in (("000_0dddb960a8ba646a.txt", "soan"), ("001_3143894dff5fad24.txt", "matome")):
            store.add_revision("roadmap", (CORPUS / name).read_bytes(), name, label=label, describe=describe_changes)
        revisions = store.revisions("roadmap")
        old, new = (normalize_text(store.read_markdown(r), "markdown") for r in (revisions[1], revisions[0]))
        start = time.perf_counter()
        compare_documents(old, new)
        engine = time.perf_counter() - start
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "versiondiff", "serve", "--store", str(Path(tmp) / "store"), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            cold = ttfb(port, PATH)
            warm = min(ttfb(port, PATH) for _ in range(5))
            done, errors = load(port, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print_table(
        ["measure", "time", "vs engine alone"],
        [["compare engine alone (baseline)", ms(engine), "1.00x"],
         ["compare view TTFB, cold", ms(cold), f"{cold / engine:.2f}x"],
         ["compare view TTFB, warm (cached)", ms(warm), f"{warm / engine:.3f}x"]],
    )
    print(f"\nwarm compare view under load: {args.clients} clients × {args.seconds:.0f} s on loopback: "
          f"{done / args.seconds:.1f} requests/s, {errors} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
