"""Ledger benchmark: time to add the N-th revision of a 400 KB document with its ledger
update, for N = 10, 50, 100, against the plain compare time of the same pair in the same
run. The ledger update alone (load the previous ledger, extend it) is shown too: it must
not grow with N.

Run: ``python benchmarks/ledger.py [--revisions 100]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ms, print_table

from versiondiff.compare import compare_documents
from versiondiff.ingest import describe_changes, load_ledger
from versiondiff.ledger import extend_ledger
from versiondiff.normalize import normalize, normalize_text
from versiondiff.store import Store

SOURCE = CORPUS / "001_3143894dff5fad24.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--revisions", type=int, default=100)
    args = parser.parse_args()
    checkpoints = {n for n in (10, 50, 100) if n <= args.revisions}
    text = SOURCE.read_text(encoding="utf-8")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.init(Path(tmp) / "store")
        for n in range(1, args.revisions + 1):
            data = re.sub(r"約72兆円", f"約{72 + n}兆円", text, count=1).encode("utf-8")
            if n not in checkpoints:
                store.add_revision("roadmap", data, "roadmap.txt", label=f"r{n}", describe=describe_changes)
                continue
            previous = store.resolve("roadmap", "latest")
            old = normalize_text(store.read_markdown(previous), "markdown")
            new = normalize(data, name="roadmap.txt")
            start = time.perf_counter()
            comparison = compare_documents(old, new)
            compare_time = time.perf_counter() - start
            start = time.perf_counter()
            ledger = load_ledger(store, previous)
            extend_ledger(ledger, "roadmap", f"r{n}", "", new, comparison)
            ledger_time = time.perf_counter() - start
            start = time.perf_counter()
            store.add_revision("roadmap", data, "roadmap.txt", label=f"r{n}", describe=describe_changes)
            add_time = time.perf_counter() - start
            size = len(store.read_file(store.resolve("roadmap", "latest"), "figures.json") or b"")
            rows.append([str(n), ms(compare_time), ms(ledger_time), ms(add_time),
                         f"{add_time / compare_time:.1f}x", f"{size // 1024} KB"])
    print_table(["N-th revision", "plain compare", "ledger update", "add with ledger", "add / compare", "figures.json"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
