"""Quantities in Japanese policy text: 約72兆円, 約25%, 2030年度, 1万台, 5〜10%, 三割, ○兆円.

``find_quantities`` returns each figure with its value in base units, so that
respellings (``0.73兆円`` / ``7,300億円``, ``２６％`` / ``26%``, ``2割`` / ``20%``,
``令和7年`` / ``2025年``) compare equal. The grammar lives in ``quantity_grammar``;
its examples, and the things that are not figures, in ``tests/fixtures/quantities.tsv``.
"""

from __future__ import annotations

from versiondiff.compare.numerals import fold_width, parse_numeral
from versiondiff.compare.quantity_grammar import read_figures
from versiondiff.compare.quantity_model import Quantity

__all__ = ["Quantity", "find_quantities", "format_delta", "parse_number"]


# Texts read, by text: a comparison reads the same text many times (a line every area
# carries, a clause around each of its figures). Emptied when full, so memory stays bounded.
_READ: dict[str, tuple[Quantity, ...]] = {}
_READ_MAX = 8192


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` in reading order; offsets and ``text`` refer to ``text`` as given.

    Each call returns figures of its own: figure pairing tells figures apart by identity
    (a figure paired in one block is not paired in another that reads the same)."""
    known = _READ.get(text)
    if known is not None:
        return [quantity.twin() for quantity in known]
    found = read_figures(text)
    if len(_READ) >= _READ_MAX:
        _READ.clear()
    _READ[text] = tuple(found)
    return found


def parse_number(text: str) -> float | None:
    """``1,200`` → 1200; ``7.2兆`` → 7.2e12; ``1兆2000億`` → 1.2e12; ``4,500百万`` → 4.5e9; ``三十`` → 30."""
    value = parse_numeral(fold_width(text).replace(" ", ""))
    return None if value is None else float(value)


def format_delta(old: Quantity, new: Quantity) -> str:
    """A reviewer's reading of the change: −1 pt, +2兆円 (+2.9%), +1年, (set)."""
    if old.placeholder and not new.placeholder:
        return "(set)"
    if new.placeholder and not old.placeholder:
        return "(unset)"
    if old.value is None or new.value is None or old.unit != new.unit or old.per != new.per:
        return ""
    if old.upper is not None or new.upper is not None:
        delta = _range_delta(old, new)
    else:
        delta = _delta(old.value, new.value, old)
    if old.approx != new.approx and old.bound == new.bound:  # 約11% → 11%: the hedge is the change
        delta = (delta + (" (hedge dropped)" if old.approx else " (hedged)")).lstrip()
    return delta


def _delta(old_value: float, new_value: float, old: Quantity, relative: bool = True) -> str:
    diff = new_value - old_value
    if diff == 0:
        return "±0"
    sign = "+" if diff > 0 else "−"
    if old.unit == "%":
        return f"{sign}{_trim(abs(diff))} pt"
    if old.kind == "date" or old.unit in ("年月日", "月"):
        return ""  # a reviewer reads the dates themselves
    if old.unit in ("年", "年度", "年代"):
        return f"{sign}{_trim(abs(diff))}年"
    per = f"/{old.per}" if old.per else ""
    amount = _scaled(abs(diff)) + (old.unit if old.unit and old.unit != "fraction" else "") + per
    if old_value and relative:
        return f"{sign}{amount} ({sign}{_trim(abs(diff) / abs(old_value) * 100, 1)}%)"
    return f"{sign}{amount}"


def _range_delta(old: Quantity, new: Quantity) -> str:
    """Both bounds: lower −0.2兆円, upper ±0."""
    old_upper = old.upper if old.upper is not None else old.value
    new_upper = new.upper if new.upper is not None else new.value
    lower = _delta(old.value, new.value, old, relative=False)  # type: ignore[arg-type]
    upper = _delta(old_upper, new_upper, old, relative=False)  # type: ignore[arg-type]
    return f"lower {lower}, upper {upper}"


def _scaled(value: float) -> str:
    for scale, factor in (("兆", 1e12), ("億", 1e8), ("万", 1e4)):
        if value >= factor:
            return _trim(value / factor, 2) + scale
    return _trim(value, 2)


def _trim(value: float, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"
