"""Block moves: a block deleted in one place and inserted, word for word, in another.

A move is news only for text that means something where it stands. A line every
area carries (「(官民投資ロードマップの取りまとめまでに提示)」, 「① 官民投資による経済波及効果」)
is boilerplate: it is matched inside its own section first and never reported as
moved across sections. Across sections a move needs a block long enough to be
distinctive that occurs once in each revision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from versiondiff.compare.blocks import raw_key
from versiondiff.compare.redline import EQUAL, Segment
from versiondiff.model import Block
from versiondiff.records import Record

MIN_MOVE_CHARS = 12  # shorter blocks (「以上」, a bare label) are too common to have moved


class Candidate(Record):
    """A deleted or inserted block: the section it stands in, and its change record."""

    section: object  # SectionChange (kept abstract: this module only needs .changes and .path)
    change: object  # BlockChange
    block: Block
    key: str

    def __init__(self, section: object, change: object, block: Block, key: str):
        self.section = section
        self.change = change
        self.block = block
        self.key = key


class BlockCounts:
    """How often each block text occurs in one revision (spaces and footnote numbers aside),
    and each block's text as counted: read once per block, not again for every candidate pair."""

    def __init__(self, blocks: Iterable[Block]):
        self._raw = {id(block): raw_key(block) for block in blocks}
        self._counts = Counter(self._raw.values())

    def raw(self, block: Block) -> str:
        found = self._raw.get(id(block))
        return raw_key(block) if found is None else found

    def __getitem__(self, raw: str) -> int:
        return self._counts[raw]


def detect_block_moves(
    deleted: list[Candidate], inserted: list[Candidate], old_counts: BlockCounts, new_counts: BlockCounts,
    make_move: Callable[[Candidate, Candidate], object],
) -> None:
    """Turn delete + insert pairs into moves, reported where the block landed."""
    _pair(deleted, inserted, lambda d, i: d.section is i.section, make_move)
    _pair(deleted, inserted, lambda d, i: _distinctive(d, i, old_counts, new_counts), make_move)


def _distinctive(old: Candidate, new: Candidate, old_counts: BlockCounts, new_counts: BlockCounts) -> bool:
    old_raw, new_raw = old_counts.raw(old.block), new_counts.raw(new.block)
    return len(new_raw) >= MIN_MOVE_CHARS and old_counts[old_raw] == 1 and new_counts[new_raw] == 1


def _pair(
    deleted: list[Candidate], inserted: list[Candidate], allowed: Callable[[Candidate, Candidate], bool],
    make_move: Callable[[Candidate, Candidate], object],
) -> None:
    by_key: dict[str, list[Candidate]] = {}
    for candidate in deleted:
        if candidate.key:
            by_key.setdefault(candidate.key, []).append(candidate)
    for target in list(inserted):
        source = next((c for c in by_key.get(target.key, []) if allowed(c, target)), None)
        if source is None:
            continue
        _remove(by_key[target.key], source)
        _remove(deleted, source)
        _remove(inserted, target)
        _remove(source.section.changes, source.change)  # type: ignore[attr-defined]
        changes = target.section.changes  # type: ignore[attr-defined]
        changes[_index(changes, target.change)] = make_move(source, target)


def _index(items: list, item: object) -> int:
    """Where this very object stands: ``list.index`` compares by equality, and two changes of
    one boilerplate line are equal (and each comparison compares every field)."""
    return next(i for i, candidate in enumerate(items) if candidate is item)


def _remove(items: list, item: object) -> None:
    del items[_index(items, item)]


def moved_segments(target_segments: list[Segment]) -> list[Segment]:
    """A moved block reads as its new text, unchanged."""
    return [Segment(EQUAL, target_segments[0].tokens)] if target_segments else []
