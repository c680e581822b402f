"""Plain data passed between the stages: a document is a tree of sections holding blocks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from versiondiff.records import FrozenRecord, set_field

BlockKind = Literal["paragraph", "list_item", "table", "footnote"]


class Block(FrozenRecord):
    """One unit of body text.

    ``text`` is canonical inline text: width-folded, one line, emphasis dropped,
    footnote references written ``[^n]``. For a ``footnote`` block ``label`` is its
    number ``n``; for a ``list_item`` ``depth`` is its nesting (an ordered item keeps
    its number at the start of ``text``); a ``table`` keeps ``rows``.
    """

    kind: BlockKind
    text: str
    depth: int
    label: str
    rows: tuple[tuple[str, ...], ...]

    def __init__(self, kind: BlockKind, text: str = "", depth: int = 0, label: str = "",
                 rows: tuple[tuple[str, ...], ...] = ()):
        set_field(self, "kind", kind)
        set_field(self, "text", text)
        set_field(self, "depth", depth)
        set_field(self, "label", label)
        set_field(self, "rows", rows)


class Section(FrozenRecord):
    """A heading with the blocks under it and its subsections.

    ``number`` is the numbering label as written (``5.``, ``(1)``, ``①``, ``3.1.1.``,
    or empty), kept apart from ``title`` so that sections can be matched by title
    when a revision renumbers them.
    """

    title: str
    level: int
    number: str
    blocks: tuple[Block, ...]
    children: tuple[Section, ...]

    def __init__(self, title: str, level: int, number: str = "", blocks: tuple[Block, ...] = (),
                 children: tuple[Section, ...] = ()):
        set_field(self, "title", title)
        set_field(self, "level", level)
        set_field(self, "number", number)
        set_field(self, "blocks", blocks)
        set_field(self, "children", children)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def walk(self, path: tuple[Section, ...] = ()) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Yield ``(ancestors, section)`` for this section and every descendant, in reading order."""
        yield path, self
        for child in self.children:
            yield from child.walk(path + (self,))

    def text_size(self) -> int:
        """Characters of body text in this section alone (not its subsections)."""
        return sum(len(b.text) + sum(len(c) for r in b.rows for c in r) for b in self.blocks)


class Document(FrozenRecord):
    """A normalized revision: blocks before the first heading, then the section tree."""

    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]
    footnotes: dict[str, str]
    source_format: str

    def __init__(self, preamble: tuple[Block, ...] = (), sections: tuple[Section, ...] = (),
                 footnotes: dict[str, str] | None = None, source_format: str = "markdown"):
        set_field(self, "preamble", preamble)
        set_field(self, "sections", sections)
        set_field(self, "footnotes", {} if footnotes is None else footnotes)
        set_field(self, "source_format", source_format)

    def walk(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        for section in self.sections:
            yield from section.walk()

    @property
    def title(self) -> str:
        """A human title: the first preamble line, else the first heading."""
        for block in self.preamble:
            if block.kind == "paragraph" and block.text:
                return block.text[:80]
        return self.sections[0].title if self.sections else ""

    @property
    def markdown(self) -> str:
        from versiondiff.normalize.render import render_markdown

        return render_markdown(self)
