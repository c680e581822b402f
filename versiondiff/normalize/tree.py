"""From a reader's flat element stream to a ``Document``: footnotes numbered, sections nested."""

from __future__ import annotations

from versiondiff.model import Block, Document, Section
from versiondiff.normalize.elements import REF_PATTERN, Element, Heading
from versiondiff.records import Record

MAX_LEVEL = 6  # Markdown has six heading levels; deeper headings are clamped.


class _OpenSection(Record):
    """A section still being filled while the stream is read; ``freeze`` makes the immutable ``Section``."""

    __slots__ = ("heading", "depth", "blocks", "children")
    heading: Heading
    depth: int
    blocks: list[Block]
    children: list[_OpenSection]

    def __init__(self, heading: Heading, depth: int):
        self.heading = heading
        self.depth = depth
        self.blocks = []
        self.children = []

    def freeze(self) -> Section:
        return Section(
            title=self.heading.title,
            number=self.heading.number,
            level=self.depth,
            blocks=tuple(self.blocks),
            children=tuple(child.freeze() for child in self.children),
        )


def build_document(elements: list[Element], source_format: str) -> Document:
    elements, footnotes = _number_footnotes(elements)
    preamble: list[Block] = []
    roots: list[_OpenSection] = []
    stack: list[_OpenSection] = []
    for element in elements:
        if isinstance(element, Heading):
            while stack and stack[-1].heading.level >= element.level:
                stack.pop()
            node = _OpenSection(element, depth=min(len(stack) + 1, MAX_LEVEL))
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif element.kind == "table" and not element.rows:
            continue
        elif element.kind != "table" and not element.text:
            continue
        else:
            (stack[-1].blocks if stack else preamble).append(element)
    return Document(
        preamble=tuple(_fix_list_depths(preamble)),
        sections=tuple(_fix_section_lists(node.freeze()) for node in roots),
        footnotes=footnotes,
        source_format=source_format,
    )


def _number_footnotes(elements: list[Element]) -> tuple[list[Element], dict[str, str]]:
    """Renumber footnotes 1..n by first reference; unreferenced definitions come after."""
    # A definition without text is dropped, so references to it are too (else they dangle).
    defined = {e.label for e in elements if isinstance(e, Block) and e.kind == "footnote" and e.text}
    numbers: dict[str, str] = {}

    def number_of(key: str) -> str:
        if key not in numbers:
            numbers[key] = str(len(numbers) + 1)
        return numbers[key]

    def renumber(text: str) -> str:
        return REF_PATTERN.sub(
            lambda m: f"[^{number_of(m.group(1))}]" if m.group(1) in defined else "", text
        )

    out: list[Element] = []
    for element in elements:
        if isinstance(element, Block) and element.kind != "table":
            text = renumber(element.text)
            element = element if text == element.text else element.copy_with(text=text)
        elif isinstance(element, Block):
            rows = tuple(tuple(renumber(c) for c in row) for row in element.rows)
            element = element if rows == element.rows else element.copy_with(rows=rows)
        out.append(element)
    footnotes: dict[str, str] = {}
    for i, element in enumerate(out):
        if isinstance(element, Block) and element.kind == "footnote" and element.text:  # empty ones are dropped
            label = number_of(element.label)
            out[i] = element.copy_with(label=label)
            footnotes[label] = element.text
    return out, footnotes


def _fix_list_depths(blocks: list[Block]) -> list[Block]:
    """A list item may nest at most one level deeper than the item before it.

    Markdown cannot express a jump from depth 0 to depth 2, nor a list that starts
    indented, so depths are clamped here to keep rendering a fixed point.
    """
    fixed: list[Block] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind == "list_item":
            limit = previous.depth + 1 if previous and previous.kind == "list_item" else 0
            if block.depth > limit:
                block = block.copy_with(depth=limit)
        fixed.append(block)
        previous = block
    return fixed


def _fix_section_lists(section: Section) -> Section:
    blocks = _fix_list_depths(list(section.blocks))
    children = [_fix_section_lists(c) for c in section.children]
    if _same_objects(blocks, section.blocks) and _same_objects(children, section.children):
        return section  # nothing clamped below it: no copy (most sections of most documents)
    return section.copy_with(blocks=tuple(blocks), children=tuple(children))


def _same_objects(items: list, originals: tuple) -> bool:
    return all(item is original for item, original in zip(items, originals, strict=True))
