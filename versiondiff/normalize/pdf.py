"""Reader for PDF through pypdf (optional extra ``versiondiff[pdf]``).

The extracted text of each page goes through the plain-text reader, whose running
header and page-number passes remove what the pages repeat.
"""

from __future__ import annotations

from io import BytesIO

from versiondiff.errors import NormalizeError


def extract_pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise NormalizeError(
            "reading PDF needs the optional extra: pip install 'versiondiff[pdf]'"
        ) from None
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise NormalizeError("the PDF is encrypted; export it without a password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as error:
        raise NormalizeError(f"cannot read PDF: {error}") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise NormalizeError("the PDF has no extractable text (scanned images need OCR first)")
    return text
