"""Reader for plain text extracted from PDFs (and any text without Markdown headings).

A chain of named passes over lines and blank-line separated blocks:

1. ``find_toc_lines``        – table-of-contents and figure-list lines (end in page numbers)
2. ``split_blocks``          – blank-line separated blocks of lines
3. ``drop_page_furniture``   – running headers and page numbers repeated at page tops
4. ``classify_blocks``       – each line becomes a heading candidate, list item,
                               footnote definition, table row or paragraph text
5. ``resolve_headings``      – candidates accepted by their numbering sequence, levels
                               given by the order their styles nest in
6. ``resolve_footnotes``     – marks linked to the definitions they refer to
"""

from __future__ import annotations

import re
from collections import Counter

from versiondiff.model import Block
from versiondiff.normalize import footnotes
from versiondiff.normalize.elements import Element, Heading, ref
from versiondiff.normalize.glyphs import fold_glyphs
from versiondiff.normalize.inline import (
    clean_text,
    compact_key,
    comparison_fold,
    fold_half_width_kana,
    join_lines,
    strip_emphasis,
    sub_folded,
)
from versiondiff.records import Record

# Every pattern below reads a folded copy (text is sliced from the source). The passes fold
# the same lines again and again, so each is folded once per read (cleared after each read:
# another thread's read only loses its hits, as every entry is the fold of its key).
_FOLDED: dict[str, str] = {}


def _f(text: str) -> str:
    found = _FOLDED.get(text)
    if found is None:
        found = _FOLDED[text] = comparison_fold(text)
    return found

# ---------------------------------------------------------------- line patterns

_PAGE_NUMBER = re.compile(r"^(?:[-‐–—]\s*)?\d{1,4}(?:\s*[-‐–—])?$|^\d{1,4}\s*/\s*\d{1,4}$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+](?=\s)|[・●○◆◇■□✓✔▶►▪•◦])\s*")
_INNER_BULLET = re.compile(r"^(?:[・●○◆◇■□✓✔▶►▪•◦]|[-*+](?=\s))\s*")
_HTML_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|tr|td|th|table|tbody|thead)\b[^<>]*/?>", re.I)
_HTML_BLOCK_GAP = re.compile(rf"\s*(?:{_HTML_BLOCK_TAG.pattern}\s*)+", re.I)
_HTML_INLINE_TAG = re.compile(r"</?(?:b|strong|span|i|em|sup|sub|u|font|a|small)\b[^<>]*>", re.I)

_HEADING = re.compile(
    r"^(?:"
    r"(?P<dec>\d{1,3}(?:\.\d{1,3})*)\.\s*"  # 1.  3.1.1.
    r"|(?P<dec2>\d{1,3}(?:\.\d{1,3})+)\s+"  # 3.1.1 (no final dot)
    r"|[(](?P<paren>\d{1,2})[)]\s*"  # (1)
    r"|(?P<circled>[\u2460-\u2473])\s*"  # ①
    r"|第(?P<dai>[0-9一二三四五六七八九十百千〇]{1,6})(?P<unit>[編章節款目])\s+"  # 第一章 総則
    r")(?P<title>\S.*)$"
)
_ARTICLE = re.compile(
    r"^(?P<label>第(?P<num>[0-9一二三四五六七八九十百千〇]{1,6})条(?:の[0-9一二三四五六七八九十]{1,3})*)"
    r"[ \t]+(?P<body>\S.*)$"
)
_CAPTION = re.compile(r"^[(][^()]{1,30}[)]$")  # （目的）, folded to ASCII brackets
# Japanese laws and reports nest 編 > 章 > 節 > 款 > 目; each unit is a numbering style.
_DAI_UNITS = "編章節款目"
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
# A note under a bullet (``※例：…``, ``注：…``, ``(注1)…``) is a block of its own, not the
# bullet's wrapped continuation (footnote definitions such as ``※1`` are caught before).
_NOTE_START = re.compile(r"^(?:※|注\d{0,2}[:：.)、\s]|[(<＜〈【]注\d{0,2}[)>＞〉】])")
MAX_TITLE = 60
_MIN_TOC_LINES = 3
# The PDF layout's hint (``pdf_layout``): a line it saw set in larger or bold type, standing
# alone, starts with this mark repeated once per rank (1 = the largest heading type). A
# control character no draft's text holds; it is read here and nowhere else.
TYPE_HEADING_MARK = "\x1e"


class _Candidate(Record):
    """What a line would be as a heading: its numbering style and numbers, label and title."""

    __slots__ = ("style", "nums", "label", "title", "owns")
    style: tuple[str, int]
    nums: tuple[int, ...]
    label: str
    title: str
    owns: tuple[str, int] | None  # a block title: the numbering style it heads

    def __init__(self, style: tuple[str, int], nums: tuple[int, ...], label: str, title: str,
                 owns: tuple[str, int] | None = None):
        self.style = style
        self.nums = nums
        self.label = label
        self.title = title
        self.owns = owns


class _Item(Record):
    """One element in the making: a paragraph, list item, table, definition or heading."""

    __slots__ = ("kind", "lines", "depth", "key", "candidate", "whole_block", "level")
    kind: str  # paragraph | list_item | table | footnote | heading | toc
    lines: list[str]
    depth: int
    key: str  # footnote definition key
    candidate: _Candidate | None
    whole_block: bool  # the item is a whole blank-line separated block
    level: int

    def __init__(self, kind: str, lines: list[str] | None = None, depth: int = 0, key: str = "",
                 candidate: _Candidate | None = None, whole_block: bool = False, level: int = 0):
        self.kind = kind
        self.lines = [] if lines is None else lines
        self.depth = depth
        self.key = key
        self.candidate = candidate
        self.whole_block = whole_block
        self.level = level


# ---------------------------------------------------------------- entry point


def read_text(text: str) -> list[Element]:
    # Lines keep the author's characters; glyph artefacts and half-width kana are not theirs.
    # Patterns match the comparison-folded copy (one character for one), so ``（１）`` reads
    # as ``(1)`` while the text cut out of the line stays ``（１）``.
    # Folded as one text (neither fold touches a line break): one scan, not one per line.
    text = fold_half_width_kana(fold_glyphs(text.replace("\r\n", "\n")))
    lines = [line.rstrip() for line in text.split("\n")]
    try:
        toc = find_toc_lines([_f(line) for line in lines])
        blocks = drop_page_furniture(split_blocks(lines, toc))
        items = classify_blocks(blocks, toc, lines)
        items = resolve_headings(items)
        return resolve_footnotes(items)
    finally:
        _FOLDED.clear()


# ---------------------------------------------------------------- pass 1: TOC


def find_toc_lines(lines: list[str]) -> set[int]:
    """Lines of tables of contents: runs of entries ending in page numbers that grow.

    Only the first 40% of a document is searched: a TOC comes first, while a data
    table later on may also end its rows in numbers.
    """
    limit = max(10, int(len(lines) * 0.4))
    hits = [i for i in range(min(limit, len(lines))) if _is_toc_entry(lines[i])]
    regions: list[list[int]] = []
    for i in hits:
        if regions and _gap_is_small(lines, regions[-1][-1], i):
            regions[-1].append(i)
        else:
            regions.append([i])
    toc: set[int] = set()
    for region in regions:
        pages = [page_reference(lines[i])[1] for i in region]  # type: ignore[index]
        rising = sum(1 for a, b in zip(pages, pages[1:], strict=False) if b >= a)
        if len(region) >= _MIN_TOC_LINES and rising >= 0.8 * (len(pages) - 1):
            toc.update(range(region[0], region[-1] + 1))
    return toc


def page_reference(line: str) -> tuple[int, int] | None:
    """``(start of the leader, page)`` of a line ending in a page reference, else None.

    Entries end in ``\t9``, ``.....9``, ``……9`` or `` p.9``. Scanned backwards from
    the end of the line instead of with a regex: a search for a leader run followed
    by digits restarts at every leader character and took quadratic time on a long
    line of dots (``'目次' + '.' * 40000 + 'x'``: 20 s).
    """
    end = len(line.rstrip())
    digits = end
    while digits > 0 and end - digits < 5 and line[digits - 1] in _ASCII_DIGITS:
        digits -= 1
    if not 1 <= end - digits <= 4:
        return None
    starts = [start for start in (_tab_leader(line, digits), _dot_leader(line, digits)) if start is not None]
    return (min(starts), int(line[digits:end])) if starts else None


_ASCII_DIGITS = frozenset("0123456789")


def _run_start(line: str, end: int, chars: str) -> int:
    """Start of the run of ``chars`` that ends at ``end``."""
    start = end
    while start > 0 and line[start - 1] in chars:
        start -= 1
    return start


def _tab_leader(line: str, end: int) -> int | None:
    start = _run_start(line, end, "\t")
    return start if start < end else None


def _dot_leader(line: str, end: int) -> int | None:
    """``..... 9``, ``…… 9`` or `` p. 9`` (spaces allowed before the number)."""
    spaced = end
    while spaced > 0 and line[spaced - 1].isspace():
        spaced -= 1
    dots = _run_start(line, spaced, ".")
    if spaced - dots >= 2:
        return dots
    ellipsis = _run_start(line, spaced, "…")
    if ellipsis < spaced:
        return ellipsis
    if spaced >= 3 and line[spaced - 2 : spaced] == "p." and line[spaced - 3].isspace():
        gap = spaced - 2
        while gap > 0 and line[gap - 1].isspace():
            gap -= 1
        return gap
    return None


def _is_toc_entry(line: str) -> bool:
    if len(line) > 160:
        return False
    found = page_reference(line)
    if not found:
        return False
    before = line[: found[0]].strip(" .\t…")
    return bool(before) and not _NUMBERS_ONLY.fullmatch(before)


_NUMBERS_ONLY = re.compile(r"[\d\s.,%]+")


def _gap_is_small(lines: list[str], last: int, current: int) -> bool:
    """At most two non-blank lines (category labels such as ``(AI・半導体分野)``) between entries."""
    between = [line for line in lines[last + 1 : current] if line.strip()]
    return len(between) <= 2 and all(len(line) <= 60 for line in between)


# ---------------------------------------------------------------- pass 2-3: blocks


class _RawBlock(Record):
    """Lines between blank lines, and the number of its first line in the text."""

    __slots__ = ("lines", "start")
    lines: list[str]
    start: int

    def __init__(self, lines: list[str], start: int):
        self.lines = lines
        self.start = start


def split_blocks(lines: list[str], toc: set[int]) -> list[_RawBlock]:
    """Blank-line separated blocks; each TOC line is a block of its own."""
    blocks: list[_RawBlock] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if not line.strip() or i in toc:
            if current:
                blocks.append(_RawBlock(current, start))
                current = []
            if i in toc and line.strip():
                blocks.append(_RawBlock([line], i))
            continue
        if not current:
            start = i
        current.append(line)
    if current:
        blocks.append(_RawBlock(current, start))
    return blocks


def _is_short_label(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 30
        and "。" not in line
        and "\t" not in line
        and not _BULLET.match(_f(line))
        and not _HEADING.match(_f(line))
    )


_DIGIT = re.compile(r"[0-9]")  # read on the folded copy: full-width digits too


def drop_page_furniture(blocks: list[_RawBlock]) -> list[_RawBlock]:
    """Remove page numbers and running headers.

    A running header is a short line that starts at least three blocks and, at
    least once, heads a small group of short lines (the header plus the area name
    printed at each page top, e.g. ``デジタル・サイバーセキュリティ`` / ``自動運転技術``).
    Requiring the group keeps repeated labels such as ``方向性`` that are content.
    """
    starts = Counter(_f(b.lines[0].strip()) for b in blocks if _is_short_label(b.lines[0]))
    headers = {
        _f(b.lines[0].strip())
        for b in blocks
        if starts[_f(b.lines[0].strip())] >= 3
        and 2 <= len(b.lines) <= 3
        and all(_is_short_label(line) for line in b.lines)
    }
    groups = Counter(_header_group(b) for b in blocks if _f(b.lines[0].strip()) in headers)
    kept: list[_RawBlock] = []
    for block in blocks:
        if len(block.lines) == 1 and _PAGE_NUMBER.match(_f(block.lines[0].strip())):
            continue
        if _f(block.lines[0].strip()) in headers:
            group = _header_group(block)
            # A group holding a number is furniture only where it recurs word for word (a dated
            # header on every page): 「2033年に」 opening four different targets
            # (「海外売上6兆円」, 「海外売上1兆円」…) is a repeated phrase, and its targets content.
            if groups[group] < 3 and any(_DIGIT.search(line) for line in group):
                kept.append(block)
                continue
            rest = block.lines[len(group) :]
            if not rest:
                continue
            block = _RawBlock(rest, block.start + len(group))
        kept.append(block)
    return kept


def _header_group(block: _RawBlock) -> tuple[str, ...]:
    """A running header's lines: the header and up to two more short lines (the area name)."""
    count = 1
    while count < min(3, len(block.lines)) and _is_short_label(block.lines[count]):
        count += 1
    return tuple(_f(line.strip()) for line in block.lines[:count])


# ---------------------------------------------------------------- pass 4: classify


_WORD_CHAR = re.compile(r"[^\d\s.,%()]")  # a title holds more than numbers


def _heading_candidate(line: str) -> _Candidate | None:
    text = strip_emphasis(line).strip()
    match = _HEADING.match(_f(text))
    if not match:
        return None
    folded_title = match.group("title").strip()
    if len(folded_title) > MAX_TITLE or folded_title.endswith("。") or "\t" in folded_title:
        return None
    if not _WORD_CHAR.search(folded_title):
        return None
    title = text[match.start("title") :].strip()
    if match.group("dec") or match.group("dec2"):
        raw = match.group("dec") or match.group("dec2")
        nums = tuple(int(n) for n in raw.split("."))
        # The label as written: ``１．`` stays ``１．``, ``3.1.1`` gets no dot it did not have.
        end = match.end("dec") + 1 if match.group("dec") else match.end("dec2")
        return _Candidate(("dec", len(nums)), nums, text[match.start() : end], title)
    if match.group("paren"):
        number = int(match.group("paren"))
        label = text[match.start("paren") - 1 : match.end("paren") + 1]
        return _Candidate(("paren", 0), (number,), label, title)
    if match.group("dai"):
        unit = match.group("unit")
        label = text[match.start() : match.end("unit")]
        return _Candidate(("dai", _DAI_UNITS.index(unit)), (kanji_number(match.group("dai")),), label, title)
    circled = match.group("circled")
    return _Candidate(("circled", 0), (ord(circled) - 0x245F,), circled, title)


def kanji_number(text: str) -> int:
    """``'十二'`` → 12, ``'二百三'`` → 203, ``'12'`` → 12 (law numbering in kanji or digits)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _KANJI_POWERS:
            total += (digit or 1) * _KANJI_POWERS[char]
            digit = 0
        else:
            digit = digit * 10 + _KANJI_DIGITS.get(char, 0)
    return total + digit


def classify_blocks(blocks: list[_RawBlock], toc: set[int], lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for block in blocks:
        if block.start in toc:
            items.append(_Item("toc", [_toc_entry_text(block.lines[0])]))
            continue
        items.extend(_classify_block(block.lines))
    return items


def _toc_entry_text(line: str) -> str:
    found = page_reference(_f(line))
    entry = line[: found[0]] if found else line
    return entry.replace("\t", " ").strip(" .…\u3000．")


def _classify_block(lines: list[str]) -> list[_Item]:
    article = _article(lines)
    if article:
        return article
    if len(lines) == 1 and lines[0].startswith(TYPE_HEADING_MARK) and lines[0].strip(TYPE_HEADING_MARK).strip():
        return [_type_heading(lines[0])]
    if len(lines) == 1 or (len(lines) > 1 and _BULLET.match(_f(lines[1]))):
        candidate = _heading_candidate(lines[0])
        if candidate:
            head = _Item("heading", [lines[0]], candidate=candidate, whole_block=len(lines) == 1)
            return [head, *_classify_lines(lines[1:])]
    items = _classify_lines(lines)
    if len(items) == 1 and items[0].kind == "paragraph":
        items[0].whole_block = True
    return items


def _type_heading(line: str) -> _Item:
    """A line the layout marked as heading type: a heading of style ``("type", rank)``."""
    title = line.lstrip(TYPE_HEADING_MARK)
    rank = len(line) - len(title)
    candidate = _Candidate(("type", rank), (), "", clean_text(strip_emphasis(title.strip())))
    return _Item("heading", [title], candidate=candidate, whole_block=True)


def _article(lines: list[str]) -> list[_Item] | None:
    """``(目的)`` / ``第一条 この条例は…`` : an article heading (with its caption) and its text.

    Only at the start of a block and with a space after ``条``: ``第二条の規定により``
    in running text is a citation, not an article.
    """
    start = 1 if len(lines) > 1 and _CAPTION.match(_f(lines[0].strip())) else 0
    line = lines[start].strip()
    match = _ARTICLE.match(_f(line))
    if not match:
        return None
    label = line[match.start("label") : match.end("label")]
    caption = lines[0].strip() if start else ""
    candidate = _Candidate(
        ("article", 0), (kanji_number(match.group("num")),), label if caption else "", caption or label
    )
    head = _Item("heading", lines[: start + 1], candidate=candidate)
    return [head, *_classify_lines([line[match.start("body") :], *lines[start + 1 :]])]


def _classify_lines(lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for line in lines:
        folded = _f(line)
        bullet = _BULLET.match(folded)
        stripped = line.strip()
        if bullet:
            indent = len(bullet.group("indent").expandtabs(4))
            inner = _INNER_BULLET.match(folded[bullet.end() :])
            text = line[bullet.end() + (inner.end() if inner else 0) :]
            items.append(_Item("list_item", [text], depth=(indent + 1) // 2))
        elif footnotes.DEFINITION_START.match(_f(stripped)):
            items.append(_Item("footnote", [stripped]))
        elif "\t" in stripped:
            if items and items[-1].kind == "table":
                items[-1].lines.append(stripped)
            else:
                items.append(_Item("table", [stripped]))
        elif _NOTE_START.match(_f(stripped)):
            items.append(_Item("paragraph", [stripped]))  # a note is never a continuation
        elif items and items[-1].kind in ("paragraph", "list_item", "footnote"):
            items[-1].lines.append(stripped)  # a hard-wrapped continuation
        else:
            items.append(_Item("paragraph", [stripped]))
    return _split_footnote_lines(items)


def _split_footnote_lines(items: list[_Item]) -> list[_Item]:
    """A definition line may hold several definitions and may have been wrapped: join, then split."""
    out: list[_Item] = []
    for item in items:
        if item.kind != "footnote":
            out.append(item)
            continue
        for key, text in footnotes.split_definitions(join_lines(item.lines)):
            out.append(_Item("footnote", [text], key=key))
    return out


# ---------------------------------------------------------------- pass 5: headings


def resolve_headings(items: list[_Item]) -> list[_Item]:
    _promote_area_numbers(items)
    _promote_bare_titles(items)
    _promote_appendix_titles(items)
    # A first pass finds where each area's numbered headings end; titles that open or
    # close many areas in the same way are blocks of their own (see _promote_recurring_blocks).
    first = _assign_levels(items, child_styles=set(), promote=False)
    _promote_recurring_blocks(items, first)
    final = _assign_levels(items, child_styles=_area_child_styles(items, first))
    for i, item in enumerate(items):
        if item.kind != "heading":
            continue
        if i in final:
            item.level = final[i]
        else:
            item.kind, item.candidate = "paragraph", None
    return items


def _assign_levels(
    items: list[_Item], child_styles: set[tuple[str, int]], promote: bool = True
) -> dict[int, int]:
    """Levels of the accepted headings by item index; blocks heading a restart are promoted."""
    stack: list[_Candidate] = []
    levels: dict[int, int] = {}
    for i, item in enumerate(items):
        if promote and item.kind == "paragraph" and _heads_restart(items, i, stack, child_styles):
            following = items[i + 1].candidate
            assert following is not None
            _make_block(item, owns=following.style)
        if item.kind != "heading" or item.candidate is None:
            continue
        if _accept(item.candidate, stack, child_styles):
            levels[i] = len(stack)
    return levels


def _heads_restart(
    items: list[_Item], i: int, stack: list[_Candidate], child_styles: set[tuple[str, int]]
) -> bool:
    """A bare title followed by a numbering that restarts at 1 where it cannot continue.

    This is the shape of a closing block (``…未来社会のイメージ`` then ``①②③`` after the
    area's ``④``): without its title the restarted items would be rejected and their
    text glued onto the last subsection.
    """
    if i + 1 >= len(items) or not _is_bare_title(items[i]):
        return False
    following = items[i + 1].candidate
    if items[i + 1].kind != "heading" or following is None or following.nums[-1:] != (1,):
        return False
    if _accept(following, list(stack), child_styles):
        return False
    return _group_runs_to_area_end(items, i + 1, stack, child_styles)


def _group_runs_to_area_end(
    items: list[_Item], start: int, stack: list[_Candidate], child_styles: set[tuple[str, int]]
) -> bool:
    style = items[start].candidate.style  # type: ignore[union-attr]
    """No heading of another style continues the open numbering before the next area title.

    A restart in the middle of an area (``(ウ)`` then ``①`` under ``②``, before ``(3)``)
    is a list inside a subsection; only a group that closes the area is a block of its own.
    """
    trial = list(stack)
    seen = 0
    for index in range(start, len(items)):  # no slice: a copy per call would be quadratic
        item = items[index]
        candidate = item.candidate
        if item.kind != "heading" or candidate is None:
            continue
        seen += 1
        if seen > _MAX_GROUP_HEADINGS:
            return False  # a closing block is short; a bound keeps this scan linear overall
        if candidate.style[0] in ("area", "bare", "block", "appendix", "type"):
            return True
        if candidate.style != style and _accept(candidate, trial, child_styles):
            return False
    return True


_MAX_GROUP_HEADINGS = 200


def _make_block(item: _Item, owns: tuple[str, int] | None = None) -> None:
    title = clean_text(strip_emphasis(join_lines(item.lines)))
    item.kind = "heading"
    item.candidate = _Candidate(("block", 0), (), "", title, owns=owns)


_APPENDIX_TITLE = re.compile(
    r"^[【(〔<＜]?\s*(?:参考(?:資料)?|別紙|別添|別表|附則|付則|付録|補足資料)\s*[0-9一二三四五六七八九十]*\s*[】)〕>＞]?"
    r"(?:\s*\S.{0,40})?$"
)


def _promote_appendix_titles(items: list[_Item]) -> None:
    """``参考``, ``別紙1``, ``附則``, ``(参考) …`` alone in their block head a section of their own."""
    last_area = max((i for i, item in enumerate(items) if _is_area_title(item)), default=-1)
    for i, item in enumerate(items):
        if _is_bare_title(item) and _APPENDIX_TITLE.match(_f(join_lines(item.lines))):
            _make_block(item)
            if i > last_area:
                # After the last area an attachment belongs to the whole document.
                item.candidate.style = ("appendix", 0)  # type: ignore[union-attr]


def _is_area_title(item: _Item) -> bool:
    return item.candidate is not None and item.candidate.style[0] in ("area", "bare")


def _promote_recurring_blocks(items: list[_Item], levels: dict[int, int]) -> None:
    """A title that opens or closes at least three areas the same way is a section.

    One-page summaries (``方向性`` after each area's numbered subsections) carry no
    number; what marks them is that every area has one at the same place. In each
    area's opening (before its first numbered subsection) and closing (after its
    last) stretch, the first bare title whose text recurs there in three areas or
    more becomes a block.
    """
    stretches = _area_stretches(items, levels)
    seen: Counter[str] = Counter()
    for stretch in stretches:
        seen.update({compact_key(join_lines(items[i].lines)) for i in stretch if _is_bare_title(items[i])})
    recurring = {key for key, count in seen.items() if count >= 3}
    for stretch in stretches:
        for i in stretch:
            if _is_bare_title(items[i]) and compact_key(join_lines(items[i].lines)) in recurring:
                _make_block(items[i])
                break


def _area_stretches(items: list[_Item], levels: dict[int, int]) -> list[list[int]]:
    """Item indexes before the first and after the last numbered subsection of each area."""
    areas = [i for i, level in sorted(levels.items()) if level == 1]
    stretches: list[list[int]] = []
    if not areas:
        return stretches
    for area, end in zip(areas, [*areas[1:], len(items)], strict=True):
        inner = [i for i in range(area + 1, end) if i in levels]
        if not inner:
            continue
        stretches.append(list(range(area + 1, inner[0])))
        # The line right after the last heading is that heading's subtitle, not a block.
        stretches.append(list(range(inner[-1] + 2, end)))
    return stretches


def _area_child_styles(items: list[_Item], levels: dict[int, int]) -> set[tuple[str, int]]:
    """Numbering styles used directly below an area title (``1.`` under ``5. 自動運転技術``)."""
    styles = set()
    for i, level in levels.items():
        candidate = items[i].candidate
        if level == 2 and candidate and candidate.style[0] not in ("block", "appendix", "area", "bare"):
            styles.add(candidate.style)
    return styles


def _promote_area_numbers(items: list[_Item]) -> None:
    """``5. 自動運転技術`` directly followed by ``1. 現状認識…`` heads an area of its own."""
    for current, following in zip(items, items[1:], strict=False):
        a, b = current.candidate, following.candidate
        if (
            a and b and current.whole_block
            and a.style == ("dec", 1) and b.style == ("dec", 1) and b.nums == (1,)
        ):
            a.style = ("area", 0)


def _promote_bare_titles(items: list[_Item]) -> None:
    """Area titles printed as bare lines: the short block before each restart of ``1.``.

    Only when numbering restarts at least twice, so that a one-off label before a
    document's single ``1.`` stays a paragraph.
    """
    restarts = [
        i for i, item in enumerate(items)
        if item.candidate and item.candidate.style == ("dec", 1) and item.candidate.nums == (1,)
    ]
    if len(restarts) < 3:
        return
    for i in restarts:
        previous = items[i - 1] if i > 0 else None
        if previous and _is_bare_title(previous):
            title = clean_text(strip_emphasis(join_lines(previous.lines)))
            previous.kind = "heading"
            previous.candidate = _Candidate(("bare", 0), (), "", title)


def _is_bare_title(item: _Item) -> bool:
    if item.kind != "paragraph" or not item.whole_block or len(item.lines) > 3:
        return False
    text = strip_emphasis(join_lines(item.lines))
    return 0 < len(text) <= MAX_TITLE and "。" not in text and not _HEADING.match(_f(text))


def _accept(
    candidate: _Candidate, stack: list[_Candidate], child_styles: set[tuple[str, int]]
) -> bool:
    """Accept a heading if it continues its style's numbering; nest or close as it implies."""
    if candidate.style[0] == "bare" and not any(h.style == candidate.style for h in stack):
        stack.clear()  # a bare area title is always top-level
    if candidate.style[0] == "type":
        # Larger type nests only under still larger type: it closes every numbered heading,
        # and the numbering after it (``1.``) starts under it.
        del stack[_type_depth(stack, candidate.style[1]):]
        stack.append(candidate)
        return True
    if candidate.style[0] == "appendix":
        stack.clear()
        stack.append(candidate)
        return True
    if candidate.style[0] == "block":
        # A block is a sibling of the area's numbered subsections: keep only the area titles.
        del stack[_area_depth(stack):]
        stack.append(candidate)
        return True
    _close_block_for(candidate, stack, child_styles)
    for depth, open_heading in enumerate(stack):
        if open_heading.style == candidate.style:
            if not _follows(open_heading, candidate):
                return False
            del stack[depth:]
            stack.append(candidate)
            return True
    if stack and not _starts(candidate, stack):
        return False
    stack.append(candidate)
    return True


def _type_depth(stack: list[_Candidate], rank: int) -> int:
    depth = 0
    while depth < len(stack) and stack[depth].style[0] == "type" and stack[depth].style[1] < rank:
        depth += 1
    return depth


def _area_depth(stack: list[_Candidate]) -> int:
    depth = 0
    while depth < len(stack) and stack[depth].style[0] in ("area", "bare"):
        depth += 1
    return depth


def _close_block_for(
    candidate: _Candidate, stack: list[_Candidate], child_styles: set[tuple[str, int]]
) -> None:
    """An area's own numbering (``1.``) after an opening block closes the block."""
    depth = _area_depth(stack)
    if depth < len(stack) and stack[depth].style[0] == "block":
        block = stack[depth]
        if candidate.style in child_styles and candidate.style != block.owns:
            del stack[depth:]


def _follows(previous: _Candidate, candidate: _Candidate) -> bool:
    # Articles are numbered through the whole law (and 附則 restarts them): never checked.
    if candidate.style[0] in ("bare", "article"):
        return True
    return (
        candidate.nums[:-1] == previous.nums[:-1]
        and candidate.nums[-1] == previous.nums[-1] + 1
    )


def _starts(candidate: _Candidate, stack: list[_Candidate]) -> bool:
    """A style first seen under the open headings must start at 1 (3.2.1 under 3.2)."""
    if candidate.style[0] == "bare":
        return False
    if candidate.style[0] == "article":
        return True
    if candidate.style[0] == "dec" and candidate.style[1] > 1:
        parent = next((h for h in reversed(stack) if h.style == ("dec", candidate.style[1] - 1)), None)
        return parent is not None and candidate.nums == parent.nums + (1,)
    return candidate.nums[-1] == 1


# ---------------------------------------------------------------- pass 6: footnotes


def resolve_footnotes(items: list[_Item]) -> list[Element]:
    """Turn items into elements, linking each footnote mark to its definition.

    A mark refers to the first definition with its key after it within the same
    top-level section (definitions follow their page's text), else to the nearest
    one before it; a mark with no definition is left as written.
    """
    areas = _area_of_each_item(items)
    definitions: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.kind == "footnote":
            definitions.setdefault(item.key, []).append(i)

    def definition_for(key: str, position: int) -> int | None:
        same_area = [d for d in definitions.get(key, []) if areas[d] == areas[position]]
        after = [d for d in same_area if d > position]
        before = [d for d in same_area if d < position]
        return after[0] if after else (before[-1] if before else None)

    def link_marks(text: str, position: int) -> str:
        def caret(match: re.Match[str]) -> str | None:
            keys = footnotes.keys_in_caret(match.group(1) or f"({match.group(2)})")
            targets = [definition_for(k, position) for k in keys]
            if not keys or None in targets:
                return None
            return "".join(ref(f"d{t}") for t in targets)

        def single(match: re.Match[str]) -> str | None:
            target = definition_for(footnotes.mark_key(match.group()), position)
            return None if target is None else ref(f"d{target}")

        # Marks are matched on the folded copy (（＊１） is (*1)); unlinked ones stay as written.
        folded = _f(text)
        if not _MARK_CHAR.search(folded) or not _ANY_MARK.search(folded):
            return text  # most blocks have no mark: one scan instead of three
        text = sub_folded(footnotes.CARET_MARK, caret, text)
        text = sub_folded(footnotes.BARE_MARK, single, text)
        return sub_folded(footnotes.SUPERSCRIPT_MARK, single, text)

    return [_to_element(item, i, link_marks) for i, item in enumerate(items)]


# Every mark holds one of these (^{1}, (*1), (※1), ※¹, ¹): found by a fast scan for their
# first characters, while the marks' pattern, which opens with a lookbehind, is tried at every
# position. A bare 「(」 is not enough: most Japanese paragraphs hold （…）.
_MARK_CHAR = re.compile(r"[\^⁰¹²³⁴⁵⁶⁷⁸⁹]|\([*※]")
_ANY_MARK = re.compile("|".join(f"(?:{p.pattern})" for p in (footnotes.CARET_MARK, footnotes.BARE_MARK, footnotes.SUPERSCRIPT_MARK)))


def _area_of_each_item(items: list[_Item]) -> list[int]:
    area, areas = 0, []
    for item in items:
        if item.kind == "heading" and item.level == 1:
            area += 1
        areas.append(area)
    return areas


def _inline(lines: list[str]) -> str:
    # A block tag and the spaces around it are one gap: the reader's, never the author's spacing.
    text = join_lines(lines)
    if "<" in text:  # both tag patterns need one: most text is scanned by neither
        text = _HTML_INLINE_TAG.sub("", _HTML_BLOCK_GAP.sub(" ", text))
    return clean_text(strip_emphasis(text))


def _to_element(item: _Item, index: int, link_marks) -> Element:  # noqa: ANN001
    if item.kind == "heading" and item.candidate:
        return Heading(level=item.level, title=clean_text(item.candidate.title), number=item.candidate.label)
    if item.kind == "toc":
        return Block("list_item", text=clean_text(item.lines[0]))
    if item.kind == "table":
        rows = tuple(
            tuple(link_marks(_inline([cell]), index) for cell in line.split("\t")) for line in item.lines
        )
        return Block("table", rows=rows)
    text = link_marks(_inline(item.lines), index)
    if item.kind == "footnote":
        return Block("footnote", text=text, label=f"d{index}")
    if item.kind == "list_item":
        return Block("list_item", text=text, depth=item.depth)
    return Block("paragraph", text=text)
