"""Quantity extraction: values in base units, hedges, names that are not amounts."""

from __future__ import annotations

import pytest

from versiondiff.compare.quantities import find_quantities, format_delta
from versiondiff.compare.tokens import tokenize


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit", "approx"),
    [
        ("シェアは約26%", "約26%", 26, "%", True),
        ("出荷額等は約72兆円", "約72兆円", 7.2e13, "円", True),
        ("投資額は約4,500百万円", "約4,500百万円", 4.5e9, "円", True),
        ("1兆2,000億円程度", "1兆2,000億円程度", 1.2e12, "円", True),
        ("三千万円", "三千万円", 3e7, "円", False),
        ("国内貨物輸送の約9割", "約9割", 90, "%", True),
        ("2030年度までに", "2030年度", 2030, "年度", False),
        ("2030年代における", "2030年代", 2030, "年代", False),
        ("2024年時点", "2024年時点", 2024, "年", False),
        ("国内に1万台導入", "1万台", 1e4, "台", False),
        ("5〜10%の削減", "5〜10%", 5, "%", False),
        ("発電容量30GW", "30GW", 3e10, "W", False),
        ("年間約1,200万人", "約1,200万人", 1.2e7, "人", True),
    ],
)
def test_figures_and_their_values(text, figure, value, unit, approx):
    (quantity,) = [q for q in find_quantities(text) if q.text.startswith(figure[:2])]
    assert quantity.text == figure
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.approx) == (unit, approx)


@pytest.mark.parametrize("text", ["L4の無人運転", "5G/Beyond 5G (6G)", "E2E開発", "1:Nでの遠隔監視", "Society 5.0", "3.1.1.の節"])
def test_names_are_not_amounts(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(("a", "b"), [("0.73兆円", "7,300億円"), ("1,200億円", "1200億円"), ("2割", "20%"), ("約26%", "約26%")])
def test_respellings_have_equal_values(a, b):
    assert find_quantities(a)[0].same_value(find_quantities(b)[0])


def test_a_figure_is_one_token_even_after_kanji():
    tokens = tokenize("年間約1,200万人で")
    assert [t.text for t in tokens] == ["年間", "約1,200万人", "で"]
    assert tokens[1].quantity is not None


def test_deltas():
    def delta(a: str, b: str) -> str:
        return format_delta(find_quantities(a)[0], find_quantities(b)[0])

    assert delta("約26%", "約25%") == "−1 pt"
    assert delta("約70兆円", "約72兆円") == "+2兆円 (+2.9%)"
    assert delta("2032年度", "2033年度") == "+1年"
