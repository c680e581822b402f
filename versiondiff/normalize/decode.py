"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, and CP932 (Shift_JIS) as Japanese offices save it."""

from __future__ import annotations

import codecs
import re

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order after BOM sniffing; CP932 is a superset of Shift_JIS used by Windows.
_FALLBACKS = ("utf-8", "cp932", "euc_jp")
_CP932_STRAYS = re.compile("[\x80-\x9f\xa0\uf8f0-\uf8f3]")
# Characters that show nothing: a file of only these (and whitespace) has no text to compare.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_VISIBLE = re.compile("[^\\s" + "".join(map(chr, _INVISIBLE)) + "]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise ``NormalizeError`` naming what was tried.

    A text of only a BOM, blank or invisible characters is refused as empty."""
    text, encoding = _decode(data)
    if not _VISIBLE.search(text):  # stops at the first visible character, unlike translating all
        raise NormalizeError(N_("ファイルが空です（空白の文字しかありません）"))
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    utf16 = _guess_utf16(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data:
        raise NormalizeError(N_("バイナリファイルです: NUL バイトを含み、UTF-16 のテキストでもありません"))
    for encoding in _FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Python's cp932 maps stray bytes 0x80, 0xA0, 0xFD-0xFF to C1 controls and private
        # use characters instead of failing; real Shift_JIS text never contains them.
        if encoding == "utf-8" or not _CP932_STRAYS.search(text):
            return text, encoding
    raise NormalizeError(N_("文字コードを判別できません: UTF-8、UTF-16、CP932/Shift_JIS、EUC-JP のいずれでもありません"))


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NormalizeError(
            N_("%(encoding)s として読めません: %(position)s バイト目で %(reason)s"),
            encoding=encoding, reason=error.reason, position=error.start,
        ) from None


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text has NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    # Japanese UTF-16 has few NULs; accept it when it decodes and looks like text.
    for encoding in ("utf-16-le", "utf-16-be"):
        if b"\x00" in sample:
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return encoding
    return None


def _looks_like_text(text: str) -> bool:
    """Japanese as UTF-16: printable, CJK or ASCII — and written with kana. Any two ASCII letters
    read as one UTF-16 unit are a kanji (``bi`` is U+6962), so binary bytes around ASCII words
    decode to "kanji" text; Japanese prose always has kana among them (particles, endings)."""
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    cjk_or_ascii = sum(1 for c in text if c < "\u0080" or "\u3000" <= c <= "\u9fff")
    kana = sum(1 for c in text if "\u3041" <= c <= "\u30ff")
    return printable > 0.95 * len(text) and cjk_or_ascii > 0.9 * len(text) and kana >= 0.05 * len(text.strip())
