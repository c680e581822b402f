"""HTML redline: a 新旧対照表 (old left, new right), an inline mode and a figures panel.

The view model built here feeds ``templates/compare.html``, used both for the
standalone file (``versiondiff diff --format html``) and by the web app. Every piece
of document text reaches the page through Jinja's autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment, FileSystemLoader, select_autoescape

from versiondiff.compare.engine import BlockChange, Comparison, SectionChange
from versiondiff.compare.redline import DELETE, EQUAL, INSERT
from versiondiff.render.text import section_badges
from versiondiff.resources import templates_dir


@dataclass
class Piece:
    """A run of text in one cell: plain, deleted or inserted, possibly a figure."""

    text: str
    kind: str = "same"  # same | del | ins
    figure: bool = False
    note: str | None = None  # the text of a footnote reference


@dataclass
class Row:
    anchor: str
    op: str
    old: list[Piece] = field(default_factory=list)
    new: list[Piece] = field(default_factory=list)
    inline: list[Piece] = field(default_factory=list)
    figures: int = 0
    note: str = ""


@dataclass
class SectionView:
    anchor: str
    index: int
    status: str
    badges: list[str]
    old_heading: str
    new_heading: str
    path: str
    level: int
    rows: list[Row]
    figures: int
    formatting: list[tuple[str, str]]

    @property
    def changed(self) -> bool:
        return bool(self.badges)


def build_view(comparison: Comparison) -> dict:
    sections = [_section_view(i, s) for i, s in enumerate(comparison.sections)]
    return {
        "comparison": comparison,
        "sections": sections,
        "figures": comparison.quantities,
        "stats": comparison.stats,
        "preamble": [_row(f"p{i}", c) for i, c in enumerate(comparison.preamble)],
    }


def _section_view(index: int, section: SectionChange) -> SectionView:
    rows = [_row(f"s{index}c{n}", change) for n, change in enumerate(section.changes)]
    node = section.new or section.old
    return SectionView(
        anchor=f"s{index}",
        index=index,
        status=section.status,
        badges=section_badges(section),
        old_heading=section.old.section.heading if section.old else "",
        new_heading=section.new.section.heading if section.new else "",
        path=" › ".join(section.path),
        level=len(node.path) if node else 1,
        rows=rows,
        figures=sum(r.figures for r in rows),
        formatting=section.formatting,
    )


def _row(anchor: str, change: BlockChange) -> Row:
    row = Row(anchor=anchor, op=change.op, figures=change.figures)
    if change.op == "move":
        row.note = "moved from " + " › ".join(change.moved_from or ())
    for segment in change.segments:
        pieces = _pieces(segment)
        if segment.op == EQUAL:
            row.old += pieces
            row.new += pieces
        elif segment.op == DELETE:
            row.old += pieces
        elif segment.op == INSERT:
            row.new += pieces
        row.inline += pieces
    if change.op == "move" and change.old and change.old != change.new:
        row.old = [Piece(change.old)]
    return row


def _pieces(segment) -> list[Piece]:  # noqa: ANN001
    kind = {EQUAL: "same", DELETE: "del", INSERT: "ins"}[segment.op]
    pieces: list[Piece] = []
    for token in segment.tokens:
        if token.footnote:  # shown as a mark whose tooltip is the footnote text
            pieces.append(Piece("注", kind, note=token.key[1:]))
            continue
        figure = token.quantity is not None
        if pieces and not figure and not pieces[-1].figure and pieces[-1].note is None:
            pieces[-1].text += token.text
        else:
            pieces.append(Piece(token.text, kind, figure))
    return pieces


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(comparison: Comparison, *, only_numbers: bool = False) -> str:
    """A standalone page an editor can mail: CSS inlined, no script, no external resource."""
    css = (templates_dir() / "static" / "versiondiff.css").read_text(encoding="utf-8")
    template = environment().get_template("compare_standalone.html")
    return template.render(view=build_view(comparison), inline_css=css, only_numbers=only_numbers)
