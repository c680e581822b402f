"""Block pairing: which deleted block and which inserted block of a replaced run are one edited block.

Blocks are compared by their words: the block's *shape*, its text with every figure
masked to its unit (``BlockTokens.shape``), so a value edit (「2033年に」 → 「2040年に」)
keeps the block whole. Figures' value keys are long strings that any two figures share
most of, so comparing blocks by them made unrelated statements look alike.

Two statements that share a template (「…は約#か所となる見込み。」) are different
statements about different things unless their figures name the same measured thing —
or their words agree almost entirely. Pairing them would report a figure as changed
when one statement was deleted and another inserted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from versiondiff.compare.figures import (
    CLAUSE_BREAK,
    name_by_clauses,
    names_alike,
    naming_words,
    similarity,
)
from versiondiff.compare.tokens import FIGURE_MARK
from versiondiff.compare.units import UNITS

SAME_WORDS = 0.85  # words agreeing this much are one statement even when they name other things
_SENTENCE_END = re.compile(r"[。．]")
# Units as a shape writes them, longest first, so a unit is cut off the words after it.
_SHAPE_UNITS = sorted({base for base, _, _ in UNITS.values()} | {"年月日", "fraction"}, key=len, reverse=True)


def block_similarity(old_key: str, new_key: str, old_shape: str, new_shape: str) -> float:
    """How surely two blocks are one edited block, 0 to 1 (1: the same text)."""
    if old_key == new_key:
        return 1.0
    words = _dice(old_shape, new_shape)
    if words == 0.0 or (words < SAME_WORDS and names_apart(old_shape, new_shape)):
        return 0.0
    # Among blocks with equal words, the one with equal figures too is the likelier partner.
    return words * (0.95 + 0.05 * _dice(old_key, new_key))


def names_apart(old_shape: str, new_shape: str) -> bool:
    """Both blocks state figures, and no figure of one names what a figure of the other names."""
    old_names, new_names = measured_things(old_shape), measured_things(new_shape)
    if not old_names or not new_names:
        return False
    if any(old_shape.find(name) >= 0 for name in new_names) or any(new_shape.find(name) >= 0 for name in old_names):
        return False  # a statement that still names the other's measured thing is a rewording of it
    return not any(names_alike(a, b) for a in old_names for b in new_names)


@lru_cache(maxsize=4096)
def measured_things(shape: str) -> frozenset[str]:
    """The naming phrase of every figure in a block's shape (tables: none, their headers name them)."""
    if "¶" in shape:  # a table's shape: rows end in ¶, cells are named by their headers
        return frozenset()
    found = set()
    for sentence in _SENTENCE_END.split(shape):
        # pieces[k] holds the words between figure k and figure k + 1, after figure k's unit
        pieces = [p if k == 0 else _drop_unit(p) for k, p in enumerate(sentence.split(FIGURE_MARK))]
        for k in range(1, len(pieces)):
            name = _naming_phrase(pieces[k - 1], pieces[k], pieces[: k - 1])
            if name:
                found.add(name)
    return frozenset(found)


def _naming_phrase(before: str, after: str, earlier: list[str]) -> str:
    """A figure's name as ``figures.quantity_context`` seeks it, read on a shape: ``before`` and
    ``after`` are the words between it and its neighbouring figure marks, ``earlier`` the pieces
    before those."""
    clauses = CLAUSE_BREAK.split(before)
    own = naming_words(clauses[-1])
    name = name_by_clauses(
        own, opens_clause=not own, clause_after=lambda: naming_words(CLAUSE_BREAK.split(after)[0]),
        earlier=[clause for piece in earlier for clause in CLAUSE_BREAK.split(piece)] + clauses[:-1],
    )
    return name or ""


def _drop_unit(piece: str) -> str:
    """The words after a figure mark, without the unit the mark carries."""
    for unit in _SHAPE_UNITS:
        if piece.startswith(unit):
            return piece[len(unit) :]
    return piece


def _dice(a: str, b: str) -> float:
    """Bigram similarity; 0 for texts of very different lengths (a line and a page)."""
    if a == b:
        return 1.0
    if not a or not b or max(len(a), len(b)) > 3 * min(len(a), len(b)):
        return 0.0
    return similarity(a, b)
