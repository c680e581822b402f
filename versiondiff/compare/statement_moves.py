"""Sentences and table rows that moved from one section to another inside edited blocks.

A block moved whole is a move (moves.py). A sentence taken out of one paragraph and put into
another section's paragraph, or a table row moved from one table into another, leaves both
blocks edited: the redline shows it deleted in one place and inserted in another, and the
figure list reports nothing (figures.py pairs its figures as moved). This says so beside both
edits — 「…」 moved to / from the other section — for a statement long enough to be told apart
that stands once in each revision, as for moved blocks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate

from versiondiff.compare.blocks import (
    CELL_BREAK,
    ROW_BREAK,
    StatementCensus,
    block_text,
    statement_key,
)
from versiondiff.compare.moves import MIN_MOVE_CHARS
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment
from versiondiff.records import Record


class MovedStatement(Record):
    """A sentence or table row of a block change that went to (or came from) another section."""

    text: str
    direction: str  # "to" (it left this block) | "from" (it arrived here)
    section: tuple[str, ...]  # the other section's path

    def __init__(self, text: str, direction: str, section: tuple[str, ...]):
        self.text = text
        self.direction = direction
        self.section = section

    def as_json(self) -> dict:
        return {"text": self.text, "direction": self.direction, "section": list(self.section)}


class _Statement(Record):
    key: str
    text: str
    change: object  # BlockChange
    path: tuple[str, ...]

    def __init__(self, key: str, text: str, change: object, path: tuple[str, ...]):
        self.key = key
        self.text = text
        self.change = change
        self.path = path


def annotate_statement_moves(
    changes: Iterable[tuple[tuple[str, ...], object]], old: StatementCensus, new: StatementCensus,
) -> None:
    """``changes``: (section path, BlockChange) of every compared section; ``old`` / ``new``:
    how often a statement stands in each revision. One side of a move is an
    edited block (a block moved whole is moves.py's); the other is an edited block too, or a
    block added or deleted whole."""
    changes = list(changes)
    gone = _edited(changes, removed=True)
    came = _edited(changes, removed=False)
    if not gone and not came:
        return  # no edited block lost or gained a whole statement: nothing read further
    deleted_blocks = _WholeBlocks([(path, c) for path, c in changes if c.op == "delete"], removed=True)  # type: ignore[attr-defined]
    inserted_blocks = _WholeBlocks([(path, c) for path, c in changes if c.op == "insert"], removed=False)  # type: ignore[attr-defined]
    pairs = []
    for key, source in gone.items():
        target = came.get(key) or inserted_blocks.holding(source)
        if target is not None:
            pairs.append((source, target))
    for key, target in came.items():
        if key not in gone:
            source = deleted_blocks.holding(target)
            if source is not None:
                pairs.append((source, target))
    for source, target in pairs:
        if source.path == target.path or old.count(source.key) != 1 or new.count(source.key) != 1:
            continue
        source.change.moved_statements.append(MovedStatement(source.text, "to", target.path))  # type: ignore[attr-defined]
        target.change.moved_statements.append(MovedStatement(target.text, "from", source.path))  # type: ignore[attr-defined]


def _edited(changes: list[tuple[tuple[str, ...], object]], *, removed: bool) -> dict[str, _Statement]:
    """Whole statements an edited block lost (``removed``) or gained, by key; a key twice is
    no move of one statement and is left out."""
    found: dict[str, _Statement] = {}
    twice: set[str] = set()
    for path, change in changes:
        if change.op != "replace":  # type: ignore[attr-defined]
            continue
        for text in _edited_statements(change.segments, DELETE if removed else INSERT):  # type: ignore[attr-defined]
            key = statement_key(text)
            if len(key) < MIN_MOVE_CHARS:
                continue
            if key in found:
                twice.add(key)
            found[key] = _Statement(key, text.strip(" |\n"), change, path)
    return {key: statement for key, statement in found.items() if key not in twice}


class _WholeBlocks:
    """Blocks added or deleted whole, searched for a statement's words in one joined text."""

    def __init__(self, changes: list[tuple[tuple[str, ...], object]], *, removed: bool):
        self._changes = changes
        self._removed = removed
        self._joined: str | None = None
        self._starts: list[int] = []

    def holding(self, statement: _Statement) -> _Statement | None:
        """The one block that holds ``statement`` word for word, as a statement of that block."""
        if not self._changes:
            return None
        if self._joined is None:
            texts = [block_text(c.old_block if self._removed else c.new_block) for _, c in self._changes]  # type: ignore[attr-defined]
            self._starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            self._joined = "\x00".join(texts)
        probe = statement.text.replace(" | ", " ") if statement.text.count(" | ") else statement.text
        at = self._joined.find(probe)
        if at < 0 or self._joined.find(probe, at + 1) >= 0:
            return None
        path, change = self._changes[bisect_right(self._starts, at) - 1]
        return _Statement(statement.key, statement.text, change, path)


def _edited_statements(segments: list[Segment], op: str) -> Iterator[str]:
    """Statements of one side of an edited block whose every word is ``op`` (deleted or inserted)."""
    words: list[str] = []
    whole = True
    for segment in segments:
        if segment.op not in (EQUAL, op):
            continue
        for token in segment.tokens:
            words.append(token.text)
            if token.key and token.key not in (CELL_BREAK.key, ROW_BREAK.key):
                whole = whole and segment.op == op
            if token.key == ROW_BREAK.key or "。" in token.text or "．" in token.text:
                if whole and "".join(words).strip(" |\n"):
                    yield "".join(words)
                words, whole = [], True
    if whole and "".join(words).strip(" |\n"):
        yield "".join(words)
