"""Canonical Markdown is a fixed point for draft-like text, including the shapes a red-team
pass found unstable: literal ``[^1]()``, footnote texts starting with ``-``, ``#`` or ``1.``,
and ``1. 、``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versiondiff.normalize import normalize, normalize_text

_WORDS = st.sampled_from([
    "目標", "自動運転", "の", "を", "推進する", "約26%", "約70兆円", "2030年", "1,200万人", "AI", "E2E",
    "Society5.0", "、", "。", "・", "「", "」", "（", "）", "(", ")", " ", "-", "#", "1.", "*", "_", "[", "]",
    "[^1]", "[^1]()", "(*1)", "(*2)", "※1", "^{(*)1}", "|", "<b>", ">", "`", "~", "\\", "&amp;", ":", "＝",
])
_PHRASE = st.lists(_WORDS, min_size=1, max_size=10).map("".join).map(str.strip).filter(bool)
_PREFIX = st.sampled_from(["", "", "・", "- ", "* ", "1. ", "(1) ", "① ", "# ", "> ", "| ", "(*1)", "(*2)", "※1 ", "1. 、"])
_LINE = st.tuples(_PREFIX, _PHRASE).map("".join)
_DRAFT = st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=20).map("\n".join)


def _stable(text: str, fmt: str) -> None:
    first = normalize_text(text, fmt).markdown
    if first.strip():
        assert normalize(first.encode(), name="doc.md").markdown == first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_DRAFT, st.sampled_from(["text", "markdown"]))
def test_canonical_markdown_of_draft_like_text_is_a_fixed_point(text, fmt):
    _stable(text, fmt)


@pytest.mark.parametrize(
    "text",
    [
        "本文[^1]()です。",
        "本文です(*1)。\n\n(*1)- 注の本文",
        "本文です(*1)。\n\n(*1)# 注",
        "本文です(*1)。\n\n(*1)1. 注",
        "1. 、",
        "- 1. 、",
        "約26%(*1)(2024年)。\n\n(*1)出典",
    ],
)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_red_team_shapes_are_fixed_points(text, fmt):
    _stable(text, fmt)


def test_a_reference_followed_by_a_parenthesis_stays_a_footnote():
    markdown = normalize_text("約26%(*1)(2024年)。\n\n(*1)出典\n").markdown
    again = normalize(markdown.encode(), name="doc.md")
    assert "[^1]" in again.markdown and "出典" in again.markdown
