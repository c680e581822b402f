"""What a newcomer meets first: the README's commands, the hook snippet's tag, and a clone
without ../shared that still runs its tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_says_the_demo_keeps_running_until_ctrl_c():
    setup = README[README.index("## Set-up") : README.index("## Commands")]
    assert "versiondiff demo" in setup and "Ctrl-C" in setup
    assert "python -m pytest" in setup


def test_the_pre_commit_snippet_points_at_this_release_tag():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    revs = re.findall(r"rev: (\S+)", README)
    assert revs and set(revs) == {f"v{version}"}


def test_the_pre_commit_manifest_always_shows_the_figures():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["versiondiff-numbers"]["verbose"] is True
    assert hooks["versiondiff-numbers-reviewed"]["stages"] == ["commit-msg"]
    for hook_id in hooks:
        assert hook_id in README


@pytest.mark.slow
def test_a_clone_without_shared_collects_everything_and_skips_the_corpus_tests(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout")
    clone = tmp_path / "elsewhere" / "versiondiff"  # no ../shared beside it
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    env = {**os.environ, "PYTHONPATH": str(clone)}
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=clone, capture_output=True, text=True, env=env, timeout=600,
    )
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    corpus = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-m", "corpus"],
        cwd=clone, capture_output=True, text=True, env=env, timeout=600,
    )
    assert corpus.returncode == 0, corpus.stdout[-3000:]
    assert "skipped" in corpus.stdout and "passed" not in corpus.stdout.splitlines()[-1]
    assert "corpus not found" in corpus.stdout
