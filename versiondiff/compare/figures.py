"""Figure pairing: which figures changed, appeared or disappeared between two revisions.

The block differ hands over its block changes (with the tokens it already made);
pairing then runs in four passes:

1. inside each edited run of a replaced block, old figures pair with new figures of
   the same unit (the measured thing named alike first, else in reading order);
2. a figure whose sentence or table row left and stands word for word in another
   area's text moved with it: it is neither removed nor added (nor one side of a
   change made in pass 1: two sentences swapped across areas are two moves);
3. figures left over anywhere in an area (a deleted sentence, bullet, table row or
   subsection, or an added one) pair with a leftover on the other side of the same
   area when they measure the same thing: a reworded, split, merged or moved
   sentence keeps its figures paired old → new;
4. a leftover is reported removed (added) unless the other revision's counterpart
   area still holds the same value for the same measured thing (the figure was
   consolidated, not dropped). Areas without a counterpart keep every figure.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache

from versiondiff.compare.blocks import (
    CELL_BREAK,
    ROW_BREAK,
    BlockTokens,
    StatementCensus,
    block_text,
    index_columns,
    statement_key,
    stub_column,
)
from versiondiff.compare.moves import MIN_MOVE_CHARS
from versiondiff.compare.quantities import Quantity, find_quantities, format_delta
from versiondiff.compare.redline import DELETE, EQUAL, Segment, diff_tokens
from versiondiff.compare.tokens import Token, tokenize
from versiondiff.model import Block
from versiondiff.records import FrozenRecord, Record, set_field

_RESTATED_APART = 0.85  # sentence agreement that makes differently named figures one restated figure
_WINDOW = 400  # characters around a figure read for its context
_SAME_THING = 0.6  # context similarity at which two figures measure the same thing
NOTE_MARK = "（注）"  # closes the context of a figure read in a note
_SAME_SENTENCE = 0.7  # sentence similarity at which two figures stand in one statement
# Leftover pairs compared across a whole area at most; past it (a long law rewritten
# wholesale) only leftovers of the same section are compared, so the work stays linear.
_AREA_PAIRING_BUDGET = 100_000


class QuantityChange(Record):
    """A figure that changed, appeared or disappeared, with what it measures and where it stands."""

    status: str  # changed | added | removed
    context: str
    old: Quantity | None
    new: Quantity | None
    old_section: tuple[str, ...] | None
    new_section: tuple[str, ...] | None
    in_footnote: bool
    sentence: str
    anchor: str  # the row (section and block change) where the figure stands

    def __init__(self, status: str, context: str, old: Quantity | None, new: Quantity | None,
                 old_section: tuple[str, ...] | None, new_section: tuple[str, ...] | None,
                 in_footnote: bool = False, sentence: str = "", anchor: str = ""):
        self.status = status
        self.context = context
        self.old = old
        self.new = new
        self.old_section = old_section
        self.new_section = new_section
        self.in_footnote = in_footnote
        self.sentence = sentence
        self.anchor = anchor

    @property
    def delta(self) -> str:
        if not (self.old and self.new):
            return ""
        if is_placeholder(self.old) and not is_placeholder(self.new):
            return "set"  # ○兆円 → 15兆円: a value filled in, not an amount that moved
        return format_delta(self.old, self.new)

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


def is_placeholder(quantity: Quantity) -> bool:
    """``○兆円``, ``xx億円``: a value not yet set (read by the quantity grammar)."""
    return bool(getattr(quantity, "placeholder", False))


# ---------------------------------------------------------------- context


CLAUSE_BREAK = re.compile(r"[、。;；:：「」『』()\[\]【】,]|\s-\s")
_SENTENCE_END = re.compile(r"[。．]")
_LEADING = re.compile(
    r"^(?:以降|以前|以後|以来|における|に関する|に係る|に対する|に占める|による|について|として|に向けた|を含む|までに|から|"
    r"また|さらに|なお|一方|特に|その際|ただし|及び|並びに|および|うち|では|には|は|が|を|に|で|と|も|の|等)+"
)
_TRAILING = re.compile(
    r"(?:について|に関して|に対して|において|約|およそ|概ね|年間|毎年|は|が|を|に|で|と|も|の|へ|から|まで|より"
    r"|[（(［\[〔【「『]\s*)+$"  # the bracket a figure opens: 育成（年間50人） is named 育成
)
# A clause ending in a predicate (…を確保する, …に達した) says what happens to a figure, not what it measures.
PREDICATE = re.compile(r"(?:する|した|して|される|された|させる|なる|なった|いる|いた|ある|あった|れる|ます|ました|です|である)$")
_KANA_ONLY = re.compile(r"^[\u3040-\u309fー・\s]*$")
_REF = re.compile(r"\[\^\d+\]")
_MASK = "\u2060"
_RATE = re.compile(r"あたり|当たり|につき|ごと|毎")


@lru_cache(maxsize=256)  # one block's text is masked once for all its figures
def _mask_refs(text: str) -> str:
    # U+2060 (word joiner): not a clause break, and the quantity grammar reads past it, while
    # NUL is its own mask for "not a figure" and would hide the figure next to a reference.
    return _REF.sub(lambda m: _MASK * len(m.group()), text)


def naming_words(text: str) -> str:
    """A clause without the particles and connectives around its naming words, and without an
    adverb opening it (新たに出荷額 is 出荷額) unless nothing else names (現在 alone stays)."""
    words = _TRAILING.sub("", _LEADING.sub("", text.replace(_MASK, "").strip())).strip()
    return _LEADING.sub("", _OPENING_ADVERB.sub("", words)).strip() or words


# Adverbs that open a clause say when or how, not what is measured.
_OPENING_ADVERB = re.compile(r"^(?:新たに|引き続き|今後|将来的に|現時点で|現在|すでに|既に|併せて|あわせて|同時に|更に)+")


_DASHES_AND_MARKS = re.compile(r"[\s\-–—~〜～→⇒・※*＊]+")
_NEXT_NUMBER = re.compile(r"(?:約|およそ)?[\d][\d,.]*")  # where the clause after a figure stops


@lru_cache(maxsize=65536)
def names_nothing(context: str) -> bool:
    """No naming words: empty, a particle or a stray verb (する, となる), or only figures."""
    rest = context
    for quantity in reversed(find_quantities(context)):
        rest = rest[: quantity.start] + rest[quantity.end :]
    rest = naming_words(_DASHES_AND_MARKS.sub("", rest))
    return len(rest) < 2 or bool(_KANA_ONLY.match(rest))


def quantity_context(text: str, quantity: Quantity) -> str:
    """The words naming what a figure measures.

    The clause before the figure (after any earlier figure in it); a figure opening
    its clause is named by what follows (2030年代における…のシェア); where that is a
    stray verb or particle (…を28兆円とする), the nearest earlier clause of the same
    sentence that has naming words (…の獲得市場規模、2024年時点：10兆円を…).
    """
    clean = _mask_refs(text)
    # Only a bounded window before the figure is read (a context is at most 60 characters), so
    # a paragraph of thousands of figures costs linear time, not a rescan per figure.
    window_start = max(0, quantity.start - _WINDOW)
    sentence_start = max(
        (m.end() for m in _SENTENCE_END.finditer(clean, window_start, quantity.start)), default=window_start,
    )
    clauses = CLAUSE_BREAK.split(clean[sentence_start : quantity.start])
    own = clauses[-1] if clauses else ""
    context = _own_clause(own)
    # A bracketed restatement, 6月3日(9日間): no earlier clause names it.
    bracketed = clean[: quantity.start].rstrip().endswith(("(", "（"))
    name = name_by_clauses(
        context, opens_clause=not naming_words(own), clause_after=lambda: _clause_after(clean, quantity),
        earlier=[] if bracketed else clauses[:-1],
    )
    if name is not None:
        return name
    if bracketed:
        return context
    return context[-60:] if context else _clause_after(clean, quantity)


def name_by_clauses(own: str, *, opens_clause: bool, clause_after: Callable[[], str], earlier: list[str]) -> str | None:
    """Where a figure's name is sought, in order: the naming words of its own clause; for a
    figure opening its clause, the clause after it unless that is a verb (2030年代における…の
    シェア, not …を28兆円とする); else the nearest earlier clause of its sentence that names
    something. None when none does. Shared by ``quantity_context`` (on text) and block pairing
    (on shapes, figures masked)."""
    if not names_nothing(own):
        return own[-60:]
    if opens_clause:
        following = clause_after()
        if not names_nothing(following) and not PREDICATE.search(following):
            # What follows the figure, without the words tying it on (2025年以降における…).
            return (_LEADING.sub("", following).strip() or following)[:40]
    for clause in reversed(earlier):
        candidate = naming_words(clause)
        if not names_nothing(candidate):
            return candidate[-60:]
    return None


def _own_clause(clause: str) -> str:
    """The naming words of a figure's own clause, when another figure stands in it too."""
    earlier = find_quantities(clause)
    if not earlier:
        return naming_words(clause)
    after_earlier = clause[earlier[-1].end :]
    if len(_LEADING.sub("", after_earlier).strip()) >= 4:
        return naming_words(after_earlier)  # 2030年に輸出額を約5兆円: "輸出額"
    if _RATE.search(after_earlier):
        return naming_words(clause)  # a rate keeps its figure: 配送は1日あたり約300件
    for candidate in (naming_words(after_earlier), naming_words(clause[: earlier[0].start])):
        if not names_nothing(candidate):  # 輸出を / 半導体の輸出額を2030年に○兆円
            return candidate
    return naming_words(clause)


_MODIFIED_NOUN = re.compile(r"の([^、。,;；:：「」()（）をはがにでともへや]{2,30})")


def noun_after(text: str, quantity: Quantity) -> str:
    """The noun phrase a figure modifies through の (12兆円の国内市場規模を目指す → 国内市場規模), or ""."""
    match = _MODIFIED_NOUN.match(text, quantity.end)
    if match is None:
        return ""
    words = naming_words(match.group(1))
    return "" if names_nothing(words) or find_quantities(words) else words


def _clause_after(clean: str, quantity: Quantity) -> str:
    after = CLAUSE_BREAK.split(clean[quantity.end : quantity.end + _WINDOW])[0].replace(_MASK, "")
    after = _NEXT_NUMBER.split(after, maxsplit=1)[0]
    return naming_words(after)[:40]


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset([text[i : i + 2] for i in range(len(text) - 1)])  # a list: no generator frame per item


def similarity(a: str, b: str) -> float:
    """Dice similarity of character bigrams."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    grams_a = _bigrams(a) or frozenset((a,))
    grams_b = _bigrams(b) or frozenset((b,))
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


# ---------------------------------------------------------------- figures where they stand


class Reading(FrozenRecord):
    """A figure token's context and the text it stands in (a table: its row)."""

    context: str
    sentence: str
    # The noun phrase a figure modifies (12兆円の国内市場規模: 国内市場規模): a second name of the
    # measured thing, for finding a figure restated in the other word order (市場規模12兆円).
    named_after: str
    row: str  # a table cell's row header: cells of differently named rows measure different things
    # Value keys of its sentence's figures with their counts, and its own (2030年 beside 12兆円: a
    # statement restated in other words still states the same figures together). One count per
    # sentence, shared by its figures: a paragraph of n figures costs n, not n² (see ``companion_of``).
    sentence_keys: Mapping[str, int]
    key: str
    # The one sentence it stands in (a table: its row), as written: what a statement moved word
    # for word into another area carries along (see FigurePairer._pair_moved_statements).
    statement: str
    _not_compared = frozenset({"sentence_keys", "statement"})

    def __init__(self, context: str, sentence: str, named_after: str = "", row: str = "",
                 sentence_keys: Mapping[str, int] | None = None, key: str = "", statement: str = ""):
        set_field(self, "context", context)
        set_field(self, "sentence", sentence)
        set_field(self, "named_after", named_after)
        set_field(self, "row", row)
        set_field(self, "sentence_keys", {} if sentence_keys is None else sentence_keys)
        set_field(self, "key", key)
        set_field(self, "statement", statement)

    @property
    def name(self) -> str:
        """The context without the note mark a note's figure carries (自給率（注）): what names the
        measured thing. With the mark, two notes' figures shared three bigrams of five and read as
        one measured thing (自給率（注） / 稼働率（注）)."""
        return self.context.removesuffix(NOTE_MARK)

    def has_companion(self, key: str) -> bool:
        """Whether another figure of its sentence has this value key."""
        count = self.sentence_keys.get(key, 0)
        return count > 1 or (count == 1 and key != self.key)


class FigureReader:
    """Contexts of the figures of one revision's blocks, read once from the cached tokens."""

    def __init__(self, tokens: BlockTokens):
        self.tokens = tokens
        self._readings: dict[int, dict[int, Reading]] = {}

    def readings(self, block: Block) -> dict[int, Reading]:
        """id(token) → its reading, for every figure token of ``block``."""
        found = self._readings.get(id(block))
        if found is None:
            tokens = self.tokens.tokens(block)
            if block.kind == "table":
                found = _table_readings(block, tokens)
            else:
                found = _text_readings(block.text, [t for t in tokens if t.quantity])
            self._readings[id(block)] = found
        return found


def _text_readings(text: str, figures: list[Token]) -> dict[int, Reading]:
    if not figures:
        return {}  # most blocks state no figure: no sentence to find
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    sentence_of = [bisect_right(ends, t.quantity.start) for t in figures]  # type: ignore[union-attr]
    keys = [t.quantity.key() for t in figures]  # type: ignore[union-attr]
    counts: dict[int, Counter[str]] = {}
    for sentence, key in zip(sentence_of, keys, strict=True):
        counts.setdefault(sentence, Counter())[key] += 1
    readings = {}
    for index, token in enumerate(figures):
        quantity = token.quantity
        sentence = sentence_of[index]
        statement = text[ends[sentence - 1] if sentence else 0 : ends[sentence] if sentence < len(ends) else len(text)]
        readings[id(token)] = Reading(
            quantity_context(text, quantity), text, noun_after(text, quantity),  # type: ignore[arg-type]
            sentence_keys=counts[sentence], key=keys[index], statement=statement,
        )
    return readings


def _table_readings(block: Block, tokens: list[Token]) -> dict[int, Reading]:
    """A table cell's figure is named by its row header and column header."""
    readings: dict[int, Reading] = {}
    name_column = stub_column(block, index_columns(block))  # a No. column names no row: the next column does
    row = column = 0
    for token in tokens:
        if token is ROW_BREAK:
            row, column = row + 1, 0
        elif token is CELL_BREAK:
            column += 1
        elif token.quantity and row < len(block.rows) and column < len(block.rows[row]):
            cells = block.rows[row]
            cell = cells[column]
            own = quantity_context(cell, token.quantity)
            named_by = cells[name_column] if column != name_column and name_column < len(cells) else ""
            headers = [named_by, block.rows[0][column] if row > 0 and column < len(block.rows[0]) else ""]
            parts = [h for h in headers if h and h != cell] + ([own] if not names_nothing(own) else [])
            row_header = named_by if named_by != cell else ""
            row_text = " ".join(cells)
            readings[id(token)] = Reading(" ".join(parts)[:60] or own, row_text, row=row_header, statement=row_text)
    return readings


class Where(Record):
    """Where a block change stands: section paths and area keys on both sides, its row anchor."""

    old_path: tuple[str, ...] | None
    new_path: tuple[str, ...] | None
    old_area: object
    new_area: object
    anchor: str
    in_footnote: bool  # a note block read as text (a note no reference points to)

    def __init__(self, old_path: tuple[str, ...] | None, new_path: tuple[str, ...] | None, old_area: object,
                 new_area: object, anchor: str = "", in_footnote: bool = False):
        self.old_path = old_path
        self.new_path = new_path
        self.old_area = old_area
        self.new_area = new_area
        self.anchor = anchor
        self.in_footnote = in_footnote


class Figure(Record):
    """A figure one side has that the other side's text at that place does not."""

    quantity: Quantity
    reading: Reading
    path: tuple[str, ...] | None
    area: object
    anchor: str
    order: tuple[int, int]
    in_footnote: bool
    # Notes reached through a reference are compared note to note, never against the
    # area's text; everything else may still stand elsewhere in the area.
    may_stand: bool

    def __init__(self, quantity: Quantity, reading: Reading, path: tuple[str, ...] | None, area: object,
                 anchor: str, order: tuple[int, int], in_footnote: bool = False, may_stand: bool = True):
        self.quantity = quantity
        self.reading = reading
        self.path = path
        self.area = area
        self.anchor = anchor
        self.order = order
        self.in_footnote = in_footnote
        self.may_stand = may_stand


class _Report(Record):
    """A figure change and its place in reading order (sections, then blocks), for sorting the list."""

    change: QuantityChange
    order: tuple[int, int]

    def __init__(self, change: QuantityChange, order: tuple[int, int]):
        self.change = change
        self.order = order


class FigurePairer:
    """Collects figure changes from block changes; ``finish`` returns them in reading order."""

    def __init__(self, old_reader: FigureReader, new_reader: FigureReader, old_notes: dict[str, str],
                 new_notes: dict[str, str], counterpart: dict[tuple[str, object], object]):
        self.old_reader = old_reader
        self.new_reader = new_reader
        self.old_notes = old_notes
        self.new_notes = new_notes
        self.counterpart = counterpart  # ("old", area) → new area and back
        self.reports: list[_Report] = []
        self.removed: list[Figure] = []
        self.added: list[Figure] = []
        self.consumed_new: set[int] = set()  # figures that are the new side of a change
        self.consumed_old: set[int] = set()
        self._order = 0
        self._deferred_at: int | None = None  # reading position of a note block read late
        self._footnote_pairs: set[tuple[str | None, str | None]] = set()
        self._covered: set[tuple[str, str]] = set()  # ("old"|"new", note label) reached by a reference
        self._note_blocks: list[tuple[int, str, Block | None, Block | None, list[Segment], Where]] = []
        self._run_changes: list[tuple[Figure, Figure, Where]] = []  # changed in an edited run

    def _next(self) -> tuple[int, int]:
        self._order += 1
        if self._deferred_at is not None:
            return (self._deferred_at, self._order)
        return (self._order, 0)

    # -- pass 1: block changes

    def from_change(self, op: str, old_block: Block | None, new_block: Block | None,
                    segments: list[Segment], where: Where) -> None:
        if (old_block or new_block).kind == "footnote":  # type: ignore[union-attr]
            # Paired through the references that point to it; read as text only if none does.
            self._note_blocks.append((self._order, op, old_block, new_block, segments, where.copy_with(in_footnote=True)))
            return
        self._text_change(op, old_block, new_block, segments, where)

    def _text_change(self, op: str, old_block: Block | None, new_block: Block | None,
                     segments: list[Segment], where: Where) -> None:
        if op in ("insert", "delete"):
            side_block = new_block if op == "insert" else old_block
            reader = self.new_reader if op == "insert" else self.old_reader
            readings = reader.readings(side_block)  # type: ignore[arg-type]
            for token in reader.tokens.tokens(side_block):  # type: ignore[arg-type]
                self._single(op, token, readings, block_text(side_block), where)  # type: ignore[arg-type]
            return
        if op != "replace":
            return
        old_readings = self.old_reader.readings(old_block)  # type: ignore[arg-type]
        new_readings = self.new_reader.readings(new_block)  # type: ignore[arg-type]
        # Joined once per block, not per run: a table of n edited rows has n runs.
        old_text, new_text = block_text(old_block), block_text(new_block)  # type: ignore[arg-type]
        for old_run, new_run in runs(segments):
            self._pair_run(old_run, new_run, old_readings, new_readings, where)
            self._pair_footnote_refs(old_run, new_run, old_text, new_text, where)

    def _single(self, op: str, token: Token, readings: dict[int, Reading], text: str, where: Where) -> None:
        if token.quantity:
            if op == "insert":
                self.added.append(self._figure(token.quantity, readings[id(token)], where, new=True))
            else:
                self.removed.append(self._figure(token.quantity, readings[id(token)], where, new=False))
        elif token.footnote:
            pair = (None, token.footnote) if op == "insert" else (token.footnote, None)
            self._footnote_pair(*pair, text if op == "delete" else "", text if op == "insert" else "", where)

    def _figure(self, quantity: Quantity, reading: Reading, where: Where, *, new: bool, in_footnote: bool = False) -> Figure:
        return Figure(
            quantity, reading, where.new_path if new else where.old_path, where.new_area if new else where.old_area,
            where.anchor, self._next(), in_footnote or where.in_footnote, may_stand=not in_footnote,
        )

    def _pair_run(self, old_run: list[Token], new_run: list[Token], old_readings: dict[int, Reading],
                  new_readings: dict[int, Reading], where: Where) -> None:
        old_q = [(t.quantity, old_readings[id(t)]) for t in old_run if t.quantity]
        new_q = [(t.quantity, new_readings[id(t)]) for t in new_run if t.quantity]
        partners = _run_partners(old_q, new_q)
        for (quantity, reading), partner in zip(old_q, partners, strict=True):
            if partner is None:
                self.removed.append(self._figure(quantity, reading, where, new=False))
                continue
            new_quantity, new_reading = new_q[partner]
            if not quantity.same_statement(new_quantity):
                # Reported at the end, unless either statement turns out to have moved word for
                # word to or from another area (see _settle_run_changes).
                old_figure = self._figure(quantity, reading, where, new=False)
                new_figure = self._figure(new_quantity, new_reading, where, new=True)
                self._run_changes.append((old_figure, new_figure, where.copy_with()))
        for index, (quantity, reading) in enumerate(new_q):
            if index not in partners:
                self.added.append(self._figure(quantity, reading, where, new=True))

    def _report(self, status: str, old: Quantity | None, new: Quantity | None, reading: Reading, where: Where,
                *, in_footnote: bool = False, context: str | None = None, order: tuple[int, int] | None = None) -> None:
        change = QuantityChange(
            status, reading.context if context is None else context, old, new,
            where.old_path if old else None, where.new_path if new else None,
            in_footnote or where.in_footnote, reading.sentence, where.anchor,
        )
        if new is not None:
            self.consumed_new.add(id(new))
        if old is not None:
            self.consumed_old.add(id(old))
        self.reports.append(_Report(change, self._next() if order is None else order))

    # -- footnotes: paired through the references that carry them

    def _pair_footnote_refs(self, old_run: list[Token], new_run: list[Token], old_text: str, new_text: str, where: Where) -> None:
        old_refs = [t.footnote for t in old_run if t.footnote]
        new_refs = [t.footnote for t in new_run if t.footnote]
        for index in range(max(len(old_refs), len(new_refs))):
            old_ref = old_refs[index] if index < len(old_refs) else None
            new_ref = new_refs[index] if index < len(new_refs) else None
            if old_ref and new_ref and _notes_apart(old_text, old_ref, new_text, new_ref):
                # Blocks of one template about different things (自給率を… / 稼働率を…): their notes
                # are two notes, never one revised.
                self._footnote_pair(old_ref, None, old_text, "", where)
                self._footnote_pair(None, new_ref, "", new_text, where)
                continue
            self._footnote_pair(old_ref, new_ref, old_text, new_text, where)

    def _footnote_pair(self, old_ref: str | None, new_ref: str | None, old_text: str, new_text: str, where: Where) -> None:
        if (old_ref, new_ref) in self._footnote_pairs:
            return
        self._footnote_pairs.add((old_ref, new_ref))
        self._covered.update({("old", old_ref or ""), ("new", new_ref or "")})
        old_note = self.old_notes.get(old_ref or "", "")
        new_note = self.new_notes.get(new_ref or "", "")
        context = footnote_context(new_text if new_ref else old_text, new_ref or old_ref)
        if old_ref and new_ref:
            reading = Reading(context, new_note or old_note)
            for old_run, new_run in runs(diff_tokens(tokenize(old_note), tokenize(new_note))):
                old_q = [t.quantity for t in old_run if t.quantity]
                new_q = [t.quantity for t in new_run if t.quantity]
                for i in range(max(len(old_q), len(new_q))):
                    o = old_q[i] if i < len(old_q) else None
                    n = new_q[i] if i < len(new_q) else None
                    if o and n and o.same_statement(n):
                        continue
                    if o and n:
                        self._report("changed", o, n, reading, where, in_footnote=True)
                    else:
                        self._leftover(o or n, reading, where, new=n is not None)  # type: ignore[arg-type]
            return
        note, is_new = (new_note, True) if new_ref else (old_note, False)
        cited_by = citing_sentence(new_text if new_ref else old_text, new_ref or old_ref)
        for token in tokenize(note):
            if token.quantity:
                self._leftover(token.quantity, Reading(context, note, statement=cited_by), where, new=is_new)

    def _leftover(self, quantity: Quantity, reading: Reading, where: Where, *, new: bool) -> None:
        figure = self._figure(quantity, reading, where, new=new, in_footnote=True)
        (self.added if new else self.removed).append(figure)

    # -- passes 2 to 4 (pass 1 is _pair_run)

    def _read_unreferenced_notes(self) -> None:
        for at, op, old_block, new_block, segments, where in self._note_blocks:
            if (old_block and ("old", old_block.label) in self._covered) or (new_block and ("new", new_block.label) in self._covered):
                continue
            self._deferred_at = at
            self._text_change(op, old_block, new_block, segments, where)
        self._deferred_at = None

    def finish(self, standing: StandingIndex) -> list[QuantityChange]:
        self._read_unreferenced_notes()
        # Statements moved word for word first: left to area pairing, a sentence moved out of an
        # area and another moved into it would pair as one changed figure.
        self._settle_run_changes(standing)
        self._pair_moved_statements(standing)
        self._pair_leftovers()
        for figure in self.removed:
            if figure.may_stand and standing.holds("new", self.counterpart.get(("old", figure.area), _NONE), figure, self.consumed_new):
                continue
            where = Where(figure.path, None, figure.area, None, figure.anchor)
            self._report("removed", figure.quantity, None, figure.reading, where, in_footnote=figure.in_footnote, order=figure.order)
        for figure in self.added:
            if figure.may_stand and standing.holds("old", self.counterpart.get(("new", figure.area), _NONE), figure, self.consumed_old):
                continue
            where = Where(None, figure.path, None, figure.area, figure.anchor)
            self._report("added", None, figure.quantity, figure.reading, where, in_footnote=figure.in_footnote, order=figure.order)
        return [r.change for r in sorted(self.reports, key=lambda r: r.order)]

    def _pair_leftovers(self) -> None:
        """A figure removed in one place and added in another place of the same area, measuring
        the same thing, is one figure: reworded, split, merged or moved (changed if its value did)."""
        candidates = []
        added_groups = _groups(self.added, lambda f: f.area)
        for (area, unit, in_footnote), removed in _groups(self.removed, lambda f: self.counterpart.get(("old", f.area), _NONE)).items():
            added = added_groups.get((area, unit, in_footnote), [])
            same_section_only = len(removed) * len(added) > _AREA_PAIRING_BUDGET
            for i in removed:
                old = self.removed[i]
                for j in added:
                    new = self.added[j]
                    if same_section_only and old.path != new.path:
                        continue
                    score = _same_thing(old.reading, new.reading)
                    if score >= _SAME_THING:
                        # Among equally likely partners a figure's own value wins: a moved
                        # sentence stating 約0.9兆円⇒約3兆円超 keeps both figures, never swaps them.
                        bonus = (0.05 if old.path == new.path else 0.0) + (0.1 if old.quantity.same_value(new.quantity) else 0.0)
                        candidates.append((score + bonus, i, j))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        for _, i, j in candidates:
            if i in paired_old or j in paired_new:
                continue
            paired_old.add(i)
            paired_new.add(j)
            old, new = self.removed[i], self.added[j]
            if not old.quantity.same_statement(new.quantity):
                where = Where(old.path, new.path, old.area, new.area, new.anchor)
                self._report("changed", old.quantity, new.quantity, new.reading, where, in_footnote=new.in_footnote, order=new.order)
        self.removed = [f for i, f in enumerate(self.removed) if i not in paired_old]
        self.added = [f for j, f in enumerate(self.added) if j not in paired_new]

    def _settle_run_changes(self, standing: StandingIndex) -> None:
        """A figure changed in an edited run is reported changed — unless its old statement went,
        word for word, to another area, or its new one came from there: two sentences moved
        across areas, one into the other's place, are two moves, never 約3,300億円/年 → 8兆円規模."""
        if not self._run_changes:
            return
        # Either side of another run's change counts too: two sentences swapped across areas
        # are both edited runs.
        gone = self.removed + [old for old, _, _ in self._run_changes]
        came = self.added + [new for _, new, _ in self._run_changes]
        gone_keys = _keys_of(gone, {new.quantity.key() for _, new, _ in self._run_changes})
        came_keys = _keys_of(came, {old.quantity.key() for old, _, _ in self._run_changes})

        def moved(figure: Figure, keys: set[tuple[str, str, str, bool]]) -> bool:
            return any(k in keys and self._distinctive(k[0], standing) for k in _moved_keys(figure))

        for old, new, where in self._run_changes:
            if moved(old, came_keys) or moved(new, gone_keys):
                self.removed.append(old)
                self.added.append(new)
            else:
                self._report("changed", old.quantity, new.quantity, new.reading, where, order=old.order)
        self._run_changes = []

    def _distinctive(self, key: str, standing: StandingIndex) -> bool:
        """Long enough to be told apart, and standing once in each revision (as moved blocks)."""
        return len(key) >= MIN_MOVE_CHARS and standing.census["old"].count(key) == 1 and standing.census["new"].count(key) == 1

    def _pair_moved_statements(self, standing: StandingIndex) -> None:
        """A sentence or table row that left an edited block and stands, word for word, in an
        edited block of another area moved: its figures, and those of the notes it cites, are
        neither removed nor added. As for moved blocks (moves.py), only a statement long enough to
        be distinctive that stands once in each revision; a figure must keep its name too (a row
        under other column headers, 目標値 → 現状値, states another thing)."""
        values = {figure.quantity.key() for figure in self.removed}  # no statement read for other values
        arrived: dict[tuple[str, str, str, bool], list[int]] = {}
        for j, figure in enumerate(self.added):
            if figure.quantity.key() in values:
                for key in _moved_keys(figure):
                    arrived.setdefault(key, []).append(j)
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        for i, figure in enumerate(self.removed):
            for key in _moved_keys(figure):
                if key not in arrived or not self._distinctive(key[0], standing):
                    continue
                j = next((j for j in arrived[key] if j not in paired_new), None)
                if j is not None:
                    paired_old.add(i)
                    paired_new.add(j)
                    break
        self.removed = [f for i, f in enumerate(self.removed) if i not in paired_old]
        self.added = [f for j, f in enumerate(self.added) if j not in paired_new]


def _moved_keys(figure: Figure) -> list[tuple[str, str, str, bool]]:
    """What a figure moved word for word keeps: its statement, its name and its value. A note
    reached through a reference (keys of its own, marked True) keeps either the sentence citing it
    (moved with its reference) or its own words: cited from another area, it is the same note."""
    value = figure.quantity.key()
    if figure.in_footnote and not figure.may_stand:
        return [(statement_key(figure.reading.statement), "", value, True), (statement_key(figure.reading.sentence), "", value, True)]
    # A sentence moved into a note block (「※ …」 read as text) or out of one is moved all the same.
    return [(statement_key(figure.reading.statement), figure.reading.name, value, False)]


def _keys_of(figures: list[Figure], values: set[str]) -> set[tuple[str, str, str, bool]]:
    """The moved-statement keys of the figures with one of these values (no statement read else)."""
    return {key for figure in figures if figure.quantity.key() in values for key in _moved_keys(figure)}


def citing_sentence(text: str, ref_number: str | None) -> str:
    """The sentence of ``text`` a reference ``[^n]`` belongs to: the one it stands in, or the one
    it closes (…とする。[^1]); "" when the reference is not in ``text``."""
    position = text.find(f"[^{ref_number}]") if ref_number else -1
    if position < 0:
        return ""
    head = text[:position].rstrip()
    end = position if not head.endswith(("。", "．")) else len(head) - 1
    start = max(text.rfind("。", 0, end), text.rfind("．", 0, end)) + 1
    stop = min((i for i in (text.find("。", end), text.find("．", end)) if i >= 0), default=len(text) - 1) + 1
    return text[start:stop]


_NONE = object()  # the counterpart of an area that has none


def _groups(figures: list[Figure], area_of) -> dict[tuple[object, str | None, bool], list[int]]:  # noqa: ANN001
    """Figure indices by (area, unit, in a footnote): only figures in one group can pair."""
    groups: dict[tuple[object, str | None, bool], list[int]] = {}
    for index, figure in enumerate(figures):
        groups.setdefault((area_of(figure), pairing_unit(figure.quantity.unit), figure.in_footnote), []).append(index)
    return groups


# Units whose figures pair with each other: 2030年 → 2030年度 is one target restated as a fiscal
# year (a changed figure), not one removed and another added.
_PAIRS_WITH = {"年度": "年"}


def pairing_unit(unit: str | None) -> str | None:
    """The unit a figure pairs by: its own, or the one it pairs with."""
    return _PAIRS_WITH.get(unit, unit) if unit else unit


def _same_thing(a: Reading, b: Reading, *, restated: bool = False) -> float:
    """How surely two figures measure the same thing: their contexts, else their whole statements.

    ``restated`` also accepts a statement that mostly repeats the other (a summary line
    restating a bullet): used only for figures of the same value.
    """
    if _rows_apart(a, b):
        return 0.0
    if not names_nothing(a.name) and not names_nothing(b.name):
        context = similarity(a.name, b.name)
        if names_alike(a.name, b.name):
            return context
        shorter, longer = sorted((a.name, b.name), key=len)
        if restated and len(shorter) >= 3 and shorter in longer:  # 輸出額 / 日本の輸出額
            return _SAME_THING
    sentence_a, sentence_b = _REF.sub("", a.sentence), _REF.sub("", b.sentence)
    sentence = similarity(sentence_a, sentence_b)
    if restated and sentence < _SAME_SENTENCE:
        sentence = _containment(sentence_a, sentence_b)
    # Statements of one template about different things (出荷額は約11%… / シェアは約11%…) agree
    # in most words; a restatement of the same statement agrees in nearly all of them.
    threshold = _RESTATED_APART if named_apart(a, b) else _SAME_SENTENCE
    return sentence if sentence >= threshold else 0.0


def named_apart(a: Reading, b: Reading) -> bool:
    """Both figures name what they measure, differently, and neither statement names the other's
    measured thing (a reworded statement still does, though the reader may name it by another clause)."""
    if _rows_apart(a, b):
        return True
    if names_nothing(a.name) or names_nothing(b.name):
        return False
    if names_alike(a.name, b.name):
        return False
    return a.name not in b.sentence and b.name not in a.sentence


def names_alike(a: str, b: str) -> bool:
    """Two names of one measured thing: their bigrams agree, and their modifiers do not differ."""
    return similarity(a, b) >= _SAME_THING and not modifiers_differ(a, b)


def modifiers_differ(a: str, b: str) -> bool:
    """Two names with one ending whose words before it share no character: the same kind of
    figure about different things (利用者数 / 雇用者数, 国内シェア / 世界シェア), however many
    bigrams the ending gives them in common. 市場規模 / 国内市場規模 (one holds the other) and
    利用者数 / 利用人数 (the words before share 利用) do not differ."""
    common = len(os.path.commonprefix([a[::-1], b[::-1]]))
    head_a, head_b = a[: len(a) - common], b[: len(b) - common]
    return common > 0 and bool(head_a) and bool(head_b) and not set(head_a) & set(head_b)


def _rows_apart(a: Reading, b: Reading) -> bool:
    """Table cells in rows named differently (拠点数 / 相談件数), however alike their columns."""
    if not a.row or not b.row:
        return False
    shorter, longer = sorted((a.row, b.row), key=len)
    return similarity(a.row, b.row) < _SAME_THING and shorter not in longer


def _named_alike(a: Reading, b: Reading) -> bool:
    """Some name of one figure — the words before it or the noun it modifies — names the other's
    measured thing too: 「2030年で12兆円の国内市場規模を目指す」 restated as 「市場規模12兆円」."""
    names_a = [n for n in (a.name, a.named_after) if not names_nothing(n)]
    names_b = [n for n in (b.name, b.named_after) if not names_nothing(n)]
    return any(_overlap(x, y) for x in names_a for y in names_b)


def _about_another_thing(a: Reading, b: Reading) -> bool:
    """Statements naming different things that agree in less than nearly all their words."""
    return named_apart(a, b) and similarity(_REF.sub("", a.sentence), _REF.sub("", b.sentence)) < _RESTATED_APART


def _stated_together(a: Reading, b: Reading) -> bool:
    """Both figures stand beside a figure of one same value (2030年 with 12兆円 in 「2030年で12兆円の
    国内市場規模」 and 「2030年までに市場規模12兆円」), and neither names a thing the other does not."""
    return companion_of(a, b) and not named_apart(a, b)


def companion_of(a: Reading, b: Reading) -> bool:
    """Whether a figure beside ``a`` in its sentence and one beside ``b`` have one same value."""
    fewer, more = (a, b) if len(a.sentence_keys) <= len(b.sentence_keys) else (b, a)
    return any(fewer.has_companion(key) and more.has_companion(key) for key in fewer.sentence_keys)


def _overlap(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return names_alike(a, b) or (len(shorter) >= 3 and shorter in longer)


def _containment(a: str, b: str) -> float:
    """Share of the shorter text's bigrams found in the longer one (0 for texts too short to tell)."""
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if min(len(grams_a), len(grams_b)) < 8:
        return 0.0
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


def _run_partners(old_q: list[tuple[Quantity, Reading]], new_q: list[tuple[Quantity, Reading]]) -> list[int | None]:
    """For each old figure of an edited run, the new figure that replaces it (or None): same
    unit, the one measuring the same thing if any, else the first in reading order. Figures
    whose value the new run still states keep it first: a sentence that moved in beside another
    of the same template keeps its own figures (約120億円⇒約240億円超 / 240億円超)."""
    partners: list[int | None] = [None] * len(old_q)
    used: set[int] = set()
    for keep_value in (True, False):
        for k, (quantity, reading) in enumerate(old_q):
            if partners[k] is not None:
                continue
            candidates = _run_candidates(quantity, reading, new_q, used)
            if keep_value:
                candidates = [i for i in candidates if quantity.same_value(new_q[i][0])]
            if candidates:
                partners[k] = candidates[0]
                used.add(candidates[0])
    return partners


def _run_candidates(quantity: Quantity, reading: Reading, new_q: list[tuple[Quantity, Reading]], used: set[int]) -> list[int]:
    """Unused new figures of the same unit; only those measuring the same thing when any does."""
    same_unit = [
        i for i, (q, r) in enumerate(new_q)
        if i not in used and pairing_unit(q.unit) == pairing_unit(quantity.unit) and not _about_another_thing(reading, r)
    ]
    if names_nothing(reading.name):
        return same_unit
    named = [
        i for i in same_unit
        if names_alike(reading.name, new_q[i][1].name) and not _rows_apart(reading, new_q[i][1])
    ]
    return named or same_unit


class StandingIndex:
    """Every figure of an area, on either side, read lazily from the cached tokens."""

    def __init__(self, blocks_of: dict[tuple[str, object], list[Block]], readers: dict[str, FigureReader],
                 census: dict[str, StatementCensus]):
        self.blocks_of = blocks_of
        self.readers = readers
        self.census = census  # how often a statement stands in each revision (moved statements)
        self._figures: dict[tuple[str, object], dict[str | None, list[tuple[Quantity, Reading]]]] = {}

    def figures(self, side: str, area: object) -> dict[str | None, list[tuple[Quantity, Reading]]]:
        """The area's figures by unit."""
        key = (side, area)
        if key not in self._figures:
            reader = self.readers[side]
            found: dict[str | None, list[tuple[Quantity, Reading]]] = {}
            for block in self.blocks_of.get(key, []):
                readings = reader.readings(block)
                for token in reader.tokens.tokens(block):
                    if token.quantity:
                        found.setdefault(token.quantity.unit, []).append((token.quantity, readings[id(token)]))
            self._figures[key] = found
        return self._figures[key]

    def holds(self, side: str, area: object, figure: Figure, consumed: set[int]) -> bool:
        """Does ``side``'s ``area`` still state this figure's value for the same measured thing?"""
        if area is _NONE:
            return False
        return any(
            id(quantity) not in consumed and figure.quantity.same_value(quantity)
            and (_same_thing(figure.reading, reading, restated=True) > 0 or _named_alike(figure.reading, reading)
                 or _stated_together(figure.reading, reading))
            for quantity, reading in self.figures(side, area).get(figure.quantity.unit, [])
        )


def _notes_apart(old_text: str, old_ref: str, new_text: str, new_ref: str) -> bool:
    """Two references whose notes qualify differently named things."""
    a = footnote_context(old_text, old_ref).removesuffix(NOTE_MARK)
    b = footnote_context(new_text, new_ref).removesuffix(NOTE_MARK)
    return not (names_nothing(a) or names_nothing(b) or names_alike(a, b))


def footnote_context(text: str, ref_number: str | None) -> str:
    """What a footnote qualifies: the figure its reference follows; for a reference closing a
    sentence (…掲げる。[^1]), the sentence's last figure; else the last clause before it."""
    if not ref_number:
        return "注"
    position = text.find(f"[^{ref_number}]")
    if position < 0:
        return "注"
    head = text[:position]
    masked = _mask_refs(head)
    body = masked.rstrip(_MASK)
    found = find_quantities(masked)
    quantities = [q for q in found if q.end >= len(body) - 8]
    if not quantities and body.rstrip(" \u3000").endswith(("。", "．")):
        sentence = body.rstrip(" \u3000。．")
        sentence_start = max(sentence.rfind("。"), sentence.rfind("．")) + 1
        quantities = [q for q in found if q.start >= sentence_start]
    named = quantity_context(text, quantities[-1]).strip() if quantities else ""
    if named:
        return named + NOTE_MARK
    clauses = [clause for clause in CLAUSE_BREAK.split(_REF.sub("", head)) if clause.strip()]
    if not clauses:
        return "注" + NOTE_MARK
    clause = naming_words(clauses[-1]) or clauses[-1].strip()  # without the particle it opens with
    return clause[-40:] + NOTE_MARK


def runs(segments: list[Segment]) -> list[tuple[list[Token], list[Token]]]:
    """Consecutive non-equal segments grouped: (old tokens, new tokens) of each edit."""
    found: list[tuple[list[Token], list[Token]]] = []
    old_run: list[Token] = []
    new_run: list[Token] = []
    for segment in segments:
        if segment.op == EQUAL:
            if old_run or new_run:
                found.append((old_run, new_run))
                old_run, new_run = [], []
        elif segment.op == DELETE:
            old_run.extend(segment.tokens)
        else:
            new_run.extend(segment.tokens)
    if old_run or new_run:
        found.append((old_run, new_run))
    return found
