"""Reading numerals: width folding, Arabic and kanji numbers with scales, Japanese eras.

Values are exact ``Decimal``s so that respellings give identical floats
(``0.73兆`` and ``7,300億`` are both 730000000000.0, not 730000000000.0001).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from versiondiff.normalize.charmap import CharacterMap

# One character in, one character out: offsets in the folded copy are offsets in the text.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: ord(" "), 0xFFE5: ord("¥"), 0xFFE0: ord("¢"), 0xFFE1: ord("£"), 0x2212: ord("−")})
_FOLD_WIDTH = CharacterMap(_WIDTH)


def fold_width(text: str) -> str:
    """Full-width ASCII (２６％, （, ，, ．, ／, ＄) and the ideographic space as ASCII, same length."""
    return _FOLD_WIDTH(text)


KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12}
_PIECE = re.compile(r"[0-9][0-9,]*+(?:\.[0-9]++)?+|[〇零一二三四五六七八九]++|[十百千万億兆]")


def parse_numeral(text: str) -> Decimal | None:
    """``1,200`` → 1200; ``7.2兆`` → 7.2e12; ``1兆2千億`` → 1.2e12; ``4,500百万`` → 4.5e9;
    ``一万二千`` → 12000; ``三十`` → 30; ``二〇三〇`` → 2030 (digit by digit); ``十四・六`` → 14.6
    (a law's decimal point)."""
    text = text.replace(" ", "")
    if "・" in text:
        return _kanji_decimal(text)
    total = Decimal(0)
    section = Decimal(0)  # the part below 万, built from 十百千
    current: Decimal | None = None
    position = 0
    for piece in _PIECE.finditer(text):
        if piece.start() != position:
            return None
        position = piece.end()
        token = piece.group()
        if token[0].isdigit() or token[0] in KANJI_DIGITS:
            if current is not None:
                return None  # two numbers in a row (2030 3) are not one numeral
            current = _digits(token)
        elif token in _SMALL:
            section += (current if current is not None else 1) * _SMALL[token]
            current = None
        else:
            group = section + (current or 0)
            total += (group or 1) * _LARGE[token]
            section, current = Decimal(0), None
    if position != len(text) or not text:
        return None
    return total + section + (current or 0)


def _kanji_decimal(text: str) -> Decimal | None:
    whole, _, fraction = text.partition("・")
    value = parse_numeral(whole)
    if value is None or not fraction or any(char not in KANJI_DIGITS for char in fraction):
        return None
    return value + Decimal("0." + "".join(str(KANJI_DIGITS[char]) for char in fraction))


def _digits(token: str) -> Decimal | None:
    if token[0] in KANJI_DIGITS:
        return Decimal("".join(str(KANJI_DIGITS[c]) for c in token))
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


_SCALED = re.compile(r"(?:[0-9][0-9,.]*|[〇一二三四五六七八九十]+)((?:百万|千万|[千万億兆])+)")


def leading_scale(numeral: str) -> Decimal | None:
    """The scale a range's upper bound lends its lower bound: ``3.0兆`` → 1e12, ``5万`` → 1e4
    (``1 兆`` too: PDF text puts a space before the scale)."""
    match = _SCALED.fullmatch(numeral.replace(" ", ""))
    return parse_numeral("1" + match.group(1)) if match else None


def has_scale(numeral: str) -> bool:
    return any(c in "千万億兆" for c in numeral) or "百万" in numeral


# Western year of each era's year 1 minus one: 令和7年 = 2018 + 7 = 2025.
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867, "R": 2018, "H": 1988}


def era_year(era: str, numeral: str) -> Decimal | None:
    """``令和``, ``7`` → 2025; ``令和``, ``元`` → 2019; ``平成``, ``三十`` → 2018."""
    number = Decimal(1) if numeral == "元" else parse_numeral(numeral)
    return None if number is None else ERAS[era] + number
