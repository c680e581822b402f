"""Reader for legislative XML: Japan's standard law XML (法令標準XML), Akoma Ntoso, USLM.

Structure comes from the elements, never from guessing at the text:

- 法令標準XML (``Law/LawBody``): ``Part``/``Chapter``/``Section``/``Subsection``/``Division``
  and ``Article`` are headings (``第一章　総則``; ``第一条`` with its caption ``（目的）``);
  ``SupplProvision`` is a top-level ``附則`` (with the amending law's number);
  ``Paragraph`` is a paragraph (``２　…``), ``Item``/``SubitemN`` are list items.
- Akoma Ntoso and USLM: an element with a ``heading`` child is a section headed by its
  ``num`` and ``heading``; an element with only a ``num`` is a numbered provision: a
  heading for article/section-like names, a list item otherwise.
- Annotations (``authorialNote``, ``footnote``, ``note``, ``sourceCredit``) are footnotes
  where they stand, never body text; metadata (``meta``) is dropped.

The parser never touches the network, never expands entities and refuses huge trees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_
from versiondiff.model import Block
from versiondiff.normalize.elements import Element, Heading, ref
from versiondiff.normalize.inline import clean_text, join_lines

_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,300}\?>")
_PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
    dtd_validation=False, remove_comments=True, remove_pis=True,
)

# ------------------------------------------------------------------ 法令標準XML

_SENTENCE_GAP = re.compile(r"(?<=[。、])\s+")
_LAW_HEADINGS = {
    "Part": "PartTitle", "Chapter": "ChapterTitle", "Section": "SectionTitle",
    "Subsection": "SubsectionTitle", "Division": "DivisionTitle",
    "AppdxTable": "AppdxTableTitle", "AppdxNote": "AppdxNoteTitle", "Appdx": "ArithFormulaNum",
    "AppdxStyle": "AppdxStyleTitle", "AppdxFormat": "AppdxFormatTitle", "AppdxFig": "AppdxFigTitle",
}
_LAW_TITLES = {*_LAW_HEADINGS.values(), "ArticleTitle", "ArticleCaption", "SupplProvisionLabel",
               "ParagraphNum", "ParagraphCaption", "ItemTitle"}
_LAW_SKIP = {"TOC", "Rt"}  # the table of contents repeats the body; ruby readings are not text
_SUBITEMS = {f"Subitem{n}": n for n in range(1, 11)}

# ------------------------------------------------------------- Akoma Ntoso, USLM

_NOTES = {"authorialNote", "footnote", "note", "sourceCredit"}
_SKIP = {"meta", "toc", "TOC", "script", "style"}
_SECTION_LIKE = {
    "book", "tome", "part", "title", "subtitle", "chapter", "subchapter", "section", "article",
    "division", "rule", "subpart", "hcontainer", "attachment", "appendix",
}
_TEXT_CONTAINERS = {"p", "content", "intro", "wrapUp", "chapeau", "continuation", "proviso",
                    "text", "blockContainer", "preamble", "preface", "longTitle", "docTitle"}


def read_xml(text: str) -> list[Element]:
    root = parse_xml(text)
    if _local(root) == "Law" or root.find("LawBody") is not None:
        return list(_LawReader().read(root))
    return list(_GenericReader().read(root))


def parse_xml(text: str) -> etree._Element:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    # The text is already decoded: a declared encoding (Shift_JIS) no longer applies.
    text = _DECLARATION.sub("", text, count=1)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise NormalizeError(N_("XML を解析できません: %(reason)s"), reason=str(error)) from None
    if root is None:
        raise NormalizeError(N_("XML を解析できません: ルート要素がありません"))
    return root


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element) -> Iterator[etree._Element]:
    return (child for child in element if isinstance(child.tag, str))


class _Notes:
    """Footnotes met inside a block, emitted after it as definitions."""

    def __init__(self) -> None:
        self.count = 0
        self.pending: list[Block] = []

    def add(self, text: str) -> str:
        self.count += 1
        key = f"x{self.count}"
        self.pending.append(Block("footnote", text=text, label=key))
        return ref(key)

    def flush(self) -> list[Block]:
        out, self.pending = self.pending, []
        return [b for b in out if b.text]


def _inline(element: etree._Element, notes: _Notes, skip: frozenset[str] = frozenset()) -> str:
    """Text of an element with annotations turned into footnote references."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = _local(child)
        if name in _NOTES:
            parts.append(notes.add(_note_text(child)))
        elif name and name not in skip and name not in _LAW_SKIP and name not in _SKIP:
            parts.append(_inline(child, notes, skip))
            if name in ("Sentence", "Column", "p", "Line"):
                parts.append(" ")  # sentences and columns are separate runs of text
        parts.append(child.tail or "")
    return clean_text(join_lines("".join(parts).split("\n")))


def _note_text(element: etree._Element) -> str:
    return clean_text(join_lines(_plain(element).split("\n")))


def _plain(element: etree._Element) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if _local(child) not in _LAW_SKIP:
            parts.append(_plain(child) + " ")
        parts.append(child.tail or "")
    return "".join(parts)


# ------------------------------------------------------------------ 法令標準XML


class _LawReader:
    def __init__(self) -> None:
        self.notes = _Notes()

    def read(self, root: etree._Element) -> Iterator[Element]:
        body = root.find("LawBody") if _local(root) == "Law" else root
        number = root.findtext("LawNum")
        if body is None:
            raise NormalizeError(N_("法令 XML ではありません: LawBody がありません"))
        title = body.find("LawTitle")
        if title is not None:
            yield from self._paragraph(title)
        if number:
            yield Block("paragraph", text=clean_text(number))
        for child in _children(body):
            if _local(child) != "LawTitle":
                yield from self._walk(child, level=1)

    def _walk(self, element: etree._Element, level: int) -> Iterator[Element]:
        name = _local(element)
        if name in _LAW_SKIP or name in _LAW_TITLES:
            return
        if name in _LAW_HEADINGS or name in ("Article", "SupplProvision"):
            yield self._heading(element, name, level)
            for child in _children(element):
                yield from self._walk(child, level + 1)
        elif name == "Paragraph":
            yield from self._provision(element, "ParagraphNum", "paragraph", depth=0)
            for child in _children(element):
                if not _local(child).endswith("Sentence"):  # already the paragraph's text
                    yield from self._walk(child, level)
        elif name == "Item" or name in _SUBITEMS:
            depth = _SUBITEMS.get(name, 0)
            title = "ItemTitle" if name == "Item" else f"{name}Title"
            yield from self._provision(element, title, "list_item", depth)
            for child in _children(element):
                if _local(child) in _SUBITEMS or _local(child) in ("TableStruct", "List"):
                    yield from self._walk(child, level)
        elif name == "TableStruct":
            yield from self._table(element)
        elif name in ("MainProvision", "LawBody"):
            for child in _children(element):
                yield from self._walk(child, level)
        elif name.endswith("Sentence") or name in ("EnactStatement", "Preamble", "Remarks", "List"):
            yield from self._paragraph(element)
        else:
            for child in _children(element):
                yield from self._walk(child, level)

    def _heading(self, element: etree._Element, name: str, level: int) -> Heading:
        if name == "Article":
            number = clean_text(element.findtext("ArticleTitle") or "")
            caption = clean_text(element.findtext("ArticleCaption") or "")
            return Heading(level=level, title=caption, number=number) if caption else Heading(level, number)
        if name == "SupplProvision":
            label = clean_text(element.findtext("SupplProvisionLabel") or "附則")
            amending = element.get("AmendLawNum")
            # Which amendment added this 附則: the law's history, kept in its title.
            return Heading(level=1, title=f"{label} ({clean_text(amending)})" if amending else label)
        title_element = element.find(_LAW_HEADINGS[name])
        text = _inline(title_element, self.notes) if title_element is not None else name
        number, _, rest = text.replace("\u3000", " ", 1).partition(" ")  # the label's separator is canonical
        if rest and number.startswith("第"):
            return Heading(level=level, title=rest.strip(), number=number)
        return Heading(level=level, title=text)

    def _provision(self, element: etree._Element, title_tag: str, kind: str, depth: int) -> Iterator[Element]:
        number = clean_text(element.findtext(title_tag) or "")
        sentences = [
            _inline(child, self.notes) for child in _children(element)
            if _local(child).endswith("Sentence")
        ]
        # Whitespace between Sentence elements is the file's indentation, not the author's.
        body = _SENTENCE_GAP.sub("", join_lines(sentences))
        text = clean_text(" ".join(s for s in [number, body] if s))
        if text:
            yield Block(kind, text=text, depth=depth)  # type: ignore[arg-type]
        yield from self.notes.flush()

    def _paragraph(self, element: etree._Element) -> Iterator[Element]:
        text = _inline(element, self.notes)
        if text:
            yield Block("paragraph", text=text)
        yield from self.notes.flush()

    def _table(self, element: etree._Element) -> Iterator[Element]:
        title = element.find("TableStructTitle")
        if title is not None:
            yield from self._paragraph(title)
        rows = tuple(
            tuple(_inline(cell, self.notes) for cell in _children(row) if _local(cell) == "TableColumn")
            for row in element.iter("TableRow")
        )
        rows = tuple(row for row in rows if any(row))
        if rows:
            yield Block("table", rows=rows)
        yield from self.notes.flush()
        for remarks in element.iter("Remarks"):
            yield from self._paragraph(remarks)


# ------------------------------------------------------------- Akoma Ntoso, USLM


class _GenericReader:
    """Any XML whose elements carry ``num`` and ``heading`` children."""

    def __init__(self) -> None:
        self.notes = _Notes()
        self.headed_tags: dict[etree._Element, set[str]] = {}

    def read(self, root: etree._Element) -> Iterator[Element]:
        yield from self._walk(root, level=1, depth=-1)

    def _siblings_have_headings(self, element: etree._Element) -> bool:
        """``(b)`` without a heading is still a section when its sibling ``(a)`` has one."""
        parent = element.getparent()
        if parent is None:
            return False
        if parent not in self.headed_tags:  # once per parent: a long list stays linear
            self.headed_tags[parent] = {
                sibling.tag for sibling in parent if any(_local(kid) == "heading" for kid in sibling)
            }
        return element.tag in self.headed_tags[parent]

    def _walk(self, element: etree._Element, level: int, depth: int) -> Iterator[Element]:
        name = _local(element)
        if name in _SKIP:
            return
        if name in _NOTES:
            # A note between provisions (history, source credit) annotates the section it
            # stands in: a footnote definition there, never a paragraph of body text.
            text = _note_text(element)
            if text:
                yield Block("footnote", text=text, label=f"n{id(element)}")
            return
        kids = list(_children(element))
        has = {_local(k): k for k in kids}
        if "heading" in has or ("num" in has and (name in _SECTION_LIKE or self._siblings_have_headings(element))):
            number = _inline(has["num"], self.notes) if "num" in has else ""
            title = _inline(has["heading"], self.notes) if "heading" in has else ""
            yield Heading(level=level, title=title or number, number=number if title else "")
            yield from self.notes.flush()
            # In a flat stream whatever follows a subsection belongs to it: the section's own
            # text and notes (history, source credits) come before its subsections.
            for kid in sorted(kids, key=_order_in_section):
                if _local(kid) not in ("num", "heading"):
                    yield from self._walk(kid, level + 1, -1)
        elif "num" in has:
            yield from self._numbered_item(element, kids, level, depth + 1)
        elif name in _TEXT_CONTAINERS and not any(_local(k) in _BLOCKISH for k in kids):
            yield from self._text(element)
        elif name == "table":
            yield from self._table(element)
        else:
            for kid in kids:
                yield from self._walk(kid, level, depth)

    def _numbered_item(
        self, element: etree._Element, kids: list[etree._Element], level: int, depth: int
    ) -> Iterator[Element]:
        """``(a) text`` with its sub-provisions nested below it as deeper list items."""
        number = ""
        own: list[str] = []
        rest: list[etree._Element] = []
        for kid in kids:
            name = _local(kid)
            if name == "num":
                number = _inline(kid, self.notes)
            elif name in _TEXT_CONTAINERS and not own and not rest:
                own.append(_inline(kid, self.notes))
            else:
                rest.append(kid)
        text = clean_text(" ".join(s for s in [number, join_lines(own)] if s))
        yield Block("list_item", text=text, depth=max(depth, 0))
        yield from self.notes.flush()
        for kid in rest:
            yield from self._walk(kid, level, depth)

    def _text(self, element: etree._Element) -> Iterator[Element]:
        text = _inline(element, self.notes)
        if text:
            yield Block("paragraph", text=text)
        yield from self.notes.flush()

    def _table(self, element: etree._Element) -> Iterator[Element]:
        rows = tuple(
            tuple(_inline(cell, self.notes) for cell in _children(row) if _local(cell) in ("td", "th"))
            for row in element.iter() if _local(row) == "tr"
        )
        rows = tuple(row for row in rows if any(row))
        if rows:
            yield Block("table", rows=rows)
        yield from self.notes.flush()


def _order_in_section(element: etree._Element) -> int:
    if _local(element) in _NOTES or _local(element) == "notes":
        return 1
    return 2 if any(_local(kid) in ("num", "heading") for kid in element) else 0


_BLOCKISH = {"p", "content", "intro", "wrapUp", "table", "blockList", "list", "num", "heading",
             "section", "article", "paragraph", "subsection", "point", "item", "clause"}
