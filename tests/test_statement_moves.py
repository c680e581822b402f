"""Sentences and table rows moved to another section inside edited blocks (compare/statement_moves.py):
said beside both edits — in the JSON, on the compare page, in the text and Markdown reports — while
the figure list reports nothing for them."""

from __future__ import annotations

import os

import pytest

from versiondiff.compare import compare_documents
from versiondiff.ingest import add_file
from versiondiff.normalize import normalize_text
from versiondiff.render.markdown import render_markdown_report
from versiondiff.render.text import render_text
from versiondiff.store import Store
from versiondiff.web import create_app

HEAD = "| 項目 | 目標値 | 目標年 |\n| --- | --- | --- |\n"
ENERGY = "| 洋上風力の導入量 | 約10GW | 2030年 |\n"
TRANSPORT = "| 自動運転車の台数 | 約5万台 | 2027年 |\n"
BATTERY = "| 蓄電池の導入量 | 約24GWh | 2030年 |\n"
SENTENCE = "蓄電池の国内製造能力を2030年までに150GWhとする。"


def _tables(energy: str, transport: str) -> str:
    return f"# 第1章 エネルギー\n\n導入目標。\n\n{HEAD}{energy}\n# 第2章 交通\n\n普及目標。\n\n{HEAD}{transport}"


def _paragraphs(moved_out: bool) -> str:
    first = "再生可能エネルギーの導入を加速する。" + ("" if moved_out else SENTENCE) + "洋上風力の案件形成を進める。"
    second = "\n\n" + SENTENCE if moved_out else ""
    return f"# 第1章 エネルギー\n\n{first}\n\n# 第2章 交通\n\n自動運転の社会実装を進める。{second}\n"


def _moves(comparison) -> list[tuple[str, str, str, list[str]]]:  # noqa: ANN001
    return [(c.op, m.direction, m.text, list(m.section)) for s in comparison.sections for c in s.changes for m in c.moved_statements]


def test_a_row_moved_between_two_edited_tables_is_said_on_both_sides_and_changes_no_figure():
    comparison = compare_documents(normalize_text(_tables(ENERGY + BATTERY, TRANSPORT)), normalize_text(_tables(ENERGY, TRANSPORT + BATTERY)))
    assert comparison.quantities == []
    assert _moves(comparison) == [
        ("replace", "to", "蓄電池の導入量 | 約24GWh | 2030年", ["第2章 交通"]),
        ("replace", "from", "蓄電池の導入量 | 約24GWh | 2030年", ["第1章 エネルギー"]),
    ]
    records = [c for s in comparison.as_json()["sections"] for c in s.get("changes", []) if "moved_statements" in c]
    assert records[0]["moved_statements"] == [{"text": "蓄電池の導入量 | 約24GWh | 2030年", "direction": "to", "section": ["第2章 交通"]}]


def test_a_sentence_taken_out_of_a_paragraph_into_a_new_one_elsewhere_is_a_move_too():
    comparison = compare_documents(normalize_text(_paragraphs(False)), normalize_text(_paragraphs(True)))
    assert comparison.quantities == []
    assert _moves(comparison) == [("replace", "to", SENTENCE, ["第2章 交通"]), ("insert", "from", SENTENCE, ["第1章 エネルギー"])]


def test_a_statement_standing_twice_or_too_short_is_not_called_moved():
    twice = _tables(ENERGY + BATTERY, TRANSPORT + BATTERY)
    comparison = compare_documents(normalize_text(_tables(ENERGY + BATTERY, TRANSPORT)), normalize_text(twice))
    assert _moves(comparison) == []  # the old row may be either copy
    short = "| 蓄電池 | 24 | 2030 |\n"
    comparison = compare_documents(normalize_text(_tables(ENERGY + short, TRANSPORT)), normalize_text(_tables(ENERGY, TRANSPORT + short)))
    assert _moves(comparison) == []


@pytest.mark.usefixtures("english")
def test_the_text_and_markdown_reports_say_where_it_went():
    comparison = compare_documents(normalize_text(_paragraphs(False)), normalize_text(_paragraphs(True)))
    text = render_text(comparison, width=200)
    assert "↷ “蓄電池の国内製造能力を2030年までに150GW…” moved to 第2章 交通" in text
    assert "↷ “蓄電池の国内製造能力を2030年までに150GW…” moved here from 第1章 エネルギー" in text
    markdown = render_markdown_report(comparison)
    assert "  - (“蓄電池の国内製造能力を2030年までに150GW…” moved to 第2章 交通)" in markdown.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize(("language", "to_words"), [("ja", "」は 第2章 交通 へ移動"), ("en", "” moved to 第2章 交通")])
def test_the_compare_page_says_it_beside_the_row_in_the_readers_language(tmp_path, language, to_words):
    store = Store.init(tmp_path / "s")
    for label, text in (("r1", _tables(ENERGY + BATTERY, TRANSPORT)), ("r2", _tables(ENERGY, TRANSPORT + BATTERY))):
        path = tmp_path / f"{label}.md"
        path.write_text(text, encoding="utf-8")
        add_file(store, path, "plan", label=label)
    app = create_app({"STORE_PATH": str(tmp_path / "s"), "TESTING": True, "SECRET_KEY": os.urandom(8).hex()})
    page = app.test_client().get("/d/plan/compare/r1..r2", headers={"Accept-Language": language}).data.decode()
    assert page.count('class="note moved-statement"') == 2
    assert to_words in page


def test_the_word_table_says_it_beside_both_rows(tmp_path):
    from conftest import run_cli
    from docx import Document

    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(_tables(ENERGY + BATTERY, TRANSPORT), encoding="utf-8")
    new.write_text(_tables(ENERGY, TRANSPORT + BATTERY), encoding="utf-8")
    output = tmp_path / "moved.docx"
    assert run_cli("export-table", str(old), str(new), "-o", str(output), "--changed-only").returncode == 0
    cells = [cell.paragraphs[0].text for row in Document(str(output)).tables[0].rows for cell in row.cells if cell.tables]
    assert "〔「蓄電池の導入量 | 約24GWh | 2030年」は 第2章 交通 へ移動〕" in cells
    assert "〔「蓄電池の導入量 | 約24GWh | 2030年」は 第1章 エネルギー から移動〕" in cells
