"""From positioned PDF lines to the plain text the text reader understands.

A PDF knows no paragraphs, only glyphs at positions. This module rebuilds the
text a draft was printed from, so that the text reader's heading, list, footnote
and running-header passes work on a PDF exactly as on its text:

1. ``drop_page_bands``   – running headers, footers and page numbers: lines in a page's
                           top or bottom band that recur on most pages or are page numbers
2. ``measure_body``      – the body's font size, line pitch and column edges
3. ``rebuild_text``      – wrapped lines rejoined (no space between CJK characters), blank
                           lines where the vertical gap shows a paragraph break, also across
                           page breaks; larger type set apart as a block of its own;
                           indentation levels become leading spaces (list depth)
4. ``heading_ranks``     – unnumbered lines in clearly larger or bold type, standing alone,
                           marked as headings for the text reader (``TYPE_HEADING_MARK``
                           once per rank: the largest heading type is rank 1)

Coordinates are normalized by the extractor: ``start``/``end`` run along a line
(left → right, or top → bottom on a 縦書き page) and ``top``/``bottom`` across lines
in reading order, so vertical pages need no code of their own here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from versiondiff.normalize.glyphs import fold_glyphs
from versiondiff.normalize.inline import fold_half_width_kana, is_cjk
from versiondiff.normalize.text import MAX_TITLE, TYPE_HEADING_MARK


@dataclass(frozen=True)
class TextLine:
    """One printed line: its text (cells separated by tabs) and where it sits on the page."""

    text: str
    start: float  # along the line, from the page's start edge
    end: float
    top: float  # across lines, from the page's first edge in reading order
    bottom: float
    size: float  # em size of its type
    bold: bool = False


@dataclass(frozen=True)
class PageLines:
    extent: float  # the page's size across lines (height, or width on a vertical page)
    lines: tuple[TextLine, ...]


BAND = 0.09  # top and bottom 9% of a page hold running headers and footers
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐–—]\s*)?\d{1,4}(?:\s*[-‐–—])?$|^\d{1,4}\s*/\s*\d{1,4}$"
    r"|^(?:p\.|page)\s*\d{1,4}$|^\d{1,4}\s*(?:頁|ページ)$",
    re.I,
)
# Lines that start something new: never the wrapped tail of the line before.
_NEW_ITEM = re.compile(
    r"^(?:[・●○◆◇■□✓✔▶►▪•◦]|[-*+]\s|\d{1,3}(?:\.\d{1,3})*\.\s*\S|[(（]\d{1,2}[)）]"
    r"|[\u2460-\u2473]|第[0-9一二三四五六七八九十]+[章節部])"
)
# A footnote definition starts with its mark; a mark followed by punctuation is a
# reference that merely wrapped to the start of a line (``※1、…``).
_NOTE_START = re.compile(
    r"^(?>※[\d¹²³⁴-⁹]*+|\(\*+\)\d*+\)?|\*\d++|[(（]\*\d*+[)）]|注\d++)(?![、。，,)）])"
)
_NUMBERED = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.\s*\S|[(（]\d{1,2}[)）]|[\u2460-\u2473])")
_SENTENCE_END = re.compile(r"[。．.!?！？][)）」』】*]*$")
_HEADING_SIZE_RATIO = 1.12
# A heading without a number needs type clearly larger than the body (or bold):
# 1.12 sets a line apart, only 1.2 makes it a heading.
_TYPE_HEADING_RATIO = 1.2
# Less than this (in ems) is no indentation: table cell spacing, glyph side bearings.
# One space of indentation in the printed text is 0.22 em.
_MIN_INDENT = 0.18


# ---------------------------------------------------------------- 1. page bands


def _shape(text: str) -> str:
    """A line's text with its numbers masked: ``3 / 24`` and ``4 / 24`` are the same footer."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_page_bands(pages: list[PageLines]) -> list[PageLines]:
    """Remove running headers, footers and page numbers printed in the page bands."""
    in_band = [[_in_band(line, page) for line in page.lines] for page in pages]
    counts: Counter[str] = Counter()
    for page, flags in zip(pages, in_band, strict=True):
        counts.update({_shape(line.text) for line, band in zip(page.lines, flags, strict=True) if band})
    recurring = max(2, (len(pages) + 1) // 2)
    kept = []
    for page, flags in zip(pages, in_band, strict=True):
        lines = tuple(
            line for line, band in zip(page.lines, flags, strict=True)
            if not (band and (_PAGE_NUMBER.match(line.text.strip()) or counts[_shape(line.text)] >= recurring))
        )
        kept.append(PageLines(page.extent, lines))
    return kept


def _in_band(line: TextLine, page: PageLines) -> bool:
    return line.bottom <= page.extent * BAND or line.top >= page.extent * (1 - BAND)


# ---------------------------------------------------------------- 2. body metrics


@dataclass(frozen=True)
class _Body:
    size: float  # the body's em size
    pitch: float  # distance between the tops of two consecutive body lines
    first_top: float  # where text usually starts on a page
    last_bottom: float  # where a full page's text ends


def measure_body(pages: list[PageLines]) -> _Body:
    sizes: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            step = b.top - a.top
            if step > 0 and abs(a.size - b.size) < 0.5:
                pitches[round(step, 1)] += 1
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    # The smallest step that is common: a draft with a blank line after every line
    # has more double steps than single ones.
    total = sum(pitches.values())
    frequent = [step for step, n in pitches.items() if n >= max(2, 0.1 * total) and step >= 0.8 * size]
    pitch = min(frequent) if frequent else size * 1.5
    firsts = Counter(round(p.lines[0].top) for p in pages if p.lines)
    first_top = firsts.most_common(1)[0][0] if firsts else 0.0
    last_bottom = max((p.lines[-1].bottom for p in pages if p.lines), default=0.0)
    return _Body(size, max(pitch, size), first_top, last_bottom)


@dataclass(frozen=True)
class _Column:
    start: float
    end: float


def page_columns(page: PageLines) -> list[_Column]:
    """Text columns of a page: left edges where many lines start, each with its right edge."""
    if not page.lines:
        return []
    starts = Counter(round(line.start) for line in page.lines)
    threshold = max(2, len(page.lines) // 5)
    edges = sorted(s for s, n in starts.items() if n >= threshold) or [round(min(s for s in starts))]
    merged: list[float] = []
    for edge in edges:
        if not merged or edge - merged[-1] > 3 * page.lines[0].size:
            merged.append(edge)
    columns = []
    for i, edge in enumerate(merged):
        limit = merged[i + 1] - 1 if i + 1 < len(merged) else float("inf")
        members = [ln for ln in page.lines if edge - 1 <= ln.start < limit and ln.end <= limit]
        start = min((ln.start for ln in members), default=edge)
        columns.append(_Column(start, max((ln.end for ln in members), default=edge)))
    return columns


def _column_of(line: TextLine, columns: list[_Column]) -> _Column | None:
    fitting = [c for c in columns if c.start - 1 <= line.start]
    return fitting[-1] if fitting else (columns[0] if columns else None)


# ---------------------------------------------------------------- 3. rebuild text


@dataclass
class _Placed:
    line: TextLine
    page: int
    column: _Column | None


def rebuild_text(pages: list[PageLines]) -> str:
    """The text of the pages, one source line per line, blank lines between blocks."""
    pages = drop_page_bands(pages)
    body = measure_body(pages)
    placed = _place(pages)
    levels = _indent_levels(placed, body)
    ranks = heading_ranks(placed, body)
    out: list[str] = []
    previous: _Placed | None = None
    for current in placed:
        text = _bullet_glyph(fold_half_width_kana(fold_glyphs(current.line.text)).strip())
        if not text:
            continue
        relation = _relation(previous, current, text, body) if previous else "newline"
        if relation == "join" and out:
            out[-1] = _join(out[-1], text)
        else:
            if relation == "blank" and out and out[-1]:
                out.append("")
            rank = ranks.get(id(current))
            out.append(TYPE_HEADING_MARK * rank + text if rank else "  " * levels(current) + text)
        previous = current
    return "\n".join(out).strip("\n") + "\n"


_LEADING_BULLET = re.compile(r"^(?:[\ue002-\uf8ff]|[・●○◆◇■□✓✔▶►▪•◦])[\t \u3000]+")


def _bullet_glyph(text: str) -> str:
    """A list bullet set apart by a tab; symbol fonts (OpenSymbol, Wingdings) draw it
    with a private-use code point, which says nothing but "bullet"."""
    match = _LEADING_BULLET.match(text)
    if not match:
        return text
    bullet = match.group()[0]
    return ("・" if "\ue002" <= bullet <= "\uf8ff" else bullet) + text[match.end() :]


def _place(pages: list[PageLines]) -> list[_Placed]:
    placed = []
    for number, page in enumerate(pages):
        columns = page_columns(page)
        lines = [_Placed(line, number, _column_of(line, columns)) for line in page.lines]
        placed.extend(_column_by_column(lines, columns))
    return placed


def _column_by_column(lines: list[_Placed], columns: list[_Column]) -> list[_Placed]:
    """Read a page of side-by-side columns column by column, whatever order it was drawn in.

    Only columns that do not overlap count: a line spanning the page (a title) belongs
    to the first column and is read in its place there.
    """
    separate = all(a.end < b.start for a, b in zip(columns, columns[1:], strict=False))
    if len(columns) < 2 or not separate:
        return lines
    index = {id(column): i for i, column in enumerate(columns)}
    return sorted(lines, key=lambda p: (index.get(id(p.column), 0), p.line.top))


def _relation(previous: _Placed, current: _Placed, text: str, body: _Body) -> str:
    """How a line continues the one before: ``join`` (wrapped), ``newline`` or ``blank``."""
    prev, line = previous.line, current.line
    if _is_heading_type(line, body) or _is_heading_type(prev, body):
        # Larger or bold type is a block of its own, unless it wraps in the same type
        # (a two-line title, a bold sentence).
        same_type = abs(prev.size - line.size) < 0.5 and prev.bold == line.bold
        return "join" if same_type and _wrapped(previous, current, text, body) else "blank"
    same_flow = previous.page == current.page and line.top > prev.top - 0.5
    if same_flow and line.top - prev.top > body.pitch * 1.45 + 0.5:
        return "blank"
    # A page or column break may hide a blank line. Chromium and Word move a blank line
    # that does not fit to the next page, where the first line then sits lower; room
    # left at the foot of a page means a blank line, unless the paragraph wrapped
    # there (widow and orphan control leaves such room too).
    lowered = line.top > body.first_top + body.pitch * 0.8
    short_page = prev.bottom < body.last_bottom - body.pitch * 0.8
    if not same_flow and (lowered or (short_page and _SENTENCE_END.search(prev.text))):
        return "blank"
    if _wrapped(previous, current, text, body):
        return "join"
    if same_flow:
        return "newline"
    return "blank" if short_page or _NUMBERED.match(text) else "newline"


def _wrapped(previous: _Placed, current: _Placed, text: str, body: _Body) -> bool:
    """The line before ran to its column's edge and this one does not start a new item."""
    column = previous.column
    if column is None or _NEW_ITEM.match(text) or _NOTE_START.match(text):
        return False
    if "\t" in text or "\t" in previous.line.text:
        return False  # table rows end where their last cell ends
    room = column.end - previous.line.end
    first_word = re.match(r"[^\s]*", text).group()  # type: ignore[union-attr]
    latin_word = 0 if is_cjk(text[0]) else len(first_word) * 0.6 * body.size
    return room < max(1.6 * previous.line.size, latin_word)


def _join(before: str, after: str) -> str:
    """Rejoin a wrapped line: a space only where a Latin word wrapped at a space.

    Japanese wraps anywhere, so no space goes between CJK characters; nor before a
    bracket or mark that the line break merely separated (``RAN`` / ``(vRAN``).
    """
    if before and _LATIN_END.search(before) and _LATIN_START.match(after):
        return before + " " + after
    return before + after


_LATIN_END = re.compile(r"[A-Za-z0-9.,;:!?%)]$")
_LATIN_START = re.compile(r"[A-Za-z0-9(]")


def _is_heading_type(line: TextLine, body: _Body) -> bool:
    return line.size > body.size * _HEADING_SIZE_RATIO or (line.bold and len(line.text) <= 60)


# ---------------------------------------------------------------- 4. heading type


def heading_ranks(placed: list[_Placed], body: _Body) -> dict[int, int]:
    """Heading rank by ``id`` of each line that is a heading only by its type.

    Ranks follow size: the largest heading size is 1, the next 2, and bold lines of
    body size come last. A line with a number (``1.``, ``(1)``, ``第一章``) is left to
    the text reader's numbering rules, as are list items, notes, sentences and table rows.
    """
    found: dict[int, float] = {}
    for i, current in enumerate(placed):
        line = current.line
        larger = line.size >= body.size * _TYPE_HEADING_RATIO
        if not (larger or line.bold) or not _title_like(line.text):
            continue
        if not larger and (_runs_to_edge(current, body) or (i and _runs_to_edge(placed[i - 1], body))):
            continue  # a bold sentence wrapped across lines is emphasis in a paragraph
        found[id(current)] = round(line.size, 1) if larger else 0.0
    sizes = sorted({size for size in found.values() if size}, reverse=True)
    return {key: sizes.index(size) + 1 if size else len(sizes) + 1 for key, size in found.items()}


def _title_like(text: str) -> bool:
    text = text.strip()
    return (
        0 < len(text) <= MAX_TITLE
        and "\t" not in text
        and not _SENTENCE_END.search(text)
        and not _NEW_ITEM.match(text)
        and not _NOTE_START.match(text)
        and not _PAGE_NUMBER.match(text)
    )


def _runs_to_edge(placed: _Placed, body: _Body) -> bool:
    """The line fills its column: a paragraph goes on in the next line."""
    column = placed.column
    return column is not None and column.end - placed.line.end < 1.6 * body.size


def _indent_levels(placed: list[_Placed], body: _Body):  # noqa: ANN202
    """Indentation levels: distinct offsets from the column edge, smallest first."""
    offsets = sorted({
        round(p.line.start - p.column.start, 1)
        for p in placed
        if p.column is not None and p.line.start - p.column.start > _MIN_INDENT * body.size
    })
    clusters: list[float] = []
    for offset in offsets:
        if not clusters or offset - clusters[-1] > 0.3 * body.size:
            clusters.append(offset)

    def level(p: _Placed) -> int:
        if p.column is None:
            return 0
        offset = p.line.start - p.column.start
        if offset <= _MIN_INDENT * body.size:
            return 0
        return sum(1 for c in clusters if offset >= c - 0.15 * body.size)

    return level
