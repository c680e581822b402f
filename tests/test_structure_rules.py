"""Sections the reader sees: closing blocks, summary pages, attachments and notes (issue 11).

Each fixture in tests/fixtures/structure/ is a draft written for these tests in the
shapes of the real drafts; its ``.md`` is the expected canonical Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.model import Section
from versiondiff.normalize import normalize, normalize_text

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
PAIRS = sorted(p for p in FIXTURES.glob("*.txt") if p.with_suffix(".md").exists())


def _titles(sections: tuple[Section, ...]) -> list[str]:
    return [f"{s.number} {s.title}".strip() for s in sections]


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.stem)
def test_fixture_normalizes_to_its_expected_markdown(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(source.read_bytes(), name=source.name).markdown == expected


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.stem)
def test_expected_markdown_is_a_fixed_point(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(expected.encode(), name="x.md").markdown == expected


def test_closing_block_with_restarted_numbering_is_a_section_of_its_area():
    document = normalize((FIXTURES / "closing_block.txt").read_bytes(), name="x.txt")
    for area in document.sections[:3]:  # the attachment after them has no children
        closing = area.children[-1]
        assert closing.title == "計画の実行により見込まれる町の姿"
        assert closing.children[0].title == "暮らしの変化"
    last_policy = document.sections[0].children[1].children[0].children[-1]
    assert last_policy.title == "販路開拓への支援"
    assert not any("町の姿" in b.text or "給食" in b.text for b in last_policy.blocks)


def test_attachment_after_the_last_area_is_top_level():
    document = normalize((FIXTURES / "closing_block.txt").read_bytes(), name="x.txt")
    assert _titles(document.sections)[-1] == "別紙1 用語の説明"


def test_summary_page_repeated_at_the_end_of_every_area_is_a_section():
    document = normalize((FIXTURES / "summary_page.txt").read_bytes(), name="x.txt")
    for area in document.sections:
        assert area.children[-1].title == "要点"
    supports = document.sections[0].children[1].children[0].children[-1]
    assert [b.text for b in supports.blocks if b.kind == "paragraph"] == ["事業者向け", "学生向け"]


def test_a_title_closing_fewer_than_three_areas_stays_text():
    text = (FIXTURES / "summary_page.txt").read_text(encoding="utf-8").replace("要点", "概要", 1)
    document = normalize_text(text)
    assert [a.children[-1].title for a in document.sections] == ["政策", "政策", "政策"]
    texts = [b.text for _, s in document.sections[1].walk() for b in s.blocks]
    assert "要点" in texts


def test_restarted_list_in_the_middle_of_an_area_stays_inside_its_subsection():
    text = (
        "1. 目標\n\n(1) 現状\n\n① 市場\n\n- ・ 拡大している。\n\n② 技術\n\n"
        "主な技術\n\n① 蓄電\n\n② 送電\n\n(2) 目標\n\n- ・ 倍増させる。\n"
    )
    document = normalize_text(text)
    current = document.sections[0].children[0]
    assert _titles(current.children) == ["① 市場", "② 技術"]
    assert _titles(document.sections[0].children) == ["(1) 現状", "(2) 目標"]


@pytest.mark.parametrize(
    "note", ["※例：件数は年100件", "※このほか、別の計画にも定める", "注：研修は町で行う", "(注)数値は速報値"]
)
def test_a_note_after_a_bullet_is_its_own_block(note: str):
    document = normalize_text(f"本文\n\n- ・ 支援を行う。\n{note}\n")
    assert [b.kind for b in document.preamble] == ["paragraph", "list_item", "paragraph"]
    assert document.preamble[1].text == "支援を行う。"


def test_a_word_starting_with_the_note_character_is_still_a_continuation():
    document = normalize_text("本文\n\n- ・ 利用者の\n注目を集める。\n")
    assert document.preamble[1].text == "利用者の注目を集める。"


@pytest.mark.parametrize("title", ["参考", "(参考) 各国の取組", "【参考資料】", "別紙2", "附則"])
def test_attachment_titles_head_a_section(title: str):
    document = normalize_text(f"1. 本文\n\n- ・ 内容。\n\n{title}\n\n- 補足の内容\n")
    assert len(document.sections) == 2
    assert document.sections[1].blocks[0].text == "補足の内容"


def test_markdown_heading_glued_to_the_text_before_it_is_split():
    glued = (FIXTURES / "glued_headings.md").read_text(encoding="utf-8")
    clean = glued.replace("雑則## 第一節", "雑則\n\n## 第一節")
    document = normalize_text(glued, "markdown")
    assert document.markdown == normalize_text(clean, "markdown").markdown
    chapter = document.sections[1]
    assert (chapter.number, chapter.title) == ("第二章", "雑則")
    assert [(s.number, s.title) for s in chapter.children] == [("第一節", "通則")]
    assert chapter.children[0].children[0].number == "第二条"


def test_glued_heading_in_plain_text_switches_to_markdown_and_splits():
    document = normalize_text("# 第一章 総則\n\n本文。\n\n# 第二章 雑則## 第一節 通則\n\n委任の規定。\n")
    assert [s.title for s in document.sections] == ["総則", "雑則"]
    assert document.sections[1].children[0].title == "通則"


def test_article_glued_after_a_sentence_in_plain_text_is_split_off_as_an_article():
    document = normalize_text("前文を定める。第二条　この条例は町に適用する。\n")
    assert [b.text for b in document.preamble] == ["前文を定める。"]
    assert document.sections[0].title == "第二条"
    assert [b.text for b in document.sections[0].blocks] == ["この条例は町に適用する。"]


@pytest.mark.parametrize(
    "text", ["C# の入門", "第二条の規定により届け出る。", "問題点は## 3つある", "番号#1 の件"]
)
def test_text_that_only_looks_glued_stays_one_paragraph(text: str):
    document = normalize_text(text + "\n")
    assert len(document.preamble) == 1 and not document.sections


def test_a_kept_glued_mark_is_escaped_so_canonical_markdown_is_a_fixed_point():
    document = normalize_text("<p>第三章　雑則## 第一節　通則</p>", "html")
    assert document.preamble[0].text == "第三章\u3000雑則## 第一節\u3000通則"
    assert normalize_text(document.markdown, "markdown").markdown == document.markdown


def test_plain_text_law_has_chapters_sections_and_articles():
    document = normalize((FIXTURES / "ordinance.txt").read_bytes(), name="x.txt")
    assert [(len(path), s.heading) for path, s in document.walk()] == [
        (0, "第一章 総則"), (1, "第一条 （目的）"),
        (0, "第二章 清掃活動"), (1, "第一節 通則"), (2, "第二条 （清掃日）"), (1, "第二節 協力者"), (2, "第三条"),
        (0, "第三章 雑則"), (1, "第四条"),
        (0, "附則"),
    ]
    article = document.sections[1].children[1].children[0]
    assert [b.text for b in article.blocks] == ["清掃に参加した者には、記念品を贈ることができる。"]


def test_an_article_cited_in_running_text_is_not_a_heading():
    document = normalize_text("第一章 総則\n\n第二条の規定により届け出る。\n")
    assert document.sections[0].blocks[0].text == "第二条の規定により届け出る。"


@pytest.mark.parametrize(("kanji", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二百三", 203), ("12", 12)])
def test_kanji_numbers_of_chapters_and_articles(kanji: str, value: int):
    from versiondiff.normalize.text import kanji_number

    assert kanji_number(kanji) == value


def test_chapter_numbers_must_continue():
    document = normalize_text("第一章 総則\n\n本文。\n\n第三章 雑則\n\n本文。\n")
    assert [s.heading for s in document.sections] == ["第一章 総則"]


@pytest.mark.parametrize(
    "text",
    ["注目される。\n第一章 総則\n", "町は行う。\n第二条 町は行う。\n", "要点\n参考資料\n", "- ・支援する。\n第三章 雑則\n"],
)
def test_wrapped_lines_that_join_into_heading_shapes_read_back_the_same(text: str):
    # Canonical Markdown is read back as Markdown (store, web, CLI): no heading is guessed there.
    markdown = normalize_text(text).markdown
    assert normalize(markdown.encode(), name="doc.md").markdown == markdown
