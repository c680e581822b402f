"""Figures read once per text (``find_quantities`` remembers what it read): a text read
again gives figures of its own, so a line that stands in several places has its figures
reported in every place. Small drafts written for these tests."""

from __future__ import annotations

from versiondiff.compare import compare_documents
from versiondiff.compare.quantities import find_quantities
from versiondiff.normalize import normalize_text

LINE = "- 補助金は約120億円を上限とし、2030年度までに交付する。\n"
ROADMAP = "# 1. 輸出\n\n- 輸出を伸ばす。\n{one}\n# 2. 人材\n\n- 人材を育てる。\n{two}"


def test_a_text_read_again_gives_equal_figures_that_are_other_objects():
    first, again = find_quantities("約120億円と25%"), find_quantities("約120億円と25%")
    assert first == again
    assert all(a is not b for a, b in zip(first, again, strict=True))


def test_a_line_added_in_two_areas_reports_its_figures_in_both():
    old = normalize_text(ROADMAP.format(one="", two=""))
    new = normalize_text(ROADMAP.format(one=LINE, two=LINE))
    added = [(q.status, q.new.text, q.new_section) for q in compare_documents(old, new).quantities]
    assert added == [
        ("added", "約120億円", ("1. 輸出",)), ("added", "2030年度", ("1. 輸出",)),
        ("added", "約120億円", ("2. 人材",)), ("added", "2030年度", ("2. 人材",)),
    ]


def test_a_figure_changed_in_a_line_two_areas_carry_is_reported_in_each():
    old = normalize_text(ROADMAP.format(one=LINE, two=LINE))
    changed = LINE.replace("約120億円", "約150億円")
    new = normalize_text(ROADMAP.format(one=changed, two=changed))
    found = [(q.status, q.old.text, q.new.text, q.new_section) for q in compare_documents(old, new).quantities]
    assert found == [("changed", "約120億円", "約150億円", ("1. 輸出",)), ("changed", "約120億円", "約150億円", ("2. 人材",))]


def test_a_removed_figure_still_stated_by_a_line_that_also_stands_changed_elsewhere_is_not_removed():
    # 約150億円 still stands in (2), while the same line in (1) is the new side of a change: the
    # removed line in (3) was consolidated, not dropped (both lines read the same text).
    kept = "- 補助金は約150億円を上限とする。\n"
    old = normalize_text(
        "# 1. 輸出\n\n## (1) 現状\n\n- 補助金は約120億円を上限とする。\n\n## (2) 目標\n\n" + kept
        + "\n## (3) 予算\n\n- 補助金として約150億円を計上する。\n"
    )
    new = normalize_text("# 1. 輸出\n\n## (1) 現状\n\n" + kept + "\n## (2) 目標\n\n" + kept + "\n## (3) 予算\n\n- 予算は別途定める。\n")
    found = [(q.status, q.old.text if q.old else None, q.new.text if q.new else None) for q in compare_documents(old, new).quantities]
    assert found == [("changed", "約120億円", "約150億円")]
