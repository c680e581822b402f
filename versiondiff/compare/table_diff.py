"""Redline of an edited table, row by row.

A word diff over a whole table's tokens may run one edit across a row break: a value
changed in one row and the next row deleted read as 「約5万台 | 路線数 | 約100路線」
deleted and 「約6万台」 inserted. Rows are aligned first — equal rows, rows deleted or
inserted whole, and edited rows (the same row header, or mostly the same words) —
and only an edited row is diffed word by word.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from versiondiff.compare.blocks import CELL_BREAK, ROW_BREAK
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment, diff_tokens
from versiondiff.compare.tokens import Token

_SAME_ROW = 0.5  # share of words two rows without a common header need to be one edited row

Row = list[Token]


def diff_table(old: list[Token], new: list[Token]) -> list[Segment]:
    """Segments that turn the table tokens ``old`` into ``new`` (cells end with CELL_BREAK,
    rows with ROW_BREAK), never running an edit from one row into another."""
    old_rows, new_rows = _rows(old), _rows(new)
    matcher = SequenceMatcher(None, [_key(r) for r in old_rows], [_key(r) for r in new_rows], autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for old_row, new_row in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True):
                segments += diff_tokens(old_row, new_row)  # equal: the old column keeps its spelling
        else:
            segments += _replaced_rows(old_rows[i1:i2], new_rows[j1:j2])
    return _merged(segments)


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


def _replaced_rows(old: list[Row], new: list[Row]) -> list[Segment]:
    """Rows of a replaced run: alike rows pair in order (never crossing) and are diffed word by
    word; the others are deleted or inserted whole, each where it stands."""
    candidates = sorted(
        ((-_likeness(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)),
    )
    pairs: list[tuple[int, int]] = []
    for score, i, j in candidates:
        if -score < _SAME_ROW:
            break
        if all((i - a) * (j - b) > 0 for a, b in pairs):
            pairs.append((i, j))
    segments: list[Segment] = []
    i = j = 0
    for pair_i, pair_j in sorted(pairs) + [(len(old), len(new))]:
        segments += [Segment(DELETE, tuple(row)) for row in old[i:pair_i]]
        segments += [Segment(INSERT, tuple(row)) for row in new[j:pair_j]]
        if pair_i < len(old):
            segments += diff_tokens(old[pair_i], new[pair_j])
        i, j = pair_i + 1, pair_j + 1
    return segments


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
