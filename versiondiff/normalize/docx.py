"""Reader for DOCX: ``word/document.xml`` read with lxml, no python-docx needed.

Heading styles (``Heading 1``, ``見出し 1``) and outline levels become headings;
automatic numbering is computed so that a heading keeps its label (``1.``, ``1.1.``);
numbered and bulleted paragraphs become list items; footnotes are linked to their
text; tracked insertions are accepted and tracked deletions dropped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_
from versiondiff.model import Block
from versiondiff.normalize.elements import Element, Heading, ref, split_heading_label
from versiondiff.normalize.inline import clean_text, join_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
# Zip bomb guards on the XML actually decompressed (declared sizes can lie): lxml needs
# about ten times the XML's size in memory, so 32 MB of XML is already some 300 MB.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 48 * 1024 * 1024
# Word writes a few dozen entries; zipfile builds an object per entry before we read any.
MAX_ENTRIES = 10_000
_LEVELS = 9  # WordprocessingML numbering levels 0-8
_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml")
# Everything a damaged or hostile archive raises while being opened or inflated.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
    NotImplementedError, RuntimeError, ValueError, OverflowError, IndexError, KeyError, TypeError,
)
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class _Style:
    name: str = ""
    outline: int | None = None
    based_on: str | None = None
    num: tuple[str, int] | None = None


@dataclass
class _Numbering:
    """numId → level definitions, and the running counters of each numbering."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, level: int) -> tuple[str, bool]:
        """Advance the counter of ``num_id`` at ``level`` (0-8); return (label, is_bullet)."""
        fmt, text, start = self.levels.get(num_id, {}).get(level, ("bullet", "", 1))
        counts = self.counters.setdefault(num_id, [0] * _LEVELS)
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, _LEVELS):
            counts[deeper] = 0
        if fmt in ("bullet", "none"):
            return "", True
        label = re.sub(r"%([1-9])", lambda m: str(counts[int(m.group(1)) - 1] or 1), text)
        return label.strip(), False


def read_docx(data: bytes) -> list[Element]:
    """The element stream of a DOCX file; any damage to it is one ``NormalizeError``."""
    parts = _read_parts(data)
    if "word/document.xml" not in parts:
        raise NormalizeError(N_("DOCX ファイルではありません: word/document.xml がありません"))
    trees = {name: _parse_xml(name, raw) for name, raw in parts.items()}
    body = trees["word/document.xml"].find("w:body", _NS)
    if body is None:
        return []
    styles = _read_styles(trees.get("word/styles.xml"))
    numbering = _read_numbering(trees.get("word/numbering.xml"))
    notes = _read_footnotes(trees.get("word/footnotes.xml"))
    return _DocxWalker(styles, numbering, notes).walk(body)


def _read_parts(data: bytes) -> dict[str, bytes]:
    """The XML parts we read, inflated with a limit per part and in total."""
    parts: dict[str, bytes] = {}
    if _declared_entries(data) > MAX_ENTRIES:
        raise NormalizeError(N_("DOCX ファイルではありません: アーカイブの項目数が %(limit)s を超えています"), limit=f"{MAX_ENTRIES:,}")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            budget = MAX_TOTAL_BYTES
            for name in _PARTS:
                if name in names:
                    parts[name] = _inflate(archive, name, min(MAX_PART_BYTES, budget))
                    budget -= len(parts[name])
    except NormalizeError:
        raise
    except _ARCHIVE_ERRORS as error:
        raise NormalizeError(N_("DOCX ファイルが壊れています（zip アーカイブの破損: %(reason)s）"), reason=_reason(error)) from None
    return parts


def _declared_entries(data: bytes) -> int:
    """The entry count of the zip's end record (0 when there is none; zipfile then refuses it)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or end + 22 > len(data):
        return 0
    return int.from_bytes(data[end + 10 : end + 12], "little")


def _inflate(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    # Streamed in chunks so a bomb stops at the limit instead of after filling memory.
    chunks: list[bytes] = []
    size = 0
    with archive.open(name) as entry:
        while chunk := entry.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise NormalizeError(
                    N_("DOCX の部品 %(name)s は展開すると XML が %(size)s MB を超えるため、読み込みません"),
                    name=name, size=limit // (1024 * 1024),
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def _parse_xml(name: str, raw: bytes) -> etree._Element:
    try:
        root = etree.fromstring(raw, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise NormalizeError(N_("DOCX の部品 %(name)s は正しい XML ではありません: %(reason)s"), name=name, reason=_reason(error)) from None
    if root is None:  # lxml returns None for some recoverable empty documents
        raise NormalizeError(N_("DOCX の部品 %(name)s が空です"), name=name)
    return root


def _int_value(node: etree._Element | None, attribute: str, default: int, low: int, high: int) -> int:
    """A numeric attribute clamped to ``[low, high]``; Word ignores values it cannot read."""
    if node is None:
        return default
    value = (node.get(_w(attribute)) or "").strip()
    try:
        number = int(value)
    except ValueError:
        return default
    return min(max(number, low), high)


def _read_styles(root: etree._Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for node in root.iterfind("w:style", _NS):
        style = _Style()
        name = node.find("w:name", _NS)
        style.name = (name.get(_w("val")) or "") if name is not None else ""
        outline = node.find("w:pPr/w:outlineLvl", _NS)
        if outline is not None:
            style.outline = _int_value(outline, "val", _LEVELS, 0, _LEVELS)
        based = node.find("w:basedOn", _NS)
        style.based_on = based.get(_w("val")) if based is not None else None
        num = node.find("w:pPr/w:numPr", _NS)
        if num is not None:
            style.num = _num_pr(num)
        styles[node.get(_w("styleId"), "")] = style
    return styles


def _num_pr(node: etree._Element) -> tuple[str, int] | None:
    num_id = node.find("w:numId", _NS)
    if num_id is None:
        return None
    return num_id.get(_w("val"), ""), _int_value(node.find("w:ilvl", _NS), "val", 0, 0, _LEVELS - 1)


def _read_numbering(root: etree._Element | None) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for node in root.iterfind("w:abstractNum", _NS):
        levels = {}
        for lvl in node.iterfind("w:lvl", _NS):
            fmt = lvl.find("w:numFmt", _NS)
            text = lvl.find("w:lvlText", _NS)
            start = lvl.find("w:start", _NS)
            levels[_int_value(lvl, "ilvl", 0, 0, _LEVELS - 1)] = (
                fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                text.get(_w("val"), "") if text is not None else "",
                _int_value(start, "val", 1, 0, 10**9),
            )
        abstract[node.get(_w("abstractNumId"), "")] = levels
    for node in root.iterfind("w:num", _NS):
        ref_node = node.find("w:abstractNumId", _NS)
        if ref_node is not None:
            numbering.levels[node.get(_w("numId"), "")] = abstract.get(ref_node.get(_w("val"), ""), {})
    return numbering


def _read_footnotes(root: etree._Element | None) -> dict[str, str]:
    notes: dict[str, str] = {}
    if root is None:
        return notes
    for node in root.iterfind("w:footnote", _NS):
        if node.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = [_run_text(p, {}) for p in node.iterfind(".//w:p", _NS)]
        notes[node.get(_w("id"), "")] = clean_text(join_lines(paragraphs))
    return notes


def _run_text(paragraph: etree._Element, refs: dict[str, str]) -> str:
    """Text of a paragraph's runs; footnote references become placeholders."""
    parts: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == _w("t"):
            if not any(a.tag == _w("del") for a in node.iterancestors()):
                parts.append(node.text or "")
        elif tag in (_w("tab"), _w("br"), _w("cr")):
            parts.append(" " if tag == _w("tab") else "\n")
        elif tag == _w("footnoteReference"):
            note_id = node.get(_w("id"), "")
            refs[note_id] = ""
            parts.append(ref(f"f{note_id}"))
    return "".join(parts)


class _DocxWalker:
    def __init__(self, styles: dict[str, _Style], numbering: _Numbering, notes: dict[str, str]):
        self.styles, self.numbering, self.notes = styles, numbering, notes

    def walk(self, body: etree._Element) -> list[Element]:
        elements: list[Element] = []
        for node in body:
            if node.tag == _w("p"):
                elements.extend(self._paragraph(node))
            elif node.tag == _w("tbl"):
                rows = tuple(
                    tuple(
                        clean_text(join_lines([_run_text(p, {}) for p in cell.iterfind(".//w:p", _NS)]))
                        for cell in row.iterfind("w:tc", _NS)
                    )
                    for row in node.iterfind("w:tr", _NS)
                )
                if rows:
                    elements.append(Block("table", rows=rows))
            elif node.tag == _w("sdt"):  # content controls wrap ordinary paragraphs
                content = node.find("w:sdtContent", _NS)
                if content is not None:
                    elements.extend(self.walk(content))
        return elements

    def _paragraph(self, node: etree._Element) -> list[Element]:
        refs: dict[str, str] = {}
        text = clean_text(join_lines(_run_text(node, refs).split("\n")))
        style_id = node.find("w:pPr/w:pStyle", _NS)
        style_id = style_id.get(_w("val"), "") if style_id is not None else ""
        outline = self._outline_level(node, style_id)
        num = self._numbering_of(node, style_id)
        label, is_bullet = self.numbering.label(*num) if num else ("", True)
        notes = [Block("footnote", text=self.notes.get(i, ""), label=f"f{i}") for i in refs]
        if not text:
            return []
        if outline is not None:
            number, title = (label, text) if label else split_heading_label(text)
            return [Heading(level=outline + 1, title=title, number=number), *notes]
        if num:
            item = text if is_bullet or not label else f"{label} {text}"
            return [Block("list_item", text=item, depth=num[1]), *notes]
        return [Block("paragraph", text=text), *notes]

    def _style_chain(self, style_id: str):  # noqa: ANN202
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on or ""

    def _outline_level(self, node: etree._Element, style_id: str) -> int | None:
        direct = node.find("w:pPr/w:outlineLvl", _NS)
        if direct is not None:
            level = _int_value(direct, "val", _LEVELS, 0, _LEVELS)
            return level if level < _LEVELS else None  # 9 is body text
        for style in self._style_chain(style_id):
            match = re.match(r"(?i)(?:heading|見出し)\s*([1-9])", style.name)
            if match:
                return int(match.group(1)) - 1
            if style.name.lower() == "title":
                return 0
            if style.outline is not None and style.outline < 9:
                return style.outline
        return None

    def _numbering_of(self, node: etree._Element, style_id: str) -> tuple[str, int] | None:
        direct = node.find("w:pPr/w:numPr", _NS)
        if direct is not None:
            num = _num_pr(direct)
            return num if num and num[0] != "0" else None
        for style in self._style_chain(style_id):
            if style.num:
                return style.num
        return None
