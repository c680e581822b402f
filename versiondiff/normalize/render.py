"""Canonical Markdown: the one spelling of a document that every comparison reads.

Rules (see docs/canonical-markdown.md): ATX headings whose depth is the section's
depth in the tree and whose numbering label precedes the title; one paragraph per
line; ``-`` bullets indented two spaces per level; pipe tables; footnote
definitions ``[^n]: text`` where the source defined them; blank lines between blocks.
"""

from __future__ import annotations

import re

from versiondiff.model import Block, Document, Section
from versiondiff.normalize.inline import escape_markdown, keep_spacing

# An escaped footnote reference, and what follows it: "(" would make markdown-it read
# ``[^1](…)`` as a link (its link rule runs before the footnote rule), and ":" at the start
# of a line as a footnote definition.
_FOOTNOTE_REF = re.compile(r"\\\[\^(\d+)\\\]([(:]?)")


def render_markdown(document: Document) -> str:
    chunks = _render_blocks(document.preamble)
    for section in document.sections:
        _render_section(section, chunks)
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _render_section(section: Section, chunks: list[str]) -> None:
    # "#" is escaped in headings: a trailing one would read as an ATX closing sequence.
    # A "[^1]" in a heading is text: footnote references live in blocks only.
    heading = escape_markdown(keep_spacing(section.heading), at_line_start=False).replace("#", "\\#")
    chunks.append("#" * section.level + " " + heading)
    chunks.extend(_render_blocks(section.blocks))
    for child in section.children:
        _render_section(child, chunks)


def _render_blocks(blocks: tuple[Block, ...]) -> list[str]:
    chunks: list[str] = []
    items: list[str] = []  # the open list; joined once (appending to a string copies it)
    for block in blocks:
        if block.kind == "list_item":
            items.append(render_block(block))
            continue
        if items:
            chunks.append("\n".join(items))  # consecutive items form one tight list
            items = []
        chunks.append(render_block(block))
    if items:
        chunks.append("\n".join(items))
    return chunks


def render_block(block: Block) -> str:
    if block.kind == "paragraph":
        return escape_inline(block.text)
    if block.kind == "list_item":
        return "  " * block.depth + "- " + escape_inline(block.text)
    if block.kind == "footnote":
        # A definition's text is read as the start of a block: "- 注" would become a list.
        return f"[^{block.label}]: {escape_inline(block.text)}"
    return _render_table(block.rows)


def escape_inline(text: str, *, at_line_start: bool = True) -> str:
    """Escape text but keep ``[^n]`` footnote references live.

    Ends are stripped first: a reader may leave a space there that reading the Markdown
    back would drop. Spaces inside the text are the author's and stay."""
    escaped = escape_markdown(keep_spacing(text), at_line_start=at_line_start)

    def live(match: re.Match[str]) -> str:
        follower = match.group(2)
        if follower == ":" and not (at_line_start and match.start() == 0):
            return f"[^{match.group(1)}]:"
        return f"[^{match.group(1)}]" + ("\\" + follower if follower else "")

    return _FOOTNOTE_REF.sub(live, escaped)


def _render_table(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)
    padded = [list(row) + [""] * (width - len(row)) for row in rows]
    lines = [_table_row(padded[0]), "|" + " --- |" * width]
    lines.extend(_table_row(row) for row in padded[1:])
    return "\n".join(lines)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(escape_inline(c, at_line_start=False) for c in cells) + " |"
