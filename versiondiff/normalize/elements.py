"""The flat stream every reader produces, before it becomes a section tree.

Readers emit ``Heading`` and ``Block`` items in reading order. Footnote references
inside block text are placeholders ``REF_OPEN id REF_CLOSE`` pointing at the
``label`` of a footnote ``Block``; ``build_document`` renumbers them ``[^1]``,
``[^2]``... in order of first reference, so that the numbering a source used
(``(*)2``, ``^(*4)``, ``⁶⁸``) never shows up as a change.
"""

from __future__ import annotations

import re

from versiondiff.model import Block
from versiondiff.records import FrozenRecord, set_field

REF_OPEN = "\ue000"
REF_CLOSE = "\ue001"
REF_PATTERN = re.compile(f"{REF_OPEN}([^{REF_CLOSE}]*){REF_CLOSE}")

# Numbering labels a heading may start with, kept apart from its title.
HEADING_LABEL = re.compile(
    r"^(?P<label>"
    r"\d{1,3}(?:\.\d{1,3})*\.(?!\d)"  # 1.  3.1.1.  (not 9.12. of 9.12.010)
    r"|\d{1,3}(?:\.\d{1,3})+(?=\s)"  # 3.1.1 (no final dot)
    r"|[(]\d{1,3}[)]"  # (1)
    r"|[\u2460-\u2473]"  # ① … ⑳
    r"|第[0-9一二三四五六七八九十百]+[章節部編款条]"  # 第3章
    r")\s*(?P<title>\S.*)$"
)


_KANJI_NUMBER = "0-9０-９一二三四五六七八九十百千〇"
# A heading some converters glue onto the end of the text before it: a Markdown mark
# (``第三章　雑則## 第一節　通則``), or a chapter/section number right after a sentence
# (``…定める。第二章　雑則``). Only numbered headings are split, so ``C# の`` stays text.
_GLUED_MARKDOWN = re.compile(
    r"(?<=[^\s#\\])[ \t\u3000]*+(?=#{1,6}[ \t\u3000]++(?:"
    rf"第[{_KANJI_NUMBER}]{{1,6}}[編章節款目条]|\d{{1,3}}(?:\.\d{{1,3}}){{0,4}}\.?[ \t\u3000]"
    r"|[(（][0-9０-９]{1,3}[)）]|[\u2460-\u2473]|[A-Z][a-z]+ \d))"
)
_GLUED_ARTICLE = re.compile(
    rf"(?<=。)[ \t\u3000]*+(?=第[{_KANJI_NUMBER}]{{1,6}}[編章節款目条](?:の[{_KANJI_NUMBER}]{{1,3}})?[ \t\u3000])"
)


def split_glued_headings(text: str, *, articles: bool = False) -> str:
    """Put each glued heading on a line of its own (outside fenced code).

    ``articles`` also splits ``。第二条　…`` — for plain text only: in Markdown (and in
    canonical Markdown read back) a paragraph is the author's, not a converter's.
    """
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            out.append(line)
            continue
        # Each pattern needs its mark ("#", "第"): a line without one is not scanned.
        line = _GLUED_MARKDOWN.sub("\n\n", line) if "#" in line else line
        out.append(_GLUED_ARTICLE.sub("\n\n", line) if articles and "第" in line else line)
    return "\n".join(out)


def escape_glued_heading_marks(text: str) -> str:
    """``雑則## 第一節`` kept as text must not be split when canonical Markdown is read back."""
    return _GLUED_MARKDOWN.sub(lambda m: m.group() + "\\", text)


class Heading(FrozenRecord):
    """A heading in the reader's stream: its level, its title and the numbering kept apart (``1.``, ``(2)``, ``第3章``)."""

    level: int
    title: str
    number: str

    def __init__(self, level: int, title: str, number: str = ""):
        set_field(self, "level", level)
        set_field(self, "title", title)
        set_field(self, "number", number)


Element = Heading | Block


def ref(key: str) -> str:
    return f"{REF_OPEN}{key}{REF_CLOSE}"


def split_heading_label(text: str) -> tuple[str, str]:
    """``'5. 自動運転技術'`` → ``('5.', '自動運転技術')``; no label → ``('', text)``."""
    text = text.strip()
    # Matched on the folded copy (``（１）`` reads as ``(1)``); label and title as written.
    match = HEADING_LABEL.match(_fold_width_only(text))
    if not match:
        return "", text
    return text[: match.end("label")], text[match.start("title") :].strip()


def _fold_width_only(text: str) -> str:
    from versiondiff.normalize.inline import comparison_fold  # inline imports this module

    return comparison_fold(text)
