"""Terminal report of a comparison: section paths, redlined lines, then the changed figures."""

from __future__ import annotations

from versiondiff.compare.engine import BlockChange, Comparison, QuantityChange, SectionChange
from versiondiff.compare.redline import DELETE, EQUAL, INSERT

_RESET, _RED, _GREEN, _BOLD, _DIM, _YELLOW = "\x1b[0m", "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[33m"


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def render_text(comparison: Comparison, *, color: bool = False, only_numbers: bool = False, formatting: bool = False) -> str:
    style = _Style(color)
    lines = [style(_BOLD, f"versiondiff: {comparison.old_name} → {comparison.new_name}"), _summary(comparison), ""]
    if not only_numbers:
        for section in comparison.sections:
            lines.extend(_section_lines(section, style, formatting))
    lines.extend(figure_table(comparison.quantities, style))
    return "\n".join(lines).rstrip() + "\n"


def _summary(comparison: Comparison) -> str:
    s = comparison.stats
    return (
        f"sections: {s.get('sections_matched', 0)} matched, {s.get('sections_modified', 0)} modified, "
        f"{s.get('sections_added', 0)} added, {s.get('sections_deleted', 0)} deleted, "
        f"{s.get('sections_renamed', 0)} renamed, {s.get('sections_moved', 0)} moved; "
        f"figures: {s.get('quantities_changed', 0)} changed, {s.get('quantities_added', 0)} added, "
        f"{s.get('quantities_removed', 0)} removed"
    )


def section_badges(section: SectionChange) -> list[str]:
    badges = [] if section.status == "unchanged" else [section.status]
    if section.renamed:
        badges.append("renamed")
    if section.match.moved:
        badges.append("moved")
    if section.match.split_from:
        badges.append("split from " + " › ".join(section.match.split_from))
    if section.match.merged_into:
        badges.append("merged into " + " › ".join(section.match.merged_into))
    return badges


def _section_lines(section: SectionChange, style: _Style, formatting: bool) -> list[str]:
    badges = section_badges(section)
    shown_formatting = section.formatting if formatting else []
    if not badges and not shown_formatting:
        return []
    path = " › ".join(section.path)
    lines = [style(_BOLD, f"§ {path}") + "  " + style(_YELLOW, "[" + ", ".join(badges or ["formatting only"]) + "]")]
    if section.renamed and section.old and section.new:
        lines.append(f"    title: {section.old.section.heading} → {section.new.section.heading}")
    if section.status in ("added", "deleted"):
        count = len(section.changes)
        lines.append(style(_DIM, f"    ({count} blocks {section.status})"))
        return lines + [""]
    for change in section.changes:
        lines.append("    " + change_line(change, style))
    for old, new in shown_formatting:
        lines.append(style(_DIM, f"    (formatting only) {old}  ⇢  {new}"))
    return lines + [""]


def change_line(change: BlockChange, style: _Style | None = None) -> str:
    style = style or _Style(False)
    if change.op == "move":
        where = " › ".join(change.moved_from or ())
        return style(_DIM, f"↷ moved from {where}: ") + (change.new or "")
    parts = []
    for segment in change.segments:
        text = segment.text
        if segment.op == EQUAL:
            parts.append(text)
        elif segment.op == DELETE:
            parts.append(style(_RED, f"[-{text}-]"))
        elif segment.op == INSERT:
            parts.append(style(_GREEN, f"{{+{text}+}}"))
    prefix = {"insert": "+ ", "delete": "- ", "replace": "~ "}[change.op]
    return prefix + "".join(parts)


def figure_line(q: QuantityChange, path: str | None = None) -> str:
    """One line a reviewer reads: ``path: section › subsection — context: 約26% → 約25% (−1 pt)``."""
    where = " › ".join(q.section[-2:]) if q.section else "(前文)"
    old = q.old.text if q.old else "—"
    new = q.new.text if q.new else "—"
    note = "（注）" if q.in_footnote and not q.context.endswith("（注）") else ""
    delta = f" ({q.delta})" if q.delta else ("" if q.status == "changed" else f" ({q.status})")
    prefix = f"{path}: " if path else ""
    return f"{prefix}{where} — {q.context}{note}: {old} → {new}{delta}"


def figure_table(quantities: list[QuantityChange], style: _Style | None = None) -> list[str]:
    style = style or _Style(False)
    if not quantities:
        return ["No figure changed."]
    rows = [["status", "section", "context", "old", "new", "delta"]]
    for q in quantities:
        rows.append([
            q.status + (" (注)" if q.in_footnote else ""),
            " › ".join(q.section[-2:]),
            q.context,
            q.old.text if q.old else "",
            q.new.text if q.new else "",
            q.delta,
        ])
    widths = [min(max(_width(r[i]) for r in rows), 40) for i in range(len(rows[0]))]
    out = [style(_BOLD, f"Changed figures ({len(quantities)})")]
    for n, row in enumerate(rows):
        cells = [_pad(_clip(cell, widths[i]), widths[i]) for i, cell in enumerate(row)]
        line = "  ".join(cells).rstrip()
        out.append(style(_BOLD, line) if n == 0 else line)
    return out


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, width: int) -> str:
    while _width(text) > width:
        text = text[:-2] + "…"
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
