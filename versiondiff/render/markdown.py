"""Markdown report of a comparison: ~~deleted~~ and **inserted** words, a figures table."""

from __future__ import annotations

from versiondiff.compare.budget import NOT_COMPARED
from versiondiff.compare.engine import Comparison
from versiondiff.compare.redline import DELETE, EQUAL
from versiondiff.i18n import gettext as _
from versiondiff.i18n import pgettext
from versiondiff.normalize.inline import escape_markdown
from versiondiff.render.areas import full_path, group_areas
from versiondiff.render.pieces import Piece, change_row
from versiondiff.render.text import badge_words, figure_status_word, statement_move_notes


def render_markdown_report(comparison: Comparison, *, only_numbers: bool = False) -> str:
    lines = _limit_lines(comparison)
    lines += [f"# versiondiff: {escape_markdown(comparison.old_name)} → {escape_markdown(comparison.new_name)}", ""]
    if not only_numbers:
        for area in group_areas(comparison):
            if area.status == "kept":
                for section in area.sections:
                    lines += _section_lines(section)
            elif area.status != NOT_COMPARED:  # those are listed in the notice on top
                lines += _area_lines(area)
    lines += ["## " + _("変更された数値"), ""]
    if comparison.limit is not None:
        lines += [_("不完全: 比較した節の数値だけを挙げています。"), ""]
    if not comparison.quantities:
        if comparison.limit:
            lines.append(_("比較した節には変更された数値はありません。比較していない節の数値は確かめていません。"))
        else:
            lines.append(_("変更された数値はありません。"))
    else:
        header = [_("状態"), _("節"), _("内容"), _("旧"), _("新"), _("差")]
        lines += ["| " + " | ".join(header) + " |", "| --- | --- | --- | --- | --- | --- |"]
        for q in comparison.quantities:
            cells = [
                figure_status_word(q.status) + (" (注)" if q.in_footnote else ""), full_path(q.section), q.context,
                q.old.text if q.old else "", q.new.text if q.new else "", q.delta,
            ]
            lines.append("| " + " | ".join(escape_markdown(c, at_line_start=False) for c in cells) + " |")
    return "\n".join(lines).rstrip() + "\n"


def _section_lines(section) -> list[str]:  # noqa: ANN001
    badges = badge_words(section)
    if not badges or section.status == NOT_COMPARED:  # listed in the notice on top
        return []
    lines = [f"## {escape_markdown(' › '.join(section.path), at_line_start=False)} ({_('、').join(badges)})", ""]
    for change in section.changes if section.status not in ("added", "deleted") else []:
        if change.kind == "table" and change.op != "move":  # a table of its own, blank lines around
            lines += ([""] if lines[-1] else []) + _table_redline(change) + [""]
            lines += [f"（{escape_markdown(note)}）" for note in statement_move_notes(change)]
        else:
            lines.append("- " + _redline(change))
            lines += [f"  - （{escape_markdown(note)}）" for note in statement_move_notes(change)]
    return lines + ([""] if lines[-1] else [])


def _area_lines(area) -> list[str]:  # noqa: ANN001
    """An added or dropped area is one entry, as in the text report: its size and its figures."""
    heading = escape_markdown(area.heading, at_line_start=False)
    badge = pgettext("cli", "新規の分野") if area.status == "added" else pgettext("cli", "削除された分野")
    side = "new" if area.status == "added" else "old"
    counts = {"sections": len(area.sections), "blocks": sum(len(s.changes) for s in area.sections), "size": f"{area.size(side):,}"}
    figures = [(q.new or q.old).text for q in area.figures if q.new or q.old]
    if figures:
        line = _("（節 %(sections)s、段落 %(blocks)s、%(size)s文字；数値: %(figures)s）", figures=", ".join(figures), **counts)
    else:
        line = _("（節 %(sections)s、段落 %(blocks)s、%(size)s文字）", **counts)
    return [f"## {heading} ({badge})", "", escape_markdown(line), ""]


def _limit_lines(comparison: Comparison) -> list[str]:
    """A comparison cut short opens with a quoted notice and the sections it did not compare."""
    if comparison.limit is None:
        return []
    from versiondiff.render.notice import list_heading, notice_title, rerun_hint, section_label

    def quoted(text: str) -> str:
        return escape_markdown(text, at_line_start=False)

    limit = comparison.limit
    lines = ["> **" + quoted(notice_title(limit)) + "**", ">", "> " + quoted(rerun_hint()), ">", "> " + quoted(list_heading())]
    return lines + ["> - " + quoted(section_label(s)) for s in limit.sections] + [""]


def _redline(change) -> str:  # noqa: ANN001
    if change.op == "move":
        where = escape_markdown(full_path(change.moved_from), at_line_start=False)
        return _("（%(path)s から移動）", path=where) + " " + escape_markdown(change.new or "", at_line_start=False)
    parts = []
    for segment in change.segments:
        text = escape_markdown(segment.text, at_line_start=False)
        if segment.op == EQUAL:
            parts.append(text)
        elif segment.op == DELETE:
            parts.append(f"~~{text}~~")
        else:
            parts.append(f"**{text}**")
    return "".join(parts)


def _table_redline(change) -> list[str]:  # noqa: ANN001
    """An edited table as a Markdown table, its deleted and inserted text marked in each cell."""
    lines = []
    for index, row in enumerate(change_row("", change, "").inline_grid):
        lines.append("| " + " | ".join(_cell(pieces) for pieces in row.cells) + " |")
        if index == 0:
            lines.append("|" + " --- |" * len(row.cells))
    return lines


def _cell(pieces: list[Piece]) -> str:
    parts = []
    for piece in pieces:
        text = escape_markdown(piece.text, at_line_start=False)
        if piece.kind == "same" or not text.strip():
            parts.append(text)
        else:
            parts.append(f"~~{text}~~" if piece.kind == "del" else f"**{text}**")
    return "".join(parts).strip()
