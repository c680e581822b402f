"""Cells of the redline: runs of text (plain, deleted, inserted, figure, footnote mark).

A replaced word gets a second, character-level emphasis (収受 → 收受: only 収/收 is
marked) so a one-character edit inside a long token is seen at once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from versiondiff.compare.blocks import CELL_BREAK, ROW_BREAK
from versiondiff.compare.engine import BlockChange
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment
from versiondiff.compare.tokens import Token, tokenize
from versiondiff.render.areas import full_path, short_statement

_MARKUP = re.compile(r"\*\*|__")  # emphasis marks of canonical Markdown never reach the reader
_CHAR_DIFF_LIMIT = 40  # longer replacements are rewrites, not edits inside a word
_CELL_ENDS = {CELL_BREAK.key: "cell", ROW_BREAK.key: "row"}


@dataclass
class Piece:
    """A run of text in one cell: plain, deleted or inserted, possibly a figure."""

    text: str
    kind: str = "same"  # same | del | ins
    figure: bool = False
    note: str | None = None  # the text of a footnote reference
    chars: list[tuple[str, bool]] = field(default_factory=list)  # (text, changed) inside a replaced word
    cell_end: str = ""  # "cell" or "row": a table's cell or row ends here (its text is " | " / a newline)


@dataclass
class Row:
    anchor: str
    op: str
    old: list[Piece] = field(default_factory=list)
    new: list[Piece] = field(default_factory=list)
    inline: list[Piece] = field(default_factory=list)
    figures: int = 0
    note: str = ""
    kind: str = "paragraph"
    number: int = 0  # position among the shown changes, for previous/next links
    # (direction "to"/"from", the statement's first words, the other section's path)
    statement_moves: list[tuple[str, str, str]] = field(default_factory=list)
    previous: str = ""
    next: str = ""

    @property
    def old_grid(self) -> list[GridRow]:
        return table_grid(self.old)

    @property
    def new_grid(self) -> list[GridRow]:
        return table_grid(self.new)

    @property
    def inline_grid(self) -> list[GridRow]:
        return table_grid(self.inline)

    @property
    def snippet(self) -> str:
        """A few words of the change for the change list: what was replaced by what."""
        if self.op == "move":
            text = "".join(p.text for p in self.new)
        else:
            # Only what changed: a row added to a table is that row, never the table before it.
            old = _changed_text(self.old) if self.op in ("replace", "delete") else ""
            new = _changed_text(self.new) if self.op in ("replace", "insert") else ""
            text = f"{old} → {new}" if old and new else (old or new or "".join(p.text for p in self.new or self.old))
        text = " ".join(text.split())
        return text[:30] + ("…" if len(text) > 30 else "")


@dataclass
class GridRow:
    """One row of an edited table as shown: its cells' pieces; ``kind`` del or ins when the whole
    row was deleted or inserted (marked as a row, not cell by cell)."""

    cells: list[list[Piece]]
    kind: str = "same"


def table_grid(pieces: list[Piece]) -> list[GridRow]:
    """A table block's pieces as rows of cells, cut where its cell and row breaks stand."""
    rows: list[GridRow] = []
    cells: list[list[Piece]] = [[]]
    kinds: set[str] = set()
    for piece in pieces:
        kinds.add(piece.kind)
        if piece.cell_end == "cell":
            cells.append([])
        elif piece.cell_end == "row":
            if not cells[-1]:
                cells.pop()  # the break after the last cell opened none
            rows.append(GridRow(cells, next(iter(kinds)) if len(kinds) == 1 else "same"))
            cells, kinds = [[]], set()
        else:
            cells[-1].append(piece)
    if any(cells):
        rows.append(GridRow([cell for cell in cells if cell], "same"))
    return rows


def _changed_text(pieces: list[Piece]) -> str:
    """The changed runs, "…" between runs apart (a figure and the words beside it are one run)."""
    runs: list[str] = []
    adjacent = False
    for piece in pieces:
        changed = piece.kind != "same" and piece.note is None
        if changed and adjacent:
            runs[-1] += piece.text
        elif changed:
            runs.append(piece.text)
        adjacent = changed
    return "…".join(run.strip(" |\n") for run in runs if run.strip(" |\n"))


def change_row(anchor: str, change: BlockChange, moved_note: str) -> Row:
    row = Row(anchor=anchor, op=change.op, figures=change.figures, kind=change.kind)
    row.statement_moves = [(m.direction, short_statement(m.text), full_path(m.section)) for m in change.moved_statements]
    if change.op == "move":
        row.note = moved_note
    previous: tuple[str, list[Piece]] | None = None
    for segment in change.segments:
        pieces = segment_pieces(segment)
        if segment.op == EQUAL:
            # The old column quotes the old revision as written, even where it compares equal.
            row.old += segment_pieces(segment, segment.old_tokens) if segment.old_tokens is not None else pieces
            row.new += pieces
        elif segment.op == DELETE:
            row.old += pieces
        elif segment.op == INSERT:
            row.new += pieces
            if previous and previous[0] == DELETE:
                mark_changed_characters(previous[1], pieces)
        row.inline += pieces
        previous = (segment.op, pieces)
    if change.op == "move" and change.old and change.old != change.new:
        row.old = text_pieces(change.old)
    return row


def segment_pieces(segment: Segment, tokens: tuple[Token, ...] | None = None) -> list[Piece]:
    """Pieces of a segment's tokens (or of ``tokens``, the same run as the other side spells it)."""
    kind = {EQUAL: "same", DELETE: "del", INSERT: "ins"}[segment.op]
    pieces: list[Piece] = []
    for token in segment.tokens if tokens is None else tokens:
        if token.key in _CELL_ENDS:  # by key: a comparison read back from the cache holds copies
            pieces.append(Piece(token.text, kind, cell_end=_CELL_ENDS[token.key]))
            continue
        if token.footnote:  # shown as a mark whose tooltip is the footnote text
            pieces.append(Piece("注", kind, note=token.note))
            continue
        text = _MARKUP.sub("", token.text)
        if not text:
            continue
        figure = token.quantity is not None
        if pieces and not figure and not pieces[-1].figure and pieces[-1].note is None and not pieces[-1].cell_end:
            pieces[-1].text += text
        else:
            pieces.append(Piece(text, kind, figure))
    return pieces


def text_pieces(text: str, kind: str = "same", footnotes: dict[str, str] | None = None) -> list[Piece]:
    """Plain text as pieces: figures marked, footnote references as marks, never raw ``[^9]``."""
    op = {"same": EQUAL, "del": DELETE, "ins": INSERT}[kind]
    return segment_pieces(Segment(op, tuple(tokenize(text, footnotes))))


def mark_changed_characters(deleted: list[Piece], inserted: list[Piece]) -> None:
    """One deleted word replaced by one similar inserted word: mark the characters that differ."""
    if len(deleted) != 1 or len(inserted) != 1:
        return
    old, new = deleted[0], inserted[0]
    if old.note is not None or new.note is not None or old.figure or new.figure:
        return  # figures are read whole (約26% → 約25%), footnote marks are marks
    if max(len(old.text), len(new.text)) > _CHAR_DIFF_LIMIT:
        return
    matcher = difflib.SequenceMatcher(None, old.text, new.text, autojunk=False)
    if matcher.ratio() < 0.3:
        return
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old.chars.append((old.text[i1:i2], op != "equal"))
        if j2 > j1:
            new.chars.append((new.text[j1:j2], op != "equal"))
