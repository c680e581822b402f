"""Positioned lines back to a draft's text: what only layout tells (issue 17).

Pages are built by hand: A4-like pages of 10.5 pt type on a 15 pt pitch, text
column from 40 to 550 pt.
"""

from __future__ import annotations

from versiondiff.normalize import normalize_text
from versiondiff.normalize.pdf_layout import PageLines, TextLine, rebuild_text

SIZE, PITCH, LEFT, RIGHT, EXTENT = 10.5, 15.0, 40.0, 550.0, 842.0


def _line(text: str, row: float, *, indent: float = 0.0, full: bool = False, size: float = SIZE) -> TextLine:
    top = 60 + row * PITCH
    end = RIGHT if full else LEFT + indent + len(text) * size
    return TextLine(text, LEFT + indent, end, top, top + size, size)


def _page(*lines: TextLine, footer: str = "") -> PageLines:
    extra = (TextLine(footer, 280, 300, 800, 810, 8.0),) if footer else ()
    return PageLines(EXTENT, (*lines, *extra))


def test_wrapped_japanese_lines_rejoin_without_a_space():
    page = _page(_line("・市内路線バスの輸送人員は年間約1,200万人で、運転手不足に", 0, full=True), _line("より減便が続く。", 1))
    assert rebuild_text([page]) == "・市内路線バスの輸送人員は年間約1,200万人で、運転手不足により減便が続く。\n"


def test_wrapped_latin_words_rejoin_with_a_space():
    page = _page(_line("The share of world car sales fell to about", 0, full=True), _line("25 percent.", 1))
    assert rebuild_text([page]) == "The share of world car sales fell to about 25 percent.\n"


def test_a_new_bullet_or_heading_after_a_full_line_is_not_a_continuation():
    page = _page(_line("・一つ目の項目はちょうど行末まで届く長さで書かれている。", 0, full=True), _line("・二つ目の項目。", 1))
    assert rebuild_text([page]).splitlines() == ["・一つ目の項目はちょうど行末まで届く長さで書かれている。", "・二つ目の項目。"]


def test_a_wrapped_footnote_reference_stays_in_its_sentence():
    page = _page(_line("次世代ワイヤレス(非地上系ネットワーク(衛星光通信等)", 0, full=True), _line("※1、5G等)が必要不可欠。", 1))
    assert rebuild_text([page]) == "次世代ワイヤレス(非地上系ネットワーク(衛星光通信等)※1、5G等)が必要不可欠。\n"


def test_a_vertical_gap_is_a_paragraph_break():
    page = _page(_line("(1) 現状", 0), _line("・輸送人員は約1,200万人。", 2))
    assert rebuild_text([page]) == "(1) 現状\n\n・輸送人員は約1,200万人。\n"


def test_page_numbers_and_running_footers_are_dropped():
    openings = ["交通の現状。", "物流の課題。", "観光の目標。"]
    pages = [
        _page(_line(opening, 0), _line("続きの文。", 1), footer=f"{n} / 3") for n, opening in enumerate(openings, 1)
    ]
    text = rebuild_text(pages)
    assert "/ 3" not in text and all(opening in text for opening in openings)


def test_a_paragraph_continues_across_a_page_break():
    first = _page(*(_line("前置きの文。", r) for r in range(0, 47)), _line("ページの最後まで続く長い文は、", 47, full=True))
    second = _page(_line("次のページで終わる。", 0))
    assert "ページの最後まで続く長い文は、次のページで終わる。" in rebuild_text([first, second])


def test_a_lowered_first_line_after_a_page_break_starts_a_new_block():
    first = _page(*(_line("前のページの段落。", r) for r in range(0, 48)))
    second = _page(_line("次の段落。", 1))
    assert rebuild_text([first, second]).endswith("前のページの段落。\n\n次の段落。\n")


def test_larger_type_is_a_block_of_its_own_and_reads_as_a_heading():
    pages = [_page(_line("1. 自動運転技術", 0, size=16.0), _line("本文の文章です。", 1.5), _line("(1) 現状", 3))]
    text = rebuild_text(pages)
    assert text.startswith("1. 自動運転技術\n\n本文の文章です。")
    assert normalize_text(text).sections[0].title == "自動運転技術"


def test_indentation_becomes_list_depth():
    page = _page(_line("・上位の項目。", 0), _line("・下位の項目。", 1, indent=SIZE * 2), _line("・上位に戻る。", 2))
    items = [b for b in normalize_text(rebuild_text([page])).preamble if b.kind == "list_item"]
    assert [b.depth for b in items] == [0, 1, 0]


def test_wide_gaps_in_a_line_are_table_cells():
    page = _page(_line("指標\t2024年\t2030年", 0), _line("シェア\t約26%\t約30%", 1))
    tables = [b for b in normalize_text(rebuild_text([page])).preamble if b.kind == "table"]
    assert tables and tables[0].rows[1] == ("シェア", "約26%", "約30%")


def test_side_by_side_columns_are_read_column_by_column_whatever_the_drawing_order():
    def cell(text: str, row: int, column: int) -> TextLine:
        start = LEFT + column * 270
        top = 60 + row * PITCH
        return TextLine(text, start, start + len(text) * SIZE, top, top + SIZE, SIZE)

    rows = [("左の一行目。", "右の一行目。"), ("左の二行目。", "右の二行目。"), ("左の三行目。", "右の三行目。")]
    interleaved = [cell(text, r, c) for r, pair in enumerate(rows) for c, text in enumerate(pair)]
    text = rebuild_text([PageLines(EXTENT, tuple(interleaved))])
    order = ["左の一行目。", "左の二行目。", "左の三行目。", "右の一行目。", "右の二行目。", "右の三行目。"]
    assert sorted(order, key=text.index) == order
