"""Fold the glyph artefacts of PDF fonts back to the characters a reader sees.

Japanese PDF fonts often map an ideograph's glyph to the code point of a radical
that looks the same: text copied out of a PDF then holds ``⽬`` (U+2F6C, KANGXI
RADICAL EYE) for 目 or ``⺠`` (U+2EA0, CJK RADICAL CIVILIAN) for 民. They print
identically, so a comparison must not see them as changes. NFKC folds the Kangxi
block but leaves the CJK Radicals Supplement alone, hence the explicit table.

Applied by ``inline.clean_text`` to every format, so that a text file and the PDF
printed from it read the same.
"""

from __future__ import annotations

import re
import unicodedata

from versiondiff.normalize.charmap import CharacterMap

# CJK Radicals Supplement forms that stand for a whole ideograph in Japanese fonts
# (Unicode's EquivalentUnifiedIdeograph.txt); forms that are only components
# (⺅ 亻, ⺡ 氵, ⺾ 艹 …) fold to their component ideograph as well.
_RADICAL_SUPPLEMENT = {
    "⺁": "厂", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺉": "刂", "⺊": "卜",
    "⺋": "㔾", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺒": "巳",
    "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄", "⺗": "㣺", "⺘": "扌", "⺙": "攵",
    "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵",
    "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭",
    "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸",
    "⺰": "纟", "⺱": "罒", "⺲": "罒", "⺳": "㓁", "⺶": "羊", "⺷": "羊", "⺹": "耂",
    "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹",
    "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠",
    "⻉": "贝", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅",
    "⻑": "長", "⻒": "镸", "⻓": "长", "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿", "⻯": "竜",
    "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}
# Dots that PDF fonts emit for the katakana middle dot 「・」.
_MIDDLE_DOTS = "\u2027\u00b7\u2219\u22c5\u30fb"
_LIGATURES = range(0xFB00, 0xFB07)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
_SOFT_HYPHEN = "\u00ad"
# Private-use code points carry no meaning outside the font that drew them; U+E000 and
# U+E001 are excluded because versiondiff uses them for footnote placeholders.
PRIVATE_USE = re.compile("[\ue002-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _RADICAL_SUPPLEMENT.items()}
    for code in range(0x2F00, 0x2FD6):  # Kangxi radicals: NFKC gives the ideograph
        table[code] = unicodedata.normalize("NFKC", chr(code))
    for code in range(0xF900, 0xFB00):  # compatibility ideographs with a canonical twin
        folded = unicodedata.normalize("NFC", chr(code))
        if folded != chr(code):
            table[code] = folded
    for code in _LIGATURES:
        table[code] = unicodedata.normalize("NFKC", chr(code))
    for dot in _MIDDLE_DOTS:
        table[ord(dot)] = "・"
    table[ord(_SOFT_HYPHEN)] = ""
    return table


_TABLE = _build_table()
_FOLD = CharacterMap(_TABLE)
FOLDED_CHARS = _FOLD.characters  # every character fold_glyphs changes (「・」 itself is kept)


def fold_glyphs(text: str) -> str:
    """Replace radical forms, odd middle dots and ligatures; drop soft hyphens."""
    return _FOLD(text)


def private_use_count(text: str) -> int:
    """How many private-use glyphs a text holds (they cannot be shown meaningfully)."""
    return len(PRIVATE_USE.findall(text))
