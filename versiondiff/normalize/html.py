"""Reader for HTML documents and HTML fragments (lxml; no network, no huge trees).

Text in a document is data: scripts, styles and embedded objects are dropped,
links are reduced to their text and never followed. A whole web page loses its
furniture first and is read from its main content (``webpage.py``); citations and
history notes become footnotes.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_
from versiondiff.model import Block
from versiondiff.normalize.elements import Element, Heading, ref, split_heading_label
from versiondiff.normalize.inline import clean_text, join_lines
from versiondiff.normalize.webpage import (
    NOTE_ATTRIBUTE,
    REF_ATTRIBUTE,
    drop_page_furniture,
    is_web_page,
    main_content,
    mark_notes,
)

_PARSER = lxml.html.HTMLParser(
    no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True
)
_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "object", "embed", "svg", "math"}
# XHTML starts with an XML declaration; lxml refuses one in already decoded text.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "body", "html", "blockquote", "header", "footer",
    "nav", "aside", "figure", "figcaption", "dl", "dt", "dd", "pre", "address", "form", "center",
    "table", "ul", "ol", "li", "hr", "caption", *_HEADINGS,
}


def read_html(text: str) -> list[Element]:
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise NormalizeError(N_("HTML を解析できません: %(reason)s"), reason=str(error)) from None
    _refuse_truncated(_PARSER)
    body = root.find("body")
    body = body if body is not None else root
    mark_notes(body)
    if is_web_page(body):
        drop_page_furniture(body)
        body = main_content(body)
    return _walk(body)


def _refuse_truncated(parser: etree.HTMLParser) -> None:
    """libxml2 stops reading at 256 levels of nesting and drops the rest of the page without
    failing: refuse such a file rather than show a revision that silently lost text."""
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise NormalizeError(N_("この HTML は読めません: 要素の入れ子が 256 段を超えています"))


def read_html_fragment(text: str) -> list[Element]:
    try:
        fragments = lxml.html.fragments_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    elements: list[Element] = []
    for fragment in fragments:
        if isinstance(fragment, str):
            cleaned = clean_text(fragment)
            if cleaned:
                elements.append(Block("paragraph", text=cleaned))
        else:
            elements.extend(_walk_element(fragment, list_depth=-1))
    return elements


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _walk(container: etree._Element) -> list[Element]:
    return _walk_element(container, list_depth=-1)


def _walk_element(element: etree._Element, list_depth: int) -> list[Element]:
    tag = _tag(element)
    if tag in _SKIP or not tag:
        return []
    if element.get(NOTE_ATTRIBUTE):
        # A citation or history note: a footnote where it stands, never body text.
        text = inline_text(element)
        return [Block("footnote", text=text, label=element.get(NOTE_ATTRIBUTE))] if text else []
    if tag in _HEADINGS:
        number, title = split_heading_label(inline_text(element))
        return [Heading(level=_HEADINGS[tag], title=title, number=number)] if title else []
    if tag == "table":
        rows = _table_rows(element)
        return [Block("table", rows=rows)] if rows else []
    if tag in _LISTS:
        out: list[Element] = []
        for index, item in enumerate(c for c in element if _tag(c) == "li"):
            if item.get(NOTE_ATTRIBUTE):
                out.extend(_walk_element(item, list_depth))
            else:
                out.extend(_list_item(item, list_depth + 1, index + 1 if tag == "ol" else None))
        return out
    return _mixed_content(element, list_depth)


def _list_item(item: etree._Element, depth: int, number: int | None) -> list[Element]:
    nested = [c for c in item if _tag(c) in _LISTS]
    own = inline_text(item, skip=set(nested))
    if number is not None and own:
        own = f"{number}. {own}"
    out: list[Element] = [Block("list_item", text=own, depth=depth)] if own else []
    for child in nested:
        out.extend(_walk_element(child, depth))
    return out


def _mixed_content(element: etree._Element, list_depth: int) -> list[Element]:
    """A block whose text and inline children form paragraphs between its block children."""
    out: list[Element] = []
    buffer: list[str] = [element.text or ""]

    def flush() -> None:
        text = clean_text(join_lines("".join(buffer).split("\n")))
        if text:
            out.append(Block("paragraph", text=text))
        buffer.clear()

    for child in element:
        tag = _tag(child)
        if tag in _BLOCKS or tag in _SKIP or child.get(NOTE_ATTRIBUTE):
            flush()
            out.extend(_walk_element(child, list_depth))
        elif tag == "br":
            buffer.append("\n")
        elif tag:
            buffer.append(_raw_text(child))
        buffer.append(child.tail or "")
    flush()
    return out


def _raw_text(element: etree._Element, skip: set | None = None) -> str:
    if element.get(REF_ATTRIBUTE):
        return ref(element.get(REF_ATTRIBUTE))  # a link to a note: a footnote reference
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = _tag(child)
        if (skip and child in skip) or tag in _SKIP or child.get(NOTE_ATTRIBUTE):
            pass
        elif tag == "br":
            parts.append("\n")
        elif tag:
            parts.append(_raw_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def inline_text(element: etree._Element, skip: set | None = None) -> str:
    return clean_text(join_lines(_raw_text(element, skip).split("\n")))


def _table_rows(table: etree._Element) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in table.iter("tr"):
        cells = tuple(inline_text(cell) for cell in row if _tag(cell) in ("td", "th"))
        if any(cells):
            rows.append(cells)
    return tuple(rows)
