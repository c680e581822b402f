"""The compare engine's shortcuts give exactly what the long way gives.

A block is matched by a key read from its ``sketch`` (figures and references only), a wholly
added or deleted block is shown as text and tokenized only when a renderer asks, and text is
cleaned and folded by scanning for the few characters that change. Each shortcut must agree,
character for character, with tokenizing in full and with translating every character.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from versiondiff.compare import compare_documents
from versiondiff.compare.blocks import CELL_BREAK, ROW_BREAK, sketch_block, tokenize_block
from versiondiff.compare.redline import Segment, WholeSegment
from versiondiff.compare.tokens import NOTE_REFERENCE_MARK, comparable_key, sketch, tokenize
from versiondiff.model import Block
from versiondiff.normalize import normalize_text
from versiondiff.normalize.glyphs import FOLDED_CHARS
from versiondiff.normalize.inline import clean_text, comparison_fold, is_cjk, keep_spacing

ROOT = Path(__file__).resolve().parents[1]
_NOTES = {"1": "注記 2029年度", "23": "令和11年度に達成"}
# Pieces that meet every branch of the tokenizer: figures, footnote references (whole, cut,
# unknown), Latin words and letterless runs, full-width forms, odd spaces and scripts.
_PIECES = ["約72兆円", "2030年", "１，０００億円", "26%", "[^1]", "[^23]", "[^9]", "[^", "]", "L2++", "E2E",
           "1-1-1", "3.5", "Society5.0", "a123", "（１）", "　", " ", "\t", "\u00a0", "漢字", "かな", "カナー",
           "、", "。", "x", "○兆円", "令和7年度", "半数", "５〜10%"]


def _long_way(text: str) -> tuple[list[tuple], str, str, str]:
    tokens = tokenize(text, _NOTES)
    figures = [(t.text, t.key, t.footnote, t.note, t.quantity) for t in tokens if t.quantity or t.footnote]
    # A shape: figures as their units, note references as a mark, other tokens as their keys.
    shape = "".join(
        "#" + (t.quantity.unit or "") if t.quantity else NOTE_REFERENCE_MARK if t.footnote else t.key[1:]
        for t in tokens if t.key
    )
    return figures, comparable_key(tokens), shape, "".join(t.text for t in tokens)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_a_sketch_says_what_the_full_tokens_say(pieces):
    text = "".join(pieces)
    drawn = sketch(text, _NOTES)
    figures = [(t.text, t.key, t.footnote, t.note, t.quantity) for t in drawn.tokens]
    assert (figures, drawn.key, drawn.shape, drawn.text) == _long_way(text)


def test_a_table_sketch_keeps_cell_and_row_breaks():
    table = Block("table", rows=(("項目", "2030年"), ("投資額", "約1兆円[^1]")))
    tokens = tokenize_block(table, _NOTES)
    drawn = sketch_block(table, _NOTES)
    assert drawn.key == comparable_key(tokens)
    assert drawn.text == "".join(t.text for t in tokens)
    kept = [t.text for t in tokens if t.quantity or t.footnote or t is CELL_BREAK or t is ROW_BREAK]
    assert [t.text for t in drawn.tokens] == kept


def test_a_wholly_added_block_reads_as_its_text_and_its_tokens():
    old = normalize_text("# 目標\n\n普及率を約26%とする。\n", "markdown")
    new = normalize_text("# 目標\n\n普及率を約26%とする。\n\n# 投資\n\n官民で約72兆円を投じる[^1]。\n\n[^1]: 2030年度まで。\n", "markdown")
    comparison = compare_documents(old, new)
    added = next(s for s in comparison.sections if s.status == "added")
    segment = added.changes[0].segments[0]
    assert isinstance(segment, WholeSegment)
    assert segment.text == "官民で約72兆円を投じる[^1]。"
    assert "".join(t.text for t in segment.tokens) == segment.text
    assert [t.quantity.text for t in segment.tokens if t.quantity] == ["約72兆円"]
    stored = pickle.loads(pickle.dumps(segment))  # the web cache keeps it as a plain segment
    assert type(stored) is Segment and stored.tokens == segment.tokens
    assert pickle.loads(pickle.dumps(comparison)).as_json() == comparison.as_json()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(FOLDED_CHARS[:40]) + list(" \t\n\u3000\u00a0\u200b\ufeff\x01\ue005ｶﾞ漢a（１）％・￥−")), max_size=10))
def test_scanning_folds_agree_with_translating_every_character(text):
    from versiondiff.compare import numerals
    from versiondiff.normalize import inline
    from versiondiff.normalize.glyphs import _TABLE

    assert comparison_fold(text) == text.translate(inline._COMPARISON_TABLE)
    assert numerals.fold_width(text) == text.translate(numerals._WIDTH)
    assert keep_spacing(text) == text.translate(inline._ODD_SPACES).translate(inline._ZERO_WIDTH).strip()
    long_way = inline.keep_spacing(inline.fold_half_width_kana(inline._CONTROL.sub("", text).translate(_TABLE)))
    assert clean_text(text) == long_way


def test_is_cjk_covers_the_cjk_blocks_only():
    assert is_cjk("漢") and is_cjk("か") and is_cjk("ア") and is_cjk("（") and is_cjk("①")
    assert not is_cjk("a") and not is_cjk("") and not is_cjk("\U00020000") and not is_cjk("é")



def test_a_fold_remembers_paragraphs_within_a_budget_and_never_a_whole_document():
    from versiondiff.normalize import charmap

    fold = charmap.CharacterMap({0xFF11: 0x31})
    document = "１" * (charmap._LONGEST_REMEMBERED + 1)
    assert fold(document) == "1" * len(document) and document not in fold._results
    for i in range(3 * charmap._REMEMBERED_CHARACTERS // 1_000):
        assert fold(f"１{i}" + "あ" * 1_000) == f"1{i}" + "あ" * 1_000
    assert 0 < fold._remembered == sum(map(len, fold._results)) <= charmap._REMEMBERED_CHARACTERS
