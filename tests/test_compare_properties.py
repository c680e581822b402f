"""Compare-engine properties on generated drafts: every changed number once, respellings never."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versiondiff.compare import compare_documents
from versiondiff.compare.quantities import find_quantities
from versiondiff.normalize import normalize_text

_SUBJECTS = ["出荷額", "シェア", "導入台数", "市場規模", "利用者数", "投資額", "拠点数", "削減率"]
_UNITS = [("%", lambda v: f"{v}%"), ("兆円", lambda v: f"{v}兆円"), ("万台", lambda v: f"{v}万台"),
          ("人", lambda v: f"{v:,}人"), ("か所", lambda v: f"{v}か所")]

_FULL_WIDTH = str.maketrans("0123456789%,", "０１２３４５６７８９％，")


@st.composite
def drafts(draw: st.DrawFn):
    """A draft of numbered sections with one figure per sentence, and edits of some figures."""
    sentences = []
    for i in range(draw(st.integers(2, 8))):
        subject = draw(st.sampled_from(_SUBJECTS))
        unit = draw(st.integers(0, len(_UNITS) - 1))
        value = draw(st.integers(11, 9000))
        sentences.append((f"{subject}{i}", unit, value))
    edits = draw(st.sets(st.integers(0, len(sentences) - 1)))
    new_values = {i: sentences[i][2] + draw(st.integers(1, 50)) for i in edits}
    return sentences, new_values


def _render(sentences, values, full_width: bool = False) -> str:
    lines = ["みらい市 ロードマップ", "", "1. 現状", ""]
    for i, (subject, unit, value) in enumerate(sentences):
        figure = _UNITS[unit][1](values.get(i, value))
        if full_width:
            figure = figure.translate(_FULL_WIDTH)
        lines += [f"・{subject}は約{figure}となる見込み。", ""]
        if i == len(sentences) // 2:
            lines += ["2. 目標", ""]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_each_changed_number_is_reported_once_with_its_values(draft):
    sentences, new_values = draft
    old = normalize_text(_render(sentences, {}))
    new = normalize_text(_render(sentences, new_values))
    comparison = compare_documents(old, new)
    changed = [q for q in comparison.quantities if q.status == "changed"]
    assert len(changed) == len(new_values)
    assert all(q.status == "changed" for q in comparison.quantities)
    reported = sorted((q.old.value, q.new.value) for q in changed)
    expected = []
    for i, value in new_values.items():
        unit = _UNITS[sentences[i][1]][1]
        old_q = find_quantities("約" + unit(sentences[i][2]))[0]
        new_q = find_quantities("約" + unit(value))[0]
        expected.append((old_q.value, new_q.value))
    assert reported == sorted(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_respelled_numbers_are_never_reported(draft):
    sentences, _ = draft
    plain = normalize_text(_render(sentences, {}))
    respelled = normalize_text(_render(sentences, {}, full_width=True))
    comparison = compare_documents(plain, respelled)
    assert comparison.quantities == []
    assert not comparison.has_changes


def test_equal_values_in_other_scales_are_not_changes():
    old = normalize_text("1. 市場\n\n・市場規模は0.73兆円、投資は1,200億円、比率は2割。\n")
    new = normalize_text("1. 市場\n\n・市場規模は7,300億円、投資は1200億円、比率は20%。\n")
    assert compare_documents(old, new).quantities == []
