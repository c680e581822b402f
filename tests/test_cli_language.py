"""The command line and the git hooks speak Japanese by default and English when the locale
asks for it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), from the web's gettext catalog."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from conftest import cli_environment, run_cli, write_drafts

from versiondiff.i18n import TRANSLATIONS, cli_locale

ROOT = Path(__file__).resolve().parents[1]
OLD = "# 交通\n\n## 1. 現状\n\n市場は約5兆円。\n\n## 2. 目標\n\n台数は約300台を目指す。\n"
NEW = OLD.replace("約5兆円", "約6兆円")
# LANG="" counts as unset (gettext's rule); run_cli then adds no English of its own.
JAPANESE = {"unset": {"LANG": ""}, "C.UTF-8": {"LANG": "C.UTF-8"}, "ja_JP.UTF-8": {"LANG": "ja_JP.UTF-8"}}
ENGLISH = {"LANG": "en_US.UTF-8"}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "ja"),
        ({"LANG": "C.UTF-8"}, "ja"),
        ({"LANG": "POSIX"}, "ja"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "fr_FR.UTF-8"}, "ja"),  # no French catalog: the source language
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_GB"}, "en"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),  # LC_ALL wins, as for every program
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:en", "LANG": "ja_JP.UTF-8"}, "en"),  # the first language with a catalog
        ({"LANGUAGE": "ja:en", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),  # empty means unset
    ],
)
def test_the_locale_environment_chooses_the_language(environ, expected):
    assert cli_locale(environ) == expected


@pytest.fixture()
def drafts(tmp_path):
    return write_drafts(tmp_path, OLD, NEW)


@pytest.mark.parametrize("env", JAPANESE.values(), ids=JAPANESE.keys())
def test_diff_is_japanese_by_default(drafts, env):
    result = run_cli("diff", str(drafts[0]), str(drafts[1]), env=env)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "節: 対応 3、変更 1、追加 0、削除 0、改名 0、移動 0／数値: 変更 1、追加 0、削除 0" in out
    assert "§ 交通 › 1. 現状  [変更]" in out
    assert "変更された数値（1件）" in out
    assert "  変更  市場" in out
    assert "modified" not in out and "Changed figures" not in out


def test_diff_is_english_when_lang_asks(drafts):
    result = run_cli("diff", str(drafts[0]), str(drafts[1]), env=ENGLISH)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "sections: 3 matched, 1 modified, 0 added, 0 deleted, 0 renamed, 0 moved;" in out
    assert "§ 交通 › 1. 現状  [modified]" in out
    assert "Changed figures (1)" in out and "  changed  市場" in out
    assert "市場は[-約5兆円-]{+約6兆円+}。" in out  # the document's own text is never translated


def test_markdown_report_speaks_the_same_language_as_the_text_report(drafts):
    japanese = run_cli("diff", str(drafts[0]), str(drafts[1]), "--format", "markdown", env=JAPANESE["unset"]).stdout.decode()
    assert "## 交通 › 1. 現状 (変更)" in japanese and "## 変更された数値" in japanese
    assert "| 状態 | 節 | 内容 | 旧 | 新 | 差 |" in japanese and "| 変更 | 交通 › 1. 現状 | 市場 | 約5兆円 | 約6兆円 |" in japanese
    english = run_cli("diff", str(drafts[0]), str(drafts[1]), "--format", "markdown", env=ENGLISH).stdout.decode()
    assert "## 交通 › 1. 現状 (modified)" in english and "## Changed figures" in english
    assert "| Status | Section | Context | Old | New | Delta |" in english and "| changed | 交通 › 1. 現状 | 市場 |" in english

def test_machine_readable_output_does_not_depend_on_the_language(drafts):
    runs = [run_cli("diff", str(drafts[0]), str(drafts[1]), "--format", "json", env=env) for env in (JAPANESE["unset"], ENGLISH)]
    assert runs[0].returncode == runs[1].returncode == 1
    reports = [json.loads(run.stdout) for run in runs]
    for report in reports:
        report["stats"].pop("seconds")  # how long this run took
    assert reports[0] == reports[1]
    assert reports[0]["quantities"][0]["status"] == "changed"


def test_an_error_line_follows_the_language(tmp_path):
    missing = str(tmp_path / "missing.md")
    japanese = run_cli("diff", missing, missing, env=JAPANESE["ja_JP.UTF-8"])
    english = run_cli("diff", missing, missing, env=ENGLISH)
    assert japanese.returncode == english.returncode == 2
    assert japanese.stderr.decode().startswith("versiondiff: エラー: ")
    assert english.stderr.decode().startswith("versiondiff: error: ")
    assert len(japanese.stderr.decode().splitlines()) == 1
    usage = run_cli("diff", env=JAPANESE["unset"])
    assert usage.returncode == 2 and "（versiondiff diff --help を参照）" in usage.stderr.decode()


def test_help_follows_the_language():
    japanese = run_cli("--help", env=JAPANESE["unset"]).stdout.decode()
    english = run_cli("--help", env=ENGLISH).stdout.decode()
    assert "文書の一覧" in japanese and "list documents" not in japanese
    assert "list documents" in english and "compare two revisions (files or slug@rev)" in english
    # argparse's own words too: the usage line, the section titles, the help option
    assert japanese.startswith("使い方: versiondiff") and "オプション:" in japanese and "このヘルプを表示して終わる" in japanese
    assert not any(word in japanese for word in ("usage:", "options:", "show this help"))
    assert english.startswith("usage: versiondiff") and "options:" in english and "show this help message and exit" in english
    positional = run_cli("normalize", "--help", env=JAPANESE["unset"]).stdout.decode()
    assert "位置引数:" in positional and "positional arguments" not in positional


@pytest.mark.parametrize(("args", "japanese", "english"), [
    (("add", "x.md"), "次の引数が必要です: --doc", "the following arguments are required: --doc"),
    (("diff", "a", "b", "--format", "rtf"), "引数 --format: 'rtf' は選べません（選べるもの: 'text', 'json', 'markdown', 'html'）",
     "argument --format: invalid choice: 'rtf' (choose from 'text', 'json', 'markdown', 'html')"),
    (("diff", "a", "b", "--bogus"), "知らない引数です: --bogus", "unrecognized arguments: --bogus"),
    (("serve", "--port", "x"), "引数 --port: 'x' は int として読めません", "argument --port: invalid int value: 'x'"),
    (("diff", "a", "b", "--time-limit"), "引数 --time-limit には値が一つ要ります", "argument --time-limit: expected one argument"),
])
def test_a_usage_error_is_said_in_the_language_with_argparse_own_english_kept(args, japanese, english):
    ja = run_cli(*args, env=JAPANESE["unset"])
    en = run_cli(*args, env=ENGLISH)
    assert ja.returncode == en.returncode == 2
    assert ja.stderr.decode().splitlines()[0] == f"versiondiff: エラー: {japanese}"
    assert en.stderr.decode().splitlines()[0] == f"versiondiff: error: {english}"


@pytest.fixture()
def store(tmp_path, drafts):
    path = tmp_path / "store"
    for draft, label in zip(drafts, ("r1", "r2"), strict=True):
        assert run_cli("add", str(draft), "--doc", "kotsu", "--label", label, "--store", str(path)).returncode == 0
    return path


def test_add_reports_the_size_in_kilobytes(tmp_path, drafts):
    path = str(tmp_path / "fresh")
    japanese = run_cli("add", str(drafts[0]), "--doc", "kotsu", "--label", "r1", "--store", path, env=JAPANESE["unset"])
    english = run_cli("add", str(drafts[1]), "--doc", "kotsu", "--label", "r2", "--store", path, env=ENGLISH)
    assert "kotsu@r1: " in japanese.stdout.decode() and "を登録しました（Markdown 1 KB）" in japanese.stdout.decode()
    assert "(1 KB of Markdown, 1 changed figures)" in english.stdout.decode()
    assert "bytes" not in english.stdout.decode()


def test_log_is_japanese_by_default_with_sizes_in_kilobytes(store):
    lines = run_cli("log", "kotsu", "--store", str(store), env=JAPANESE["C.UTF-8"]).stdout.decode().splitlines()
    assert lines[0].split() == ["版", "ラベル", "日付", "大きさ", "変わった数値"]
    assert lines[1].split()[1] == "r2" and "1 KB" in lines[1] and lines[1].split()[-1] == "1"


def test_log_is_english_when_lang_asks(store):
    lines = run_cli("log", "kotsu", "--store", str(store), env=ENGLISH).stdout.decode().splitlines()
    assert lines[0].split() == ["revision", "label", "date", "size", "changed", "figures"]
    assert "1 KB" in lines[2]


def test_an_unknown_document_is_one_line_in_either_language(store):
    japanese = run_cli("log", "nothing", "--store", str(store), env=JAPANESE["unset"]).stderr.decode()
    english = run_cli("log", "nothing", "--store", str(store), env=ENGLISH).stderr.decode()
    assert japanese == "versiondiff: エラー: ストアに文書 'nothing' はありません\n"
    assert english == "versiondiff: error: no document 'nothing' in the store\n"


def test_a_missing_store_is_one_japanese_line_without_the_english_words(tmp_path):
    store = tmp_path / "docs_store"
    japanese = run_cli("log", "kotsu", "--store", str(store), env=JAPANESE["ja_JP.UTF-8"])
    assert japanese.returncode == 2
    assert japanese.stderr.decode() == f"versiondiff: エラー: {store} にストアがありません（作成: versiondiff init --store {store}）\n"
    assert not re.search(r"\b(no store|create one|with)\b", japanese.stderr.decode())
    english = run_cli("log", "kotsu", "--store", str(store), env=ENGLISH)
    assert english.returncode == 2
    assert english.stderr.decode() == f"versiondiff: error: no store at {store} (create one with: versiondiff init --store {store})\n"


@pytest.mark.parametrize(
    ("args", "japanese", "english"),
    [
        (["show", "kotsu@r9"], "版 kotsu@r9 はありません", "unknown revision kotsu@r9"),
        (["diff", "kotsu@r1", "kotsu@~5"], "kotsu@~5: この文書の版は 2 個しかありません", "kotsu@~5: the document has only 2 revisions"),
        (["show", "kotsu@2030-02-30"], "日付 '2030-02-30' は YYYY-MM-DD 形式の正しい日付ではありません", "date '2030-02-30' is not a date in YYYY-MM-DD form"),
        (
            ["add", "{empty}", "--doc", "kotsu"],
            "empty.md を登録できません: ファイルが空です", "cannot add empty.md: file is empty",
        ),
        (
            ["add", "{draft}", "--doc", "../kotsu"],
            "文書ID '../kotsu' にパスの区切り文字が含まれています。名前は文字・数字と「-」「_」「.」で100文字以内とし、",
            "document slug '../kotsu' contains a path separator; use letters, digits, '-', '_' or '.', at most 100 characters,",
        ),
    ],
)
def test_store_errors_are_one_line_in_either_language(store, tmp_path, drafts, args, japanese, english):
    (tmp_path / "empty.md").write_bytes(b"")
    args = [a.format(empty=tmp_path / "empty.md", draft=drafts[0]) for a in args]
    runs = {language: run_cli(*args, "--store", str(store), env=env) for language, env in (("ja", JAPANESE["unset"]), ("en", ENGLISH))}
    for run in runs.values():
        assert run.returncode == 2 and len(run.stderr.decode().splitlines()) == 1
    assert runs["ja"].stderr.decode().startswith(f"versiondiff: エラー: {japanese}")
    assert runs["en"].stderr.decode().startswith(f"versiondiff: error: {english}")


def test_check_names_a_stale_value_in_either_language(tmp_path, drafts):
    stale = tmp_path / "stale.md"
    stale.write_text(NEW + "\n## 3. 課題\n\n市場は約5兆円にとどまる。\n", encoding="utf-8")
    old = tmp_path / "old3.md"
    old.write_text(OLD + "\n## 3. 課題\n\n市場は約5兆円にとどまる。\n", encoding="utf-8")
    path = str(tmp_path / "checked")
    for draft, label in ((old, "r1"), (stale, "r2")):
        assert run_cli("add", str(draft), "--doc", "kotsu", "--label", label, "--store", path).returncode == 0
    japanese = run_cli("check", "kotsu@r2", "--store", path, env=JAPANESE["unset"])
    english = run_cli("check", "kotsu@r2", "--store", path, env=ENGLISH)
    assert japanese.returncode == english.returncode == 1
    assert japanese.stdout.decode().startswith("古い値: 市場: 交通 › 1. 現状 で 約6兆円 に変わったが、")
    assert english.stdout.decode().startswith("stale: 市場: changed to 約6兆円 in 交通 › 1. 現状, but 約5兆円 still stands in")


# ---------------------------------------------------------------- git hooks


def _git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=cli_environment({**identity, **env}))


@pytest.fixture()
def repo(tmp_path):
    path = tmp_path / "drafts"
    path.mkdir()
    _git(path, "init", "-q", env=ENGLISH)
    (path / "kotsu.md").write_text(OLD, encoding="utf-8")
    _git(path, "add", ".", env=ENGLISH)
    _git(path, "commit", "-qm", "first", env=ENGLISH)
    (path / "kotsu.md").write_text(NEW, encoding="utf-8")
    _git(path, "add", ".", env=ENGLISH)
    return path


@pytest.mark.parametrize("env", JAPANESE.values(), ids=JAPANESE.keys())
def test_hook_run_is_japanese_by_default(repo, env):
    result = run_cli("hook", "run", "--repo", str(repo), env=env)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == ["kotsu.md: 交通 › 1. 現状 — 市場: 約5兆円 → 約6兆円 (+1兆円 (+20%))"]
    assert result.stderr.decode() == "versiondiff: 変わった数値 1件（方針 warn: コミットを許可）\n"


def test_hook_run_is_english_when_lang_asks(repo):
    result = run_cli("hook", "run", "--repo", str(repo), env=ENGLISH)
    assert result.returncode == 0
    assert result.stderr.decode() == "versiondiff: 1 figure changed (policy warn: commit allowed)\n"


def test_a_stale_value_is_named_in_the_committers_language(repo):
    (repo / "kotsu.md").write_text(NEW + "\n## 3. 課題\n\n市場は約5兆円にとどまる。\n", encoding="utf-8")
    _git(repo, "add", ".", env=ENGLISH)
    japanese = run_cli("hook", "run", "--repo", str(repo), env=JAPANESE["unset"])
    english = run_cli("hook", "run", "--repo", str(repo), env=ENGLISH)
    assert "kotsu.md: 古い値 — 市場: 交通 › 1. 現状 で 約6兆円 に変わったが、交通 › 3. 課題 には 約5兆円 が残っている" in (
        japanese.stdout.decode().splitlines()
    )
    assert "、古い値の残存 1件" in japanese.stderr.decode()
    assert any(line.startswith("kotsu.md: stale — ") for line in english.stdout.decode().splitlines())
    assert ", 1 stale value (" in english.stderr.decode()


def test_an_installed_hook_blocks_in_the_committers_language(repo):
    assert run_cli("hook", "install", "--repo", str(repo)).returncode == 0
    _git(repo, "config", "versiondiff.numericPolicy", "block", env=ENGLISH)
    japanese = _git(repo, "commit", "-qm", "市場を更新", env={"LANG": "ja_JP.UTF-8"})
    assert japanese.returncode != 0
    assert "このリポジトリは確認されていない数値の変更をコミットさせません。" in japanese.stderr
    assert "    Numeric-Change-Reviewed: <確認した人の名前>" in japanese.stderr
    english = _git(repo, "commit", "-qm", "update the market", env=ENGLISH)
    assert english.returncode != 0
    assert "this repository blocks unreviewed numeric edits." in english.stderr
    accepted = _git(repo, "commit", "-qm", "市場を更新", "-m", "Numeric-Change-Reviewed: 田中", env={"LANG": ""})
    assert accepted.returncode == 0, accepted.stderr


def test_a_hook_without_versiondiff_to_run_warns_in_the_committers_language(repo):
    assert run_cli("hook", "install", "--repo", str(repo)).returncode == 0
    for name in ("pre-commit", "commit-msg"):  # as if the environment it was installed from were gone
        hook = repo / ".git" / "hooks" / name
        script = re.sub(r"(?m)^fallback=.*$", "fallback=/nonexistent/python", hook.read_text(encoding="utf-8"))
        hook.write_text(script, encoding="utf-8")
    bare = {"PATH": "/usr/bin:/bin"}  # git and sh, but no versiondiff
    japanese = _git(repo, "commit", "-qm", "市場を更新", env={**bare, "LANG": "C.UTF-8"})
    assert japanese.returncode == 0, japanese.stderr
    assert "versiondiff: PATH にも /nonexistent/python にも見つかりません。数値は点検していません" in japanese.stderr
    (repo / "kotsu.md").write_text(OLD, encoding="utf-8")
    _git(repo, "add", ".", env=ENGLISH)
    english = _git(repo, "commit", "-qm", "back", env={**bare, "LANG": "en_US.UTF-8"})
    assert english.returncode == 0, english.stderr
    assert "versiondiff: not found on PATH nor at /nonexistent/python; figures were not checked" in english.stderr


# ---------------------------------------------------------------- the catalog


def _english_catalog():
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_message_has_an_english_translation():
    catalog = _english_catalog()
    untranslated = [
        message.id for message in catalog
        if message.id and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert untranslated == []
    assert len(catalog) > 150  # the web's and the command line's messages


def test_every_message_marked_with_n_has_an_english_translation():
    """Errors are raised with ``N_("…")`` and translated when shown: a new one without its
    English would print Japanese to an English reader (and on English web pages)."""
    from babel.messages.extract import extract_from_dir

    marked = {
        message for _, _, message, _, _ in extract_from_dir(
            str(ROOT / "versiondiff"), method_map=[("**.py", "python")], keywords={"N_": None},
        )
    }
    assert len(marked) > 100  # the interface's words and every error message
    catalog = _english_catalog()
    missing = sorted(m for m in marked if m not in catalog or not catalog[m].string or catalog[m].fuzzy)
    assert missing == []
    for message in marked:  # a placeholder missing from either side would fail or lose a value when shown
        assert set(re.findall(r"%\((\w+)\)s", message)) == set(re.findall(r"%\((\w+)\)s", catalog[message].string)), message


def test_no_translation_asks_for_a_value_its_message_does_not_give():
    for message in _english_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        given = {name for text in ids for name in re.findall(r"%\((\w+)\)s", text)} | {"n"}
        asked = {name for text in strings for name in re.findall(r"%\((\w+)\)s", text)}
        assert asked <= given, message.id


def test_the_catalog_holds_every_message_of_the_code(tmp_path):
    """A message added to the code without ``pybabel extract`` and ``update`` would print in
    Japanese to an English reader: extract afresh and compare."""
    template = tmp_path / "messages.pot"
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "--no-location", "-o", str(template), str(ROOT),
    ])
    with template.open("rb") as handle:
        extracted = {(m.context, m.id) for m in read_po(handle) if m.id}
    translated = {(m.context, m.id) for m in _english_catalog() if m.id}
    assert extracted - translated == set()
    assert ("cli", "追加") in extracted  # the command line's words are in the extraction
