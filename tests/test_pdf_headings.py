"""Headings a PDF shows only by their type: larger or bold, without a number (issue 17).

Hand-built lines check the rule; a page printed by chromium (``<h1>`` title in large
type, bold ``<h2>`` subtitles, numbered ``1.`` sections under them) checks it end to end.
Chromium draws CJK text in Type 3 fonts that carry no weight, so its headings are found
by size; bold at body size is checked on a DOCX printed by LibreOffice, whose fonts do.
"""

from __future__ import annotations

import pytest
from pdf_builder import print_html

from versiondiff.normalize import normalize_file, normalize_text
from versiondiff.normalize.pdf_layout import PageLines, TextLine, rebuild_text

SIZE, PITCH, LEFT, RIGHT, EXTENT = 10.5, 15.0, 40.0, 550.0, 842.0


def _line(text: str, row: float, *, size: float = SIZE, bold: bool = False, full: bool = False) -> TextLine:
    top = 60 + row * PITCH
    end = RIGHT if full else LEFT + len(text) * size
    return TextLine(text, LEFT, end, top, top + size, size, bold)


def _body(row: float) -> tuple[TextLine, TextLine]:
    """A paragraph of two lines: the first fills the column (the body's pitch and edge)."""
    return _line("本文の文章は行の終わりまで届いて次の行へと続いていく。", row, full=True), _line("終わり。", row + 1)


def _outline(document) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for _, s in document.walk()]


def _read(*lines: TextLine):
    return normalize_text(rebuild_text([PageLines(EXTENT, lines)]))


def test_larger_type_heads_the_numbered_sections_below_it():
    document = _read(
        _line("はじめに", 0, size=21.0), *_body(2),
        _line("1. 現状認識", 5), *_body(7), _line("2. 目標", 10), *_body(12),
        _line("おわりに", 15, size=21.0), *_body(17),
    )
    assert _outline(document) == [
        (1, "", "はじめに"), (2, "1.", "現状認識"), (2, "2.", "目標"), (1, "", "おわりに"),
    ]


def test_sizes_rank_headings_and_bold_body_type_comes_last():
    document = _read(
        _line("交通政策の概要", 0, size=21.0),
        _line("公共交通", 2, size=15.75),
        _line("バス路線", 4, bold=True), _line("1. 現状", 6), *_body(8),
        _line("物流", 11, size=15.75), _line("1. 現状", 13), *_body(15),
    )
    assert _outline(document) == [
        (1, "", "交通政策の概要"), (2, "", "公共交通"), (3, "", "バス路線"), (4, "1.", "現状"),
        (2, "", "物流"), (3, "1.", "現状"),
    ]


def test_slightly_larger_type_sentences_lists_and_numbers_are_not_unnumbered_headings():
    document = _read(
        _line("1. 自動運転技術", 0, size=16.0), *_body(2),
        _line("少し大きな字の行", 4, size=11.5), _line("大きな字の文でも文は文である。", 6, size=21.0),
        _line("・太字の箇条書き", 8, bold=True),
    )
    assert _outline(document) == [(1, "1.", "自動運転技術")]


def test_a_bold_paragraph_wrapped_across_lines_is_not_a_heading():
    document = _read(
        _line("見出しではない段落の全体が太字で書かれ、行の終わりまで届いて次の行へ", 0, bold=True, full=True),
        _line("続いている", 1, bold=True),
    )
    assert _outline(document) == []
    assert "次の行へ続いている" in document.markdown


def test_a_draft_without_heading_type_reads_as_before():
    lines = (_line("1. 現状認識", 0), _line("本文。", 1), _line("(1) 現状", 3), _line("本文。", 4))
    assert "\x1e" not in rebuild_text([PageLines(EXTENT, lines)])


# ---------------------------------------------------------------- printed by chromium

_BODY = [
    "<h1>はじめに</h1>",
    "この計画は、市内の交通と物流の現状を整理し、十年後に目指す姿と、そこへ至る政策手段を示すものである。"
    "人口減少と高齢化が進むなかで、路線バスの減便や物流の担い手不足が続いており、自動運転や遠隔監視などの"
    "新しい技術を取り入れながら、住民の移動と暮らしを支える仕組みを作り直す必要がある。本計画では、分野ごとに"
    "現状認識と目標を示し、毎年度その進み具合を確かめる。",
    "",
    "<b>重要</b>：本文の中の太字は見出しではない。",
    "",
    "<b>この一文は全体が太字で書かれている。</b>",
    "<h2>交通分野の取組</h2>",
    "1. 現状認識", "", "(1) 現状", "",
    "・市内路線バスの輸送人員は年間約1,200万人。運転手不足により減便が続いており、路線の維持には"
    "新しい交通手段が欠かせない。",
    "",
    "2. 目標", "", "・2032年度までに10路線で営業運行する。",
    "<h2>物流分野の取組</h2>",
    "1. 現状認識", "", "・出荷額は約70兆円。",
    "<h1>おわりに</h1>",
    "結びの文章です。",
]
# Lines as the sample drafts are printed (one ``<div>`` a line, a blank ``<div>`` between
# blocks); the headings in HTML's own default type: h1 2em, h2 1.5em, both bold.
_PAGE = (
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>draft</title><style>'
    "@page { size: A4; margin: 20mm 15mm; }"
    "body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10.5pt; margin: 0; }"
    "</style></head><body>"
    + "".join(line if line.startswith("<h") else f"<div>{line or '&nbsp;'}</div>" for line in _BODY)
    + "</body></html>"
)


@pytest.fixture(scope="session")
def printed_headings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("headings")
    source = folder / "headings.html"
    source.write_text(_PAGE, encoding="utf-8")
    return print_html(source, folder / "headings.pdf")


@pytest.mark.browser
def test_printed_title_and_subtitles_are_headings_over_the_numbered_sections(printed_headings):
    document = normalize_file(printed_headings)
    assert _outline(document) == [
        (1, "", "はじめに"),
        (2, "", "交通分野の取組"), (3, "1.", "現状認識"), (4, "(1)", "現状"), (3, "2.", "目標"),
        (2, "", "物流分野の取組"), (3, "1.", "現状認識"),
        (1, "", "おわりに"),
    ]


@pytest.mark.browser
def test_printed_bold_words_in_a_paragraph_stay_its_text(printed_headings):
    document = normalize_file(printed_headings)
    opening = [b.text for b in next(s for _, s in document.walk()).blocks]
    assert opening[1:] == ["重要：本文の中の太字は見出しではない。", "この一文は全体が太字で書かれている。"]


def _bold_titled_docx(path):  # noqa: ANN001, ANN202
    """A DOCX whose section titles are only bold body-size paragraphs, an empty paragraph
    between blocks as drafts are typed (python-docx)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.styles["Normal"].font.name = "Noto Sans CJK JP"
    for title, numbered in (("交通分野の取組", ["1. 現状認識", "2. 目標"]), ("物流分野の取組", ["1. 現状認識"])):
        document.add_paragraph().add_run(title).bold = True
        lead = document.add_paragraph()
        lead.add_run("重要").bold = True
        lead.add_run("：この分野の本文であり、太字の語を含んでも見出しではない。")
        document.add_paragraph()
        for heading in numbered:
            document.add_paragraph(heading)
            document.add_paragraph()
            document.add_paragraph("本文の文章は行の終わりまで届かずに終わる。")
            document.add_paragraph()
    document.save(path)
    return path


@pytest.mark.browser
def test_bold_body_size_titles_in_a_libreoffice_pdf_are_headings(tmp_path):
    from pdf_builder import convert_docx

    pdf = convert_docx(_bold_titled_docx(tmp_path / "bold.docx"), tmp_path)
    document = normalize_file(pdf)
    assert _outline(document) == [
        (1, "", "交通分野の取組"), (2, "1.", "現状認識"), (2, "2.", "目標"),
        (1, "", "物流分野の取組"), (2, "1.", "現状認識"),
    ]
    assert document.sections[0].blocks[0].text.startswith("重要：この分野の本文")
