"""A whole web page read as a document: its furniture dropped, its notes made footnotes.

A legislative or policy page saved from a browser carries a site around its text:
header, navigation, breadcrumbs, a cookie banner, a search form, a footer, and link
lists that would each read as paragraphs (and their dates and numbers as figures).
This module works on the parsed lxml tree before ``html.py`` walks it:

1. ``mark_notes``          – citations and history notes (``class="history"``,
                             ``role="doc-endnotes"`` …) are marked as footnotes, and
                             links to them as footnote references;
2. ``drop_page_furniture`` – header, nav, footer, aside, forms and elements whose
                             class or id names furniture (breadcrumb, cookie, menu …)
                             are removed, and so are link lists;
3. ``main_content``        – ``<main>`` / ``role=main``, else the largest ``<article>``,
                             else the page body.
"""

from __future__ import annotations

import re

from lxml import etree

NOTE_ATTRIBUTE = "data-versiondiff-note"
REF_ATTRIBUTE = "data-versiondiff-ref"

_NOTE_WORDS = {
    "history", "histories", "historynote", "historynotes", "citation", "citations", "source",
    "sources", "sourcecredit", "credits", "annotation", "annotations", "notes", "endnote",
    "endnotes", "footnote", "footnotes", "amendment", "amendments",
}
_NOTE_ROLES = {"doc-endnotes", "doc-footnote", "doc-endnote", "note"}
_FURNITURE_WORDS = {
    "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "navbar", "nav",
    "navigation", "menu", "sidebar", "share", "social", "pagination", "pager", "toolbar",
    "masthead", "skip", "skiplink", "topbar", "banner", "subnav", "globalnav", "localnav",
}
_FURNITURE_TAGS = {"nav", "form", "button", "select", "input", "textarea", "dialog", "aside"}
_LANDMARKS = {"header", "footer"}  # furniture unless inside the main content
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog"}
_PAGE_SIGNS = {"nav", "header", "footer", "main", "aside", "article", "form"}
_WORD = re.compile(r"[a-z]+")
_NOTE_ITEMS = ("li", "p", "dd")
_LINK_LISTS = {"ul", "ol", "div", "p", "table", "dl"}


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _words(element: etree._Element) -> set[str]:
    """Words of an element's class and id: ``site-breadcrumbs`` → {site, breadcrumbs}."""
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(_WORD.findall(names))


def _text_length(element: etree._Element) -> int:
    return len("".join(element.itertext()).strip())


def is_web_page(body: etree._Element) -> bool:
    """A page from a site (landmarks or ARIA roles), not a bare document in HTML."""
    for element in body.iter():
        if _tag(element) in _PAGE_SIGNS or element.get("role") in ("main", "navigation", "banner"):
            return True
    return False


# ------------------------------------------------------------------ notes


def mark_notes(body: etree._Element) -> None:
    """Mark note items as footnotes (``w1``, ``w2`` …) and links to them as references."""
    for element in body.iter():
        # The page's own markup must never pose as our marks.
        for name in (NOTE_ATTRIBUTE, REF_ATTRIBUTE):
            if name in element.attrib:
                del element.attrib[name]
    labels: dict[str, str] = {}
    count = 0
    for container in _note_containers(body):
        for heading in [e for e in container.iter() if _tag(e) in ("h1", "h2", "h3", "h4", "h5", "h6")]:
            _remove(heading)  # "History", "Notes": the label of the notes, not a note
        for item in _note_items(container):
            count += 1
            label = f"w{count}"
            item.set(NOTE_ATTRIBUTE, label)
            for anchor in [item, *item.iter()]:
                for key in (anchor.get("id"), anchor.get("name")):
                    if key:
                        labels.setdefault(key, label)
    _mark_references(body, labels)


def _note_containers(body: etree._Element) -> list[etree._Element]:
    """The outermost elements that hold notes (a notes box inside another is one box)."""
    found: list[etree._Element] = []

    def visit(element: etree._Element) -> None:
        if _tag(element) and (_words(element) & _NOTE_WORDS or element.get("role") in _NOTE_ROLES):
            found.append(element)
            return
        for child in element:
            visit(child)

    visit(body)  # the parser bounds nesting depth (no huge trees), so recursion is safe
    return found


def _note_items(container: etree._Element) -> list[etree._Element]:
    for tag in _NOTE_ITEMS:
        items = [e for e in container.iter(tag) if not any(_tag(a) == tag for a in _ancestors(e, container))]
        if items:
            return items
    return [container] if _text_length(container) else []


def _mark_references(body: etree._Element, labels: dict[str, str]) -> None:
    for link in body.iter("a"):
        href = link.get("href", "")
        if not href.startswith("#") or href[1:] not in labels or link.get(NOTE_ATTRIBUTE):
            continue
        if any(a.get(NOTE_ATTRIBUTE) for a in _ancestors(link, None)):
            continue  # a back-link inside the note itself
        parent = link.getparent()
        # ``<sup>[<a href="#fn1">1</a>]</sup>``: the whole superscript is the mark.
        target = parent if parent is not None and _tag(parent) == "sup" else link
        target.set(REF_ATTRIBUTE, labels[href[1:]])


# ------------------------------------------------------------------ furniture


def drop_page_furniture(body: etree._Element) -> None:
    main = _main_element(body)
    for element in list(body.iter()):
        if element.getparent() is None or not _tag(element) or element.get(NOTE_ATTRIBUTE):
            continue
        if _is_furniture(element, main) and not _holds_content(element):
            _remove(element)
    _drop_link_lists(body)


def _holds_content(element: etree._Element) -> bool:
    """A wrapper that holds the main text (``<div class="menu-layout"><main>…``) or notes stays."""
    for inner in element.iter():
        if _tag(inner) in ("main", "article", "h1") or inner.get("role") == "main":
            return True
        if inner.get(NOTE_ATTRIBUTE):
            return True
    return False


def _drop_link_lists(body: etree._Element) -> None:
    for element in list(body.iter()):
        if _tag(element) in _LINK_LISTS and element.getparent() is not None and _is_link_list(element):
            _remove(element)


def _is_furniture(element: etree._Element, main: etree._Element | None) -> bool:
    tag = _tag(element)
    if tag in _FURNITURE_TAGS or element.get("role") in _FURNITURE_ROLES:
        return True
    if tag in _LANDMARKS:
        return main is None or not _is_inside(element, main)
    return bool(_words(element) & _FURNITURE_WORDS) and tag not in ("html", "body")


def _is_link_list(element: etree._Element) -> bool:
    """Three or more links making up most of the text: a menu, a related-links box."""
    if element.get(NOTE_ATTRIBUTE) or any(e.get(NOTE_ATTRIBUTE) for e in element.iter()):
        return False
    links = [a for a in element.iter("a") if not a.get(REF_ATTRIBUTE)]
    if len(links) < 3:
        return False
    total = _text_length(element)
    linked = sum(_text_length(a) for a in links)
    return total > 0 and linked >= 0.7 * total


# ------------------------------------------------------------------ main content


def _main_element(body: etree._Element) -> etree._Element | None:
    for element in body.iter():
        if _tag(element) == "main" or element.get("role") == "main":
            return element
    return None


def main_content(body: etree._Element) -> etree._Element:
    """``<main>``, else the largest ``<article>`` holding most of the text, else the body."""
    main = _main_element(body)
    if main is not None:
        return main
    articles = [e for e in body.iter("article") if not any(_tag(a) == "article" for a in _ancestors(e, None))]
    if articles:
        largest = max(articles, key=_text_length)
        if _text_length(largest) >= 0.5 * _text_length(body):
            return largest
    return body


# ------------------------------------------------------------------ tree helpers


def _ancestors(element: etree._Element, stop: etree._Element | None) -> list[etree._Element]:
    out = []
    parent = element.getparent()
    while parent is not None and parent is not stop:
        out.append(parent)
        parent = parent.getparent()
    return out


def _is_inside(element: etree._Element, outer: etree._Element) -> bool:
    return element is outer or any(a is outer for a in _ancestors(element, None))


def _remove(element: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
