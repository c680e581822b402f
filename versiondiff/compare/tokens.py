"""CJK-aware tokens for word-level diffs.

Japanese has no spaces, so a diff over characters scatters (``約2[6→5]%``). Tokens
are runs of one script — kanji, hiragana, katakana, Latin words — and every
quantity with its hedge and unit (``約72兆円``) is one token, so redlines read as
whole words and figures. A footnote reference's key is its footnote's text, so a
renumbered footnote with the same text is the same token.
"""

from __future__ import annotations

import re
from functools import lru_cache

from versiondiff.compare.quantities import Quantity, find_quantities
from versiondiff.normalize.inline import comparison_fold
from versiondiff.records import Record

_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
# A Latin word with digits or symbols (L2++, E2E, Society5.0) is one token when the run holds
# a letter or "+" after its first character. The run is matched once, possessively, and the
# letter looked for separately: a single regex with a letter in the middle rescans the run from
# every position of a long letterless run such as ``1-1-1-…`` (quadratic time).
_LATIN_MARK = re.compile(r"[A-Za-z+]")
_SCRIPT_RUN = (
    r"[\u4e00-\u9fff\u3400-\u4dbf々〆ヶ]+"  # kanji
    r"|[\u3040-\u309f]+"  # hiragana
    r"|[\u30a0-\u30ffー]+"  # katakana
    r"|[A-Za-z]+"  # Latin words
    r"|\d+(?:[.,]\d+)*"  # numbers that are not quantities
    r"|\s+"
    r"|."
)
# The script runs that can start inside a Latin run (its characters are ASCII): the same
# matches there, without compiling the kanji and kana classes a second time (~1 ms a start).
_ASCII_RUN = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|\s+|.")


class Token(Record):
    """One word, figure, footnote reference or run of spaces: what a redline shows and diffs."""

    # Many thousands per comparison: a third of the memory. Not frozen: a frozen record's
    # __init__ sets each field through object.__setattr__, four times the cost of a plain one.
    __slots__ = ("text", "key", "quantity", "footnote", "note")
    text: str  # as displayed
    key: str  # what the diff compares; "" for whitespace, which never counts
    quantity: Quantity | None
    footnote: str | None  # the footnote number of a reference token
    note: str | None  # that footnote's text, as written (what a view shows for the mark)

    def __init__(self, text: str, key: str, quantity: Quantity | None = None, footnote: str | None = None,
                 note: str | None = None):
        self.text = text
        self.key = key
        self.quantity = quantity
        self.footnote = footnote
        self.note = note


def tokenize(text: str, footnotes: dict[str, str] | None = None, figures: list[Quantity] | None = None) -> list[Token]:
    """``figures``: what ``read_figures(text)`` gives, where already read (a sketch's)."""
    footnotes = footnotes or {}
    tokens: list[Token] = []
    # Patterns and keys read the folded copy (one character for one): ``（１）`` and ``(1)``
    # are one token key, while every token displays the author's characters.
    folded = comparison_fold(text)
    quantities = {q.start: q for q in (read_figures(text) if figures is None else figures)}
    position = 0
    for start in sorted(quantities):
        if start < position:
            continue  # inside a token already made
        # A run of one script stops where a figure starts (年間|約1,200万人).
        position = _plain_tokens(text, folded, position, start, footnotes, tokens)
        if position == start:
            quantity = quantities[start]
            tokens.append(Token(quantity.text, "Q" + _quantity_key(quantity), quantity))
            position = quantity.end
    if position < len(text):
        _plain_tokens(text, folded, position, len(text), footnotes, tokens)
    return tokens


# One match per token between figures: a footnote reference, a Latin run (matched once,
# possessively), or a run of one script; in the order the tokenizer tries them.
_PLAIN = re.compile(r"\[\^(\d+)\]|([A-Za-z0-9][A-Za-z0-9+\-_.]*+)|(" + _SCRIPT_RUN + ")")


def _plain_tokens(source: str, text: str, position: int, limit: int, footnotes: dict[str, str], tokens: list[Token]) -> int:
    """Tokens of ``source[position:limit]`` (``text`` is its folded copy), appended to
    ``tokens``; returns where they end (past ``limit`` only where a reference spans it)."""
    plain = _PLAIN.match
    while position < limit:
        match = plain(text, position, limit)
        assert match  # the script run ends in "." so something always matches
        group = match.lastindex
        if group == 3 and text[position] == "[":
            ref = _FOOTNOTE_REF.match(text, position)  # a reference is never cut by a figure
            if ref:
                match, group = ref, 1
        end = match.end()
        if group == 1:
            number = match.group(1)
            note = footnotes.get(number, number)
            tokens.append(Token(source[position:end], "F" + _note_key(note), footnote=number, note=note))
        elif group == 2 and _LATIN_MARK.search(text, position + 1, end) is None:
            # A Latin run holding no letter after its first character is not a word: it reads
            # as script runs, and no later position inside it starts a word either.
            while position < end:
                run = _ASCII_RUN.match(text, position, limit)
                assert run
                chunk = run.group()
                tokens.append(Token(source[position : run.end()], "" if chunk.isspace() else "T" + chunk))
                position = run.end()
            continue
        elif group == 2:
            tokens.append(Token(source[position:end], "T" + match.group()))
        else:
            chunk = match.group()
            tokens.append(Token(source[position:end], "" if chunk.isspace() else "T" + chunk))
        position = end
    return position


def read_figures(text: str) -> list[Quantity]:
    """The figures of a text, footnote numbers hidden (never read as figures)."""
    return find_quantities(_mask_refs(text) if "[" in text else text)


@lru_cache(maxsize=4096)  # every reference to a note reads the same key
def _note_key(note: str) -> str:
    # A reference compares by what its note says, respelled figures equal (2029年度 / 令和11年度).
    return comparable_key(tokenize(note))


def _mask_refs(text: str) -> str:
    """Hide footnote numbers from quantity extraction, keeping every offset."""
    return _FOOTNOTE_REF.sub(lambda m: "[" + "^" * (len(m.group()) - 2) + "]", text)


def _quantity_key(quantity: Quantity) -> str:
    # Equal values compare equal however they are spelled; hedges are part of the figure.
    return f"{quantity.key()}|{int(quantity.approx)}"


def comparable_key(tokens: list[Token]) -> str:
    """The text a block is matched by: token keys without whitespace."""
    return "".join(t.key[1:] for t in tokens if t.key)


FIGURE_MARK = "#"  # what a figure is reduced to in a shape, followed by its unit
# What a note reference is reduced to in a shape. Not its note's words: notes are written to a
# template (出典：…調査（2032年）) and repeat what the statement names, so statements of one template
# citing notes on other things looked like one edited statement (their notes' figures then read as
# revised). A note's own changes are found through the references that carry it.
NOTE_REFERENCE_MARK = "※"


class Sketch(Record):
    """What the full token list of a text says without making every token: its figure and
    reference tokens (all that figure pairing reads), its comparable key, its shape (figures
    as their units) and its display text. Equal, part for part, to what ``tokenize`` gives."""

    __slots__ = ("tokens", "key", "shape", "text", "figures")  # one per block read: not frozen, as Token
    tokens: list[Token]
    key: str
    shape: str
    text: str
    figures: list[Quantity] | None  # read_figures of the text (None for a table)

    def __init__(self, tokens: list[Token], key: str, shape: str, text: str, figures: list[Quantity] | None = None):
        self.tokens = tokens
        self.key = key
        self.shape = shape
        self.text = text
        self.figures = figures


def sketch(text: str, footnotes: dict[str, str] | None = None, figures: list[Quantity] | None = None) -> Sketch:
    """``figures``: what ``read_figures(text)`` gives, where known (``[]``: a cell that is a label)."""
    footnotes = footnotes or {}
    folded = comparison_fold(text)
    figures = read_figures(text) if figures is None else figures
    # Figures and references in the order the tokenizer meets them; a figure first where both
    # start together, and neither where an earlier token covers its start.
    marks: list[tuple[int, int, object]] = [(q.start, 0, q) for q in figures]
    if "[" in text:
        marks += [(m.start(), 1, m) for m in _FOOTNOTE_REF.finditer(folded)]
        marks.sort(key=lambda mark: mark[:2])
    tokens: list[Token] = []
    keys: list[str] = []
    shapes: list[str] = []
    position = 0
    for start, kind, found in marks:
        if start < position:
            continue
        if start > position:  # plain text: its tokens' keys are its characters without spaces
            plain = "".join(folded[position:start].split())  # str.split() splits where \s matches
            keys.append(plain)
            shapes.append(plain)
        if kind == 0:
            quantity: Quantity = found  # type: ignore[assignment]
            token = Token(quantity.text, "Q" + _quantity_key(quantity), quantity)
            shapes.append(FIGURE_MARK + (quantity.unit or ""))
            position = quantity.end
        else:
            ref: re.Match[str] = found  # type: ignore[assignment]
            number = ref.group(1)
            note = footnotes.get(number, number)
            token = Token(text[start : ref.end()], "F" + _note_key(note), footnote=number, note=note)
            shapes.append(NOTE_REFERENCE_MARK)
            position = ref.end()
        tokens.append(token)
        keys.append(token.key[1:])
    if position < len(text):
        plain = "".join(folded[position:].split())
        keys.append(plain)
        shapes.append(plain)
    # Every token's text is the slice it stands on, so the display text is the text itself.
    return Sketch(tokens, "".join(keys), "".join(shapes), text, figures)
