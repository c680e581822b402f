"""Quantity reading benchmark: the grammar against well-kept libraries, and linear time.

1. Numeral reading and width folding, measured on tests/fixtures/quantities.tsv (accuracy and
   speed in one run): the grammar's own reader (``numerals.parse_numeral``, ``fold_width``)
   against kanjize (``kanji2number``), SudachiPy with its PyPI dictionary ``sudachidict_core``
   (numeric normalization of 数詞 tokens) and jaconv (``z2h``). A library not installed is
   skipped with a message. Also: how many "not a figure" lines of the table each approach
   leaves free of numbers (Sudachi reads ※1, 第3条, 5G as numerals; the grammar must refuse them).
2. Linear time: adversarial texts (a paragraph of figures, 1-1-1-…, long digit and kanji runs,
   ranges 1〜1〜…) at 1×, 4× and 16× their base size; the time ratio should grow about 4× per step.

Run: ``python benchmarks/quantities.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from common import ROOT, ms, print_table

from versiondiff.compare.numerals import fold_width, parse_numeral
from versiondiff.compare.quantities import find_quantities
from versiondiff.compare.quantity_grammar import FIGURE
from versiondiff.compare.units import UNITS

FIXTURE = ROOT / "tests" / "fixtures" / "quantities.tsv"


def fixture_rows(path: Path = FIXTURE) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("text\t"))
    return [(line.split("\t") + [""] * 6)[:6] for line in lines[header + 1 :] if line and not line.startswith("#")]


def numeral_cases(rows: list[list[str]]) -> list[tuple[str, Decimal]]:
    """(numeral as written, its value) for every figure line whose value is the numeral itself:
    a unit with factor 1, no era, date, range, fraction, English scale or placeholder."""
    cases = []
    for _text, figure, value, _unit, kind, extra in rows:
        if figure == "-" or value == "None" or "upper" in extra or kind in ("date", "fraction", "rate"):
            continue
        match = FIGURE.search(fold_width(figure))
        if not match or match.group("era") or match.group("scale") or match.group("sign") or match.group("fy"):
            continue
        written = match.group("unit")
        if written and UNITS[written][1] != 1 or match.group("bu") or match.group("currency") and "," in figure:
            continue
        cases.append((figure[match.start("num") : match.end("num")], Decimal(value)))
    return cases


def _grammar(numeral: str) -> Decimal | None:
    return parse_numeral(fold_width(numeral))


def _kanjize() -> Callable[[str], Decimal | None] | None:
    try:
        from kanjize import kanji2number
    except ImportError:
        return None

    def read(numeral: str) -> Decimal | None:
        try:
            return Decimal(kanji2number(numeral.replace(",", "")))
        except Exception:  # kanjize raises ValueError and others on anything it cannot read
            return None

    return read


def _sudachi() -> tuple[Callable[[str], Decimal | None], Callable[[str], bool]] | None:
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:
        return None
    dictionary = Dictionary(dict="core")  # the PyPI dictionary package: nothing is downloaded at run time
    make = getattr(dictionary, "tokenizer", None) or dictionary.create  # tokenizer() since SudachiPy 0.7
    tokenizer = make(mode=SplitMode.C)

    def numbers(text: str) -> list[Decimal]:
        found = []
        for token in tokenizer.tokenize(text):
            if token.part_of_speech()[1] == "数詞":
                try:
                    found.append(Decimal(token.normalized_form()))
                except ArithmeticError:
                    continue
        return found

    def read(numeral: str) -> Decimal | None:
        found = numbers(numeral)
        return found[0] if len(found) == 1 else None

    return read, lambda text: not numbers(text)


def _accuracy(reader: Callable[[str], Decimal | None], cases: list[tuple[str, Decimal]], repeat: int) -> tuple[float, float]:
    correct = sum(1 for numeral, value in cases if _equal(reader(numeral), value))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for numeral, _value in cases:
            reader(numeral)
        best = min(best, time.perf_counter() - start)
    return correct / len(cases), best


def _equal(a: Decimal | None, b: Decimal) -> bool:
    return a is not None and abs(a - b) <= abs(b) * Decimal("1e-9")


def compare_readers(repeat: int) -> None:
    rows = fixture_rows()
    cases = numeral_cases(rows)
    not_figures = [text for text, figure, *_ in rows if figure == "-"]
    print(f"Numeral reading: {len(cases)} numerals of {FIXTURE.relative_to(ROOT)} "
          f"(Arabic, kanji, mixed, full-width); {len(not_figures)} lines that hold no figure")
    table = []
    accuracy, seconds = _accuracy(_grammar, cases, repeat)
    refused = sum(1 for text in not_figures if not find_quantities(text)) / len(not_figures)
    table.append(["grammar (numerals.parse_numeral)", f"{accuracy:.3f}", ms(seconds), f"{refused:.3f}"])
    kanjize = _kanjize()
    if kanjize is None:
        print("kanjize not installed: skipped (pip install kanjize)")
    else:
        accuracy, seconds = _accuracy(kanjize, cases, repeat)
        table.append(["kanjize.kanji2number", f"{accuracy:.3f}", ms(seconds), "n/a (reads numerals only)"])
    sudachi = _sudachi()
    if sudachi is None:
        print("SudachiPy not installed: skipped (pip install sudachipy sudachidict_core)")
    else:
        read, no_numbers = sudachi
        accuracy, seconds = _accuracy(read, cases, repeat)
        refused = sum(1 for text in not_figures if no_numbers(text)) / len(not_figures)
        table.append(["SudachiPy + sudachidict_core (数詞 normalized)", f"{accuracy:.3f}", ms(seconds), f"{refused:.3f}"])
    print_table(["reader", "accuracy", f"time for {len(cases)}", "not-a-figure lines left clean"], table)
    compare_folding(rows, repeat)


def compare_folding(rows: list[list[str]], repeat: int) -> None:
    texts = [row[0] for row in rows]
    table = [_folding_row("grammar (numerals.fold_width)", fold_width, texts, repeat)]
    try:
        import jaconv
    except ImportError:
        print("jaconv not installed: skipped (pip install jaconv)")
    else:
        table.append(_folding_row("jaconv.z2h(ascii, digit)", lambda t: jaconv.z2h(t, kana=False, ascii=True, digit=True), texts, repeat))
    print()
    print(f"Width folding of the {len(texts)} fixture texts (offsets must stay: same length in and out)")
    print_table(["folder", "same length", "agrees with grammar", "time"], table)


def _folding_row(name: str, fold: Callable[[str], str], texts: list[str], repeat: int) -> list[str]:
    same_length = sum(1 for t in texts if len(fold(t)) == len(t)) / len(texts)
    agrees = sum(1 for t in texts if fold(t) == fold_width(t)) / len(texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fold(text)
        best = min(best, time.perf_counter() - start)
    return [name, f"{same_length:.3f}", f"{agrees:.3f}", ms(best)]


ADVERSARIAL = {
    "paragraph of figures (500 figures at 1x)": ("シェアは約26%、出荷額は約72兆円、2030年度までに1万台、年間約1,500億円/年。", 125),
    "1-1-1-… (5,000 chars at 1x)": ("1-", 2500),
    "digit run": ("1", 5000),
    "kanji numeral run": ("一二三四五", 1000),
    "1,1,1,…": ("1,", 2500),
    "1〜1〜…": ("1〜", 2500),
    "1 1 1 …": ("1 ", 2500),
    "letters and dots a.b.c…": ("a.", 2500),
    "placeholders ○○○…": ("○", 5000),
    "x x x …": ("x ", 2500),
}


def linear_time(repeat: int) -> None:
    print()
    print("Linear time: find_quantities on adversarial texts at 1x, 4x, 16x (ratio ≈ 4 per step is linear)")
    table = []
    for name, (unit, count) in ADVERSARIAL.items():
        times = []
        for factor in (1, 4, 16):
            text = unit * (count * factor)
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                find_quantities(text)
                best = min(best, time.perf_counter() - start)
            times.append(best)
        table.append([name, *(ms(t) for t in times), f"{times[1] / times[0]:.1f}", f"{times[2] / times[1]:.1f}"])
    print_table(["text", "1x", "4x", "16x", "4x/1x", "16x/4x"], table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compare_readers(args.repeat)
    linear_time(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
