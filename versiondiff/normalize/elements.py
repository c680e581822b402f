"""The flat stream every reader produces, before it becomes a section tree.

Readers emit ``Heading`` and ``Block`` items in reading order. Footnote references
inside block text are placeholders ``REF_OPEN id REF_CLOSE`` pointing at the
``label`` of a footnote ``Block``; ``build_document`` renumbers them ``[^1]``,
``[^2]``... in order of first reference, so that the numbering a source used
(``(*)2``, ``^(*4)``, ``⁶⁸``) never shows up as a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from versiondiff.model import Block

REF_OPEN = "\ue000"
REF_CLOSE = "\ue001"
REF_PATTERN = re.compile(f"{REF_OPEN}([^{REF_CLOSE}]*){REF_CLOSE}")

# Numbering labels a heading may start with, kept apart from its title.
HEADING_LABEL = re.compile(
    r"^(?P<label>"
    r"\d{1,3}(?:\.\d{1,3})*\.(?=\s|\S)"  # 1.  3.1.1.
    r"|\d{1,3}(?:\.\d{1,3})+(?=\s)"  # 3.1.1 (no final dot)
    r"|[(]\d{1,3}[)]"  # (1)
    r"|[\u2460-\u2473]"  # ① … ⑳
    r"|第[0-9一二三四五六七八九十百]+[章節部編款条]"  # 第3章
    r")\s*(?P<title>\S.*)$"
)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    number: str = ""


Element = Heading | Block


def ref(key: str) -> str:
    return f"{REF_OPEN}{key}{REF_CLOSE}"


def split_heading_label(text: str) -> tuple[str, str]:
    """``'5. 自動運転技術'`` → ``('5.', '自動運転技術')``; no label → ``('', text)``."""
    match = HEADING_LABEL.match(text.strip())
    if not match:
        return "", text.strip()
    return match.group("label"), match.group("title").strip()
