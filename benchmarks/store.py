"""Store benchmark: adding N revisions of a 400 KB document, ``log``, ``show`` of the oldest,
against plain git in the same run (``git commit`` of the same files, ``git log``, ``git show``).

The revisions are the new roadmap (001) with one figure edited per revision, made in memory.
Run: ``python benchmarks/store.py [--counts 100,200]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ms, print_table

from versiondiff.ingest import describe_changes
from versiondiff.store import Store

SOURCE = CORPUS / "001_3143894dff5fad24.txt"
_ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}


def revisions(count: int) -> list[bytes]:
    text = SOURCE.read_text(encoding="utf-8")
    out = []
    for i in range(count):
        edited = re.sub(r"約72兆円", f"約{72 + i}兆円", text, count=1)
        out.append(edited.encode("utf-8"))
    return out


def bench_versiondiff(data: list[bytes], root: Path) -> dict:
    store = Store.init(root / "vd")
    start = time.perf_counter()
    for i, content in enumerate(data):
        store.add_revision("roadmap", content, "roadmap.txt", label=f"r{i}", describe=describe_changes)
    add = time.perf_counter() - start
    start = time.perf_counter()
    revs = store.revisions("roadmap")
    log = time.perf_counter() - start
    start = time.perf_counter()
    store.read_markdown(revs[-1])
    show = time.perf_counter() - start
    return {"add": add / len(data), "log": log, "show": show}


def bench_git(data: list[bytes], root: Path) -> dict:
    repo = root / "git"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    target = repo / "roadmap" / "source" / "roadmap.txt"
    target.parent.mkdir(parents=True)
    start = time.perf_counter()
    for i, content in enumerate(data):
        target.write_bytes(content)
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=_ENV)
        subprocess.run(["git", "-C", str(repo), "commit", "-qm", f"r{i}"], check=True, env=_ENV)
    add = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "log", "--format=%H %s"], check=True, capture_output=True)
    log = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "show", f"HEAD~{len(data) - 1}:roadmap/source/roadmap.txt"], check=True, capture_output=True)
    show = time.perf_counter() - start
    return {"add": add / len(data), "log": log, "show": show}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", default="100,200")
    args = parser.parse_args()
    rows = []
    for count in (int(c) for c in args.counts.split(",")):
        data = revisions(count)
        with tempfile.TemporaryDirectory() as tmp:
            ours = bench_versiondiff(data, Path(tmp))
            base = bench_git(data, Path(tmp))
        for op in ("add", "log", "show"):
            label = f"{op} (per revision)" if op == "add" else op
            rows.append([str(count), label, ms(base[op]), ms(ours[op]), f"{ours[op] / base[op]:.1f}x"])
    print_table(["revisions", "operation", "git", "versiondiff", "ratio"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
