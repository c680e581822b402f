"""Compare two documents: aligned sections, block redlines, paired quantities.

``compare_documents(old, new)`` returns a ``Comparison``: plain data that every
renderer (text, JSON, Markdown, HTML, hooks, web) reads; none of them diffs again.
"""

from __future__ import annotations

import difflib
import gc
import re
import time
from dataclasses import dataclass, field

from versiondiff.compare.align import Match, Node, align_sections
from versiondiff.compare.quantities import Quantity, find_quantities, format_delta
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment, diff_tokens, has_changes
from versiondiff.compare.tokens import Token, comparable_key, tokenize
from versiondiff.model import Block, Document

SCHEMA = "versiondiff.compare/1"
_PAIR_BLOCKS = 0.45  # similarity above which a deleted and an inserted block are one edited block
_MOVED_EDITED = 0.85


@dataclass
class BlockChange:
    op: str  # insert | delete | replace | move
    old: str | None
    new: str | None
    kind: str = "paragraph"
    segments: list[Segment] = field(default_factory=list)
    moved_from: tuple[str, ...] | None = None
    figures: int = 0  # quantity changes found in this block

    def as_json(self) -> dict:
        record: dict = {"op": self.op, "old": self.old, "new": self.new, "kind": self.kind}
        if self.segments:
            record["segments"] = [[s.op, s.text] for s in self.segments]
        if self.moved_from:
            record["moved_from"] = list(self.moved_from)
        return record


@dataclass
class SectionChange:
    match: Match
    status: str
    renamed: bool = False
    changes: list[BlockChange] = field(default_factory=list)
    # Blocks whose text differs only in spelling that compares equal (footnote numbers,
    # respelled figures such as 0.73兆円 / 7,300億円): never a change, shown on request.
    formatting: list[tuple[str, str]] = field(default_factory=list)

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


@dataclass
class QuantityChange:
    status: str  # changed | added | removed
    context: str
    old: Quantity | None
    new: Quantity | None
    old_section: tuple[str, ...] | None
    new_section: tuple[str, ...] | None
    in_footnote: bool = False
    sentence: str = ""
    anchor: str = ""  # the row (section and block change) where the figure stands

    @property
    def delta(self) -> str:
        return format_delta(self.old, self.new) if self.old and self.new else ""

    @property
    def section(self) -> tuple[str, ...]:
        return self.new_section or self.old_section or ()

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "context": self.context,
            "section": {
                "old": list(self.old_section) if self.old_section else None,
                "new": list(self.new_section) if self.new_section else None,
            },
            "in_footnote": self.in_footnote,
            "old": self.old.as_json() if self.old else None,
            "new": self.new.as_json() if self.new else None,
            "delta": self.delta,
            "anchor": self.anchor,
        }


@dataclass
class Comparison:
    old_name: str
    new_name: str
    old_revision: str | None
    new_revision: str | None
    sections: list[SectionChange]
    quantities: list[QuantityChange]
    preamble: list[BlockChange] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.quantities or self.preamble) or any(s.status != "unchanged" or s.match.moved for s in self.sections)

    def as_json(self, formatting: bool = True) -> dict:
        """The versiondiff.compare/1 record; ``formatting`` keeps the formatting-only lists."""
        return {
            "schema": SCHEMA,
            "old": {"name": self.old_name, "revision": self.old_revision},
            "new": {"name": self.new_name, "revision": self.new_revision},
            "sections": [s.as_json(formatting) for s in self.sections],
            "quantities": [q.as_json() for q in self.quantities],
            "preamble": [c.as_json() for c in self.preamble],
            "stats": self.stats,
        }


# ---------------------------------------------------------------- entry point


def compare_documents(
    old: Document, new: Document, *, old_name: str = "old", new_name: str = "new",
    old_revision: str | None = None, new_revision: str | None = None,
) -> Comparison:
    # The engine allocates many small objects and creates few cycles; pausing the cyclic
    # collector keeps the cost per section flat as documents grow (it rescans the heap).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _compare(old, new, old_name, new_name, old_revision, new_revision)
    finally:
        if was_enabled:
            gc.enable()


def _compare(
    old: Document, new: Document, old_name: str, new_name: str, old_revision: str | None, new_revision: str | None,
) -> Comparison:
    started = time.perf_counter()
    matches, _, _ = align_sections(old, new)
    ordered = _reading_order(matches)
    pairer = _QuantityPairer(old.footnotes, new.footnotes)
    sections = [_compare_section(m, old, new, pairer) for m in ordered]
    _detect_block_moves(sections)
    for index, section in enumerate(sections):
        _collect_section_quantities(section, index, pairer)
    preamble = _diff_blocks(list(old.preamble), list(new.preamble), old.footnotes, new.footnotes)
    for change in preamble:
        pairer.from_change(change, (), ())
    quantities = _drop_figures_still_standing(pairer.changes, sections)
    comparison = Comparison(old_name, new_name, old_revision, new_revision, sections, quantities, preamble)
    comparison.stats = _stats(comparison, time.perf_counter() - started)
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


def _compare_section(match: Match, old: Document, new: Document, pairer: _QuantityPairer) -> SectionChange:
    if match.old is None:
        changes = [_whole_block("insert", b, new.footnotes) for b in match.new.section.blocks]  # type: ignore[union-attr]
        return SectionChange(match, "added", changes=changes)
    if match.new is None:
        changes = [_whole_block("delete", b, old.footnotes) for b in match.old.section.blocks]
        return SectionChange(match, "deleted", changes=changes)
    renamed = match.old.title_key != match.new.title_key
    formatting: list[tuple[str, str]] = []
    changes = _diff_blocks(
        list(match.old.section.blocks), list(match.new.section.blocks), old.footnotes, new.footnotes, formatting
    )
    status = "modified" if changes or renamed else "unchanged"
    return SectionChange(match, status, renamed=renamed, changes=changes, formatting=formatting)


def block_text(block: Block) -> str:
    if block.kind == "table":
        return " | ".join(" ".join(row) for row in block.rows)
    return block.text


def _block_tokens(block: Block, footnotes: dict[str, str]) -> list[Token]:
    if block.kind == "table":
        tokens: list[Token] = []
        for row in block.rows:
            for cell in row:
                tokens += tokenize(cell, footnotes) + [Token(" | ", "T|")]
            tokens.append(Token("\n", "T¶"))
        return tokens
    return tokenize(block.text, footnotes)


def _whole_block(op: str, block: Block, footnotes: dict[str, str]) -> BlockChange:
    text = block_text(block)
    tokens = tuple(_block_tokens(block, footnotes))
    segment = Segment(INSERT if op == "insert" else DELETE, tokens)
    return BlockChange(op, None if op == "insert" else text, text if op == "insert" else None, block.kind, [segment])


def _diff_blocks(
    old: list[Block], new: list[Block], old_notes: dict[str, str], new_notes: dict[str, str],
    formatting: list[tuple[str, str]] | None = None,
) -> list[BlockChange]:
    old_tokens = [_block_tokens(b, old_notes) for b in old]
    new_tokens = [_block_tokens(b, new_notes) for b in new]
    old_keys = [comparable_key(t) for t in old_tokens]
    new_keys = [comparable_key(t) for t in new_tokens]
    changes: list[BlockChange] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            if formatting is not None:
                formatting.extend(
                    (block_text(a), block_text(b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
                    if block_text(a) != block_text(b)
                )
            continue
        pairs = _pair_similar(old_keys[i1:i2], new_keys[j1:j2])
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for i in range(i2 - i1):
            if i not in paired_old:
                changes.append(_whole_block("delete", old[i1 + i], old_notes))
        for i, j in pairs:
            segments = diff_tokens(old_tokens[i1 + i], new_tokens[j1 + j])
            if has_changes(segments):
                changes.append(BlockChange("replace", block_text(old[i1 + i]), block_text(new[j1 + j]), new[j1 + j].kind, segments))
        for j in range(j2 - j1):
            if j not in paired_new:
                changes.append(_whole_block("insert", new[j1 + j], new_notes))
    return changes


def _pair_similar(old_keys: list[str], new_keys: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs of edited blocks inside a replaced run."""
    pairs: list[tuple[int, int]] = []
    next_new = 0
    for i, old_key in enumerate(old_keys):
        best, best_j = _PAIR_BLOCKS, None
        for j in range(next_new, len(new_keys)):
            similarity = _similarity(old_key, new_keys[j])
            if similarity > best:
                best, best_j = similarity, j
        if best_j is not None:
            pairs.append((i, best_j))
            next_new = best_j + 1
    return pairs


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if max(len(a), len(b)) > 3 * min(len(a), len(b)):
        return 0.0
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def _loose_similarity(a: str, b: str) -> float:
    """Bigram similarity without the length guard: a summary line against its full sentence."""
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


def _detect_block_moves(sections: list[SectionChange]) -> None:
    """A block deleted in one place and inserted in another is a move, reported where it landed."""
    deleted = [(s, c) for s in sections for c in s.changes if c.op == "delete"]
    inserted = [(s, c) for s in sections for c in s.changes if c.op == "insert"]
    by_key: dict[str, list[tuple[SectionChange, BlockChange]]] = {}
    for section, change in deleted:
        by_key.setdefault(_change_key(change), []).append((section, change))
    for section, change in inserted:
        candidates = by_key.get(_change_key(change))
        if not candidates or not _change_key(change):
            continue
        source_section, source = candidates.pop(0)
        source_section.changes.remove(source)
        index = section.changes.index(change)
        section.changes[index] = BlockChange(
            "move", source.old, change.new, change.kind, [Segment(EQUAL, change.segments[0].tokens)],
            moved_from=source_section.path,
        )
    for section in sections:
        if section.old and section.new and section.status == "unchanged" and section.changes:
            section.status = "modified"
        if section.old and section.new and not section.changes and not section.renamed:
            section.status = "unchanged"


def _change_key(change: BlockChange) -> str:
    tokens = [t for s in change.segments for t in s.tokens]
    return comparable_key(tokens)


# ---------------------------------------------------------------- quantities


def _collect_section_quantities(section: SectionChange, index: int, pairer: _QuantityPairer) -> None:
    old_path = section.old.path if section.old else None
    new_path = section.new.path if section.new else None
    for number, change in enumerate(section.changes):
        before = len(pairer.changes)
        pairer.from_change(change, old_path, new_path)
        change.figures = len(pairer.changes) - before
        for quantity in pairer.changes[before:]:
            quantity.anchor = f"s{index}c{number}"


_CLAUSE_BREAK = re.compile(r"[、。;；:：「」『』()\[\]【】,]|\s-\s")
_LEADING = re.compile(
    r"^(?:における|に関する|に係る|に対する|に占める|による|について|として|に向けた|を含む|までに|から|"
    r"また|さらに|なお|一方|特に|その際|ただし|及び|並びに|および|うち|では|には|は|が|を|に|で|と|も|の|等)+"
)
_TRAILING = re.compile(r"(?:約|およそ|概ね|は|が|を|に|で|と|も|の|へ|から|まで|より)+$")


def quantity_context(text: str, quantity: Quantity) -> str:
    """The words naming what a figure measures: the clause before it, else after it."""
    clean = re.sub(r"\[\^\d+\]", lambda m: "\x00" * len(m.group()), text)
    before = clean[: quantity.start]
    parts = _CLAUSE_BREAK.split(before)
    context = parts[-1] if parts else ""
    earlier = find_quantities(context)
    if earlier:  # another figure in the same clause: the context starts after it...
        after_earlier = context[earlier[-1].end :]
        # ...unless too little is left (1日あたり約300件: keep "配送は1日あたり").
        context = after_earlier if len(_LEADING.sub("", after_earlier).strip()) >= 4 else context
    context = _TRAILING.sub("", _LEADING.sub("", context.replace("\x00", "").strip()))
    if len(context) < 2:
        after = _CLAUSE_BREAK.split(clean[quantity.end :])[0].replace("\x00", "")
        after = re.split(r"(?:約|およそ)?[\d][\d,.]*", after)[0]
        context = _TRAILING.sub("", _LEADING.sub("", after.strip()))[:40]
    return context.strip()[-60:]


class _QuantityPairer:
    """Collects quantity changes from block changes, pairing figures old → new."""

    def __init__(self, old_notes: dict[str, str], new_notes: dict[str, str]):
        self.old_notes, self.new_notes = old_notes, new_notes
        self.changes: list[QuantityChange] = []
        self._footnote_pairs: set[tuple[str | None, str | None]] = set()

    def from_change(self, change: BlockChange, old_path, new_path) -> None:  # noqa: ANN001
        if change.kind == "footnote":
            return  # footnote figures are paired through their references
        old_text = change.old or ""
        new_text = change.new or ""
        if change.op in ("insert", "delete"):
            side_text = new_text or old_text
            for token in change.segments[0].tokens:
                self._single(change.op, token, side_text, old_path, new_path)
            return
        for old_run, new_run in _runs(change.segments):
            self._pair_run(old_run, new_run, old_text, new_text, old_path, new_path)

    def _single(self, op: str, token: Token, text: str, old_path, new_path) -> None:  # noqa: ANN001
        if token.quantity:
            status = "added" if op == "insert" else "removed"
            self._add(status, None if op == "insert" else token.quantity, token.quantity if op == "insert" else None,
                      quantity_context(text, token.quantity), old_path if op == "delete" else None,
                      new_path if op == "insert" else None, sentence=text)
        elif token.footnote:
            notes = self.new_notes if op == "insert" else self.old_notes
            pair = (None, token.footnote) if op == "insert" else (token.footnote, None)
            self._footnote(pair, notes.get(token.footnote, ""), op, text, old_path, new_path)

    def _pair_run(self, old_run: list[Token], new_run: list[Token], old_text: str, new_text: str, old_path, new_path) -> None:  # noqa: ANN001
        old_q = [t.quantity for t in old_run if t.quantity]
        new_q = [t.quantity for t in new_run if t.quantity]
        used: set[int] = set()
        for quantity in old_q:
            partner = next((i for i, q in enumerate(new_q) if i not in used and q.unit == quantity.unit), None)
            if partner is None:
                self._add("removed", quantity, None, quantity_context(old_text, quantity), old_path, None, sentence=old_text)
                continue
            used.add(partner)
            if not quantity.same_value(new_q[partner]):
                self._add("changed", quantity, new_q[partner], quantity_context(new_text, new_q[partner]), old_path, new_path, sentence=new_text)
        for i, quantity in enumerate(new_q):
            if i not in used:
                self._add("added", None, quantity, quantity_context(new_text, quantity), None, new_path, sentence=new_text)
        self._pair_footnote_refs(old_run, new_run, old_text, new_text, old_path, new_path)

    def _pair_footnote_refs(self, old_run, new_run, old_text, new_text, old_path, new_path) -> None:  # noqa: ANN001
        old_refs = [t.footnote for t in old_run if t.footnote]
        new_refs = [t.footnote for t in new_run if t.footnote]
        for index in range(max(len(old_refs), len(new_refs))):
            old_ref = old_refs[index] if index < len(old_refs) else None
            new_ref = new_refs[index] if index < len(new_refs) else None
            self._footnote_pair(old_ref, new_ref, old_text, new_text, old_path, new_path)

    def _footnote_pair(self, old_ref, new_ref, old_text, new_text, old_path, new_path) -> None:  # noqa: ANN001
        if (old_ref, new_ref) in self._footnote_pairs:
            return
        self._footnote_pairs.add((old_ref, new_ref))
        old_note = self.old_notes.get(old_ref or "", "")
        new_note = self.new_notes.get(new_ref or "", "")
        context_text = new_text if new_ref else old_text
        ref_number = new_ref or old_ref
        context = _footnote_context(context_text, ref_number)
        if old_ref and new_ref:
            segments = diff_tokens(tokenize(old_note), tokenize(new_note))
            for old_run, new_run in _runs(segments):
                old_q = [t.quantity for t in old_run if t.quantity]
                new_q = [t.quantity for t in new_run if t.quantity]
                for i in range(max(len(old_q), len(new_q))):
                    o = old_q[i] if i < len(old_q) else None
                    n = new_q[i] if i < len(new_q) else None
                    if o and n and o.same_value(n):
                        continue
                    status = "changed" if o and n else ("added" if n else "removed")
                    self._add(status, o, n, context, old_path, new_path, in_footnote=True, sentence=new_note or old_note)
        else:
            note, op = (new_note, "insert") if new_ref else (old_note, "delete")
            for token in tokenize(note):
                if token.quantity:
                    status = "added" if op == "insert" else "removed"
                    self._add(status, None if new_ref else token.quantity, token.quantity if new_ref else None,
                              context, old_path if not new_ref else None, new_path if new_ref else None,
                              in_footnote=True, sentence=note)

    def _footnote(self, pair, note, op, text, old_path, new_path) -> None:  # noqa: ANN001
        old_ref, new_ref = pair
        self._footnote_pair(old_ref, new_ref, text if old_ref else "", text if new_ref else "", old_path, new_path)

    def _add(self, status, old, new, context, old_path, new_path, in_footnote=False, sentence="") -> None:  # noqa: ANN001
        self.changes.append(QuantityChange(status, context, old, new, old_path, new_path, in_footnote, sentence))


def _drop_figures_still_standing(changes: list[QuantityChange], sections: list[SectionChange]) -> list[QuantityChange]:
    """A figure 'removed' from one paragraph that still stands, with the same value and
    what it measures, elsewhere in the counterpart area was consolidated, not dropped;
    likewise for 'added'. Areas without a counterpart keep every figure."""
    roots = {}
    for section in sections:
        if section.old and section.new and section.old.parent is None:
            roots[section.old.path[0]] = section.new
            roots[section.new.path[0]] = section.old
    index_cache: dict[int, list[tuple[Quantity, str, str]]] = {}

    def figures_in(node: Node) -> list[tuple[Quantity, str, str]]:
        if id(node) not in index_cache:
            found = []
            for _, section in node.section.walk():
                for block in section.blocks:
                    text = block_text(block)
                    found += [(t.quantity, quantity_context(text, t.quantity), text) for t in tokenize(text) if t.quantity]
            index_cache[id(node)] = found
        return index_cache[id(node)]

    kept = []
    for change in changes:
        quantity = change.old or change.new
        own_path = change.old_section if change.status == "removed" else change.new_section
        counterpart = roots.get(own_path[0]) if own_path and change.status != "changed" and not change.in_footnote else None
        if counterpart and quantity and any(
            quantity.same_value(q) and (_similarity(change.context, context) >= 0.5 or _loose_similarity(change.sentence, text) >= 0.4)
            for q, context, text in figures_in(counterpart)
        ):
            continue
        kept.append(change)
    return kept


def _footnote_context(text: str, ref_number: str | None) -> str:
    """What a footnote qualifies: the figure or clause its reference follows."""
    if not ref_number:
        return "注"
    position = text.find(f"[^{ref_number}]")
    if position < 0:
        return "注"
    head = text[:position]
    quantities = [q for q in find_quantities(re.sub(r"\[\^\d+\]", lambda m: "\x00" * len(m.group()), head)) if q.end >= len(head.rstrip("\x00")) - 8]
    if quantities:
        return f"{quantity_context(text, quantities[-1])}（注）"
    return (_CLAUSE_BREAK.split(re.sub(r"\[\^\d+\]", "", head))[-1][-40:] or "注") + "（注）"


def _runs(segments: list[Segment]) -> list[tuple[list[Token], list[Token]]]:
    """Consecutive non-equal segments grouped: (old tokens, new tokens) of each edit."""
    runs: list[tuple[list[Token], list[Token]]] = []
    old_run: list[Token] = []
    new_run: list[Token] = []
    for segment in segments:
        if segment.op == EQUAL:
            if old_run or new_run:
                runs.append((old_run, new_run))
                old_run, new_run = [], []
        elif segment.op == DELETE:
            old_run.extend(segment.tokens)
        else:
            new_run.extend(segment.tokens)
    if old_run or new_run:
        runs.append((old_run, new_run))
    return runs
