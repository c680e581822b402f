"""Reader for PDF through PDFium (pypdfium2): printed lines with their positions.

pypdfium2 was chosen by measurement (``benchmarks/pdf.py``): on the 433 KB draft
printed by chromium it recovers the text exactly, is 10 to 15 times faster than pypdf
or pdfminer.six, and gives each character's font box and the drawing order, which
the layout needs. Each page becomes
positioned lines (``pdf_layout.TextLine``); ``pdf_layout.rebuild_text`` turns them back
into the text a draft was printed from, which the plain-text reader then reads.

Every failure — damaged, truncated, password-protected, image-only, oversized — is
one ``NormalizeError`` with a clear reason; PDFium is never entered from two threads.
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
import zlib
from collections.abc import Iterator

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_
from versiondiff.normalize.glyphs import private_use_count
from versiondiff.normalize.pdf_layout import PageLines, TextLine, rebuild_text

log = logging.getLogger(__name__)

MAX_PAGES = 5000
MAX_CHARS = 20_000_000
MAX_INFLATED = 512 * 1024 * 1024  # page content a PDF may expand to (a deflate bomb guard)
_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe; the web app serves from threads
_ERR_PASSWORD = 4
_ERR_SECURITY = 5
_PERMIT_EXTRACT = 0x10 | 0x200  # copy text, or extract it for accessibility (PDF 32000-1 table 22)
_TAB_GAP = 1.2  # a gap wider than this many ems inside a line separates table cells
# Brackets and punctuation turned upright in vertical writing take half an em of room.
_NO_SPACE = set("()（）[]「」『』【】、。・，．")


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF rebuilt from its layout; ``NormalizeError`` when it cannot be read."""
    if b"%PDF-" not in data[:1024]:
        raise NormalizeError(N_("PDF ではありません: PDF のヘッダーがありません"))
    if b"%%EOF" not in data[-2048:]:
        # PDFium would rebuild what it can of a cut-off file and read part of the draft.
        raise NormalizeError(N_("PDF が途中で切れています（終わりの印がありません）。もう一度ダウンロードしてください"))
    check_inflated_size(data)
    try:
        import pypdfium2  # noqa: F401
    except ImportError:  # pragma: no cover - a default dependency
        raise NormalizeError(N_("PDF を読むには pypdfium2 が必要です: pip install pypdfium2")) from None
    with _PDFIUM_LOCK:
        pages = _read_pages(data)
    text = rebuild_text(pages)
    hidden = private_use_count(text)
    if hidden:
        log.warning("warning: the PDF uses %d private-use glyph(s) with no meaning outside its fonts; they are left out", hidden)
    return text


def check_inflated_size(data: bytes, limit: int | None = None) -> None:
    """Refuse a PDF whose compressed page streams expand beyond ``limit`` bytes.

    PDFium inflates content streams without a bound, so a small file of deflated
    zeros could take gigabytes. Images are skipped: text extraction never decodes them.
    """
    limit = MAX_INFLATED if limit is None else limit
    budget = limit
    for body in _flate_streams(data):
        inflater = zlib.decompressobj()
        try:
            budget -= len(inflater.decompress(body, budget + 1))
        except zlib.error:
            continue  # PDFium will judge a broken stream itself
        if budget < 0:
            raise NormalizeError(
                N_("PDF のページの内容は展開すると %(size)s MB を超えるため、読み込みません"), size=limit // 2**20,
            )


_STREAM = re.compile(rb"stream\r?\n")


def _flate_streams(data: bytes) -> Iterator[bytes]:
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 400) : match.start()]
        dictionary = head[head.rfind(b"<<") :]
        if b"FlateDecode" not in dictionary or b"/Image" in dictionary:
            continue
        end = data.find(b"endstream", match.end())
        yield data[match.end() : end if end >= 0 else len(data)]


def _read_pages(data: bytes) -> list[PageLines]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(getattr(error, "err_code", None)) from None
    try:
        _check_permissions(document, raw)
        if len(document) > MAX_PAGES:
            raise NormalizeError(
                N_("PDF のページ数は %(pages)s で、上限（%(limit)s）を超えています"), pages=f"{len(document):,}", limit=f"{MAX_PAGES:,}",
            )
        pages, chars, images = [], 0, 0
        for index in range(len(document)):
            page = _load_page(document, index)
            try:
                textpage = page.get_textpage()
                chars += textpage.count_chars()
                if chars > MAX_CHARS:
                    raise NormalizeError(N_("PDF の文字数が %(limit)s を超えるため、読み込みません"), limit=f"{MAX_CHARS:,}")
                pages.append(_page_lines(page, textpage, raw))
                images += _image_count(page, raw) if not pages[-1].lines else 0
                textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as error:
        raise NormalizeError(N_("PDF を読めません: %(reason)s"), reason=str(error)) from None
    finally:
        document.close()
    if not any(p.lines for p in pages):
        if images:
            raise NormalizeError(
                N_("PDF にはスキャンした画像しかなく、テキストがありません。先に OCR にかけてください（versiondiff は OCR をしません）")
            )
        raise NormalizeError(N_("PDF に読み取れるテキストがありません"))
    return pages


def _open_error(code: int | None) -> NormalizeError:
    if code == _ERR_PASSWORD:
        return NormalizeError(N_("PDF にパスワードが設定されています。パスワードなしで保存した写しを用意してください"))
    if code == _ERR_SECURITY:
        return NormalizeError(N_("PDF は対応していない方式で暗号化されています"))
    return NormalizeError(N_("PDF を読めません: ファイルが壊れているか、途中で切れています"))


def _check_permissions(document, raw) -> None:  # noqa: ANN001
    """An encrypted PDF that opens without a password is read unless its owner forbids extraction."""
    if raw.FPDF_GetSecurityHandlerRevision(document) < 0:
        return  # not encrypted
    if not raw.FPDF_GetDocPermissions(document) & _PERMIT_EXTRACT:
        raise NormalizeError(N_("PDF は暗号化されていて、作成者がテキストのコピーを禁じています。制限のない写しを入手してください"))


def _load_page(document, index: int):  # noqa: ANN001, ANN202
    import pypdfium2 as pdfium

    try:
        return document[index]
    except pdfium.PdfiumError:
        raise NormalizeError(N_("PDF を読めません: %(page)s ページ目が壊れています"), page=index + 1) from None


def _image_count(page, raw) -> int:  # noqa: ANN001
    return sum(
        1 for i in range(raw.FPDFPage_CountObjects(page))
        if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i)) == raw.FPDF_PAGEOBJ_IMAGE
    )


# ---------------------------------------------------------------- lines of one page


class _Chars:
    """The characters of a text page with cached loose boxes (the font's full em box)."""

    def __init__(self, textpage, raw) -> None:  # noqa: ANN001
        self.textpage, self.raw = textpage, raw
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters beyond the BMP: read them one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))
        self.text = text
        self._boxes: dict[int, tuple[float, float, float, float]] = {}

    def box(self, index: int) -> tuple[float, float, float, float]:
        if index not in self._boxes:
            self._boxes[index] = self.textpage.get_charbox(index, loose=True)
        return self._boxes[index]

    def origin_x(self, index: int) -> float:
        x, y = ctypes.c_double(), ctypes.c_double()
        if not self.raw.FPDFText_GetCharOrigin(self.textpage, index, x, y):
            return self.box(index)[0]
        return x.value

    def bold(self, index: int) -> bool:
        weight = self.raw.FPDFText_GetFontWeight(self.textpage, index)
        if weight >= 600:
            return True
        name = self.textpage_font_name(index)
        return any(word in name for word in ("Bold", "Heavy", "Black", "W6", "W7", "W8", "W9"))

    def textpage_font_name(self, index: int) -> str:
        size = self.raw.FPDFText_GetFontInfo(self.textpage, index, None, 0, None)
        if size <= 0:
            return ""
        buffer = ctypes.create_string_buffer(size)
        self.raw.FPDFText_GetFontInfo(self.textpage, index, buffer, size, None)
        return buffer.value.decode("utf-8", "replace")


def _page_lines(page, textpage, raw) -> PageLines:  # noqa: ANN001
    chars = _Chars(textpage, raw)
    width, height = page.get_size()
    spans = list(_line_spans(chars.text))
    vertical = _is_vertical_page(chars, spans)
    lines = [_text_line(chars, span, vertical, width, height) for span in spans]
    lines = [line for line in lines if line is not None]
    return PageLines(width if vertical else height, tuple(lines))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Index ranges of the lines PDFium found (it ends each with a generated CR LF)."""
    start = 0
    for match in re.finditer(r"\r?\n|\r", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    first, last = span[0], span[1] - 1
    while first <= last and text[first].isspace():
        first += 1
    while last >= first and text[last].isspace():
        last -= 1
    return (first, last) if first <= last else None


def _is_vertical_page(chars: _Chars, spans: list[tuple[int, int]]) -> bool:
    """縦書き: most lines of several characters run down the page rather than across."""
    votes = 0
    for span in spans[:40]:
        ends = _trimmed(chars.text, span)
        if ends is None or ends[1] - ends[0] < 3:
            continue
        left, bottom, right, top = chars.box(ends[0])
        left2, bottom2, right2, top2 = chars.box(ends[1])
        votes += 1 if abs(top - top2) > abs(left - left2) else -1
    return votes > 0


def _text_line(chars: _Chars, span: tuple[int, int], vertical: bool, width: float, height: float) -> TextLine | None:
    ends = _trimmed(chars.text, span)
    if ends is None:
        return None
    first, last = ends
    a, b = _along_across(chars.box(first), vertical, width, height)
    c, d = _along_across(chars.box(last), vertical, width, height)
    size = _em_size(chars, first, last, vertical, width, height)
    # Horizontal lines start at the pen position: a glyph without font metrics (a bullet
    # from a fallback font) has a loose box as narrow as its ink.
    start = _vertical_start(chars, first, last, a[0], size, width, height) if vertical else min(
        a[0], chars.origin_x(first)
    )
    return TextLine(
        text=_with_cell_gaps(chars, first, last, vertical, size),
        start=start, end=c[1], top=min(b[0], d[0]), bottom=max(b[1], d[1]),
        # Bold from end to end: a bold word at a line's start is emphasis, not a heading.
        size=size, bold=chars.bold(first) and chars.bold(last),
    )


def _vertical_start(chars: _Chars, first: int, last: int, start: float, size: float, width: float, height: float) -> float:
    """Where a vertical line starts: a narrow first glyph (a bullet) sits one em before the second."""
    along = _along_across(chars.box(first), True, width, height)[0]
    if first < last and along[1] - along[0] < 0.5 * size:
        following = _along_across(chars.box(first + 1), True, width, height)[0]
        return min(start, following[0] - size)
    return start


def _em_size(chars: _Chars, first: int, last: int, vertical: bool, width: float, height: float) -> float:
    """The line's type size: the median em box of a few of its characters.

    A bullet or bracket from a fallback font, or a Latin digit turned sideways on a
    vertical page, has a box smaller or larger than the em of the line's own type.
    """
    picks = {first, last, *range(first, last + 1, max(1, (last - first) // 4))}
    sizes = []
    for index in picks:
        if not chars.text[index].isspace():
            across = _along_across(chars.box(index), vertical, width, height)[1]
            sizes.append(across[1] - across[0])
    return sorted(sizes)[len(sizes) // 2]


def _along_across(box: tuple[float, float, float, float], vertical: bool, width: float, height: float):  # noqa: ANN202
    """A box as (start, end) along its line and (top, bottom) across lines, in reading order."""
    left, bottom, right, top = box
    if vertical:  # lines run top → bottom, and follow each other right → left
        return (height - top, height - bottom), (width - right, width - left)
    return (left, right), (height - top, height - bottom)


def _with_cell_gaps(chars: _Chars, first: int, last: int, vertical: bool, size: float) -> str:
    """The line's text, with a tab where a wide gap separates two table cells."""
    if vertical:
        return _vertical_text(chars, first, last, size)
    text = _ink_order(chars, first, last, size)
    out: list[str] = []
    i = first
    while i <= last:
        if not text[i].isspace():
            out.append(text[i])
            i += 1
            continue
        j = i
        while j <= last and text[j].isspace():
            j += 1
        out.append("\t" if _gap(chars, i - 1, j, vertical) > _TAB_GAP * size else " ")
        i = j
    return "".join(out)


_CJK_PUNCT = set("「」『』【】（）〈〉《》〔〕、。・：；")


def _ink_order(chars: _Chars, first: int, last: int, size: float) -> str:
    """The page text with neighbours put in the order their ink reads.

    Chromium trims the blank half of CJK punctuation (text-spacing-trim) and may draw
    ``(「`` as ``「`` then ``(``: PDFium keeps the drawing order, the reader sees ink.
    """
    text = chars.text
    swaps = []
    for i in range(first, last):
        a, b = text[i], text[i + 1]
        if (a in _CJK_PUNCT) != (b in _CJK_PUNCT) and not a.isspace() and not b.isspace():
            left_a, _, right_a, _ = chars.textpage.get_charbox(i)
            left_b, _, right_b, _ = chars.textpage.get_charbox(i + 1)
            if (left_b + right_b) / 2 < (left_a + right_a) / 2 - 0.25 * size:
                swaps.append(i)
    if not swaps:
        return text
    letters = list(text)
    for i in swaps:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


def _gap(chars: _Chars, before: int, after: int, vertical: bool) -> float:
    left, bottom, right, top = chars.box(before)
    left2, bottom2, right2, top2 = chars.box(after)
    return bottom - top2 if vertical else left2 - right


def _vertical_text(chars: _Chars, first: int, last: int, size: float) -> str:
    """A vertical line's text: PDFium generates no spaces down a line, so gaps make them."""
    out: list[str] = []
    previous = None
    for index in range(first, last + 1):
        if chars.text[index].isspace():
            continue
        if previous is not None:
            gap = _gap(chars, previous, index, True)
            spaced = gap > 0.2 * size and not {chars.text[previous], chars.text[index]} & _NO_SPACE
            out.append("\t" if gap > _TAB_GAP * size else " " if spaced else "")
        out.append(chars.text[index])
        previous = index
    return "".join(out)
