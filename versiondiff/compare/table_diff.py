"""Redline of an edited table, row by row.

A word diff over a whole table's tokens may run one edit across a row break: a value
changed in one row and the next row deleted read as 「約5万台 | 路線数 | 約100路線」
deleted and 「約6万台」 inserted. Rows are aligned first — equal rows, rows deleted or
inserted whole, and edited rows (the same row header, or mostly the same words) —
and only an edited row is diffed word by word.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Set
from difflib import SequenceMatcher

from versiondiff.compare.blocks import CELL_BREAK, ROW_BREAK
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment, diff_tokens
from versiondiff.compare.tokens import Token

_SAME_ROW = 0.5  # share of words two rows without a common header need to be one edited row
_LIKENESS_BUDGET = 2_500  # row pairs weighed word by word in one replaced run at most

Row = list[Token]


def diff_table(
    old: list[Token], new: list[Token], old_numbered: Set[int] = frozenset(), new_numbered: Set[int] = frozenset(),
) -> list[Segment]:
    """Segments that turn the table tokens ``old`` into ``new`` (cells end with CELL_BREAK,
    rows with ROW_BREAK), never running an edit from one row into another. ``*_numbered``: the
    columns that number the rows (``blocks.index_columns``): rows are aligned and named without
    them, as a row inserted above renumbers every row below it and they are still the same rows."""
    old_rows, new_rows = _rows(old), _rows(new)
    old_named = [_without_columns(row, old_numbered) for row in old_rows]
    new_named = [_without_columns(row, new_numbered) for row in new_rows]
    matcher = SequenceMatcher(None, [_key(r) for r in old_named], [_key(r) for r in new_named], autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for old_row, new_row in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True):
                segments += diff_tokens(old_row, new_row)  # equal: the old column keeps its spelling
        else:
            pairs = _row_pairs(old_named[i1:i2], new_named[j1:j2])
            segments += _replaced_rows(old_rows[i1:i2], new_rows[j1:j2], pairs)
    return _merged(segments)


def _without_columns(row: Row, columns: Set[int]) -> Row:
    """The row's tokens outside ``columns`` (its cell and row breaks kept)."""
    if not columns:
        return row
    kept: Row = []
    column = 0
    for token in row:
        if token.key in (CELL_BREAK.key, ROW_BREAK.key):
            kept.append(token)
            column += token.key == CELL_BREAK.key
        elif column not in columns:
            kept.append(token)
    return kept


def _rows(tokens: list[Token]) -> list[Row]:
    rows: list[Row] = [[]]
    for token in tokens:
        rows[-1].append(token)
        if token.key == ROW_BREAK.key:
            rows.append([])
    return [row for row in rows if row]


def _key(row: Row) -> str:
    return "\x00".join(t.key for t in row if t.key)


def _header(row: Row) -> str:
    """The row's first cell: what names the row (蓄電池の導入量)."""
    keys = []
    for token in row:
        if token.key == CELL_BREAK.key:
            break
        if token.key:
            keys.append(token.key)
    return "\x00".join(keys)


def _likeness(old: Row, new: Row) -> float:
    header = _header(old)
    if header and header == _header(new):
        return 1.0
    a = {t.key for t in old if t.key and t.key not in (CELL_BREAK.key, ROW_BREAK.key)}
    b = {t.key for t in new if t.key and t.key not in (CELL_BREAK.key, ROW_BREAK.key)}
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _replaced_rows(old: list[Row], new: list[Row], pairs: list[tuple[int, int]]) -> list[Segment]:
    """Rows of a replaced run: alike rows (``pairs``, in order, never crossing) are diffed word
    by word; the others are deleted or inserted whole, each where it stands."""
    segments: list[Segment] = []
    i = j = 0
    for pair_i, pair_j in pairs + [(len(old), len(new))]:
        segments += [Segment(DELETE, tuple(row)) for row in old[i:pair_i]]
        segments += [Segment(INSERT, tuple(row)) for row in new[j:pair_j]]
        if pair_i < len(old):
            segments += diff_tokens(old[pair_i], new[pair_j])
        i, j = pair_i + 1, pair_j + 1
    return segments


def _row_pairs(old: list[Row], new: list[Row]) -> list[tuple[int, int]]:
    """Pairs of alike rows in order, best first and never crossing. Rows named by the same
    header pair at once; the word likeness of every other pair is weighed only in a run small
    enough (a long run of edited rows, each year of a column revised, stays linear)."""
    new_by_header: dict[str, list[int]] = {}
    for j, row in enumerate(new):
        new_by_header.setdefault(_header(row), []).append(j)
    candidates = [(-1.0, i, found[0]) for i, row in enumerate(old)
                  if _header(row) and len(found := new_by_header.get(_header(row), [])) == 1]
    if len(old) * len(new) <= _LIKENESS_BUDGET:
        candidates += [(-_likeness(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)]
    candidates.sort()
    pairs: list[tuple[int, int]] = []  # sorted by old row; new rows then ascend too (no crossing)
    for score, i, j in candidates:
        if -score < _SAME_ROW:
            break
        at = bisect_left(pairs, (i, j))
        before = pairs[at - 1] if at else (-1, -1)
        after = pairs[at] if at < len(pairs) else (len(old), len(new))
        if not (before[0] < i < after[0] and before[1] < j < after[1]):
            continue  # a row of it is paired already, or the pair would cross one made
        pairs.insert(at, (i, j))
    return pairs


def _merged(segments: list[Segment]) -> list[Segment]:
    """Neighbouring segments of one kind as one: a redline reads runs, not rows."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.tokens:
            continue
        last = merged[-1] if merged else None
        if last is None or last.op != segment.op:
            merged.append(segment)
        elif segment.op == EQUAL:
            old_tokens = (last.old_tokens or last.tokens) + (segment.old_tokens or segment.tokens)
            merged[-1] = Segment(EQUAL, last.tokens + segment.tokens, old_tokens)
        else:
            merged[-1] = Segment(segment.op, last.tokens + segment.tokens)
    return merged
