"""PDF font artefacts fold to the characters a reader sees, in every format (issue 17)."""

from __future__ import annotations

import pytest

from versiondiff.normalize import normalize
from versiondiff.normalize.glyphs import fold_glyphs, private_use_count
from versiondiff.normalize.inline import clean_text


@pytest.mark.parametrize(
    ("artefact", "ideograph"),
    [("⽬", "目"), ("⼤", "大"), ("⽣", "生"), ("⾮", "非"), ("⺠", "民"), ("⻑", "長"), ("⻘", "青"), ("⻝", "食"),
     ("⻄", "西"), ("⻤", "鬼"), ("⺟", "母"), ("⻯", "竜")],
)
def test_radical_forms_fold_to_their_ideograph(artefact, ideograph):
    assert fold_glyphs(artefact) == ideograph


def test_every_kangxi_radical_folds_to_a_unified_ideograph():
    folded = fold_glyphs("".join(chr(c) for c in range(0x2F00, 0x2FD6)))
    assert all(0x4E00 <= ord(c) <= 0x9FFF for c in folded)


@pytest.mark.parametrize("dot", ["\u2027", "\u00b7", "\u2219", "\u22c5"])
def test_odd_middle_dots_become_the_katakana_middle_dot(dot):
    assert fold_glyphs(f"国{dot}地方") == "国・地方"


def test_ligatures_unfold_and_soft_hyphens_vanish():
    assert fold_glyphs("ﬁle ﬂow oﬀice") == "file flow office"
    assert fold_glyphs("data\u00adplatform") == "dataplatform"


def test_japanese_text_is_left_alone():
    text = "官民投資ロードマップ（素案）①現状 約26% → 約25%"
    assert fold_glyphs(text) == text


def test_private_use_glyphs_are_counted_and_never_shown():
    text = "売上\ue0a5高"
    assert private_use_count(text) == 1
    assert clean_text(text) == "売上高"


def test_a_text_with_artefacts_equals_the_clean_text():
    clean = "1. 現状認識と目指す姿\n\n・民間の長期投資を促す。\n"
    with_artefacts = "1. 現状認識と⽬指す姿\n\n‧⺠間の⻑期投資を促す。\n"
    assert normalize(with_artefacts.encode()).markdown == normalize(clean.encode()).markdown
