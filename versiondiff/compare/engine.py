"""Compare two documents: aligned sections, block redlines, paired quantities.

``compare_documents(old, new)`` returns a ``Comparison``: plain data that every
renderer (text, JSON, Markdown, HTML, hooks, web) reads; none of them diffs again.
"""

from __future__ import annotations

import gc
import time
from functools import partial

from versiondiff.compare.align import Match, Node, align_sections, title_words
from versiondiff.compare.blocks import (
    BlockTokens,
    FigureTokens,
    StatementCensus,
    block_text,
    index_columns,
    same_body,
    tokenize_block,
)
from versiondiff.compare.budget import NOT_COMPARED, LimitHit, TimeLimit, compare_in_time, limit_hit
from versiondiff.compare.figures import (
    FigurePairer,
    FigureReader,
    QuantityChange,
    StandingIndex,
    Where,
    quantity_context,
)
from versiondiff.compare.moves import BlockCounts, Candidate, detect_block_moves, moved_segments
from versiondiff.compare.pairing import block_similarity
from versiondiff.compare.quantities import find_quantities
from versiondiff.compare.redline import (
    DELETE,
    INSERT,
    Segment,
    WholeSegment,
    diff_tokens,
    has_changes,
)
from versiondiff.compare.sequence import block_opcodes
from versiondiff.compare.statement_moves import MovedStatement, annotate_statement_moves
from versiondiff.compare.table_diff import diff_table
from versiondiff.model import Block, Document
from versiondiff.records import Record

# Re-exported: the ledger reads figures where they stand with the engine's own reading.
__all__ = ["BlockChange", "Comparison", "QuantityChange", "SectionChange", "block_text", "compare_documents", "quantity_context"]

SCHEMA = "versiondiff.compare/1"
_PAIR_BLOCKS = 0.45  # similarity above which a deleted and an inserted block are one edited block
_PAIRING_BUDGET = 10_000  # block pairs compared in one replaced run before only its diagonal band is
_PAIRING_BAND = 40
_PREAMBLE = "preamble"  # the area key of the text before the first heading, on both sides


class BlockChange(Record):
    """A paragraph, list item or table inserted, deleted, replaced (with its redline) or moved."""

    op: str  # insert | delete | replace | move
    old: str | None
    new: str | None
    kind: str
    segments: list[Segment]
    moved_from: tuple[str, ...] | None
    figures: int  # quantity changes found in this block
    # Sentences or rows of it that went to, or came from, another section (statement_moves.py).
    moved_statements: list[MovedStatement]
    # The blocks themselves, for figure pairing (not part of the JSON record).
    old_block: Block | None
    new_block: Block | None
    _not_compared = _not_shown = frozenset({"old_block", "new_block"})

    def __init__(self, op: str, old: str | None, new: str | None, kind: str = "paragraph",
                 segments: list[Segment] | None = None, moved_from: tuple[str, ...] | None = None, figures: int = 0,
                 moved_statements: list[MovedStatement] | None = None,
                 old_block: Block | None = None, new_block: Block | None = None):
        self.op = op
        self.old = old
        self.new = new
        self.kind = kind
        self.segments = [] if segments is None else segments
        self.moved_from = moved_from
        self.figures = figures
        self.moved_statements = [] if moved_statements is None else moved_statements
        self.old_block = old_block
        self.new_block = new_block

    def as_json(self) -> dict:
        record: dict = {"op": self.op, "old": self.old, "new": self.new, "kind": self.kind}
        if self.segments:
            record["segments"] = [[s.op, s.text] for s in self.segments]
        if self.moved_from:
            record["moved_from"] = list(self.moved_from)
        if self.moved_statements:
            record["moved_statements"] = [m.as_json() for m in self.moved_statements]
        return record


class SectionChange(Record):
    """An aligned section pair with its status and its own body's block changes (not its subsections')."""

    match: Match
    status: str
    renamed: bool
    changes: list[BlockChange]
    # Blocks whose text differs only in spelling that compares equal (footnote numbers,
    # respelled figures such as 0.73兆円 / 7,300億円): never a change, shown on request.
    formatting: list[tuple[str, str]]

    def __init__(self, match: Match, status: str, renamed: bool = False, changes: list[BlockChange] | None = None,
                 formatting: list[tuple[str, str]] | None = None):
        self.match = match
        self.status = status
        self.renamed = renamed
        self.changes = [] if changes is None else changes
        self.formatting = [] if formatting is None else formatting

    @property
    def old(self) -> Node | None:
        return self.match.old

    @property
    def new(self) -> Node | None:
        return self.match.new

    @property
    def path(self) -> tuple[str, ...]:
        node = self.new or self.old
        return node.path if node else ()

    def as_json(self, formatting: bool = True) -> dict:
        record: dict = {
            "status": self.status,
            "renamed": self.renamed,
            "moved": self.match.moved,
            "old": _heading_json(self.old),
            "new": _heading_json(self.new),
            "similarity": round(min(max(self.match.similarity, 0.0), 1.0), 3),
            "changes": [c.as_json() for c in self.changes],
        }
        if self.match.split_from:
            record["split_from"] = list(self.match.split_from)
        if self.match.merged_into:
            record["merged_into"] = list(self.match.merged_into)
        if formatting and self.formatting:
            record["formatting"] = [{"old": old, "new": new} for old, new in self.formatting]
        return record


def _heading_json(node: Node | None) -> dict | None:
    if node is None:
        return None
    return {"path": list(node.path), "title": node.section.heading, "level": len(node.path)}


class Comparison(Record):
    """Two revisions compared: sections in reading order, changed figures and the preamble's changes;
    ``as_json`` is the versiondiff.compare/1 contract."""

    old_name: str
    new_name: str
    old_revision: str | None
    new_revision: str | None
    sections: list[SectionChange]
    quantities: list[QuantityChange]
    preamble: list[BlockChange]
    stats: dict
    limit: LimitHit | None  # set when a time limit cut the comparison short

    def __init__(self, old_name: str, new_name: str, old_revision: str | None, new_revision: str | None,
                 sections: list[SectionChange], quantities: list[QuantityChange],
                 preamble: list[BlockChange] | None = None, stats: dict | None = None, limit: LimitHit | None = None):
        self.old_name = old_name
        self.new_name = new_name
        self.old_revision = old_revision
        self.new_revision = new_revision
        self.sections = sections
        self.quantities = quantities
        self.preamble = [] if preamble is None else preamble
        self.stats = {} if stats is None else stats
        self.limit = limit

    @property
    def has_changes(self) -> bool:
        return bool(self.quantities or self.preamble) or any(s.status != "unchanged" or s.match.moved for s in self.sections)

    def as_json(self, formatting: bool = True) -> dict:
        """The versiondiff.compare/1 record; ``formatting`` keeps the formatting-only lists."""
        record = {
            "schema": SCHEMA,
            "old": {"name": self.old_name, "revision": self.old_revision},
            "new": {"name": self.new_name, "revision": self.new_revision},
            "sections": [s.as_json(formatting) for s in self.sections if s.status != NOT_COMPARED],  # see "limit"
            "quantities": [q.as_json() for q in self.quantities],
            "preamble": [c.as_json() for c in self.preamble],
            "stats": self.stats,
        }
        if self.limit is not None:
            record["limit"] = self.limit.as_json()
        return record


# ---------------------------------------------------------------- entry point


def compare_documents(
    old: Document, new: Document, *, old_name: str = "old", new_name: str = "new",
    old_revision: str | None = None, new_revision: str | None = None, time_limit: TimeLimit | None = None,
) -> Comparison:
    """``time_limit``: sections not reached in time are left ``not_compared`` (see budget.py)."""
    # The engine allocates many small objects and creates few cycles; pausing the cyclic
    # collector keeps the cost per section flat as documents grow (it rescans the heap).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _compare(old, new, old_name, new_name, old_revision, new_revision, time_limit or TimeLimit())
    finally:
        if was_enabled:
            gc.enable()


def _compare(
    old: Document, new: Document, old_name: str, new_name: str, old_revision: str | None, new_revision: str | None,
    time_limit: TimeLimit,
) -> Comparison:
    started = time.perf_counter()
    deadline = time_limit.start()
    matches, _, _ = align_sections(old, new, deadline.passed)
    ordered = _reading_order(matches)
    differ = _BlockDiffer(BlockTokens(old.footnotes), BlockTokens(new.footnotes))
    sections = compare_in_time(ordered, deadline, differ.section, lambda m: SectionChange(m, NOT_COMPARED))
    differ.detect_moves([s for s in sections if s.status != NOT_COMPARED], old, new)
    # How often each statement stands in each revision: built once, only if a statement may have moved.
    census = {"old": StatementCensus(_all_blocks(old)), "new": StatementCensus(_all_blocks(new))}
    compared = [s for s in sections if s.status != NOT_COMPARED and s.changes]
    annotate_statement_moves(((path, c) for s in compared for path in (s.path,) for c in s.changes), census["old"], census["new"])
    preamble_compared = not deadline.passed()
    preamble = differ.blocks(list(old.preamble), list(new.preamble)) if preamble_compared else []
    quantities = _pair_figures(sections, preamble, old, new, differ, census)
    comparison = Comparison(old_name, new_name, old_revision, new_revision, sections, quantities, preamble)
    comparison.stats = _stats(comparison, time.perf_counter() - started)
    comparison.limit = limit_hit(deadline, sections, preamble_compared, list(old.preamble), list(new.preamble))
    return comparison


def _stats(comparison: Comparison, seconds: float) -> dict:
    statuses = [s.status for s in comparison.sections]
    return {
        "sections_matched": sum(1 for s in comparison.sections if s.old and s.new),
        "sections_added": statuses.count("added"),
        "sections_deleted": statuses.count("deleted"),
        "sections_modified": statuses.count("modified"),
        "sections_renamed": sum(1 for s in comparison.sections if s.renamed),
        "sections_moved": sum(1 for s in comparison.sections if s.match.moved),
        "quantities_changed": sum(1 for q in comparison.quantities if q.status == "changed"),
        "quantities_added": sum(1 for q in comparison.quantities if q.status == "added"),
        "quantities_removed": sum(1 for q in comparison.quantities if q.status == "removed"),
        "seconds": round(seconds, 4),
    }


def _reading_order(matches: list[Match]) -> list[Match]:
    """New revision's reading order; a deleted section right after its old predecessor."""
    by_new = {id(m.new): m for m in matches if m.new}
    deleted_after: dict[int | None, list[Match]] = {}
    old_order: list[Node] = []

    def walk(nodes: list[Node], into: list[Node]) -> None:
        for node in nodes:
            into.append(node)
            walk(node.children, into)

    old_roots = _roots(m.old for m in matches if m.old)
    walk(old_roots, old_order)
    match_of_old = {id(m.old): m for m in matches if m.old}
    anchor: int | None = None
    for node in old_order:
        match = match_of_old[id(node)]
        if match.new is None:
            deleted_after.setdefault(anchor, []).append(match)
        else:
            anchor = id(match.new)
    new_order: list[Node] = []
    walk(_roots(m.new for m in matches if m.new), new_order)
    ordered = list(deleted_after.get(None, []))
    for node in new_order:
        ordered.append(by_new[id(node)])
        ordered.extend(deleted_after.get(id(node), []))
    return ordered


def _roots(nodes) -> list[Node]:  # noqa: ANN001
    roots = []
    seen = set()
    for node in nodes:
        while node.parent is not None:
            node = node.parent
        if id(node) not in seen:
            seen.add(id(node))
            roots.append(node)
    return sorted(roots, key=lambda n: n.index)


# ---------------------------------------------------------------- sections and blocks


class _BlockDiffer:
    """Block-level diffs of aligned sections, over tokens made once per block."""

    def __init__(self, old_tokens: BlockTokens, new_tokens: BlockTokens):
        self.old, self.new = old_tokens, new_tokens

    def section(self, match: Match) -> SectionChange:
        if match.old is None:
            changes = [self.whole("insert", b) for b in match.new.section.blocks]  # type: ignore[union-attr]
            return SectionChange(match, "added", changes=changes)
        if match.new is None:
            changes = [self.whole("delete", b) for b in match.old.section.blocks]
            return SectionChange(match, "deleted", changes=changes)
        renamed = title_words(match.old) != title_words(match.new)
        formatting: list[tuple[str, str]] = []
        old_section, new_section = match.old.section, match.new.section
        if same_body(old_section, new_section, self.old.footnotes, self.new.footnotes):
            changes: list[BlockChange] = []  # equal text: nothing to tokenize
        else:
            changes = self.blocks(list(old_section.blocks), list(new_section.blocks), formatting)
        status = "modified" if changes or renamed else "unchanged"
        return SectionChange(match, status, renamed=renamed, changes=changes, formatting=formatting)

    def whole(self, op: str, block: Block) -> BlockChange:
        text = block_text(block)
        cache = self.new if op == "insert" else self.old
        # Nothing to align: the segment shows the text and tokenizes only if a renderer asks.
        sketch = cache.sketch(block)
        segment = WholeSegment(INSERT if op == "insert" else DELETE, sketch.text,
                               partial(tokenize_block, block, cache.footnotes, sketch.figures))
        if op == "insert":
            return BlockChange(op, None, text, block.kind, [segment], new_block=block)
        return BlockChange(op, text, None, block.kind, [segment], old_block=block)

    def blocks(self, old: list[Block], new: list[Block], formatting: list[tuple[str, str]] | None = None) -> list[BlockChange]:
        old_keys = [self.old.key(b) for b in old]
        new_keys = [self.new.key(b) for b in new]
        changes: list[BlockChange] = []
        for op, i1, i2, j1, j2 in block_opcodes(old_keys, new_keys):
            if op == "equal":
                if formatting is not None:
                    formatting.extend(
                        (block_text(a), block_text(b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
                        if block_text(a) != block_text(b)
                    )
                continue
            changes += self._replaced_run(old[i1:i2], new[j1:j2])
        return changes

    def _replaced_run(self, old: list[Block], new: list[Block]) -> list[BlockChange]:
        pairs = _pair_similar(
            [self.old.key(b) for b in old], [self.new.key(b) for b in new],
            [self.old.shape(b) for b in old], [self.new.shape(b) for b in new],
            [b.kind == "footnote" for b in old], [b.kind == "footnote" for b in new],
        )
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        changes = [self.whole("delete", block) for i, block in enumerate(old) if i not in paired_old]
        for i, j in pairs:
            old_tokens, new_tokens = self.old.tokens(old[i]), self.new.tokens(new[j])
            if old[i].kind == new[j].kind == "table":
                segments = diff_table(old_tokens, new_tokens, index_columns(old[i]), index_columns(new[j]))
            else:
                segments = diff_tokens(old_tokens, new_tokens)
            if has_changes(segments):
                changes.append(BlockChange(
                    "replace", block_text(old[i]), block_text(new[j]), new[j].kind, segments, old_block=old[i], new_block=new[j],
                ))
        changes += [self.whole("insert", block) for j, block in enumerate(new) if j not in paired_new]
        return changes

    def detect_moves(self, sections: list[SectionChange], old: Document, new: Document) -> None:
        """A block deleted in one place and inserted in another is a move, reported where it landed."""
        deleted = [Candidate(s, c, c.old_block, self.old.key(c.old_block)) for s in sections for c in s.changes if c.op == "delete"]
        inserted = [Candidate(s, c, c.new_block, self.new.key(c.new_block)) for s in sections for c in s.changes if c.op == "insert"]
        if deleted and inserted:
            detect_block_moves(deleted, inserted, BlockCounts(_all_blocks(old)), BlockCounts(_all_blocks(new)), _move)
        for section in sections:
            if section.old and section.new and section.status == "unchanged" and section.changes:
                section.status = "modified"
            if section.old and section.new and not section.changes and not section.renamed:
                section.status = "unchanged"


def _move(source: Candidate, target: Candidate) -> BlockChange:
    change: BlockChange = target.change  # type: ignore[assignment]
    origin: SectionChange = source.section  # type: ignore[assignment]
    return BlockChange(
        "move", source.change.old, change.new, change.kind, moved_segments(change.segments),  # type: ignore[attr-defined]
        moved_from=origin.path, old_block=source.block, new_block=target.block,
    )


def _all_blocks(document: Document) -> list[Block]:
    blocks = list(document.preamble)
    for _, section in document.walk():
        blocks.extend(section.blocks)
    return blocks


def _pair_similar(
    old_keys: list[str], new_keys: list[str], old_shapes: list[str], new_shapes: list[str],
    old_notes: list[bool], new_notes: list[bool],
) -> list[tuple[int, int]]:
    """Pairs of edited blocks inside a replaced run, most similar first, never crossing.

    Blocks are compared by their words with figures masked (``compare.pairing``): a value
    edit (「2033年に」 / 「2040年に」) is one edited block; statements sharing only a template
    about different measured things are not. A note's definition pairs only with a note's: a
    paragraph citing a note can read much like the note, yet is never an edited version of it.
    """
    candidates = []
    # A long rewritten run is compared along its diagonal only, so the work stays linear.
    band = len(new_keys) if len(old_keys) * len(new_keys) <= _PAIRING_BUDGET else _PAIRING_BAND
    scale = len(new_keys) / max(len(old_keys), 1)
    for i, old_key in enumerate(old_keys):
        centre = int(i * scale)
        for j in range(max(0, centre - band), min(len(new_keys), centre + band + 1)):
            if old_notes[i] != new_notes[j]:
                continue
            similarity = block_similarity(old_key, new_keys[j], old_shapes[i], new_shapes[j])
            if similarity > _PAIR_BLOCKS:
                candidates.append((-similarity, i, j))
    candidates.sort()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if all((i - a) * (j - b) > 0 for a, b in pairs):  # same side of every pair: no crossing
            pairs.append((i, j))
    return sorted(pairs)


# ---------------------------------------------------------------- figures


def _pair_figures(
    sections: list[SectionChange], preamble: list[BlockChange], old: Document, new: Document, differ: _BlockDiffer,
    census: dict[str, StatementCensus],
) -> list[QuantityChange]:
    readers = {"old": FigureReader(FigureTokens(differ.old)), "new": FigureReader(FigureTokens(differ.new))}  # type: ignore[arg-type]
    headings = _Headings()
    counterpart: dict[tuple[str, object], object] = {("old", _PREAMBLE): _PREAMBLE, ("new", _PREAMBLE): _PREAMBLE}
    blocks_of: dict[tuple[str, object], list[Block]] = {("old", _PREAMBLE): list(old.preamble), ("new", _PREAMBLE): list(new.preamble)}
    for section in sections:
        old_area, new_area = _area(section.old), _area(section.new)
        if section.old and section.new and section.old.parent is None:
            counterpart[("old", old_area)] = new_area
            counterpart[("new", new_area)] = old_area
        for side, node in (("old", section.old), ("new", section.new)):
            if node is not None:
                area_blocks = blocks_of.setdefault((side, _area(node)), [])
                area_blocks.extend(node.section.blocks)
                area_blocks.extend(headings.block(node))
    pairer = FigurePairer(readers["old"], readers["new"], old.footnotes, new.footnotes, counterpart)
    rows: dict[str, BlockChange] = {}
    for index, section in enumerate(sections):
        if section.status == NOT_COMPARED:
            continue  # its figures are unknown, never reported
        where = Where(section.old.path if section.old else None, section.new.path if section.new else None,
                      _area(section.old), _area(section.new), f"s{index}")
        heading = headings.change(section, differ)
        if heading:
            pairer.from_change(*heading, where)
        for number, change in enumerate(section.changes):
            where.anchor = f"s{index}c{number}"
            rows[where.anchor] = change
            pairer.from_change(change.op, change.old_block, change.new_block, change.segments, where)
    for number, change in enumerate(preamble):
        rows[f"p{number}"] = change
        where = Where((), (), _PREAMBLE, _PREAMBLE, f"p{number}")
        pairer.from_change(change.op, change.old_block, change.new_block, change.segments, where)
    quantities = pairer.finish(StandingIndex(blocks_of, readers, census))
    for quantity in quantities:
        if quantity.anchor in rows:
            rows[quantity.anchor].figures += 1
    return quantities


class _Headings:
    """Section titles that hold figures (「(3) 2030年までの目標」), read as one-line blocks."""

    def __init__(self) -> None:
        self._blocks: dict[int, list[Block]] = {}
        self._has_figures: dict[str, bool] = {}  # most titles stand on both sides: read once

    def block(self, node: Node) -> list[Block]:
        found = self._blocks.get(id(node))
        if found is None:
            title = node.section.title
            has_figures = self._has_figures.get(title)
            if has_figures is None:
                has_figures = self._has_figures[title] = bool(find_quantities(title))
            found = self._blocks[id(node)] = [Block("paragraph", title)] if has_figures else []
        return found

    def change(self, section: SectionChange, differ: _BlockDiffer) -> tuple | None:
        """(op, old block, new block, segments) when a heading's figures may have changed."""
        old = self.block(section.old) if section.old else []
        new = self.block(section.new) if section.new else []
        if not old and not new:
            return None
        if old and new:
            if old[0].text == new[0].text:
                return None
            segments = diff_tokens(differ.old.tokens(old[0]), differ.new.tokens(new[0]))
            return "replace", old[0], new[0], segments
        if old:
            return "delete", old[0], None, differ.whole("delete", old[0]).segments
        return "insert", None, new[0], differ.whole("insert", new[0]).segments


def _area(node: Node | None) -> object:
    """The top-level section a node stands in (its identity is the area key)."""
    if node is None:
        return None
    while node.parent is not None:
        node = node.parent
    return node
