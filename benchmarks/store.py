"""Store benchmark, against plain git in the same run.

1. ``add`` of the 433 KB corpus revision (001) after the 72 KB one (000), phase by phase, as
   ``versiondiff add`` runs it (normalize, compare, summary and ledger before the write lock;
   commit under it; then the shared cache and the pre-rendered compare views), against
   ``git add && git commit`` of the same file. Also the time the write lock is held, against
   the old way (comparing under the lock).
2. ``versiondiff diff roadmap@soan roadmap@matome`` (whole process) reading the comparison
   ``add`` left in the shared cache, against the same command with the cache emptied (and
   ``diff`` of the two source files).
3. Adding N revisions of that document (one figure edited per revision, made in memory),
   ``log``, ``show`` of the oldest, against ``git commit``/``git log``/``git show``.

Run: ``python benchmarks/store.py [--counts 20]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ms, print_table

from versiondiff.cache import CACHE_DIR
from versiondiff.ingest import LOCKED_PHASE, add_bytes, describe_changes
from versiondiff.store import Store

OLD, SOURCE = CORPUS / "000_0dddb960a8ba646a.txt", CORPUS / "001_3143894dff5fad24.txt"
_ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}


def revisions(count: int) -> list[bytes]:
    text = SOURCE.read_text(encoding="utf-8")
    return [re.sub(r"約72兆円", f"約{72 + i}兆円", text, count=1).encode("utf-8") for i in range(count)]


def git_commit_seconds(repo: Path, contents: list[bytes]) -> float:
    """Per-commit seconds of ``git add -A && git commit`` of the same bytes."""
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    target = repo / "roadmap" / "source" / "roadmap.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, content in enumerate(contents):
        target.write_bytes(content)
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=_ENV)
        subprocess.run(["git", "-C", str(repo), "commit", "-qm", f"r{i}"], check=True, env=_ENV)
    return (time.perf_counter() - start) / len(contents)


def add_phases(root: Path) -> None:
    store = Store.init(root / "phases")
    add_bytes(store, OLD.read_bytes(), OLD.name, "roadmap", label="soan")
    phases: dict[str, float] = {}
    start = time.perf_counter()
    add_bytes(store, SOURCE.read_bytes(), SOURCE.name, "roadmap", label="matome", phases=phases)
    total = time.perf_counter() - start
    old_way = Store.init(root / "old-way")
    old_way.add_revision("roadmap", OLD.read_bytes(), OLD.name, label="soan", describe=describe_changes)
    locked = _lock_held_comparing_under_it(old_way)
    git = git_commit_seconds(root / "git-one", [OLD.read_bytes()]) and git_commit_seconds(root / "git-one", [SOURCE.read_bytes()])
    rows = [[name, ms(seconds), f"{seconds / total:.0%}"] for name, seconds in phases.items()]
    rows.append(["total", ms(total), "100%"])
    print(f"add of {SOURCE.name} ({SOURCE.stat().st_size // 1024} KB) after {OLD.name}:")
    print_table(["phase", "time", "share"], rows)
    held = phases.get(LOCKED_PHASE, 0.0)
    print(f"\nplain git add && commit of the same file: {ms(git)} (add is {total / git:.0f}x)")
    print(f"write lock held: {ms(held)} now, {ms(locked)} when comparing under it ({locked / held:.1f}x longer)\n")


def diff_from_cache(root: Path) -> None:
    """Whole-process ``versiondiff diff`` of two stored revisions: from the shared cache or not."""
    path = root / "phases"  # soan and matome, added by add_phases: their comparison is cached

    def run(*args: str) -> tuple[float, str]:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "versiondiff", "diff", *args, "--format", "json", "-o", os.devnull],
            capture_output=True, text=True, env={**os.environ, "VERSIONDIFF_DEBUG": "1"},
        )
        seconds = time.perf_counter() - start
        if result.returncode not in (0, 1):
            raise SystemExit(result.stderr)
        return seconds, "shared cache" if "from the shared cache" in result.stderr else "computed"

    stored = ("roadmap@soan", "roadmap@matome", "--store", str(path))
    hit = min(run(*stored) for _ in range(3))
    cold = []
    for _ in range(3):
        shutil.rmtree(path / CACHE_DIR)
        cold.append(run(*stored))
    miss = min(cold)
    files = min(run(str(OLD), str(SOURCE)) for _ in range(3))
    print("versiondiff diff --format json, whole process, best of 3:")
    print_table(
        ["command", "time", "vs comparing", "comparison"],
        [["diff roadmap@soan roadmap@matome, cache emptied", ms(miss[0]), "1.00x", miss[1]],
         ["diff roadmap@soan roadmap@matome after add", ms(hit[0]), f"{hit[0] / miss[0]:.2f}x", hit[1]],
         [f"diff {OLD.name} {SOURCE.name} (files)", ms(files[0]), f"{files[0] / miss[0]:.2f}x", files[1]]],
    )
    print()


def _lock_held_comparing_under_it(store: Store) -> float:
    """The old way: ``describe`` (read, parse, compare, ledger) runs under the lock."""
    marks: list[float] = []

    def describe(*args):  # noqa: ANN002, ANN202
        marks.append(time.perf_counter())
        return describe_changes(*args)

    store.add_revision("roadmap", SOURCE.read_bytes(), SOURCE.name, label="matome", describe=describe)
    return time.perf_counter() - marks[0]


def bench_versiondiff(data: list[bytes], root: Path) -> dict:
    store = Store.init(root / "vd")
    start = time.perf_counter()
    for i, content in enumerate(data):
        add_bytes(store, content, "roadmap.txt", "roadmap", label=f"r{i}")
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
    add = git_commit_seconds(repo, data)
    start = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "log", "--format=%H %s"], check=True, capture_output=True)
    log = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "show", f"HEAD~{len(data) - 1}:roadmap/source/roadmap.txt"], check=True, capture_output=True)
    show = time.perf_counter() - start
    return {"add": add, "log": log, "show": show}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", default="20")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        add_phases(Path(tmp))
        diff_from_cache(Path(tmp))
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
