"""Git hooks and git integration, in temporary git repositories made by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_environment, run_cli
from docx_builder import roadmap_docx

DRAFT = """自動運転技術

1. 現状認識と目指す姿【目標】

(1)現状

・世界の自動車販売台数における我が国企業のシェアは約26%^{(*)1}、出荷額等は約70兆円^{(*)2}。
・運転手不足が深刻化する中、国内旅客輸送の約2割を自動車が担う。

(*)1)2024年時点、(*)2)2023年時点

2. 勝ち筋

・既存の販売網を活かし、シェア約26%を維持する。
"""
ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def git(repo: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    # The hooks git runs speak the committer's language: English here unless ``env`` says.
    environment = cli_environment({**ENV, **(env or {})})
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check, env=environment)


@pytest.fixture()
def repo(tmp_path):
    path = tmp_path / "drafts"
    path.mkdir()
    git(path, "init", "-q")
    (path / "roadmap.txt").write_text(DRAFT, encoding="utf-8")
    git(path, "add", ".")
    git(path, "commit", "-qm", "first draft")
    return path


def stage(repo: Path, text: str, name: str = "roadmap.txt") -> None:
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)


def hook_run(repo: Path, *args: str, env: dict | None = None):
    return run_cli("hook", "run", "--repo", str(repo), *args, env=env)


def test_a_changed_share_is_printed_as_one_line(repo):
    stage(repo, DRAFT.replace("シェアは約26%", "シェアは約25%"))
    result = hook_run(repo)
    assert result.returncode == 0  # warn is the default policy
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "roadmap.txt: 1. 現状認識と目指す姿【目標】 › (1) 現状 — 世界の自動車販売台数における我が国企業のシェア: 約26% → 約25% (−1 pt)"
    assert lines[1:] == [
        "roadmap.txt: stale — 世界の自動車販売台数における我が国企業のシェア: changed to 約25% in "
        "1. 現状認識と目指す姿【目標】 › (1) 現状, but 約26% still stands in 2. 勝ち筋"
    ]


def test_block_policy_exits_1_unless_acknowledged(repo, tmp_path):
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    blocked = hook_run(repo)
    assert blocked.returncode == 1
    assert "Numeric-Change-Reviewed" in blocked.stderr.decode()
    assert hook_run(repo, env={"VERSIONDIFF_ALLOW": "1"}).returncode == 0
    message = tmp_path / "MSG"
    message.write_text("出荷額を更新\n\nNumeric-Change-Reviewed: 田中\n", encoding="utf-8")
    assert hook_run(repo, "--commit-msg", str(message)).returncode == 0
    message.write_text("出荷額を更新\n", encoding="utf-8")
    assert hook_run(repo, "--commit-msg", str(message)).returncode == 1


def test_policy_from_pyproject(repo):
    (repo / "pyproject.toml").write_text('[tool.versiondiff]\nnumeric-policy = "block"\n', encoding="utf-8")
    stage(repo, DRAFT.replace("約2割", "約3割"))
    assert hook_run(repo).returncode == 1


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("、出荷額等は", "、\n出荷額等は"),  # re-wrapped
        lambda t: t.replace("・", "● "),  # other bullets
        lambda t: t.replace("(*)1", "(*)7").replace("(*)2", "(*)8"),  # renumbered footnotes
        lambda t: t.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),  # full-width digits
    ],
    ids=["rewrap", "bullets", "footnotes", "full-width"],
)
def test_formatting_only_edits_say_nothing(repo, edit):
    stage(repo, edit(DRAFT))
    result = hook_run(repo)
    assert result.returncode == 0
    assert result.stdout == b"" and result.stderr == b""


def test_docx_drafts_are_caught_too(repo):
    (repo / "roadmap.docx").write_bytes(roadmap_docx())
    git(repo, "add", "roadmap.docx")
    git(repo, "commit", "-qm", "docx")
    (repo / "roadmap.docx").write_bytes(roadmap_docx(share="約25%", digits="25"))
    git(repo, "add", "roadmap.docx")
    out = hook_run(repo).stdout.decode()
    assert "roadmap.docx: 1. 自動運転技術 › (1) 現状 — 世界の自動車販売台数における我が国企業のシェア: 約26% → 約25% (−1 pt)" in out


def test_install_refuses_a_foreign_hook_and_chains_when_asked(repo):
    hook = repo / ".git" / "hooks" / "pre-commit"
    marker = repo.parent / "foreign-ran"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    hook.chmod(0o755)
    refused = run_cli("hook", "install", "--repo", str(repo))
    assert refused.returncode == 2 and "not a versiondiff hook" in refused.stderr.decode()
    assert run_cli("hook", "install", "--repo", str(repo), "--chain", "--commit-msg").returncode == 0
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("シェアは約26%", "シェアは約25%"))
    refused_commit = git(repo, "commit", "-qm", "share", check=False)
    assert refused_commit.returncode != 0 and marker.exists()  # both hooks ran; ours blocked
    accepted = git(repo, "commit", "-qm", "share\n\nNumeric-Change-Reviewed: 田中", check=False)
    assert accepted.returncode == 0, accepted.stderr
    assert run_cli("hook", "uninstall", "--repo", str(repo)).returncode == 0
    assert hook.read_text(encoding="utf-8").startswith("#!/bin/sh\ntouch")  # the foreign hook is back
    assert not (repo / ".git" / "hooks" / "commit-msg").exists()


def test_git_diff_shows_the_figure_table_with_the_driver(repo):
    assert run_cli("hook", "install", "--repo", str(repo), "--diff-driver").returncode == 0
    (repo / "roadmap.txt").write_text(DRAFT.replace("約70兆円", "約72兆円"), encoding="utf-8")
    out = git(repo, "diff", "roadmap.txt").stdout
    assert "Changed figures (1)" in out and "約70兆円" in out and "+2兆円 (+2.9%)" in out
    assert "[-約70兆円-]{+約72兆円+}" in out


def test_changes_lists_figures_between_two_commits(repo):
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    git(repo, "commit", "-qm", "update")
    result = run_cli("changes", "HEAD~1..HEAD", "--repo", str(repo))
    out = result.stdout.decode()
    assert result.returncode == 0
    assert out.splitlines()[0] == "roadmap.txt  (1 figures)"
    assert "約70兆円 → 約72兆円 (+2兆円 (+2.9%))" in out


def test_hook_outside_a_repository_is_a_clear_error(tmp_path):
    result = run_cli("hook", "run", "--repo", str(tmp_path))
    assert result.returncode == 2 and "not inside a git repository" in result.stderr.decode()


@pytest.mark.slow
def test_a_commit_touching_100_documents_finishes(repo):
    for i in range(100):
        (repo / f"doc{i:03}.md").write_text(f"# 1. 章{i}\n\n- 値は約{i + 10}%。\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "many")
    for i in range(100):
        (repo / f"doc{i:03}.md").write_text(f"# 1. 章{i}\n\n- 値は約{i + 11}%。\n", encoding="utf-8")
    git(repo, "add", ".")
    result = hook_run(repo)
    assert result.returncode == 0
    assert len(result.stdout.decode().splitlines()) == 100


@pytest.mark.slow
def test_pre_commit_framework_runs_the_hook_from_this_repository(repo, tmp_path):
    if shutil.which("pre-commit") is None and subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is not installed (it is in the test extra)")
        pytest.skip("pre-commit is not installed")
    project = Path(__file__).resolve().parents[1]
    if not (project / ".git").exists():
        pytest.skip("the project is not a git checkout")
    stage(repo, DRAFT.replace("シェアは約26%", "シェアは約25%"))
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(project), "versiondiff-numbers"],
        cwd=repo, capture_output=True, text=True, timeout=900,
        env=cli_environment({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}),
    )
    # Without --verbose: the manifest's `verbose: true` shows a passing (warn) run's figures.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "約26% → 約25%" in result.stdout, result.stdout + result.stderr
    git(repo, "config", "versiondiff.numericPolicy", "block")
    message = tmp_path / "MSG"
    message.write_text("シェアを更新\n", encoding="utf-8")
    reviewed = [
        sys.executable, "-m", "pre_commit", "try-repo", str(project), "versiondiff-numbers-reviewed",
        "--hook-stage", "commit-msg", "--commit-msg-filename", str(message),
    ]
    env = cli_environment({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")})
    refused = subprocess.run(reviewed, cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert refused.returncode == 1 and "Numeric-Change-Reviewed: <your name>" in refused.stdout, refused.stdout
    message.write_text("シェアを更新\n\nNumeric-Change-Reviewed: 田中\n", encoding="utf-8")
    accepted = subprocess.run(reviewed, cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_hook_reports_a_stale_old_value_in_the_staged_version(repo):
    stage(repo, DRAFT.replace("シェアは約26%", "シェアは約25%"))  # 2. still says シェア約26%
    out = hook_run(repo).stdout.decode().splitlines()
    stale = [line for line in out if "stale" in line]
    assert len(stale) == 1
    assert stale[0].startswith("roadmap.txt: stale — ") and "約26% still stands in 2. 勝ち筋" in stale[0]


def test_an_unreadable_commit_message_is_a_clear_error(repo, tmp_path):
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    result = hook_run(repo, "--commit-msg", str(tmp_path / "missing-MSG"))
    assert result.returncode == 2
    assert "cannot read the commit message" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_block_policy_trailer_works_after_a_plain_install(repo):
    assert run_cli("hook", "install", "--repo", str(repo)).returncode == 0
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    refused = git(repo, "commit", "-qm", "出荷額を更新", check=False)
    assert refused.returncode != 0
    assert "1 figure changed;" in refused.stderr
    assert "end the commit message with the line\n    Numeric-Change-Reviewed: <your name>" in refused.stderr
    accepted = git(repo, "commit", "-qm", "出荷額を更新", "-m", "Numeric-Change-Reviewed: 田中", check=False)
    assert accepted.returncode == 0, accepted.stderr
    assert "約70兆円 → 約72兆円" in accepted.stdout + accepted.stderr  # the figures were listed


def test_without_a_commit_msg_hook_the_block_message_says_how_to_get_one(repo):
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    result = hook_run(repo, "--defer")
    assert result.returncode == 1
    message = result.stderr.decode()
    assert "No commit-msg hook is installed" in message and "versiondiff hook install" in message


def test_counts_name_changed_figures_and_stale_values_apart(repo, tmp_path):
    git(repo, "config", "versiondiff.numericPolicy", "block")
    stage(repo, DRAFT.replace("シェアは約26%", "シェアは約25%"))  # 2. still says 約26%: one stale value
    message = tmp_path / "MSG"
    message.write_text("シェア\n", encoding="utf-8")
    blocked = hook_run(repo, "--commit-msg", str(message)).stderr.decode()
    assert "1 figure changed, 1 stale value" in blocked and "figure(s)" not in blocked
    git(repo, "config", "versiondiff.numericPolicy", "warn")
    warned = hook_run(repo).stderr.decode()
    assert "versiondiff: 1 figure changed, 1 stale value" in warned and "commit allowed" in warned


def _moved_environment(tmp_path: Path, repo: Path) -> tuple[Path, dict]:
    """Install the hooks from a virtual environment, then move that environment away as
    a user who recreates their venv does: the recorded interpreter no longer exists."""
    first = tmp_path / "venv-old"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(first)], check=True)
    python = first / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "versiondiff", "hook", "install", "--repo", str(repo)],
        capture_output=True, text=True, env={**os.environ},
    )
    assert installed.returncode == 0, installed.stderr
    moved = tmp_path / "venv-new"
    first.rename(moved)
    bare_path = {"PATH": "/usr/bin:/bin"}  # git and sh, but no versiondiff
    return moved, bare_path


def test_a_moved_environment_still_runs_the_hook_from_path(repo, tmp_path):
    moved, bare = _moved_environment(tmp_path, repo)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "versiondiff"  # what an activated, recreated environment puts on PATH
    wrapper.write_text(f'#!/bin/sh\nexec "{moved}/bin/python" -m versiondiff "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    result = git(repo, "commit", "-qm", "update", check=False, env={"PATH": f"{bin_dir}:{bare['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert "約70兆円 → 約72兆円" in result.stdout + result.stderr


def test_a_missing_versiondiff_warns_under_warn_and_refuses_under_block(repo, tmp_path):
    _, bare = _moved_environment(tmp_path, repo)
    stage(repo, DRAFT.replace("約70兆円", "約72兆円"))
    git(repo, "config", "versiondiff.numericPolicy", "block")
    refused = git(repo, "commit", "-qm", "update", check=False, env=bare)
    assert refused.returncode != 0
    assert "versiondiff: not found on PATH" in refused.stderr and "VERSIONDIFF_ALLOW=1" in refused.stderr
    git(repo, "config", "versiondiff.numericPolicy", "warn")
    allowed = git(repo, "commit", "-qm", "update", check=False, env=bare)
    assert allowed.returncode == 0, allowed.stderr
    warnings = [line for line in allowed.stderr.splitlines() if "versiondiff" in line]
    assert len(warnings) == 2  # one line each from pre-commit and commit-msg
    assert all("figures were not checked" in line for line in warnings)


def test_changes_refuses_an_option_as_a_range(repo):
    result = run_cli("changes", "--output=/tmp/x..HEAD", "--repo", str(repo))
    assert result.returncode == 2
    result = run_cli("changes", "HEAD..--output=x", "--repo", str(repo))
    assert result.returncode == 2 and "not a range of revisions" in result.stderr.decode()


def test_uninstall_removes_the_diff_driver_too(repo):
    assert run_cli("hook", "install", "--repo", str(repo), "--diff-driver").returncode == 0
    assert git(repo, "config", "--get", "diff.versiondiff.command").stdout.strip()
    assert run_cli("hook", "uninstall", "--repo", str(repo)).returncode == 0
    assert git(repo, "config", "--get", "diff.versiondiff.command", check=False).returncode == 1
    assert not (repo / ".git" / "hooks" / "versiondiff-gitdiff").exists()
