"""The terminal report at 100 columns: display width, revision labels, empty sections, whole values."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LOCALE_VARIABLES, NEW_ROADMAP, OLD_ROADMAP, run_cli

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize_text
from versiondiff.render.text import display_width, render_text, wrap, wrapped_table

SAMPLES = Path(__file__).resolve().parents[1] / "versiondiff" / "samples"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Reports rendered in this process follow its locale: fix it to English."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_cjk_characters_count_two_columns():
    assert display_width("約26%") == 5
    assert display_width("自動運転") == 8
    assert display_width("\x1b[31mAB\x1b[0m") == 2  # colour codes take no room


def test_wrap_keeps_every_line_within_the_width_and_loses_nothing():
    text = "海外では自動運転関連の巨額投資が進み、米国Waymo社等、多数のプレイヤーがモジュール型AIを実装し、L4の無人自動運転タクシーサービス等を開始。" * 3
    lines = wrap(text, 40, "  ")
    assert all(display_width(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines) == text.replace(" ", "")


def test_a_line_never_starts_with_closing_punctuation():
    lines = wrap("あ" * 19 + "。次の文。", 40)
    assert not any(line.startswith("。") for line in lines)


def test_latin_words_are_not_cut_in_the_middle():
    lines = wrap("The share of world car sales fell from 26 percent to 25 percent in 2030", 30)
    assert all(display_width(line) <= 30 for line in lines)
    assert "percent" in " ".join(lines).split()


def test_a_wrapped_table_never_splits_a_value():
    rows = [["県内シェア", "1. 自動運転バス › 1. 現状認識と目指す姿【目標】 › (1) 現状 › ② 経済的重要性", "約25%", "約26%", "r2"]]
    lines = wrapped_table(["context", "section", "current", "previous", "changed in"], rows, 60, wrap_column=1)
    assert all(display_width(line) <= 60 for line in lines)
    first = lines[1]
    assert "約25%" in first and "約26%" in first and first.rstrip().endswith("r2")


def _comparison(old: str, new: str, **names):  # noqa: ANN003
    return compare_documents(normalize_text(old), normalize_text(new), **names)


def test_header_names_both_revisions():
    comparison = _comparison("# A\n\n本文。\n", "# A\n\n本文を変更。\n", old_name="plan", new_name="plan", old_revision="r1", new_revision="r2")
    assert render_text(comparison).splitlines()[0] == "versiondiff: plan@r1 → plan@r2"


def test_an_added_heading_without_text_prints_nothing_of_its_own():
    old = "# 交通\n\n## 1. 現状\n\n市場は約5兆円。\n"
    new = "# 交通\n\n## 1. 現状\n\n市場は約6兆円。\n\n## 2. 課題\n\n### (1) 人材\n\n人材は約300人。\n"
    out = render_text(_comparison(old, new))
    assert "§ 交通 › 2. 課題  [added]" not in out  # empty: its subsection says it all
    assert "§ 交通 › 2. 課題 › (1) 人材  [added]" in out


def test_a_collapsed_added_section_still_lists_its_figures():
    old = "# 交通\n\n## 1. 現状\n\n市場は約5兆円。\n"
    new = old + "\n## 2. 目標\n\n台数は約300台。\n\n売上は約2兆円。\n"
    out = render_text(_comparison(old, new))
    assert "(2 blocks added; figures: 約300台, 約2兆円)" in out


def test_an_edited_table_prints_a_row_a_line_with_its_deleted_row_marked_whole():
    head = "# 交通\n\n| 項目 | 目標値 |\n| --- | --- |\n| 台数 | 約5万台 |\n"
    out = render_text(_comparison(head + "| 路線数 | 約100路線 |\n", head))
    lines = out.splitlines()
    table = lines[lines.index("    ~ 項目 | 目標値 |") :]
    assert table[1:3] == ["      台数 | 約5万台 |", "      [-路線数 | 約100路線 | -]"]


def test_a_dropped_area_is_one_entry_with_its_figures_in_the_markdown_report_too():
    kept = "# 交通\n\n## 1. 現状\n\n市場は約5兆円。\n\n"
    dropped = "# 港湾\n\n## 1. 現状\n\n取扱量は約300万TEU。\n\n## 2. 目標\n\n2030年に約400万TEUとする。\n"
    from versiondiff.render.markdown import render_markdown_report

    report = render_markdown_report(_comparison(kept + dropped, kept.replace("約5兆円", "約6兆円")))
    assert "## 港湾 (area deleted)" in report
    assert "(3 sections, 2 blocks" in report and "figures: 約300万TEU, 2030年, 約400万TEU)" in report
    assert "## 港湾 › 1. 現状" not in report and "## 港湾 › 2. 目標" not in report  # no empty headings per section


@pytest.mark.corpus
def test_the_corpus_report_fits_100_columns_and_names_its_revisions(tmp_path):
    store = str(tmp_path / "store")
    for path, label in ((OLD_ROADMAP, "000"), (NEW_ROADMAP, "001")):
        assert run_cli("add", str(path), "--doc", "roadmap", "--label", label, "--store", store).returncode == 0
    result = run_cli("diff", "roadmap@000", "roadmap@001", "--store", store, env={"COLUMNS": "100"})
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "versiondiff: roadmap@000 → roadmap@001"
    assert max(display_width(line) for line in lines) <= 100
    assert any(line.startswith("§ 5. 自動運転技術 › ") for line in lines)
    figures = run_cli("figures", "roadmap", "--store", store, env={"COLUMNS": "100"}).stdout.decode().splitlines()
    assert max(display_width(line) for line in figures) <= 100


def test_an_edit_in_a_table_never_runs_from_one_row_into_the_next():
    """A value changed in one row and the next row deleted: two edits, not 「約5万台 | 路線数 |
    約100路線」 deleted and 「約6万台」 inserted across the row break."""
    head = "# 交通\n\n| 項目 | 目標値 |\n| --- | --- |\n| 台数 | 約5万台 |\n"
    comparison = _comparison(head + "| 路線数 | 約100路線 |\n| 便数 | 約300便 |\n", head.replace("約5万台", "約6万台") + "| 便数 | 約300便 |\n")
    lines = render_text(comparison).splitlines()
    table = lines[lines.index("    ~ 項目 | 目標値 |") :]
    assert table[1:4] == ["      台数 | [-約5万台-]{+約6万台+} |", "      [-路線数 | 約100路線 | -]", "      便数 | 約300便 |"]
    assert [(q.status, q.context) for q in comparison.quantities] == [("changed", "台数 目標値"), ("removed", "路線数 目標値")]


def test_a_row_inserted_before_an_edited_row_stays_a_row_of_its_own():
    head = "# 交通\n\n| 項目 | 目標値 |\n| --- | --- |\n"
    comparison = _comparison(head + "| 台数 | 約5万台 |\n", head + "| 路線数 | 約100路線 |\n| 台数 | 約6万台 |\n")
    lines = render_text(comparison).splitlines()
    table = lines[lines.index("    ~ 項目 | 目標値 |") :]
    assert table[1:3] == ["      {+路線数 | 約100路線 | +}", "      台数 | [-約5万台-]{+約6万台+} |"]
