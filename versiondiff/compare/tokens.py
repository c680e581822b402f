"""CJK-aware tokens for word-level diffs.

Japanese has no spaces, so a diff over characters scatters (``約2[6→5]%``). Tokens
are runs of one script — kanji, hiragana, katakana, Latin words — and every
quantity with its hedge and unit (``約72兆円``) is one token, so redlines read as
whole words and figures. A footnote reference's key is its footnote's text, so a
renumbered footnote with the same text is the same token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from versiondiff.compare.quantities import Quantity, find_quantities
from versiondiff.normalize.inline import comparison_fold

_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
# A Latin word with digits or symbols (L2++, E2E, Society5.0) is one token when the run holds
# a letter or "+" after its first character. The run is matched once, possessively, and the
# letter looked for separately: a single regex with a letter in the middle rescans the run from
# every position of a long letterless run such as ``1-1-1-…`` (quadratic time).
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-_.]*+")
_LATIN_MARK = re.compile(r"[A-Za-z+]")
_SCRIPT_RUN = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf々〆ヶ]+"  # kanji
    r"|[\u3040-\u309f]+"  # hiragana
    r"|[\u30a0-\u30ffー]+"  # katakana
    r"|[A-Za-z]+"  # Latin words
    r"|\d+(?:[.,]\d+)*"  # numbers that are not quantities
    r"|\s+"
    r"|."
)


@dataclass(frozen=True)
class Token:
    text: str  # as displayed
    key: str  # what the diff compares; "" for whitespace, which never counts
    quantity: Quantity | None = None
    footnote: str | None = None  # the footnote number of a reference token
    note: str | None = None  # that footnote's text, as written (what a view shows for the mark)


def tokenize(text: str, footnotes: dict[str, str] | None = None) -> list[Token]:
    footnotes = footnotes or {}
    tokens: list[Token] = []
    source = text
    # Patterns and keys read the folded copy (one character for one): ``（１）`` and ``(1)``
    # are one token key, while every token displays the author's characters.
    text = comparison_fold(text)
    quantities = {q.start: q for q in find_quantities(_mask_refs(source))}
    starts = sorted(quantities)
    position = 0
    plain_until = 0  # positions before this lie in a Latin run already known to hold no letter
    while position < len(text):
        quantity = quantities.get(position)
        if quantity:
            tokens.append(Token(quantity.text, "Q" + _quantity_key(quantity), quantity))
            position = quantity.end
            continue
        ref = _FOOTNOTE_REF.match(text, position)
        if ref:
            number = ref.group(1)
            note = footnotes.get(number, number)
            tokens.append(Token(source[ref.start() : ref.end()], "F" + _note_key(note), footnote=number, note=note))
            position = ref.end()
            continue
        # A run of one script stops where a figure starts (年間|約1,200万人).
        following = bisect_right(starts, position)
        limit = starts[following] if following < len(starts) else len(text)
        if position >= plain_until:
            end, is_word = _latin_run(text, position, limit)
            if is_word:
                tokens.append(Token(source[position:end], "T" + text[position:end]))
                position = end
                continue
            plain_until = end
        match = _SCRIPT_RUN.match(text, position, limit)
        assert match  # the pattern ends in "." so something always matches
        chunk = match.group()
        tokens.append(Token(source[match.start() : match.end()], "" if chunk.isspace() else "T" + chunk))
        position = match.end()
    return tokens


def _latin_run(text: str, position: int, limit: int) -> tuple[int, bool]:
    """``(end, is_word)`` of the Latin run at ``position``. Not a word when the run holds no
    letter after its first character; then no later position inside the run starts a word."""
    run = _LATIN_RUN.match(text, position, limit)
    if run is None:
        return position, False
    return run.end(), _LATIN_MARK.search(text, position + 1, run.end()) is not None


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
