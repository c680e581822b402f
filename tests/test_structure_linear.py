"""Pathological lines that made the text readers' regexes quadratic (issue 12, point 1).

Each shape runs at 1x and 16x size and the test checks what comes out; speed itself is
measured in benchmarks, never asserted here.
"""

from __future__ import annotations

import pytest

from versiondiff.normalize import normalize_text
from versiondiff.normalize.text import page_reference

BASE = 40_000


@pytest.mark.parametrize("scale", [1, 16])
def test_long_run_of_leader_dots_is_one_paragraph(scale: int):
    dots = "." * (BASE * scale)
    document = normalize_text("目次" + dots + "x")
    assert [b.kind for b in document.preamble] == ["paragraph"]
    assert document.preamble[0].text == "目次" + dots + "x"
    assert document.sections == ()


@pytest.mark.parametrize("scale", [1, 16])
def test_many_blank_lines_do_not_read_as_markdown(scale: int):
    document = normalize_text("冒頭" + " \n" * (BASE * scale // 2) + "末尾")
    assert [b.text for b in document.preamble] == ["冒頭", "末尾"]
    assert document.source_format == "text"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. 概要\t3", (5, 3)),
        ("1.2. 方法.....\t4", (7, 4)),
        ("第1章 総論……12", (6, 12)),
        ("5. 自動運転技術 p.22", (9, 22)),
        ("事業概要 ... 7  ", (5, 7)),
        ("目次" + "." * 1000 + "x", None),
        ("売上は12345", None),  # five digits are not a page number
        ("2025年", None),
    ],
)
def test_page_reference_finds_the_leader_and_the_page(line: str, expected):
    assert page_reference(line) == expected


def test_table_of_contents_with_every_leader_style_creates_no_sections():
    toc = "目次\n\n1. 概要\t3\n2. 方法.....5\n3. 結果……9\n4. 考察 p.12\n\n1. 概要\n\n本文。\n"
    document = normalize_text(toc)
    assert [b.text for b in document.preamble if b.kind == "list_item"] == [
        "1. 概要", "2. 方法", "3. 結果", "4. 考察",
    ]
    assert [s.title for s in document.sections] == ["概要"]


@pytest.mark.parametrize("scale", [1, 16])
def test_every_area_keeps_its_closing_block_however_many_areas(scale: int):
    count = 40 * scale
    text = "".join(
        f"分野{n}\n\n1. 現状\n\n① 市場\n\n② 技術\n\n町の姿\n\n① 暮らし\n\n- 変わる。\n\n" for n in range(count)
    )
    document = normalize_text(text)
    assert len(document.sections) == count
    for area in (document.sections[0], document.sections[-1]):
        assert [c.heading for c in area.children] == ["1. 現状", "町の姿"]
        assert [c.heading for c in area.children[1].children] == ["① 暮らし"]


@pytest.mark.parametrize("scale", [1, 16])
def test_restarts_without_areas_are_read_in_bounded_time_and_keep_their_text(scale: int):
    count = 60 * scale
    text = "1. 章\n\n(1) 節\n\n① 一\n\n② 二\n\n" + "見出し\n\n① 項目\n\n" * count
    document = normalize_text(text)
    texts = [s.title for _, s in document.walk()] + [b.text for _, s in document.walk() for b in s.blocks]
    assert texts.count("見出し") + sum(t == "① 項目" for t in texts) + texts.count("項目") == 2 * count


@pytest.mark.parametrize("scale", [1, 16])
def test_web_page_with_many_note_boxes_keeps_every_note(scale: int):
    count = 100 * scale
    body = "".join(
        f'<div class="notes"><p id="n{i}">注{i}</p></div><p>本文{i}<sup><a href="#n{i}">{i}</a></sup></p>'
        for i in range(count)
    )
    document = normalize_text(f"<html><body><nav>x</nav><main>{body}</main></body></html>", "html")
    assert len(document.footnotes) == count
    paragraphs = [b.text for b in document.preamble if b.kind == "paragraph"]
    assert paragraphs[0] == "本文0[^1]" and paragraphs[-1] == f"本文{count - 1}[^{count}]"


@pytest.mark.parametrize("scale", [1, 16])
def test_long_list_of_numbered_provisions_in_xml_stays_in_order(scale: int):
    count = 200 * scale
    body = "".join(f"<paragraph><num>({i})</num><content><p>text {i}</p></content></paragraph>" for i in range(count))
    xml = f"<akomaNtoso><act><body><section><num>1</num><heading>H</heading>{body}</section></body></act></akomaNtoso>"
    section = normalize_text(xml, "xml").sections[0]
    assert [b.text for b in section.blocks[:2]] == ["(0) text 0", "(1) text 1"]
    assert len(section.blocks) == count
