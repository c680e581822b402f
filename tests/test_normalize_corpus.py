"""Normalization of the real drafts in ../shared/corpus (issue: foundation)."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, CORPUS_FILES

from versiondiff.model import Document, Section
from versiondiff.normalize import normalize, normalize_file
from versiondiff.normalize.inline import compact_key

pytestmark = pytest.mark.corpus

OLD_AREAS = [
    "データプラットフォーム",
    "クラウド・データセンター",
    "AI時代に対応した先進的サイバーセキュリティ製品・サービス",
    "セキュリティの確保された政府・地方公共団体のDX基盤",
    "クラウドネイティブに最適化された医療DX基盤",
    "自動運転技術(車両、システム)",
]


def _section(document: Document, title_start: str) -> Section:
    return next(s for s in document.sections if compact_key(s.title).startswith(title_start))


def _section_markdown(section: Section) -> str:
    return Document(sections=(section,)).markdown


def _body_texts(section: Section) -> list[str]:
    return [b.text for _, s in section.walk() for b in s.blocks]


def test_old_roadmap_has_its_six_areas_as_top_level_sections(old_roadmap):
    assert [compact_key(s.title) for s in old_roadmap.sections] == [compact_key(t) for t in OLD_AREAS]
    assert all(s.number == "" for s in old_roadmap.sections)


def test_new_roadmap_has_34_numbered_areas_with_body_titles(new_roadmap):
    numbers = [s.number for s in new_roadmap.sections]
    assert numbers == [f"{n}." for n in range(1, 35)]
    # The body spells area 1 バーティカルAI; the table of contents misspells it パーティカルAI.
    assert new_roadmap.sections[0].title == "バーティカルAI（領域特化型AI）"
    assert new_roadmap.sections[4].title == "自動運転技術"
    assert new_roadmap.sections[33].title == "実写"


def test_table_of_contents_creates_no_sections(new_roadmap):
    toc_titles = [b.text for b in new_roadmap.preamble if b.kind == "list_item"]
    assert any("パーティカルAI" in t for t in toc_titles)
    assert not any("p.2" in t or "p.167" in t for t in toc_titles), "page numbers are dropped"
    assert not any(s.title.startswith("パーティカルAI") for _, s in new_roadmap.walk())


@pytest.mark.parametrize("which", ["old_roadmap", "new_roadmap"])
def test_every_area_has_the_three_numbered_subsections_of_its_text(which, request):
    document = request.getfixturevalue(which)
    for area in document.sections:
        numbers = [child.number for child in area.children]
        assert numbers[:3] == ["1.", "2.", "3."], area.title
        assert area.children[0].title.endswith("現状認識と目指す姿【目標】")


def _footnote_text_after(markdown: str, figure: str, footnotes: dict[str, str]) -> list[str]:
    """The texts of the footnotes referenced right after a figure in running text."""
    match = re.search(re.escape(figure) + r"((?:\[\^\d+\])+)", markdown)
    assert match, f"{figure} with a footnote reference"
    return [footnotes[n] for n in re.findall(r"\[\^(\d+)\]", match.group(1))]


def test_autonomous_driving_figures_stand_in_their_sentences_with_footnotes(old_roadmap, new_roadmap):
    old = _section_markdown(_section(old_roadmap, "自動運転技術"))
    new = _section_markdown(_section(new_roadmap, "自動運転技術"))
    assert "製造品出荷額等は約70兆円" in old and "製造品出荷額等は約72兆円" in new
    assert "我が国企業のシェアは約26%" in old and "我が国企業のシェアは約25%" in new
    assert "日本の輸出額の約21%" in old and "日本の輸出額の約16%" in new
    assert _footnote_text_after(old, "約70兆円", old_roadmap.footnotes) == ["2023年時点"]
    assert _footnote_text_after(new, "約72兆円", new_roadmap.footnotes) == ["2023年時点"]
    assert _footnote_text_after(old, "約21%", old_roadmap.footnotes) == ["2024年時点", "約22兆円"]
    assert _footnote_text_after(new, "約16%", new_roadmap.footnotes) == ["2025年時点", "約17.6兆円"]


def test_footnote_marks_of_every_style_become_markdown_footnotes(old_roadmap, new_roadmap):
    for document in (old_roadmap, new_roadmap):
        markdown = document.markdown
        for mark in ("^{(*)", "^(*", "(*)1)", "(\\*"):
            body = [line for line in markdown.splitlines() if mark in line]
            assert len(body) <= 2, (mark, body[:3])


def test_no_running_header_survives_in_old_roadmap_bodies(old_roadmap):
    for area in old_roadmap.sections:
        for text in _body_texts(area):
            assert text != "デジタル・サイバーセキュリティ"
            assert not text.startswith("デジタル・サイバーセキュリティ")


def test_summary_page_of_every_area_is_a_section_of_its_own(new_roadmap):
    # Repeated labels are content, never running headers: each area keeps its summary
    # page, now as the area's last subsection instead of glued onto the policy subsection.
    for area in new_roadmap.sections:
        assert area.children[-1].title == "方向性", area.title
        assert area.children[-1].blocks, area.title


def test_last_policy_subsection_no_longer_holds_the_summary_page(new_roadmap):
    driving = new_roadmap.sections[4]
    policy = driving.children[2].children[1].children[-1]
    assert policy.title == "導入環境の整備への支援"
    texts = [b.text for b in policy.blocks]
    assert "インフラ" in texts  # its own labelled groups stay
    assert not any("約25%" in t for t in texts)  # the summary's figures are not its own


def test_closing_vision_block_of_every_old_area_is_a_section(old_roadmap):
    for area in old_roadmap.sections:
        closing = area.children[-1]
        assert closing.title.endswith("未来社会のイメージ"), area.title
        assert [c.number for c in closing.children] == ["①", "②", "③"]
        last_policy = area.children[2].children[-1].children[-1]
        assert not any("未来社会" in t for t in _body_texts(last_policy))


def test_markdown_draft_keeps_its_heading_hierarchy():
    document = normalize_file(CORPUS / "004_a42354bcee9af2dc.txt")
    first = document.sections[0]
    assert first.title == "ICTグローバル戦略について"
    assert [c.title for c in first.children][:3] == ["検討事項", "構成員", "スケジュール"]
    considered = first.children[0]
    assert [c.number for c in considered.children] == ["1.", "2.", "3.", "4."]
    assert considered.children[0].title == "世界最先端のICT研究開発"
    assert considered.children[0].level == 3


def test_report_yields_numbered_chapters_outline_levels_and_tables():
    document = normalize_file(CORPUS / "003_2a231ee40087f7f5.txt")
    assert [s.number for s in document.sections] == ["1.", "2.", "3.", "4."]
    chapter3 = document.sections[2]
    assert [c.number for c in chapter3.children] == ["3.1.", "3.2."]
    assert [c.number for c in chapter3.children[0].children] == ["3.1.1.", "3.1.2.", "3.1.3."]
    tables = [b for _, s in document.walk() for b in s.blocks if b.kind == "table"]
    assert len(tables) >= 10
    assert "| --- |" in document.markdown
    # A numbered list inside a figure (1. 基本的な考え方 after chapter 3) is not a chapter.
    assert not any(s.title == "基本的な考え方" and s.level == 1 for s in document.sections)


def test_spaces_between_numbers_and_units_stay_as_the_source_wrote_them():
    document = normalize_file(CORPUS / "003_2a231ee40087f7f5.txt")
    markdown = document.markdown
    assert "2024 年 11 月 21 日" in markdown  # kept in canonical text; comparison ignores them


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_canonical_markdown_is_a_fixed_point(path):
    markdown = normalize_file(path).markdown
    again = normalize(markdown.encode("utf-8"), name="canonical.md").markdown
    assert again == markdown
