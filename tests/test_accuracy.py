"""The accuracy benchmark's generator: reproducible pairs whose truth is what they changed."""

from __future__ import annotations

import random
import sys
from collections import Counter
from types import SimpleNamespace

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import Score, make_cases, score_case  # noqa: E402
from mutations import Case, Truth, change_values, parse, render  # noqa: E402

from versiondiff.compare.engine import compare_documents  # noqa: E402
from versiondiff.compare.quantities import find_quantities  # noqa: E402
from versiondiff.normalize import normalize_text  # noqa: E402

SAMPLE = ROOT / "versiondiff" / "samples" / "mirai-roadmap-r1.txt"


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {case.mutation: case for case in make_cases(SAMPLE.name, SAMPLE.read_text(encoding="utf-8"), True, 0)}


def _keys(text: str) -> Counter:
    return Counter(q.key() for q in find_quantities(text))


def test_the_same_seed_makes_the_same_pairs(cases):
    again = {c.mutation: c for c in make_cases(SAMPLE.name, SAMPLE.read_text(encoding="utf-8"), True, 0)}
    assert {m: c.new for m, c in again.items()} == {m: c.new for m, c in cases.items()}


def test_every_kind_of_pair_is_made(cases):
    assert {"change figures", "delete bullets", "insert bullets", "delete subsections", "respell figures",
            "reformat raw text", "rename subsections"} <= set(cases)


def test_changed_figures_are_exactly_the_edits(cases):
    case = cases["change figures"]
    assert case.truth and all(t.status == "changed" and t.old_key != t.new_key for t in case.truth)
    removed = _keys(case.old) - _keys(case.new)
    added = _keys(case.new) - _keys(case.old)
    assert removed == Counter(t.old_key for t in case.truth)
    assert added == Counter(t.new_key for t in case.truth)


@pytest.mark.parametrize(("mutation", "status"), [("delete bullets", "removed"), ("delete subsections", "removed"),
                                                   ("insert bullets", "added"), ("insert subsections", "added")])
def test_deleted_and_inserted_figures_are_the_truth(cases, mutation, status):
    case = cases[mutation]
    assert case.truth and {t.status for t in case.truth} == {status}
    gone, new = _keys(case.old) - _keys(case.new), _keys(case.new) - _keys(case.old)
    if status == "removed":
        assert Counter(t.old_key for t in case.truth) == gone and not new
    else:
        assert Counter(t.new_key for t in case.truth) == new and not gone


@pytest.mark.parametrize("mutation", ["respell figures", "rename subsections"])
def test_pairs_without_figure_changes_keep_every_value(cases, mutation):
    case = cases[mutation]
    assert case.new != case.old and not case.truth
    assert _keys(case.new) == _keys(case.old)


def test_a_changed_value_standing_elsewhere_in_its_section_is_one_change():
    markdown = "# 1. 交通\n\n## (1) 現状\n\n- 県内シェアは約26%である。\n- 市内シェアも約26%である。\n"
    case = Case("inline", "values", "change figures", markdown, "")
    lines = parse(markdown)
    change_values(lines, random.Random(3), 1, case)
    case.new = render(lines)
    assert len(case.truth) == 1 and case.notes["changed value also standing elsewhere in its area"] == 1
    score = Score()
    score_case(case, compare_documents(normalize_text(case.old), normalize_text(case.new)), score)
    assert (score.truth["changed"], score.hits["changed"], score.reported["changed"]) == (1, 1, 1)


def test_a_change_reported_as_removal_and_addition_scores_as_misses():
    old, new = find_quantities("約26%")[0], find_quantities("約27%")[0]
    case = Case("inline", "values", "change figures", "", "", [Truth("changed", old.text, new.text, old.key(), new.key())])
    comparison = SimpleNamespace(quantities=[
        SimpleNamespace(status="removed", old=old, new=None), SimpleNamespace(status="added", old=None, new=new),
    ])
    score = Score()
    score_case(case, comparison, score)
    assert score.hits == Counter() and score.reported == Counter({"removed": 1, "added": 1})
    assert score.truth["changed"] == 1
