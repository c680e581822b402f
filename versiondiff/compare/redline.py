"""Word-level redline of two blocks: diff-match-patch over token ids, not characters.

Each distinct token key is mapped to one code point, diff-match-patch diffs the
two code-point strings (tiny compared with the characters), and a semantic
cleanup merges scattered edits into whole phrases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from diff_match_patch import diff_match_patch

from versiondiff.compare.tokens import Token
from versiondiff.records import FrozenRecord, set_field

EQUAL, DELETE, INSERT = "=", "-", "+"
_FIRST_CODE_POINT = 0xF0000  # supplementary private use area: never in real text
_DMP = diff_match_patch()
_DMP.Diff_Timeout = 2.0


class Segment(FrozenRecord):
    """A run of tokens a redline shows as equal (``=``), deleted (``-``) or inserted (``+``)."""

    __slots__ = ("op", "tokens", "old_tokens")  # many thousands per comparison: a third of the memory
    op: str  # "=", "-", "+"
    tokens: tuple[Token, ...]
    # An equal run as the old revision writes it: it compares equal to ``tokens`` but may be
    # spelled otherwise (full width, spacing, 7,300億円 / 0.73兆円); the old column shows these.
    old_tokens: tuple[Token, ...] | None

    def __init__(self, op: str, tokens: tuple[Token, ...], old_tokens: tuple[Token, ...] | None = None):
        set_field(self, "op", op)
        set_field(self, "tokens", tokens)
        set_field(self, "old_tokens", old_tokens)

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


_TOKENS = Segment.__dict__["tokens"]  # the slot that holds a segment's tokens


class WholeSegment(Segment):
    """A wholly inserted or deleted block: its text known at once, its tokens made only when
    a reader asks for them (most whole blocks are only shown as text, or counted)."""

    __slots__ = ("_text", "_make")

    def __init__(self, op: str, text: str, make: Callable[[], Iterable[Token]]):
        set_field(self, "op", op)
        set_field(self, "old_tokens", None)
        set_field(self, "_text", text)
        set_field(self, "_make", make)

    @property  # type: ignore[override]
    def tokens(self) -> tuple[Token, ...]:
        try:
            return _TOKENS.__get__(self)
        except AttributeError:
            made = tuple(self._make())
            _TOKENS.__set__(self, made)
            return made

    @property
    def text(self) -> str:
        return self._text

    def __reduce__(self) -> tuple:
        return Segment, (self.op, self.tokens, None)  # stored as the plain segment it reads as


def diff_tokens(old: list[Token], new: list[Token]) -> list[Segment]:
    """Segments that turn ``old`` into ``new``; whitespace-only differences are equal."""
    codes: dict[str, str] = {}

    def encode(tokens: list[Token]) -> str:
        chars = []
        for token in tokens:
            key = token.key or " "
            if key not in codes:
                codes[key] = chr(_FIRST_CODE_POINT + len(codes))
            chars.append(codes[key])
        return "".join(chars)

    old_kept = [t for t in old if t.key]
    new_kept = [t for t in new if t.key]
    diffs = _DMP.diff_main(encode(old_kept), encode(new_kept), False)
    _DMP.diff_cleanupSemantic(diffs)
    segments: list[Segment] = []
    old_at = new_at = 0
    for op, chars in diffs:
        count = len(chars)
        if op == 0:
            # The new side's tokens read as the redline; the old side's keep its own spelling.
            segments.append(Segment(
                EQUAL, tuple(new_kept[new_at : new_at + count]), tuple(old_kept[old_at : old_at + count]),
            ))
            old_at += count
            new_at += count
        elif op == -1:
            segments.append(Segment(DELETE, tuple(old_kept[old_at : old_at + count])))
            old_at += count
        else:
            segments.append(Segment(INSERT, tuple(new_kept[new_at : new_at + count])))
            new_at += count
    return _with_spaces(segments, old, new)


def _with_spaces(segments: list[Segment], old: list[Token], new: list[Token]) -> list[Segment]:
    """Put the spaces back for display: the new text's into equal and inserted runs, the old
    text's into deleted runs (English keeps its word breaks on both sides)."""
    spaced_after: dict[int, str] = {}
    for tokens in (old, new):
        previous: Token | None = None
        for token in tokens:
            if not token.key and previous is not None:
                spaced_after[id(previous)] = spaced_after.get(id(previous), "") + token.text
            elif token.key:
                previous = token
    if not spaced_after:
        return segments

    def spaced(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
        out: list[Token] = []
        for token in tokens:
            out.append(token)
            if id(token) in spaced_after:
                out.append(Token(spaced_after[id(token)], ""))
        return tuple(out)

    return [
        Segment(s.op, spaced(s.tokens), spaced(s.old_tokens) if s.old_tokens is not None else None)
        for s in segments
    ]


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != EQUAL and any(t.key for t in s.tokens) for s in segments)
