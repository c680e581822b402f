"""Text-level canonicalization shared by every reader, and the folding comparison applies.

Canonical text keeps the author's characters (widths, brackets, spacing inside a line);
``comparison_fold`` and ``compact_key`` make two spellings of the same text identical for
comparison only, so typography never reads as a change.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable

from versiondiff.normalize.charmap import CharacterMap
from versiondiff.normalize.elements import escape_glued_heading_marks
from versiondiff.normalize.glyphs import FOLDED_CHARS, fold_glyphs

# Comparison folds every full-width ASCII variant (letters, digits, brackets, %, +, -, /,
# colons, commas) and the ideographic space to ASCII. One character for one, so that
# offsets in the folded copy are offsets in the author's text.
_COMPARISON_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_COMPARISON_TABLE[0x3000] = 0x20  # ideographic space
_COMPARISON_TABLE[0x2212] = 0x2D  # minus sign → hyphen-minus, as PDF converters disagree
_COMPARISON_TABLE[0x00A0] = 0x20  # no-break space
# Odd spaces of converters: each becomes one plain space (one for one), tabs included.
_ODD_SPACES = {code: 0x20 for code in (0x09, 0x00A0, *range(0x2000, 0x200B))}
_ZERO_WIDTH = {0x200B: None, 0xFEFF: None}
_HALF_WIDTH_KANA = re.compile(r"[\uFF61-\uFF9F]+")
_ANY_HALF_WIDTH_KANA = re.compile(r"[\uFF61-\uFF9F]")  # found alone: the regex engine's fast scan


_fold_comparison = CharacterMap(_COMPARISON_TABLE)
_SPACING_TABLE = {**_ODD_SPACES, **_ZERO_WIDTH}
_fold_spacing = CharacterMap(_SPACING_TABLE)

_CJK = (
    "\u2460-\u24ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u309f\u30a0-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
# The same ranges as code points: a class of this size takes milliseconds to compile, and
# every start of the command line would pay for it.
_CJK_RANGES = ((0x2460, 0x24FF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
# Where each range starts and where it has ended, in order: a code point is CJK when an odd
# number of these lie at or below it (one C-speed bisection instead of a test per range).
_CJK_EDGES = [edge for low, high in sorted(_CJK_RANGES) for edge in (low, high + 1)]
_CJK_PUNCT = "、。・「」『』【】〈〉《》〔〕"
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue002-\uf8ff]")  # keeps footnote placeholders


def is_cjk(char: str) -> bool:
    if not char:
        return False
    return bisect_right(_CJK_EDGES, ord(char[0])) % 2 == 1


@functools.cache  # compiled on first use: only tidy_spaces needs them
def _tidy_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # PDF extraction puts spaces between a number and its unit (2025 年, 第 6 期).
    digit_cjk = re.compile(f"(?<=\\d) +(?=[{_CJK}%])|(?<=[{_CJK}]) +(?=\\d)|(?<=\\d%) +(?=[{_CJK}])")
    return digit_cjk, re.compile(f" +(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}]) +")


def fold_half_width_kana(text: str) -> str:
    """Half-width katakana as full width: a legacy encoding's spelling, not the author's choice.

    The only width fold kept in canonical text: ``ｶﾞ`` is two characters for one ``ガ``, so
    it cannot be folded one for one inside comparison."""
    if _ANY_HALF_WIDTH_KANA.search(text) is None:
        return text
    return _HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def comparison_fold(text: str) -> str:
    """Width variants as ASCII, one character for one: what comparison (never display) reads.

    ``（１）`` and ``(1)``, ``２６％`` and ``26%``, ``／`` and ``/`` fold to the same text, so
    they are formatting, never changes. The result has the length of ``text``."""
    return _fold_comparison(text)


def fold_width(text: str) -> str:
    """A fully folded copy for matching: glyph artefacts, width variants, half-width kana."""
    return comparison_fold(fold_half_width_kana(fold_glyphs(text)))


def keep_spacing(text: str) -> str:
    """The author's spacing: odd spaces as plain ones (one for one), ends stripped."""
    return _fold_spacing(text).strip()


def tidy_spaces(text: str) -> str:
    """Spacing folded as comparison reads it: no space around CJK units, runs as one."""
    digit_cjk_space, cjk_punct_space = _tidy_patterns()
    text = _SPACES.sub(" ", comparison_fold(text)).strip()
    text = digit_cjk_space.sub("", digit_cjk_space.sub("", text))  # "50 % を" needs two
    return cjk_punct_space.sub("", text)


def clean_text(text: str) -> str:
    """The inline canonicalization of a piece of text (no escaping).

    Only what no author wrote is changed: control characters, PDF glyph artefacts
    (``normalize/glyphs.py``), half-width katakana and odd spaces. Widths, brackets and
    the spacing inside the text stay as written (docs/canonical-markdown.md)."""
    if not _TO_CLEAN.search(text):
        return text.strip()  # what the passes below give a text none of them changes
    text = _CONTROL.sub("", text)
    return keep_spacing(fold_half_width_kana(fold_glyphs(text)))


# Any character one of clean_text's passes changes (ends aside): most text holds none.
_TO_CLEAN = re.compile(
    "[" + _CONTROL.pattern[1:-1] + re.escape(FOLDED_CHARS) + _HALF_WIDTH_KANA.pattern[1:-2]
    + re.escape("".join(map(chr, _SPACING_TABLE))) + "]"
)


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
    if "**" not in text and "__" not in text:
        return text  # most text has none: no regex pass
    return _EMPHASIS.sub("", text)


_EMPHASIS = re.compile(r"(?<!\()\*\*(?!\*?\))|__")  # (**) is a footnote mark


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
    return _SPACES.sub("", fold_width(_CONTROL.sub("", text)))


def sub_folded(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None], text: str) -> str:
    """``pattern.sub`` matched on the comparison-folded copy of ``text``; what is not replaced
    keeps the author's characters. ``replace`` returns None to keep a match as written."""
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(comparison_fold(text)):
        replacement = replace(match)
        if replacement is None:
            continue
        pieces += [text[position : match.start()], replacement]
        position = match.end()
    return "".join(pieces) + text[position:]


def split_folded(pattern: re.Pattern[str], text: str) -> list[str]:
    """``pattern.split`` matched on the folded copy: the pieces keep the author's characters."""
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(comparison_fold(text)):
        if match.end() == match.start() and match.start() == position:
            continue
        pieces.append(text[position : match.start()])
        position = match.end()
    return [*pieces, text[position:]]
