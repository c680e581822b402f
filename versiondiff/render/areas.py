"""Areas of a comparison: the top-level sections (分野) every change belongs to.

A long draft is a list of areas (データプラットフォーム, 5. 自動運転技術, …) that share one
skeleton of subsections (1. 現状認識… › (1) 現状 › ③ …), so a subsection means nothing
without its area. Grouping by the *root* of each side's node keeps a modified
subsection under its own area even when its area heading itself is unchanged, and a
deleted subsection of a kept area under that kept area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from versiondiff.compare.align import Node
from versiondiff.compare.budget import NOT_COMPARED
from versiondiff.compare.engine import Comparison, QuantityChange, SectionChange

PATH_SEPARATOR = " › "


@dataclass
class Area:
    number: int  # 1-based position in reading order: the ``?area=`` permalink
    root: SectionChange
    sections: list[SectionChange] = field(default_factory=list)
    figures: list[QuantityChange] = field(default_factory=list)

    @property
    def status(self) -> str:
        """kept | added | deleted | not_compared (a time limit stopped the engine before it)."""
        if self.root.status == NOT_COMPARED:
            return NOT_COMPARED
        if self.root.old and self.root.new:
            return "kept"
        return "added" if self.root.new else "deleted"

    @property
    def renamed(self) -> bool:
        return self.root.renamed

    @property
    def moved(self) -> bool:
        return self.root.match.moved

    @property
    def heading(self) -> str:
        node = self.root.new or self.root.old
        return node.section.heading if node else ""

    @property
    def old_heading(self) -> str:
        return self.root.old.section.heading if self.root.old else ""

    @property
    def changed(self) -> bool:
        return self.status != "kept" or self.renamed or self.moved or any(
            s.status != "unchanged" or s.match.moved for s in self.sections
        )

    def size(self, side: str) -> int:
        """Characters of body text of one side of the area, subsections included."""
        node = self.root.new if side == "new" else self.root.old
        return sum(section.text_size() for _, section in node.section.walk()) if node else 0


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def group_areas(comparison: Comparison) -> list[Area]:
    """Areas in reading order, each with its sections and its figure changes."""
    areas: list[Area] = []
    by_root: dict[int, Area] = {}
    for section in comparison.sections:
        if (section.new or section.old).parent is None:  # type: ignore[union-attr]
            area = Area(len(areas) + 1, section)
            areas.append(area)
            for node in (section.old, section.new):
                if node is not None:
                    by_root[id(node)] = area
    for section in comparison.sections:
        node = section.new or section.old
        area = by_root.get(id(_root(node))) if node else None
        if area is not None:
            area.sections.append(section)
    _attach_figures(comparison, areas)
    return areas


def _attach_figures(comparison: Comparison, areas: list[Area]) -> None:
    by_anchor = {f"s{i}": s for i, s in enumerate(comparison.sections)}
    area_of = {id(s): a for a in areas for s in a.sections}
    for quantity in comparison.quantities:
        section = by_anchor.get(quantity.anchor.partition("c")[0]) if quantity.anchor else None
        area = area_of.get(id(section)) if section else None
        if area is not None:
            area.figures.append(quantity)


def area_of_path(path: tuple[str, ...] | list[str] | None) -> str:
    """The area heading of a section path (its first part), or the preamble's name."""
    return path[0] if path else "（前文）"


def short_statement(text: str, limit: int = 24) -> str:
    """A moved sentence's or row's first words, enough to find it in its row."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def full_path(path: tuple[str, ...] | list[str] | None) -> str:
    """A section path with its area, as every view prints it."""
    return PATH_SEPARATOR.join(path) if path else "（前文）"
