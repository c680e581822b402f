"""Text-level canonicalization shared by every reader: width folding, spacing, escaping.

These rules make two spellings of the same text identical, so that a later
comparison sees no change where a revision only changed typography.
"""

from __future__ import annotations

import re
import unicodedata

from versiondiff.normalize.elements import escape_glued_heading_marks
from versiondiff.normalize.glyphs import fold_glyphs

# Full-width forms that Japanese text uses as punctuation keep their width; every other
# full-width ASCII variant (letters, digits, brackets, %, +, -, /) folds to ASCII.
_KEEP_FULL_WIDTH = set("！？：；，．～")
_FOLD_TABLE = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH
}
_FOLD_TABLE[0x3000] = 0x20  # ideographic space
_FOLD_TABLE[0x2212] = 0x2D  # minus sign → hyphen-minus, as PDF converters disagree
_FOLD_TABLE[0x00A0] = 0x20  # no-break space
_HALF_WIDTH_KANA = re.compile(r"[\uFF61-\uFF9F]+")
# A full-width comma or period inside a number is a digit separator, not punctuation.
_NUMERIC_PUNCT = re.compile(r"(?<=\d)[，．](?=\d)|(?<=\d)．(?=\s|[^\d]|$)")

_CJK = (
    "\u2460-\u24ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u309f\u30a0-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_PUNCT = "、。・「」『』【】〈〉《》〔〕"
_SPACES = re.compile(r"[ \t\u2000-\u200b]+")
# PDF extraction puts spaces between a number and its unit (2025 年, 第 6 期).
_DIGIT_CJK_SPACE = re.compile(f"(?<=\\d) +(?=[{_CJK}%])|(?<=[{_CJK}]) +(?=\\d)|(?<=\\d%) +(?=[{_CJK}])")
_CJK_PUNCT_SPACE = re.compile(f" +(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}]) +")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue002-\uf8ff]")  # keeps footnote placeholders


def is_cjk(char: str) -> bool:
    return bool(char) and bool(_CJK_CHAR.match(char))


def fold_width(text: str) -> str:
    """Fold full-width ASCII variants to ASCII and half-width katakana to full width."""
    text = fold_glyphs(text).translate(_FOLD_TABLE)  # PDF font artefacts: radicals, ligatures
    text = _NUMERIC_PUNCT.sub(lambda m: "," if m.group() == "，" else ".", text)
    return _HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def tidy_spaces(text: str) -> str:
    """Collapse runs of spaces and drop the ones PDF extraction puts around CJK units."""
    text = _SPACES.sub(" ", text).strip()
    text = _DIGIT_CJK_SPACE.sub("", _DIGIT_CJK_SPACE.sub("", text))  # "50 % を" needs two
    return _CJK_PUNCT_SPACE.sub("", text)


def clean_text(text: str) -> str:
    """The full inline canonicalization of a piece of text (no escaping)."""
    text = _CONTROL.sub("", text)
    return tidy_spaces(fold_width(text))


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: Japanese wraps anywhere, so no space is inserted next to CJK."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(line[0]):
            out += " "
        out += line
    return out


def strip_emphasis(text: str) -> str:
    """Drop Markdown bold/underline markers: emphasis is formatting, not content."""
    return re.sub(r"(?<!\()\*\*(?!\*?\))|__", "", text)  # (**) is a footnote mark


_ESCAPE_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([-+=#])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_markdown(text: str, *, at_line_start: bool = True) -> str:
    """Escape text so that markdown-it parses it back to exactly this text."""
    text = _ESCAPE_ANYWHERE.sub(r"\\\1", text)
    text = escape_glued_heading_marks(text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    if at_line_start:
        text = _LINE_START.sub(r"\\\1", text)
        text = _ORDERED_START.sub(r"\1\\\2", text)
    return text


def compact_key(text: str) -> str:
    """A spelling-insensitive key for matching titles: no spaces, no brackets' width."""
    return re.sub(r"\s+", "", clean_text(text))
