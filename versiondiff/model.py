"""Plain data passed between the stages: a document is a tree of sections holding blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "list_item", "table", "footnote"]


@dataclass(frozen=True)
class Block:
    """One unit of body text.

    ``text`` is canonical inline text: width-folded, one line, emphasis dropped,
    footnote references written ``[^n]``. For a ``footnote`` block ``label`` is its
    number ``n``; for a ``list_item`` ``depth`` is its nesting (an ordered item keeps
    its number at the start of ``text``); a ``table`` keeps ``rows``.
    """

    kind: BlockKind
    text: str = ""
    depth: int = 0
    label: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading with the blocks under it and its subsections.

    ``number`` is the numbering label as written (``5.``, ``(1)``, ``①``, ``3.1.1.``,
    or empty), kept apart from ``title`` so that sections can be matched by title
    when a revision renumbers them.
    """

    title: str
    level: int
    number: str = ""
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

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


@dataclass(frozen=True)
class Document:
    """A normalized revision: blocks before the first heading, then the section tree."""

    preamble: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: dict[str, str] = field(default_factory=dict)
    source_format: str = "markdown"

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
