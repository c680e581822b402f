"""Canonical Markdown rules, one behaviour per test, on drafts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.normalize import normalize, normalize_text
from versiondiff.normalize.inline import clean_text, tidy_spaces

FIXTURES = Path(__file__).parent / "fixtures" / "normalize"
PAIRS = sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.stem)
def test_fixture_normalizes_to_its_expected_markdown(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(source.read_bytes(), name=source.name).markdown == expected


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.stem)
def test_expected_markdown_is_a_fixed_point(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(expected.encode(), name="x.md").markdown == expected


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ＡＢＣ１２３（注）", "ABC123(注)"),
        ("２６％", "26%"),
        ("１，２００億円", "1,200億円"),
        ("０．７３兆円", "0.73兆円"),
        ("2025 年 4 月", "2025年4月"),
        ("第 6 期", "第6期"),
        ("製品 ・サービス", "製品・サービス"),
        ("全角\u3000空白", "全角 空白"),
    ],
)
def test_canonical_text_keeps_the_authors_width_and_spacing_and_comparison_folds_them(raw: str, folded: str):
    assert clean_text(raw) == raw
    assert tidy_spaces(raw) == tidy_spaces(folded) == folded


def test_only_half_width_katakana_is_folded_in_canonical_text():
    # ｶﾞ is two characters for one ガ: it cannot be folded one for one inside comparison.
    assert clean_text("ｶﾞｲﾄﾞﾗｲﾝ") == "ガイドライン"
    assert clean_text("目標：達成！") == "目標：達成！"


@pytest.mark.parametrize("bullet", ["- ・", "・", "●", "✓", "-", "○", "■"])
def test_every_bullet_style_becomes_a_markdown_list_item(bullet: str):
    document = normalize_text(f"本文です。\n\n{bullet} 項目の内容\n")
    assert document.markdown == "本文です。\n\n- 項目の内容\n"


def test_indented_bullets_nest():
    document = normalize_text("- ⇒ 親項目\n - ✓ 子項目\n - ✓ もう一つ\n- 次の親\n")
    assert document.markdown == "- ⇒ 親項目\n  - 子項目\n  - もう一つ\n- 次の親\n"


def test_hard_wrapped_lines_join_without_spaces_in_japanese():
    document = normalize_text("これは改行された\n段落です。English words\nstay apart.\n")
    assert document.markdown == "これは改行された段落です。English words stay apart.\n"


@pytest.mark.parametrize(
    ("text", "definition"),
    [
        ("出荷額は約70兆円^{(*)2}。\n\n(*)2)2023年時点\n", "2023年時点"),
        ("出荷額は約72兆円^(*4)。\n\n(*4)2023年時点\n", "2023年時点"),
        ("出荷額は約72兆円(*3)。\n\n(*3)2023年時点\n", "2023年時点"),
        ("出荷額は約72兆円(※1)。\n\n(※1)2023年時点\n", "2023年時点"),
        ("出荷額は約72兆円⁶⁸。\n\n⁶⁸ 2023年時点\n", "2023年時点"),
    ],
)
def test_footnote_mark_styles_link_to_their_definitions(text: str, definition: str):
    document = normalize_text(text)
    assert document.markdown == f"出荷額は約{text[5:10].split('^')[0].split('(')[0].split('⁶')[0]}[^1]。\n\n[^1]: {definition}\n"


def test_grouped_marks_link_to_each_definition():
    document = normalize_text("輸出額の約16%^{(*5)(*6)}。\n\n(*5)2025年時点、(*6)約17.6兆円\n")
    assert document.markdown == "輸出額の約16%[^1][^2]。\n\n[^1]: 2025年時点\n\n[^2]: 約17.6兆円\n"


def test_footnote_numbering_follows_first_reference_not_the_source():
    renumbered = normalize_text("A^{(*)7}とB^{(*)3}。\n\n(*)3)後、(*)7)先\n")
    assert renumbered.markdown == "A[^1]とB[^2]。\n\n[^2]: 後\n\n[^1]: 先\n"
    assert renumbered.footnotes == {"1": "先", "2": "後"}


def test_superscripts_without_a_definition_stay_text():
    assert normalize_text("面積は10m²。\n").markdown == "面積は10m²。\n"


def test_tab_separated_rows_become_a_pipe_table():
    document = normalize_text("表の前。\n\n項目\t値\n出荷額\t約72兆円\n")
    assert document.markdown == "表の前。\n\n| 項目 | 値 |\n| --- | --- |\n| 出荷額 | 約72兆円 |\n"


def test_html_table_becomes_a_pipe_table():
    html = b"<html><body><h1>1. Title</h1><table><tr><th>a</th><th>b|c</th></tr><tr><td>1</td><td><p>x</p><p>y</p></td></tr></table></body></html>"
    assert normalize(html).markdown == "# 1. Title\n\n| a | b\\|c |\n| --- | --- |\n| 1 | xy |\n"


def test_html_text_is_data_scripts_dropped_markup_escaped():
    html = b"<html><body><h2>Intro</h2><script>alert(1)</script><p>&lt;script&gt;x&lt;/script&gt; <a href='javascript:evil()'>link</a></p></body></html>"
    markdown = normalize(html).markdown
    assert "alert" not in markdown and "javascript" not in markdown
    assert markdown == "# Intro\n\n\\<script\\>x\\</script\\> link\n"


def test_html_lists_nest_and_number():
    html = "<html><body><ol><li>一<ul><li>子</li></ul></li><li>二</li></ol></body></html>".encode()
    assert normalize(html).markdown == "- 1\\. 一\n  - 子\n- 2\\. 二\n"


def test_markdown_with_html_fragments_and_pipe_tables():
    source = "# 表\n\n| 列 | 説明 |\n|---|--|\n| <p>①</p> | <p>A<b>強調</b></p> |\n\n<div><p>補足</p></div>\n"
    assert normalize(source.encode(), name="x.md").markdown == "# 表\n\n| 列 | 説明 |\n| --- | --- |\n| ① | A強調 |\n\n補足\n"


def test_markdown_heading_levels_that_skip_are_nested_by_depth():
    document = normalize(b"# A\n\n### B\n\ntext\n", name="x.md")
    assert document.markdown == "# A\n\n## B\n\ntext\n"


def test_text_that_looks_like_markdown_is_escaped():
    document = normalize_text("*強調* と [リンク] と <注> と # 記号\n\n- 1. 番号\n")
    assert normalize(document.markdown.encode(), name="x.md").markdown == document.markdown
    assert document.preamble[0].text == "*強調* と [リンク] と <注> と # 記号"
