"""Quantity extraction: every line of tests/fixtures/quantities.tsv, respellings, placeholders, deltas."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from versiondiff.compare.quantities import find_quantities, format_delta, parse_number
from versiondiff.compare.tokens import tokenize

FIXTURE = Path(__file__).parent / "fixtures" / "quantities.tsv"


def _rows() -> list[tuple[int, list[str]]]:
    rows = []
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("text\t"))
    for number, line in enumerate(lines[header + 1 :], start=header + 2):
        if line and not line.startswith("#"):
            rows.append((number, (line.split("\t") + [""] * 6)[:6]))
    return rows


ROWS = _rows()


def test_the_fixture_table_has_at_least_300_examples():
    assert len(ROWS) >= 300
    assert sum(1 for _, row in ROWS if row[1] == "-") >= 100  # and many things that are not figures


@pytest.mark.parametrize(("line", "row"), ROWS, ids=[f"{n}:{r[0]}" for n, r in ROWS])
def test_fixture_line(line, row):
    text, figure, value, unit, kind, extra = row
    found = find_quantities(text)
    if figure == "-":
        assert found == [], f"line {line}: {[q.text for q in found]} read from {text!r}, which holds no figure"
        return
    matches = [q for q in found if q.text == figure]
    assert len(matches) == 1, f"line {line}: expected {figure!r}, read {[q.text for q in found]}"
    quantity = matches[0]
    checks = dict(item.partition("=")[::2] for item in extra.split())
    if value == "None":
        assert quantity.value is None and quantity.placeholder
    else:
        assert quantity.value == pytest.approx(float(value), rel=1e-9)
        assert not quantity.placeholder
    assert quantity.unit == (None if unit == "None" else unit)
    assert quantity.kind == kind
    assert text[quantity.start : quantity.end] == quantity.text  # offsets into the text as given
    assert quantity.upper == (pytest.approx(float(checks["upper"])) if "upper" in checks else None)
    assert quantity.per == checks.get("per")
    assert quantity.bound == (checks.get("bound") or None)
    assert quantity.placeholder == ("placeholder" in checks)
    if "approx" in checks:
        assert quantity.approx
    if "exact" in checks:
        assert found == [quantity]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("0.73兆円", "7,300億円"), ("1,200億円", "1200億円"), ("2割", "20%"), ("約26%", "約26%"),
        ("２６％", "26%"), ("三十年", "30年"), ("令和7年", "2025年"), ("令和7年度", "2025年度"),
        ("平成元年", "1989年"), ("令和6年4月1日", "2024年4月1日"), ("$5", "5ドル"), ("¥1,000", "1,000円"),
        ("2030 年", "2030年"), ("50 %", "50%"), ("約1,500億円/年", "年間約1,500億円"), ("六箇月", "6ヶ月"),
        ("4か国", "4カ国"), ("3ヶ所", "3箇所"), ("1.2 billion yen", "12億円"), ("7.5 percent", "7.5%"),
        ("2.4～3.0兆円", "2.4兆円～3.0兆円"), ("FY2030", "2030年度"), ("○兆円", "●兆円"),
        ("June 2025", "2025年6月"), ("June 1, 2025", "2025年6月1日"), ("1 June 2025", "令和7年6月1日"),
        ("-196℃", "−196℃"), ("氷点下5℃", "-5℃"), ("マイナス2%", "▲2%"),
    ],
)
def test_respellings_have_equal_values(a, b):
    (first,) = find_quantities(a)
    (second,) = find_quantities(b)
    assert first.same_value(second) and second.same_value(first)
    assert first.key() == second.key()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("○兆円", "15兆円"), ("2.4～3.0兆円", "2.4～3.5兆円"), ("2.4～3.0兆円", "2.5～3.0兆円"),
        ("2.4～3.0兆円", "2.4兆円"), ("10%以上", "10%以下"), ("令和12年", "12年"), ("1,500億円/年", "1,500億円"),
    ],
)
def test_different_values_are_different(a, b):
    (first,) = find_quantities(a)
    (second,) = find_quantities(b)
    assert not first.same_value(second) and not second.same_value(first)


def test_the_figure_keeps_the_authors_characters_and_offsets():
    text = "シェアは（約２６％）で、2030 年に５０ ％"
    figures = find_quantities(text)
    assert [q.text for q in figures] == ["約２６％", "2030 年", "５０ ％"]
    assert all(text[q.start : q.end] == q.text for q in figures)


def test_a_range_carries_both_bounds_as_written():
    (quantity,) = find_quantities("市場規模は2.4～3.0兆円")
    assert (quantity.lower_text, quantity.upper_text) == ("2.4", "3.0兆円")


def test_a_figure_is_one_token_even_after_kanji():
    tokens = tokenize("年間約1,200万人で")
    assert [t.text for t in tokens] == ["年間", "約1,200万人", "で"]
    assert tokens[1].quantity is not None


def test_parse_number_reads_every_numeral_style():
    assert parse_number("1,200") == 1200
    assert parse_number("7.2兆") == 7.2e12
    assert parse_number("4,500百万") == 4.5e9
    assert parse_number("一万二千") == 12000
    assert parse_number("１，２００") == 1200


def _delta(a: str, b: str) -> str:
    return format_delta(find_quantities(a)[0], find_quantities(b)[0])


def test_deltas():
    assert _delta("約26%", "約25%") == "−1 pt"
    assert _delta("約70兆円", "約72兆円") == "+2兆円 (+2.9%)"
    assert _delta("2032年度", "2033年度") == "+1年"
    assert _delta("約1,500億円/年", "約2,500億円/年") == "+1,000億円/年 (+66.7%)"


def test_a_placeholder_filled_in_reads_set():
    assert _delta("○兆円", "15兆円") == "(set)"
    assert _delta("xx億円", "9億円") == "(set)"


def test_a_range_delta_names_both_bounds():
    assert _delta("2.4～3.0兆円", "2.4～3.5兆円") == "lower ±0, upper +5,000億円"


_UNITS_WRITTEN = ["%", "億円", "兆円", "万人", "件", "か所", "年度", "倍", "t", "GW"]


@st.composite
def _spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A figure and a respelling of it: full width, commas, PDF spacing, ％, 兆 ↔ 億."""
    value = draw(st.integers(1, 99_999))
    unit = draw(st.sampled_from(_UNITS_WRITTEN))
    plain = f"約{value}{unit}"
    respelled = f"約{value:,}{unit}" if draw(st.booleans()) else plain
    if unit == "兆円" and draw(st.booleans()):
        respelled = f"約{value * 10000:,}億円"
    if draw(st.booleans()):
        respelled = respelled.replace(unit[0], " " + unit[0], 1)
    if draw(st.booleans()):
        respelled = respelled.translate(str.maketrans("0123456789%,", "０１２３４５６７８９％，"))
    return plain, respelled


@settings(max_examples=300, deadline=None)
@given(_spellings(), st.sampled_from(["", "シェアは", "目標:", "(", "・"]), st.sampled_from(["", "とする。", "程度", ")"]))
def test_a_respelled_figure_reads_the_same_value_in_any_sentence(spellings, before, after):
    plain, respelled = spellings
    (first,) = find_quantities(before + plain + after)
    (second,) = find_quantities(before + respelled + after)
    assert first.key() == second.key(), (plain, respelled)
    assert second.text == (before + respelled + after)[second.start : second.end]
