"""Quantities in Japanese policy text: 約72兆円, 約25%, 2030年度, 1万台, 5〜10%, 三割.

``find_quantities`` returns each with its value in base units, so that respellings
(``0.73兆円`` / ``7,300億円``, ``２６％`` / ``26%``, ``2割`` / ``20%``) compare equal.
Numbers that are names rather than amounts (``L4``, ``5G``, ``E2E``, ``1:N``) are
not quantities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_SCALES = {"万": 1e4, "億": 1e8, "兆": 1e12, "千": 1e3, "百万": 1e6, "千万": 1e7}

# Units as written → (base unit, factor to base). Longest first in the regex.
_UNITS: dict[str, tuple[str, float]] = {
    "%": ("%", 1), "％": ("%", 1), "パーセント": ("%", 1), "割": ("%", 10),
    "ポイント": ("pt", 1), "pt": ("pt", 1),
    "円": ("円", 1), "ドル": ("ドル", 1), "ユーロ": ("ユーロ", 1), "元": ("元", 1),
    "年度": ("年度", 1), "年代": ("年代", 1), "年間": ("年間", 1), "年": ("年", 1),
    "か月": ("か月", 1), "ヶ月": ("か月", 1), "カ月": ("か月", 1), "ケ月": ("か月", 1), "月": ("月", 1),
    "日間": ("日間", 1), "日": ("日", 1), "時間": ("時間", 1), "分": ("分", 1), "秒": ("秒", 1),
    "歳": ("歳", 1), "人": ("人", 1), "名": ("人", 1), "件": ("件", 1), "社": ("社", 1),
    "台": ("台", 1), "倍": ("倍", 1), "回": ("回", 1), "か所": ("か所", 1), "カ所": ("か所", 1),
    "箇所": ("か所", 1), "ヶ所": ("か所", 1), "拠点": ("拠点", 1), "路線": ("路線", 1),
    "地域": ("地域", 1), "世帯": ("世帯", 1), "機関": ("機関", 1), "団体": ("団体", 1),
    "校": ("校", 1), "基": ("基", 1), "機": ("機", 1), "隻": ("隻", 1), "戸": ("戸", 1),
    "棟": ("棟", 1), "店": ("店", 1), "品目": ("品目", 1), "項目": ("項目", 1), "業務": ("業務", 1),
    "都市": ("都市", 1), "自治体": ("自治体", 1), "市町村": ("市町村", 1), "件数": ("件", 1),
    "トン": ("t", 1), "t": ("t", 1), "kg": ("t", 1e-3),
    "km": ("m", 1e3), "m": ("m", 1), "ha": ("ha", 1), "km2": ("km2", 1), "km²": ("km2", 1),
    "TWh": ("Wh", 1e12), "GWh": ("Wh", 1e9), "MWh": ("Wh", 1e6), "kWh": ("Wh", 1e3),
    "GW": ("W", 1e9), "MW": ("W", 1e6), "kW": ("W", 1e3),
    "Gbps": ("bps", 1e9), "Mbps": ("bps", 1e6), "Tbps": ("bps", 1e12),
    "GB": ("B", 1e9), "TB": ("B", 1e12), "PB": ("B", 1e15),
}
_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_LATIN_UNITS = {u for u in _UNITS if u.isascii() and u.isalpha()}

_PREFIX_HEDGES = ("約", "およそ", "概ね", "おおむね", "最大", "最低", "少なくとも", "最大で", "計")
_SUFFIX_HEDGES = ("程度", "以上", "以下", "超", "未満", "強", "弱", "前後", "余り", "近く", "超え", "規模")
_TIME_POINT = ("時点",)

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[〇零一二三四五六七八九十百千]+"
_SCALE = r"(?:百万|千万|[万億兆千])"
_SCALED = rf"(?:{_NUMBER})(?:{_SCALE}(?:(?:{_NUMBER}){_SCALE}?)*)?"
QUANTITY = re.compile(
    rf"(?P<hedge>{'|'.join(_PREFIX_HEDGES)})?"
    rf"(?P<number>{_SCALED})"
    rf"(?:\s*(?P<range>[〜～~\-－]|から)\s*(?P<number2>{_SCALED}))?"
    rf"(?P<unit>{_UNIT_PATTERN})?"
    rf"(?P<after>{'|'.join(_SUFFIX_HEDGES + _TIME_POINT)})?"
)


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float | None
    unit: str | None
    approx: bool
    start: int
    end: int
    upper: float | None = None  # the upper end of a range

    def as_json(self) -> dict:
        return {"text": self.text, "value": self.value, "unit": self.unit, "approx": self.approx}

    def same_value(self, other: Quantity) -> bool:
        return (
            self.unit == other.unit
            and _close(self.value, other.value)
            and _close(self.upper, other.upper)
        )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def parse_number(text: str) -> float | None:
    """``1,200`` → 1200; ``7.2兆`` → 7.2e12; ``1兆2000億`` → 1.2e12; ``4,500百万`` → 4.5e9; ``三十`` → 30."""
    rest = text.replace(",", "")
    if not re.search(r"\d", rest):
        return _kanji_with_scales(rest)
    total = 0.0
    for match in re.finditer(r"(\d+(?:\.\d+)?)(百万|千万|[万億兆千])?", rest):
        total += float(match.group(1)) * (_SCALES[match.group(2)] if match.group(2) else 1)
    return total


def _kanji_with_scales(text: str) -> float | None:
    """三千万 → 3e7, 百万 → 1e6, 二〇三〇 → 2030."""
    total = 0.0
    for digits, scale in re.findall(r"([〇零一二三四五六七八九十百千]*)([兆億万]?)", text):
        if not digits and not scale:
            continue
        number = _kanji_number(digits) if digits else 1.0
        if number is None:
            return None
        total += number * (_SCALES[scale] if scale else 1)
    return total


def _kanji_number(text: str) -> float | None:
    """Kanji numerals up to 9999 (larger scales are handled by the caller)."""
    if all(c in _KANJI_DIGITS for c in text) and len(text) > 1:  # 二〇三〇 written digit by digit
        return float("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in _KANJI_DIGITS:
            current = _KANJI_DIGITS[char]
        elif char in _KANJI_SMALL:
            total += (current or 1) * _KANJI_SMALL[char]
            current = 0
        else:
            return None
    return float(total + current)


# A full date is one figure: 2030年1月15日 → 2030年3月2日 is one change, not "15日 → 2日".
DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日(?P<after>時点)?")


def find_quantities(text: str) -> list[Quantity]:
    quantities = []
    taken: list[tuple[int, int]] = []
    for match in DATE.finditer(text):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        quantities.append(Quantity(match.group(), float(year * 10000 + month * 100 + day), "年月日", False, match.start(), match.end()))
        taken.append((match.start(), match.end()))
    for match in QUANTITY.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        quantity = _to_quantity(match, text)
        if quantity:
            quantities.append(quantity)
    return sorted(quantities, key=lambda q: q.start)


def _to_quantity(match: re.Match[str], text: str) -> Quantity | None:
    number, unit = match.group("number"), match.group("unit")
    start, end = match.start(), match.end()
    before = text[max(0, start - 1) : start]
    after_char = text[end : end + 1]
    # Names, not amounts: L4, 5G, E2E, Society 5.0, 1:N, 3.1.1. outline numbers.
    if re.match(r"[A-Za-z_\-.:/]", before) or re.match(r"[A-Za-z:_/]", after_char):
        return None
    if re.match(r"\d", after_char):
        return None
    if unit in _LATIN_UNITS and re.match(r"[A-Za-z0-9]", after_char):
        return None
    kanji_only = not re.search(r"\d", number)
    if kanji_only and re.match(r"[\d.,]", before):
        return None  # 4,500百万円 is read as one figure, never as 百万円 alone
    if kanji_only and not unit:
        return None  # 一部, 三者: kanji numerals count only with a unit
    if kanji_only and len(number) == 1 and number in "一" and unit in ("月", "日", "回", "人"):
        return None  # 一月, 一日, 一回, 一人 are words, not amounts
    value = parse_number(number)
    if value is None:
        return None
    base, factor = _UNITS.get(unit, (None, 1.0)) if unit else (None, 1.0)
    if not unit and re.search(r"[万億兆]", number):
        base = ""  # 5万 without a unit still counts
    upper = None
    if match.group("number2"):
        upper_value = parse_number(match.group("number2"))
        upper = upper_value * factor if upper_value is not None else None
    hedge = bool(match.group("hedge")) or (match.group("after") or "") in _SUFFIX_HEDGES
    if base is None and not unit and value < 10 and not match.group("hedge"):
        return None  # a lone digit is more often a list number than an amount
    if not math.isfinite(value * factor) or (upper is not None and not math.isfinite(upper)):
        return None  # beyond float range: not comparable as a value (and no Infinity in JSON)
    return Quantity(
        text=match.group(),
        value=value * factor,
        unit=base if base is not None else None,
        approx=hedge,
        start=start,
        end=end,
        upper=upper,
    )


def format_delta(old: Quantity, new: Quantity) -> str:
    """A reviewer's reading of the change: −1 pt, +2兆円 (+2.9%), +1年."""
    if old.value is None or new.value is None or old.unit != new.unit:
        return ""
    diff = new.value - old.value
    sign = "+" if diff > 0 else "−"
    if old.unit == "%":
        return f"{sign}{_trim(abs(diff))} pt"
    if old.unit == "年月日":
        return ""  # a reviewer reads the dates themselves
    if old.unit in ("年", "年度", "年代"):
        return f"{sign}{_trim(abs(diff))}年"
    amount = _scaled(abs(diff)) + (old.unit or "")
    if old.value:
        return f"{sign}{amount} ({sign}{_trim(abs(diff) / abs(old.value) * 100, 1)}%)"
    return f"{sign}{amount}"


def _scaled(value: float) -> str:
    for scale, factor in (("兆", 1e12), ("億", 1e8), ("万", 1e4)):
        if value >= factor:
            return _trim(value / factor, 2) + scale
    return _trim(value, 2)


def _trim(value: float, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"
