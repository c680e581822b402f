"""The git-backed revision store: round trips, labels, concurrency, crashes, bad input."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import NEW_ROADMAP, OLD_ROADMAP, in_both_languages, run_cli

from versiondiff.errors import NotFoundError, StoreError
from versiondiff.normalize import normalize_file
from versiondiff.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "versiondiff" / "samples"


def _fsck(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(path), "fsck", "--strict"], capture_output=True, text=True)


@pytest.mark.corpus
def test_corpus_revisions_round_trip_through_the_cli(tmp_path):
    store = tmp_path / "store"
    assert run_cli("add", str(OLD_ROADMAP), "--doc", "roadmap", "--label", "soan", "--date", "2026-04-06", "--store", str(store)).returncode == 0
    assert run_cli("add", str(NEW_ROADMAP), "--doc", "roadmap", "--label", "matome", "--date", "2026-05-20", "--store", str(store)).returncode == 0

    log = run_cli("log", "roadmap", "--store", str(store))
    lines = log.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["revision", "label", "date"]
    assert lines[1].split()[1:3] == ["matome", "2026-05-20"]
    assert lines[2].split()[1:3] == ["soan", "2026-04-06"]

    for spec, path in (("roadmap@soan", OLD_ROADMAP), ("roadmap@matome", NEW_ROADMAP), ("roadmap@~1", OLD_ROADMAP)):
        shown = run_cli("show", spec, "--store", str(store))
        assert shown.stdout.decode() == normalize_file(path).markdown
        source = run_cli("show", spec, "--source", "--store", str(store))
        assert source.stdout == path.read_bytes()


def test_layout_trailers_and_tags(tmp_path):
    store = Store.init(tmp_path / "s")
    added = store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "mirai-roadmap-r1.txt", label="r1", date="2030-01-15")
    files = subprocess.run(["git", "-C", str(store.path), "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True).stdout.split()
    assert files == ["mirai/document.md", "mirai/meta.json", "mirai/source/mirai-roadmap-r1.txt"]
    message = subprocess.run(["git", "-C", str(store.path), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
    for trailer in ("Revision-Label: r1", "Revision-Date: 2030-01-15", "Source-Format: text", "Source-SHA256: "):
        assert trailer in message
    tag = subprocess.run(["git", "-C", str(store.path), "cat-file", "-t", "mirai/r1"], capture_output=True, text=True).stdout.strip()
    assert tag == "tag"
    meta = json.loads((store.path / "mirai" / "meta.json").read_text(encoding="utf-8"))
    assert meta["title"] == "みらい市 スマート交通ロードマップ（素案）" and meta["source_format"] == "text"
    assert added.revision.label == "r1"


def test_readding_identical_bytes_is_a_no_op_that_says_so(tmp_path):
    source = SAMPLES / "mirai-roadmap-r1.txt"
    store = tmp_path / "s"
    run_cli("add", str(source), "--doc", "mirai", "--store", str(store))
    again = run_cli("add", str(source), "--doc", "mirai", "--store", str(store))
    assert again.returncode == 0
    assert "unchanged" in again.stdout.decode()
    assert len(Store.open(store).revisions("mirai")) == 1


def test_revisions_resolve_by_label_prefix_latest_back_and_date(tmp_path):
    store = Store.init(tmp_path / "s")
    for label, name, date in (("r1", "mirai-roadmap-r1.txt", "2030-01-15"), ("r2", "mirai-roadmap-r2.txt", "2030-03-02"), ("r3", "mirai-roadmap-r3.md", "2030-05-20")):
        store.add_revision("mirai", (SAMPLES / name).read_bytes(), name, label=label, date=date)
    revisions = store.revisions("mirai")
    assert [r.label for r in revisions] == ["r3", "r2", "r1"]
    assert store.resolve("mirai", "latest").label == "r3"
    assert store.resolve("mirai", "~2").label == "r1"
    assert store.resolve("mirai", revisions[1].commit[:8]).label == "r2"
    assert store.resolve("mirai", "2030-04-01").label == "r2"
    with pytest.raises(NotFoundError) as caught:
        store.resolve("mirai", "r9")
    assert in_both_languages(caught.value) == ("版 mirai@r9 はありません", "unknown revision mirai@r9")
    with pytest.raises(NotFoundError):
        store.resolve("other", "latest")
    with pytest.raises(NotFoundError):
        store.resolve("mirai", "~3")


def test_a_used_label_is_refused(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "a.txt", label="r1")
    with pytest.raises(StoreError) as caught:
        store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r2.txt").read_bytes(), "b.txt", label="r1")
    assert not isinstance(caught.value, NotFoundError)
    assert in_both_languages(caught.value) == (
        "ラベル 'r1' は mirai の別の版ですでに使われています", "label 'r1' is already used by another revision of mirai",
    )


_WRITER = """
import sys
from versiondiff.store import Store
store = Store.open(sys.argv[1])
for i in range(int(sys.argv[3])):
    text = f"# 章\\n\\n書き手{sys.argv[2]}の第{i}版。値は約{i}%。\\n"
    store.add_revision("shared", text.encode(), f"w{sys.argv[2]}-{i}.md")
"""


@pytest.mark.slow
def test_concurrent_writers_all_land(tmp_path):
    path = tmp_path / "s"
    Store.init(path)
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(w), "10"]) for w in range(4)]
    assert [w.wait(timeout=300) for w in writers] == [0, 0, 0, 0]
    store = Store.open(path)
    assert len(store.revisions("shared")) == 40
    sources = {store.read_source(r)[0] for r in store.revisions("shared")}
    assert len(sources) == 40
    assert _fsck(path).returncode == 0
    assert store.verify() == []


@pytest.mark.slow
def test_writers_killed_mid_add_leave_a_valid_store(tmp_path):
    path = tmp_path / "s"
    Store.init(path)
    rng = random.Random(20261124)
    for trial in range(20):
        before = len(Store.open(path).revisions("shared"))
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"k{trial}", "50"])
        time.sleep(rng.uniform(0.25, 1.2))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        store = Store.open(path)
        assert _fsck(path).returncode == 0, _fsck(path).stderr
        assert store.verify() == []
        after = store.add_revision("shared", f"# 章\n\n試行{trial}の後。\n".encode(), f"after-{trial}.md")
        assert after.created
        assert len(store.revisions("shared")) >= before + 1
        assert store.worktree_drift() == ""


def test_threads_in_one_process_serialize_too(tmp_path):
    store = Store.init(tmp_path / "s")

    def add(i: int) -> None:
        Store.open(tmp_path / "s").add_revision("t", f"# 章\n\n第{i}版\n".encode(), f"{i}.md")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(8)))
    assert len(store.revisions("t")) == 8


@pytest.mark.parametrize(
    ("slug", "rule"),
    [
        ("../etc", "path separator"),
        ("a/b", "path separator"),
        ("..x", "'..'"),
        (".hidden", "starts with a dot"),
        ("name.lock", "ends in"),
        ("bad\x07", "control characters"),
        ("sp ace", "git refs reserve"),
        ("a~1", "git refs reserve"),
        ("", "empty"),
    ],
)
def test_invalid_slugs_are_refused_with_the_rule(tmp_path, slug, rule):
    result = run_cli("add", str(SAMPLES / "mirai-roadmap-r1.txt"), "--doc", slug, "--store", str(tmp_path / "s"))
    assert result.returncode == 2
    assert rule in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_invalid_label_is_refused(tmp_path):
    result = run_cli("add", str(SAMPLES / "mirai-roadmap-r1.txt"), "--doc", "mirai", "--label", "r1:final", "--store", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "revision label" in result.stderr.decode()


def test_missing_store_non_git_folder_and_unknown_revision(tmp_path):
    missing = run_cli("log", "mirai", "--store", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no store at" in missing.stderr.decode()
    plain = tmp_path / "plain"
    plain.mkdir()
    not_git = run_cli("docs", "--store", str(plain))
    assert not_git.returncode == 2 and "not a versiondiff store" in not_git.stderr.decode()
    store = tmp_path / "s"
    run_cli("add", str(SAMPLES / "mirai-roadmap-r1.txt"), "--doc", "mirai", "--store", str(store))
    unknown = run_cli("show", "mirai@nope", "--store", str(store))
    assert unknown.returncode == 2 and "unknown revision mirai@nope" in unknown.stderr.decode()
    no_doc = run_cli("show", "other@latest", "--store", str(store))
    assert no_doc.returncode == 2 and "no document 'other'" in no_doc.stderr.decode()
    for result in (missing, not_git, unknown, no_doc):
        assert len(result.stderr.decode().strip().splitlines()) == 1


def test_verify_detects_a_hand_corrupted_document(tmp_path):
    path = tmp_path / "s"
    store = Store.init(path)
    store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "r1.txt", label="r1")
    assert run_cli("verify", "--store", str(path)).returncode == 0
    document = path / "mirai" / "document.md"
    document.write_text(document.read_text(encoding="utf-8").replace("約26%", "約62%"), encoding="utf-8")
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "-C", str(path), "commit", "-qam", "hand edit"], check=True, env=git_env)
    result = run_cli("verify", "--store", str(path))
    assert result.returncode == 1
    report = result.stdout.decode()
    assert "document.md differs from the normalized source" in report
    assert "edited outside versiondiff" in report
    japanese = run_cli("verify", "--store", str(path), env={"LANG": "ja_JP.UTF-8"}).stdout.decode()
    assert ": document.md の内容が原本を正規化したものと違います" in japanese
    assert "differs from" not in japanese and "outside versiondiff" not in japanese


def test_store_never_runs_its_own_hooks(tmp_path):
    path = tmp_path / "s"
    Store.init(path)
    marker = tmp_path / "hook-ran"
    hook = path / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    for name in ("pre-commit", "reference-transaction", "post-checkout"):
        (path / ".git" / "hooks" / name).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (path / ".git" / "hooks" / name).chmod(0o755)
    Store.open(path).add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "r1.txt")
    assert not marker.exists()


def test_export_writes_the_revision_files(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "mirai-roadmap-r1.txt", label="r1")
    result = run_cli("export", "mirai@r1", "-o", str(tmp_path / "out"), "--store", str(tmp_path / "s"))
    assert result.returncode == 0
    assert (tmp_path / "out" / "mirai-roadmap-r1.txt").read_bytes() == (SAMPLES / "mirai-roadmap-r1.txt").read_bytes()
    assert (tmp_path / "out" / "document.md").read_text(encoding="utf-8").startswith("みらい市")


def test_push_and_pull_through_a_plain_git_remote(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    a = Store.init(tmp_path / "a")
    a.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "r1.txt", label="r1")
    assert run_cli("remote", "add", "origin", str(remote), "--store", str(tmp_path / "a")).returncode == 0
    assert run_cli("remote", "push", "--store", str(tmp_path / "a")).returncode == 0
    b = Store.init(tmp_path / "b")
    b.remote_add("origin", str(remote))
    b.pull("origin")
    assert [r.label for r in b.revisions("mirai")] == ["r1"]
    assert (tmp_path / "b" / "mirai" / "document.md").exists()


def test_each_add_records_the_changed_figures_in_git(tmp_path):
    store = tmp_path / "s"
    for name, label in (("mirai-roadmap-r1.txt", "r1"), ("mirai-roadmap-r2.txt", "r2")):
        assert run_cli("add", str(SAMPLES / name), "--doc", "mirai", "--label", label, "--store", str(store)).returncode == 0
    message = subprocess.run(["git", "-C", str(store), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
    assert "Changed-Figures: 8" in message
    assert "(1) 現状 › ② 経済的重要性 — 県内シェア: 約26% → 約25% (−1 pt)" in message
    log = run_cli("log", "mirai", "--store", str(store)).stdout.decode().splitlines()
    assert log[1].split()[-1] == "8"


def test_export_to_an_unwritable_place_is_a_clear_error(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("mirai", (SAMPLES / "mirai-roadmap-r1.txt").read_bytes(), "r1.txt", label="r1")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run_cli("export", "mirai@r1", "-o", str(blocker / "sub"), "--store", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "cannot export to" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
