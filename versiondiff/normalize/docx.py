"""Reader for DOCX: ``word/document.xml`` read with lxml, no python-docx needed.

Heading styles (``Heading 1``, ``見出し 1``) and outline levels become headings;
automatic numbering is computed so that a heading keeps its label (``1.``, ``1.1.``);
numbered and bulleted paragraphs become list items; footnotes are linked to their
text; tracked insertions are accepted and tracked deletions dropped.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from versiondiff.errors import NormalizeError
from versiondiff.model import Block
from versiondiff.normalize.elements import Element, Heading, ref, split_heading_label
from versiondiff.normalize.inline import clean_text, join_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
_MAX_UNCOMPRESSED = 256 * 1024 * 1024  # a zip bomb guard
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
        """Advance the counter of ``num_id`` at ``level``; return (label, is_bullet)."""
        fmt, text, start = self.levels.get(num_id, {}).get(level, ("bullet", "", 1))
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        if fmt in ("bullet", "none"):
            return "", True
        label = re.sub(r"%(\d)", lambda m: str(counts[int(m.group(1)) - 1] or 1), text)
        return label.strip(), False


def read_docx(data: bytes) -> list[Element]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise NormalizeError("not a valid DOCX file (broken zip archive)") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > _MAX_UNCOMPRESSED:
            raise NormalizeError("DOCX file expands to more than 256 MB; refusing to read it")
        document = _parse_part(archive, "word/document.xml")
        if document is None:
            raise NormalizeError("not a DOCX file: word/document.xml is missing")
        styles = _read_styles(_parse_part(archive, "word/styles.xml"))
        numbering = _read_numbering(_parse_part(archive, "word/numbering.xml"))
        notes = _read_footnotes(_parse_part(archive, "word/footnotes.xml"))
    body = document.find("w:body", _NS)
    if body is None:
        return []
    return _DocxWalker(styles, numbering, notes).walk(body)


def _parse_part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        raw = archive.read(name)
    except KeyError:
        return None
    try:
        return etree.fromstring(raw, parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise NormalizeError(f"DOCX part {name} is not well-formed XML: {error}") from None


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
            style.outline = int(outline.get(_w("val"), "9"))
        based = node.find("w:basedOn", _NS)
        style.based_on = based.get(_w("val")) if based is not None else None
        num = node.find("w:pPr/w:numPr", _NS)
        if num is not None:
            style.num = _num_pr(num)
        styles[node.get(_w("styleId"), "")] = style
    return styles


def _num_pr(node: etree._Element) -> tuple[str, int] | None:
    num_id = node.find("w:numId", _NS)
    level = node.find("w:ilvl", _NS)
    if num_id is None:
        return None
    return num_id.get(_w("val"), ""), int(level.get(_w("val"), "0")) if level is not None else 0


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
            levels[int(lvl.get(_w("ilvl"), "0"))] = (
                fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                text.get(_w("val"), "") if text is not None else "",
                int(start.get(_w("val"), "1")) if start is not None else 1,
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
            level = int(direct.get(_w("val"), "9"))
            return level if level < 9 else None
        for style in self._style_chain(style_id):
            match = re.match(r"(?i)(?:heading|見出し)\s*(\d)", style.name)
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
