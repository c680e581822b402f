"""Opcodes of two sequences of block keys in near-linear time.

``difflib.SequenceMatcher`` looks for the longest common run again inside every gap it
leaves, which grows quadratically on a long list whose items changed here and there
(16,000 bullets, every tenth reworded). Patience diff (as in ``git diff --patience``)
first anchors the keys that occur exactly once on each side, keeps the longest run of
anchors in the same order (longest increasing subsequence, n log n), and only then
hands the short gaps between anchors to ``SequenceMatcher``. Drafts are mostly unique
paragraphs, so the gaps stay small and the result reads like a person's diff.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter

Opcode = tuple[str, int, int, int, int]


def block_opcodes(old: list[str], new: list[str]) -> list[Opcode]:
    """``SequenceMatcher.get_opcodes()``-style edits turning ``old`` into ``new``."""
    opcodes: list[Opcode] = []
    i = j = 0
    for a, b in _anchors(old, new) + [(len(old), len(new))]:
        opcodes += _gap_opcodes(old, new, i, a, j, b)
        if a < len(old):
            opcodes.append(("equal", a, a + 1, b, b + 1))
        i, j = a + 1, b + 1
    return _merge_equal(opcodes)


def _anchors(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Positions of the keys unique on both sides, the longest run of them in order."""
    old_counts, new_counts = Counter(old), Counter(new)
    new_index = {key: j for j, key in enumerate(new) if new_counts[key] == 1}
    pairs = [(i, new_index[key]) for i, key in enumerate(old) if old_counts[key] == 1 and key in new_index]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by old index) increasing in new index."""
    tails: list[int] = []  # tails[k]: smallest new index ending an increasing run of length k+1
    tail_at: list[int] = []  # index into pairs of that run's last pair
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
        previous[index] = tail_at[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _gap_opcodes(old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2:
        return [("insert", i1, i2, j1, j2)]
    if j1 == j2:
        return [("delete", i1, i2, j1, j2)]
    matcher = difflib.SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
    return [(op, a1 + i1, a2 + i1, b1 + j1, b2 + j1) for op, a1, a2, b1, b2 in matcher.get_opcodes()]


def _merge_equal(opcodes: list[Opcode]) -> list[Opcode]:
    merged: list[Opcode] = []
    for op in opcodes:
        if merged and op[0] == "equal" and merged[-1][0] == "equal" and merged[-1][2] == op[1]:
            last = merged[-1]
            merged[-1] = ("equal", last[1], op[2], last[3], op[4])
        else:
            merged.append(op)
    return merged
