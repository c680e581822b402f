"""Whole web pages in: furniture dropped, main content kept, history notes as footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize, normalize_file, normalize_text

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
PAGES = sorted(FIXTURES.glob("*.html"))
FURNITURE = [
    "cookies", "Accept", "Skip to content", "Town Code Online", "Search", "Codes", "2024 laws",
    "Home", "Title 9", "Related", "Boats", "©", "updated",
    "トップ", "くらし", "よく見られている", "ごみの出し方", "電話",
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_normalizes_to_its_expected_markdown(page: Path):
    assert normalize_file(page).markdown == page.with_suffix(".md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_expected_markdown_is_a_fixed_point(page: Path):
    expected = page.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(expected.encode(), name="x.md").markdown == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_furniture_is_dropped(page: Path):
    markdown = normalize_file(page).markdown
    for word in FURNITURE:
        assert word not in markdown, word


def test_main_element_is_the_document_and_history_notes_are_footnotes():
    document = normalize_file(FIXTURES / "law_page.html")
    assert [s.heading for _, s in document.walk()] == [
        "Chapter 9.12 Harbour Lights", "9.12.010 Purpose", "9.12.020 Lamps",
    ]
    purpose = document.sections[0].children[0]
    assert purpose.blocks[0].text == "The harbour shall be lit from sunset to sunrise[^1]."
    assert document.footnotes["1"] == "Ord. 2019-04 § 2, effective October 1, 2019."
    body = [b.text for _, s in document.walk() for b in s.blocks if b.kind != "footnote"]
    assert not any("Ord." in text for text in body)


def test_article_without_main_is_the_document_and_its_source_line_a_footnote():
    document = normalize_file(FIXTURES / "news_page.html")
    assert [s.title for _, s in document.walk()] == ["令和8年第1回定例会の結果", "可決した議案"]
    assert list(document.footnotes.values()) == ["出典：みなと町議会 会議録（令和8年3月18日）"]


def test_page_revision_pair_shows_only_the_real_changes():
    old = normalize_file(FIXTURES / "law_page.html")
    new = normalize_file(FIXTURES / "law_page_v2.html")
    result = compare_documents(old, new).as_json()
    changed = [s for s in result["sections"] if s["status"] != "unchanged"]
    assert [s["new"]["title"] for s in changed] == ["9.12.020 Lamps"]
    figures = [(q["status"], q["old"]["text"] if q["old"] else None, q["new"]["text"] if q["new"] else None)
               for q in result["quantities"] if not q["in_footnote"]]
    assert figures == [("changed", "12", "14")]


def test_a_plain_html_document_keeps_every_block():
    document = normalize_text(
        '<html><body><div class="menu-note"><p>本文の一段落目。</p></div>'
        "<ul><li><a href='/a'>第1章</a></li><li><a href='/b'>第2章</a></li><li><a href='/c'>第3章</a></li></ul>"
        "</body></html>",
        "html",
    )
    assert [b.text for b in document.preamble] == ["本文の一段落目。", "第1章", "第2章", "第3章"]


def test_link_list_inside_the_main_content_is_dropped_but_a_paragraph_with_links_stays():
    document = normalize_text(
        "<html><body><main><h1>計画</h1>"
        "<p>詳しくは<a href='/x'>資料1</a>と<a href='/y'>資料2</a>、<a href='/z'>資料3</a>を参照し、"
        "2030年までに実施する。</p>"
        "<div class='links'><a href='/1'>前のページ</a> <a href='/2'>次のページ</a> <a href='/3'>一覧</a></div>"
        "</main></body></html>",
        "html",
    )
    assert [b.text for b in document.sections[0].blocks] == ["詳しくは資料1と資料2、資料3を参照し、2030年までに実施する。"]


def test_page_markup_cannot_pose_as_a_footnote_mark():
    document = normalize_text(
        '<html><body><main><p data-versiondiff-note="w1">本文です。</p>'
        '<p>次<span data-versiondiff-ref="w1">X</span>です。</p></main></body></html>',
        "html",
    )
    assert [b.kind for b in document.preamble] == ["paragraph", "paragraph"]
    assert document.preamble[1].text == "次Xです。"
