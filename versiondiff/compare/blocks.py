"""Blocks as the compare engine reads them: display text, and tokens made once per comparison.

Block diffs, move detection and figure pairing all read the same tokens; a
``BlockTokens`` cache makes sure a block's text is tokenized (and its figures
read) only once per comparison, however many of those stages look at it. Most
blocks never need every token: a block is matched by its key, and a wholly added
or deleted block is shown as its text with its figures read; a ``Sketch`` gives
those without making a token per word, and only blocks paired as edited are
tokenized in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from versiondiff.compare.quantities import Quantity
from versiondiff.compare.table_units import UnitGrid, in_declared_unit, unit_grid
from versiondiff.compare.tokens import Sketch, Token, read_figures, sketch, tokenize
from versiondiff.model import Block, Section
from versiondiff.normalize.inline import comparison_fold

# Table tokens: cells are separated by CELL_BREAK and rows end with ROW_BREAK, so the
# figure reader can tell which row and column a figure stands in.
CELL_BREAK = Token(" | ", "T|")
ROW_BREAK = Token("\n", "T¶")
_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
_NOISE = re.compile(r"\[\^\d+\]|\s+")


def block_text(block: Block) -> str:
    if block.kind == "table":
        return " | ".join(" ".join(row) for row in block.rows)
    return block.text


# Headers of a column that numbers the rows: its cells are labels, not figures (a row
# inserted above renumbers them all, and that is no change of any figure).
_INDEX_HEADER = re.compile(r"(?:No\.?|NO\.?|#|№|番号|項番|通番|通し番号|整理番号|連番)")


def index_columns(block: Block) -> set[int]:
    """The columns of a table headed as row numbers (No., #, 番号, 項番)."""
    if block.kind != "table" or len(block.rows) < 2:
        return set()
    return {j for j, header in enumerate(block.rows[0]) if _INDEX_HEADER.fullmatch(comparison_fold(header).strip())}


def stub_column(block: Block, numbered: set[int]) -> int:
    """The column that names a table's rows: the first that does not number them."""
    return next((j for j in range(len(block.rows[0]) if block.rows else 0) if j not in numbered), 0)


def tokenize_block(block: Block, footnotes: dict[str, str], figures: list[Quantity] | None = None) -> list[Token]:
    """The block's tokens; a paragraph's ``figures`` (its sketch's) not read again where given."""
    if block.kind == "table":
        labels = index_columns(block)
        units = unit_grid(block, stub_column(block, labels))
        tokens: list[Token] = []
        for i, row in enumerate(block.rows):
            for j, cell in enumerate(row):
                tokens += tokenize(cell, footnotes, _cell_figures(cell, i, j, labels, units)) + [CELL_BREAK]
            tokens.append(ROW_BREAK)
        return tokens
    return tokenize(block.text, footnotes, figures)


def _cell_figures(cell: str, row: int, column: int, labels: set[int], units: UnitGrid | None) -> list[Quantity] | None:
    """A cell's figures where they are not simply its text's (None): none in a column that
    numbers the rows, a bare number in the unit its table declares."""
    if row and column in labels:
        return []
    unit = units[row][column] if units and column < len(units[row]) else None
    return in_declared_unit(cell, read_figures(cell), unit) if unit else None


def sketch_block(block: Block, footnotes: dict[str, str]) -> Sketch:
    """``sketch`` of a block: a table as its cells' sketches between cell and row breaks."""
    if block.kind != "table":
        return sketch(block.text, footnotes)
    labels = index_columns(block)
    units = unit_grid(block, stub_column(block, labels))
    tokens: list[Token] = []
    keys: list[str] = []
    shapes: list[str] = []
    shown: list[str] = []
    for i, row in enumerate(block.rows):
        for j, cell in enumerate(row):
            part = sketch(cell, footnotes, _cell_figures(cell, i, j, labels, units))
            tokens += [*part.tokens, CELL_BREAK]
            keys += [part.key, CELL_BREAK.key[1:]]
            shapes += [part.shape, CELL_BREAK.key[1:]]
            shown += [part.text, CELL_BREAK.text]
        tokens.append(ROW_BREAK)
        keys.append(ROW_BREAK.key[1:])
        shapes.append(ROW_BREAK.key[1:])
        shown.append(ROW_BREAK.text)
    return Sketch(tokens, "".join(keys), "".join(shapes), "".join(shown))


def raw_key(block: Block) -> str:
    """The block's text without spaces or footnote numbers: cheap, no tokenizing."""
    return raw_text_key(block_text(block))


def raw_text_key(text: str) -> str:
    """``text`` without spaces or footnote numbers, widths folded: what a move carries word for word."""
    folded = comparison_fold(text)  # widths are formatting
    # str.split() splits where \s matches (both Unicode whitespace): no regex where no reference stands.
    return "".join(folded.split()) if "[^" not in folded else _NOISE.sub("", folded)


def statement_key(text: str) -> str:
    """A sentence or table row as counted and matched: spaces, note numbers and cell separators
    aside (a row read from tokens has ``|`` between its cells, one read from a block has none)."""
    return raw_text_key(text).replace("|", "")


class StatementCensus:
    """How often a statement stands in one revision: its blocks' keys joined once, on first use,
    and searched (a statement inside a longer one counts too: then it is not distinctive)."""

    def __init__(self, blocks: Iterable[Block]):
        self._blocks = blocks
        self._joined: str | None = None

    def count(self, key: str) -> int:
        if self._joined is None:
            self._joined = "\x00".join(statement_key(block_text(block)) for block in self._blocks)
        return self._joined.count(key)


def footnote_refs(block: Block) -> list[str]:
    return _FOOTNOTE_REF.findall(block_text(block))


class BlockTokens:
    """Tokens, sketches and comparable keys of one revision's blocks, each computed once."""

    def __init__(self, footnotes: dict[str, str]):
        self.footnotes = footnotes
        self._tokens: dict[int, list[Token]] = {}
        self._sketches: dict[int, Sketch] = {}
        self._figure_tokens: dict[int, list[Token]] = {}
        self._keep: list[Block] = []  # ids stay valid while the cache lives

    def tokens(self, block: Block) -> list[Token]:
        found = self._tokens.get(id(block))
        if found is None:
            known = self._sketches.get(id(block))  # its figures are read already
            found = self._tokens[id(block)] = tokenize_block(block, self.footnotes, known.figures if known else None)
            self._keep.append(block)
        return found

    def sketch(self, block: Block) -> Sketch:
        found = self._sketches.get(id(block))
        if found is None:
            found = self._sketches[id(block)] = sketch_block(block, self.footnotes)
            self._keep.append(block)
        return found

    def key(self, block: Block) -> str:
        """``comparable_key`` of the block's tokens (read from its sketch)."""
        return self.sketch(block).key

    def shape(self, block: Block) -> str:
        """The key with every figure reduced to its unit: a block whose only edit is a value
        (2033年に → 2040年に) still pairs with its old version as one edited block."""
        return self.sketch(block).shape

    def figure_tokens(self, block: Block) -> list[Token]:
        """The tokens figure pairing reads: the full list where the block was diffed (the
        redline's own figure tokens), else its sketch's. One list per block, once chosen."""
        found = self._figure_tokens.get(id(block))
        if found is None:
            found = self._tokens.get(id(block)) or self.sketch(block).tokens
            self._figure_tokens[id(block)] = found
            self._keep.append(block)
        return found


class FigureTokens:
    """A revision's ``BlockTokens`` as figure pairing reads them (``tokens(block)``)."""

    def __init__(self, cache: BlockTokens):
        self.tokens = cache.figure_tokens


def same_body(old: Section, new: Section, old_notes: dict[str, str], new_notes: dict[str, str]) -> bool:
    """Byte-identical blocks whose footnotes say the same: nothing to diff in this section."""
    if old.blocks != new.blocks:
        return False
    return all(old_notes.get(ref) == new_notes.get(ref) for block in old.blocks for ref in footnote_refs(block))
