"""Bounds on one comparison, checked before the engine starts.

A comparison that would take too long is refused with a message naming the limit: a server
must never hold a worker for minutes, and must never fall back silently to "everything
deleted, everything added". The engine's cost grows with the characters and sections of both
sides, so those are what is bounded.
"""

from __future__ import annotations

import os

from versiondiff.errors import CompareError
from versiondiff.i18n import N_
from versiondiff.model import Document

CHARS_ENV = "VERSIONDIFF_COMPARE_MAX_CHARS"
SECTIONS_ENV = "VERSIONDIFF_COMPARE_MAX_SECTIONS"
DEFAULT_MAX_CHARS = 4_000_000  # both sides together; about 4 s of comparing on one core
DEFAULT_MAX_SECTIONS = 20_000


def _limit(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def check_comparable(old: Document, new: Document) -> None:
    """Raise CompareError when the pair is beyond the configured bounds."""
    chars = _characters(old) + _characters(new)
    max_chars = _limit(CHARS_ENV, DEFAULT_MAX_CHARS)
    if chars > max_chars:
        raise CompareError(
            N_("比較しませんでした: 二つの版の文字数は合わせて %(chars)s で、上限 %(limit)s（%(variable)s）を超えています"),
            chars=f"{chars:,}", limit=f"{max_chars:,}", variable=CHARS_ENV,
        )
    sections = _sections(old) + _sections(new)
    max_sections = _limit(SECTIONS_ENV, DEFAULT_MAX_SECTIONS)
    if sections > max_sections:
        raise CompareError(
            N_("比較しませんでした: 二つの版の節の数は合わせて %(sections)s で、上限 %(limit)s（%(variable)s）を超えています"),
            sections=f"{sections:,}", limit=f"{max_sections:,}", variable=SECTIONS_ENV,
        )


def _characters(document: Document) -> int:
    preamble = sum(len(b.text) for b in document.preamble)
    return preamble + sum(len(s.title) + s.text_size() for _, s in document.walk())


def _sections(document: Document) -> int:
    return sum(1 for _ in document.walk())
