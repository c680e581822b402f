"""A table that states its unit once (column header, 単位 column, 「単位：…」 cell) gives that unit to
the bare numbers in its cells: a KPI table's edit reads +10万人, not +10. Tables written for these tests."""

from __future__ import annotations

import pytest

from versiondiff.compare import compare_documents
from versiondiff.compare.quantities import find_quantities
from versiondiff.compare.table_units import in_declared_unit, unit_grid
from versiondiff.model import Block
from versiondiff.normalize import normalize_text

COLUMN_HEADERS = "| 指標 | 現状（万人） | 目標（万人） |\n|---|---|---|\n| 利用者数 | 150 | 200 |\n| 就業者数 | 30 | 40 |\n"
UNIT_COLUMN = (
    "| 事項 | 単位 | 令和6年度 | 令和7年度 |\n|---|---|---|---|\n"
    "| 補助金 | 億円 | 120 | 150 |\n| 対象件数 | 件 | 300 | 320 |\n| 達成率 | % | 80 | 85 |\n"
)
TABLE_CAPTION = "| （単位：億円） | 令和6年度 | 令和7年度 |\n|---|---|---|\n| 研究開発 | 120 | 150 |\n| 実証事業 | 80 | 95 |\n"


def _changes(old_table: str, new_table: str) -> list[tuple[str, str | None, str | None, str, str | None]]:
    def doc(table: str):
        return normalize_text(f"# 1. 目標\n\n{table}\n", "markdown")

    found = compare_documents(doc(old_table), doc(new_table)).quantities
    return [(q.status, q.old.text if q.old else None, q.new.text if q.new else None, q.delta,
             (q.new or q.old).unit) for q in found]


@pytest.mark.parametrize(("table", "old", "new", "expected"), [
    (COLUMN_HEADERS, "| 200 |", "| 210 |", ("changed", "200", "210", "+10万人 (+5%)", "人")),
    (UNIT_COLUMN, "| 150 |", "| 160 |", ("changed", "150", "160", "+10億円 (+6.7%)", "円")),
    (UNIT_COLUMN, "| 85 |", "| 90 |", ("changed", "85", "90", "+5 pt", "%")),
    (TABLE_CAPTION, "| 95 |", "| 100 |", ("changed", "95", "100", "+5億円 (+5.3%)", "円")),
])
def test_an_edited_cell_reads_in_the_unit_its_table_declares(table, old, new, expected):
    assert _changes(table, table.replace(old, new)) == [expected]


def test_a_deleted_row_reports_its_figures_in_their_units():
    table = UNIT_COLUMN.replace("| 対象件数 | 件 | 300 | 320 |\n", "")
    assert _changes(UNIT_COLUMN, table) == [("removed", "300", None, "", "件"), ("removed", "320", None, "", "件")]


def _table(text: str) -> Block:
    lines = [line for line in text.splitlines() if line and not line.startswith("|---")]
    return Block("table", rows=tuple(tuple(cell.strip() for cell in line.strip("|").split("|")) for line in lines))


def test_unit_grid_reads_each_way_of_declaring_a_unit():
    assert unit_grid(_table(COLUMN_HEADERS)) == [[None, None, None], [None, "万人", "万人"], [None, "万人", "万人"]]
    assert unit_grid(_table(UNIT_COLUMN))[1:] == [[None, None, "億円", "億円"], [None, None, "件", "件"], [None, None, "%", "%"]]
    assert unit_grid(_table(TABLE_CAPTION))[1:] == [[None, "億円", "億円"], [None, "億円", "億円"]]


def test_the_column_naming_the_rows_keeps_its_numbers_as_labels():
    """Years naming the rows of a table in 億円 stay years (a lone number, read as it is), while the
    row's values are in 億円."""
    table = "| （単位：億円） | 予算 | 決算 |\n|---|---|---|\n| 2023 | 120 | 110 |\n| 2024 | 130 | 125 |\n"
    added = table + "| 2025 | 140 | 138 |\n"
    assert [(change[2], change[4]) for change in _changes(table, added)] == [("2025", None), ("140", "円"), ("138", "円")]


@pytest.mark.parametrize("header", ["2030年", "（参考）", "目標値", "備考（注）", "区分"])
def test_a_header_that_declares_no_unit_gives_none(header):
    assert unit_grid(_table(f"| 指標 | {header} |\n|---|---|\n| 利用者数 | 150 |\n")) is None


def test_only_a_cell_that_is_a_bare_number_takes_the_unit():
    def read(cell: str) -> list[tuple[str, float | None, str | None]]:
        return [(q.text, q.value, q.unit) for q in in_declared_unit(cell, find_quantities(cell), "万人")]

    assert read("150") == [("150", 1.5e6, "人")]
    assert read("約150") == [("約150", 1.5e6, "人")]
    assert read("150人") == [("150人", 150.0, "人")]  # its own unit stands
    assert read("150（見込み）") == [("150", 150.0, None)]  # more than a number: left as read
    assert read("2件と150") == [(q.text, q.value, q.unit) for q in find_quantities("2件と150")]


def test_a_unit_declared_by_the_table_leaves_a_numbered_column_alone():
    table = "| No. | 指標 | 目標（件） |\n|---|---|---|\n| 1 | 相談 | 120 |\n| 2 | 訪問 | 80 |\n"
    inserted = table.replace("| 1 | 相談 | 120 |\n", "| 1 | 新設 | 10 |\n| 2 | 相談 | 120 |\n").replace("| 2 | 訪問", "| 3 | 訪問")
    assert _changes(table, inserted) == [("added", None, "10", "", "件")]


@pytest.mark.parametrize(("header", "unit"), [
    ("目標（万人）", "万人"), ("金額(億円)", "億円"), ("予算額(単位：千円)", "千円"), ("（%）", "%"), ("排出量（t-CO2）", "t-CO2"),
])
def test_a_column_header_declares_the_unit_in_its_closing_bracket(header, unit):
    assert unit_grid(_table(f"| 指標 | {header} |\n|---|---|\n| 利用者数 | 150 |\n")) == [[None, None], [None, unit]]
