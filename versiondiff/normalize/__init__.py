"""Normalize one revision of a draft into a ``Document`` and its canonical Markdown.

``normalize(data, format=None, name=None)`` accepts the bytes of plain text
extracted from PDF, Markdown (with HTML fragments), HTML, legislative XML, DOCX or PDF. Every
reader yields the same flat element stream (``elements.py``) that ``tree.py``
nests into sections; ``render.py`` writes canonical Markdown, which this module
reads back to the same Markdown (a fixed point).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_
from versiondiff.model import Document
from versiondiff.normalize.decode import decode_text
from versiondiff.normalize.elements import REF_CLOSE, REF_OPEN, split_glued_headings
from versiondiff.normalize.tree import build_document

FORMATS = ("text", "markdown", "html", "xml", "docx", "pdf")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "xml",
    ".docx": "docx", ".pdf": "pdf",
}
# Horizontal whitespace only: ``\s*`` at each line start would run across every following
# blank line and made this search quadratic on a text of blank lines.
_MARKDOWN_SIGNS = re.compile(
    r"^(?:#{1,6}[ \t]++\S|\[\^[^\]\n]++\]:\s|\|?[ \t]*+:?-{3,}+:?[ \t]*+\|)|\\[\\`*_\[\]<>|#.!+-]", re.M
)
# What each of _MARKDOWN_SIGNS's alternatives holds: most plain text has none, and the
# pattern (anchored per line, or a backslash) would be tried at every position of the text.
_MARKDOWN_HINTS = ("#", "[^", "---", "\\")


def _has_markdown_signs(text: str) -> bool:
    return any(hint in text for hint in _MARKDOWN_HINTS) and _MARKDOWN_SIGNS.search(text) is not None


_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
# Roots of the legislative schemas read by xml.py (法令標準XML, Akoma Ntoso, USLM).
_LEGAL_XML_START = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,500}?-->\s*)?<(?:\w+:)?(?:Law|akomaNtoso|uscDoc|lawDoc|uslm)[\s>]",
    re.S,
)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def max_bytes_default() -> int:
    """The size limit: ``VERSIONDIFF_MAX_BYTES`` or 50 MB."""
    value = os.environ.get("VERSIONDIFF_MAX_BYTES", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def detect_format(data: bytes, name: str | None = None) -> str:
    """Guess the format from magic bytes, then the file name, then the text itself."""
    suffix = Path(name).suffix.lower() if name else ""
    # A .pdf is read as PDF even when junk precedes its header (readers look in the first
    # kilobyte), so that a file which is no PDF at all is refused as such, not read as text.
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:2048].decode("utf-8", errors="ignore").lstrip("\ufeff")
    if suffix == ".xml" and _HTML_START.match(head):
        return "html"  # XHTML saved as .xml
    if suffix in _EXTENSIONS and _EXTENSIONS[suffix] not in ("docx", "pdf"):
        return _EXTENSIONS[suffix]
    if _HTML_START.match(head):
        return "html"
    return "xml" if _LEGAL_XML_START.match(head) else "text"


def normalize(
    data: bytes,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Normalize the bytes of one revision; raise ``NormalizeError`` with a clear reason."""
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    if len(data) > limit:
        raise NormalizeError(
            N_("ファイルが大きすぎます: %(size)s バイト（上限 %(limit)s）"), size=f"{len(data):,}", limit=f"{limit:,}",
        )
    if not data.strip():
        raise NormalizeError(N_("ファイルが空です"))
    if format is not None and format not in FORMATS:
        raise NormalizeError(
            N_("形式 %(format)s は扱えません。次のいずれかを指定してください: %(choices)s"),
            format=repr(format), choices=", ".join(FORMATS),
        )
    fmt = format or detect_format(data, name)
    if fmt == "docx":
        from versiondiff.normalize.docx import read_docx

        return build_document(read_docx(data), "docx")
    if fmt == "pdf":
        from versiondiff.normalize.pdf import extract_pdf_text

        return normalize_text(extract_pdf_text(data), "text", source_format="pdf")
    text, _encoding = decode_text(data)
    if len(_BAD_CONTROL.findall(text[:65536])) > 0.01 * min(len(text), 65536):
        raise NormalizeError(N_("バイナリファイルです: 制御文字が多すぎて、文書のテキストではありません"))
    return normalize_text(text, fmt)


def normalize_text(text: str, format: str = "text", source_format: str | None = None) -> Document:
    """Normalize already decoded text; ``format`` is text, markdown, html or xml."""
    text = text.replace(REF_OPEN, "").replace(REF_CLOSE, "").lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if format in ("text", "markdown"):
        text = split_glued_headings(text, articles=format == "text")
    if format == "text" and _has_markdown_signs(text):
        format = "markdown"  # canonical Markdown and Markdown saved as .txt
    if format == "markdown":
        from versiondiff.normalize.markdown import read_markdown

        elements = read_markdown(text)
    elif format == "html":
        from versiondiff.normalize.html import read_html

        elements = read_html(text)
    elif format == "xml":
        from versiondiff.normalize.xml import read_xml

        elements = read_xml(text)
    else:
        from versiondiff.normalize.text import read_text

        elements = read_text(text)
    return build_document(elements, source_format or format)


def normalize_file(path: str | Path, format: str | None = None, max_bytes: int | None = None) -> Document:
    """Read and normalize a file, with clear errors for missing or unreadable paths."""
    from versiondiff.normalize.reading import read_document_file

    path = Path(path)
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    data = read_document_file(path, limit)
    return normalize(data, format=format, name=path.name, max_bytes=limit)
