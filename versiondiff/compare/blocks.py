"""Blocks as the compare engine reads them: display text, and tokens made once per comparison.

Block diffs, move detection and figure pairing all read the same tokens; a
``BlockTokens`` cache makes sure a block's text is tokenized (and its figures
read) only once per comparison, however many of those stages look at it.
"""

from __future__ import annotations

import re

from versiondiff.compare.tokens import Token, comparable_key, tokenize
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


def tokenize_block(block: Block, footnotes: dict[str, str]) -> list[Token]:
    if block.kind == "table":
        tokens: list[Token] = []
        for row in block.rows:
            for cell in row:
                tokens += tokenize(cell, footnotes) + [CELL_BREAK]
            tokens.append(ROW_BREAK)
        return tokens
    return tokenize(block.text, footnotes)


def raw_key(block: Block) -> str:
    """The block's text without spaces or footnote numbers: cheap, no tokenizing."""
    return _NOISE.sub("", comparison_fold(block_text(block)))  # widths are formatting


def footnote_refs(block: Block) -> list[str]:
    return _FOOTNOTE_REF.findall(block_text(block))


class BlockTokens:
    """Tokens and comparable keys of one revision's blocks, each computed once."""

    def __init__(self, footnotes: dict[str, str]):
        self.footnotes = footnotes
        self._tokens: dict[int, list[Token]] = {}
        self._keys: dict[int, str] = {}
        self._shapes: dict[int, str] = {}
        self._keep: list[Block] = []  # ids stay valid while the cache lives

    def tokens(self, block: Block) -> list[Token]:
        found = self._tokens.get(id(block))
        if found is None:
            found = self._tokens[id(block)] = tokenize_block(block, self.footnotes)
            self._keep.append(block)
        return found

    def key(self, block: Block) -> str:
        found = self._keys.get(id(block))
        if found is None:
            found = self._keys[id(block)] = comparable_key(self.tokens(block))
        return found


    def shape(self, block: Block) -> str:
        """The key with every figure reduced to its unit: a block whose only edit is a value
        (2033年に → 2040年に) still pairs with its old version as one edited block."""
        found = self._shapes.get(id(block))
        if found is None:
            parts = ["#" + (t.quantity.unit or "") if t.quantity else t.key[1:] for t in self.tokens(block) if t.key]
            found = self._shapes[id(block)] = "".join(parts)
        return found


def same_body(old: Section, new: Section, old_notes: dict[str, str], new_notes: dict[str, str]) -> bool:
    """Byte-identical blocks whose footnotes say the same: nothing to diff in this section."""
    if old.blocks != new.blocks:
        return False
    return all(old_notes.get(ref) == new_notes.get(ref) for block in old.blocks for ref in footnote_refs(block))
