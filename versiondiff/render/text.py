"""Terminal report of a comparison: section paths, redlined lines, then the changed figures.

Lines are wrapped to the terminal by *display* width (a CJK character takes two columns),
every section is named by its full path with its area, and figure values are never split.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from typing import TYPE_CHECKING

from versiondiff.compare.budget import NOT_COMPARED
from versiondiff.compare.engine import BlockChange, Comparison, QuantityChange, SectionChange
from versiondiff.compare.figures import NOTE_MARK
from versiondiff.compare.redline import DELETE, EQUAL, INSERT
from versiondiff.i18n import N_, pgettext
from versiondiff.i18n import gettext as _
from versiondiff.render.areas import Area, full_path, group_areas, short_statement

if TYPE_CHECKING:
    from versiondiff.ledger import Finding

_RESET, _RED, _GREEN, _BOLD, _DIM, _YELLOW = "\x1b[0m", "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[33m"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
DEFAULT_WIDTH = 100
_NO_LINE_START = set("。、，．,.)）」』】〕〉》ー・：；！？!?％%")
_LATIN_WORD = 24  # a break moves back to a space only to keep a Latin word whole
_MIN_CONTEXT = 12  # a figure table keeps at least this much of the context column


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def terminal_width() -> int:
    """The terminal's columns (``COLUMNS`` when set), 100 when output is not a terminal."""
    return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def render_text(
    comparison: Comparison, *, color: bool = False, only_numbers: bool = False, formatting: bool = False,
    width: int | None = None,
) -> str:
    style = _Style(color)
    width = width or terminal_width()
    lines = _limit_lines(comparison, style, width)
    lines += wrap(style(_BOLD, "versiondiff: " + revision_header(comparison)), width)
    lines += wrap(_summary(comparison), width) + [""]
    if not only_numbers:
        for area in group_areas(comparison):
            if area.status == "kept":
                for section in area.sections:
                    lines.extend(_section_lines(section, style, formatting, width))
            elif area.status != NOT_COMPARED:  # those are listed in the notice on top
                lines.extend(_area_lines(area, style, width))
    lines.extend(figure_table(comparison.quantities, style, width, complete=comparison.limit is None))
    return "\n".join(lines).rstrip() + "\n"


def _limit_lines(comparison: Comparison, style: _Style, width: int) -> list[str]:
    """A comparison cut short says so before anything else, and lists what it left out."""
    if comparison.limit is None:
        return []
    from versiondiff.render.notice import notice_lines

    first, *rest = notice_lines(comparison.limit)
    return wrap(style(_BOLD + _YELLOW, first), width, "  ") + [line for text in rest for line in wrap(text, width, "      ")] + [""]


def revision_header(comparison: Comparison) -> str:
    """``roadmap@000 → roadmap@001``: both sides with their revision labels."""
    def side(name: str, revision: str | None) -> str:
        return f"{name}@{revision}" if revision else name

    return f"{side(comparison.old_name, comparison.old_revision)} → {side(comparison.new_name, comparison.new_revision)}"


def _summary(comparison: Comparison) -> str:
    s = comparison.stats
    return _(
        "節: 対応 %(matched)s、変更 %(modified)s、追加 %(added)s、削除 %(deleted)s、改名 %(renamed)s、"
        "移動 %(moved)s／数値: 変更 %(changed)s、追加 %(figures_added)s、削除 %(removed)s",
        matched=s.get("sections_matched", 0), modified=s.get("sections_modified", 0),
        added=s.get("sections_added", 0), deleted=s.get("sections_deleted", 0),
        renamed=s.get("sections_renamed", 0), moved=s.get("sections_moved", 0),
        changed=s.get("quantities_changed", 0), figures_added=s.get("quantities_added", 0),
        removed=s.get("quantities_removed", 0),
    )


def status_word(status: str) -> str:
    """``added`` as the terminal says it: 追加 in Japanese, ``added`` in English. The gettext
    context ``cli`` keeps these lower-case words apart from the web page's ``Added``."""
    words = {
        "modified": pgettext("cli", "変更"), "added": pgettext("cli", "追加"), "deleted": pgettext("cli", "削除"),
        "unchanged": pgettext("cli", "変更なし"), NOT_COMPARED: pgettext("cli", "未比較"), "renamed": pgettext("cli", "改名"), "moved": pgettext("cli", "移動"),
    }
    return words.get(status, status)


def figure_status_word(status: str) -> str:
    """A figure's ``changed``/``added``/``removed`` as the terminal says it (変更/追加/削除)."""
    words = {
        "changed": pgettext("cli figure", "変更"), "added": pgettext("cli figure", "追加"),
        "removed": pgettext("cli figure", "削除"),
    }
    return words.get(status, status)


def badge_words(section: SectionChange) -> list[str]:
    """The section's badges in the interface language (``section_badges`` keeps data keys)."""
    words = [status_word(section.status)] if section.status != "unchanged" else []
    words += [status_word(key) for key in ("renamed", "moved") if key in section_badges(section)]
    if section.match.split_from:
        words.append(_("%(path)s から分割", path=" › ".join(section.match.split_from)))
    if section.match.merged_into:
        words.append(_("%(path)s に統合", path=" › ".join(section.match.merged_into)))
    return words


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


def _section_lines(section: SectionChange, style: _Style, formatting: bool, width: int) -> list[str]:
    if section.status == NOT_COMPARED:
        return []  # listed in the notice on top, never as a change
    badges = badge_words(section)
    shown_formatting = section.formatting if formatting else []
    body = _section_body(section, style, shown_formatting, width)
    structural = section.renamed or section.match.moved
    if not body and not structural:
        return []  # nothing to show under the heading: print nothing at all
    header = style(_BOLD, f"§ {full_path(section.path)}") + "  " + style(_YELLOW, "[" + _("、").join(badges or [pgettext("cli", "書式のみ")]) + "]")
    return wrap(header, width, "  ") + body + [""]


def _section_body(section: SectionChange, style: _Style, shown_formatting: list, width: int) -> list[str]:
    lines: list[str] = []
    if section.renamed and section.old and section.new:
        title = _("表題: %(old)s → %(new)s", old=section.old.section.heading, new=section.new.section.heading)
        lines += wrap("    " + title, width, "      ")
    if section.status in ("added", "deleted"):
        return lines + _collapsed_lines(section, style, width)
    for change in section.changes:
        lines += wrap("    " + change_line(change, style), width, "      ")
        for note in statement_move_notes(change):
            lines += wrap(style(_DIM, "      ↷ " + note), width, "        ")
    for old, new in shown_formatting:
        lines += wrap(style(_DIM, "    " + _("（書式のみ）") + f" {old}  ⇢  {new}"), width, "      ")
    return lines


def _area_lines(area: Area, style: _Style, width: int) -> list[str]:
    """An added or dropped area is one entry: its size and its figures, not every subsection."""
    blocks = sum(len(s.changes) for s in area.sections)
    side = "new" if area.status == "added" else "old"
    badge = pgettext("cli", "新規の分野") if area.status == "added" else pgettext("cli", "削除された分野")
    header = style(_BOLD, f"§ {area.heading}") + "  " + style(_YELLOW, f"[{badge}]")
    figures = [(q.new or q.old).text for q in area.figures if q.new or q.old]
    counts = {"sections": len(area.sections), "blocks": blocks, "size": f"{area.size(side):,}"}
    if figures:
        line = "    " + _("（節 %(sections)s、段落 %(blocks)s、%(size)s文字；数値: %(figures)s）", figures=", ".join(figures), **counts)
    else:
        line = "    " + _("（節 %(sections)s、段落 %(blocks)s、%(size)s文字）", **counts)
    return wrap(header, width, "  ") + wrap(style(_DIM, line), width, "      ") + [""]


_COLLAPSED = {"added": N_("（%(n)s段落を追加）"), "deleted": N_("（%(n)s段落を削除）")}
_COLLAPSED_WITH_FIGURES = {
    "added": N_("（%(n)s段落を追加；数値: %(figures)s）"),
    "deleted": N_("（%(n)s段落を削除；数値: %(figures)s）"),
}


def _collapsed_lines(section: SectionChange, style: _Style, width: int) -> list[str]:
    """A whole added or deleted section is one line, but never hides a figure: they are listed."""
    count = len(section.changes)
    if not count:
        return []
    figures = [t.quantity.text for c in section.changes for s in c.segments for t in s.tokens if t.quantity]
    if figures:
        text = _COLLAPSED_WITH_FIGURES[section.status]
        line = "    " + _(text, n=count, figures=", ".join(figures))
    else:
        line = "    " + _(_COLLAPSED[section.status], n=count)
    return wrap(style(_DIM, line), width, "      ")


def change_line(change: BlockChange, style: _Style | None = None) -> str:
    style = style or _Style(False)
    if change.op == "move":
        where = full_path(change.moved_from)
        return style(_DIM, _("↷ %(path)s から移動: ", path=where)) + (change.new or "")
    parts = []
    for segment in change.segments:
        text = segment.text
        if segment.op == EQUAL:
            parts.append(text)
            continue
        # A table's row breaks stay outside the marks: [-a row-] on its line, never a lone -].
        body = text.strip("\n")
        if not body:
            parts.append(text)
            continue
        start = text.index(body)
        lead, tail = text[:start], text[start + len(body) :]
        if segment.op == DELETE:
            parts.append(lead + style(_RED, f"[-{body}-]") + tail)
        elif segment.op == INSERT:
            parts.append(lead + style(_GREEN, f"{{+{body}+}}") + tail)
    prefix = {"insert": "+ ", "delete": "- ", "replace": "~ "}[change.op]
    return prefix + "".join(parts).rstrip()


def statement_move_notes(change: BlockChange) -> list[str]:
    """「…」は X へ移動 / から移動: the sentences and rows of a block that went to, or came from,
    another section (the same words the compare page shows)."""
    notes = []
    for move in change.moved_statements:
        words = {"text": short_statement(move.text), "path": full_path(move.section)}
        notes.append(_("「%(text)s」は %(path)s へ移動", **words) if move.direction == "to"
                     else _("「%(text)s」は %(path)s から移動", **words))
    return notes


def figure_line(q: QuantityChange, path: str | None = None) -> str:
    """One line a reviewer reads: ``path: area › section › subsection — context: 約26% → 約25% (−1 pt)``."""
    where = full_path(q.section)
    old = q.old.text if q.old else "—"
    new = q.new.text if q.new else "—"
    note = NOTE_MARK if q.in_footnote and not q.context.endswith(NOTE_MARK) else ""
    delta = f" ({q.delta})" if q.delta else ("" if q.status == "changed" else f" ({figure_status_word(q.status)})")
    prefix = f"{path}: " if path else ""
    return f"{prefix}{where} — {q.context}{note}: {old} → {new}{delta}"


def finding_message(finding: Finding) -> str:
    """A stale or contradictory figure in the interface language; the finding's own
    ``message`` stays English, as the JSON carries it."""
    first, second = finding.first, finding.second
    where = {
        "context": finding.context, "first": first.quantity.text, "first_section": " › ".join(first.section),
        "second": second.quantity.text, "second_section": " › ".join(second.section),
    }
    if finding.kind == "stale":
        return _("%(context)s: %(first_section)s で %(first)s に変わったが、%(second_section)s には %(second)s が残っている", **where)
    if finding.kind == "contradiction":
        return _("%(context)s: %(first)s（%(first_section)s）と %(second)s（%(second_section)s）が食い違う", **where)
    return finding.message


def figure_table(
    quantities: list[QuantityChange], style: _Style | None = None, width: int = DEFAULT_WIDTH, complete: bool = True,
) -> list[str]:
    """Changed figures grouped under their full section path; values are never clipped or split.
    ``complete=False`` (a comparison cut short): the list covers the compared sections only."""
    style = style or _Style(False)
    if not quantities:
        if not complete:
            return [_("比較した節には変更された数値はありません。比較していない節の数値は確かめていません。")]
        return [_("変更された数値はありません。")]
    groups: dict[str, list[list[str]]] = {}
    for q in quantities:
        groups.setdefault(full_path(q.section), []).append([
            figure_status_word(q.status) + (" (注)" if q.in_footnote else ""), q.context,
            q.old.text if q.old else "—", "→", q.new.text if q.new else "—", q.delta,
        ])
    if complete:
        heading = _("変更された数値（%(n)s件）", n=len(quantities))
    else:
        heading = _("変更された数値（%(n)s件、比較した節のみ。一覧は不完全です）", n=len(quantities))
    return [style(_BOLD, heading)] + grouped_table(groups, width, clip_column=1, style=style)


def grouped_table(
    groups: dict[str, list[list[str]]], width: int, clip_column: int, style: _Style | None = None,
) -> list[str]:
    """Rows under a heading per group, aligned across groups. Only ``clip_column`` (free text
    such as a context) is shortened to fit ``width``; every other cell is printed whole."""
    style = style or _Style(False)
    rows = [row for group in groups.values() for row in group]
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    others = sum(w for i, w in enumerate(widths) if i != clip_column) + 2 * (len(widths) - 1) + 2
    widths[clip_column] = max(_MIN_CONTEXT, min(widths[clip_column], width - others))
    out: list[str] = []
    for heading, group in groups.items():
        out += wrap(style(_BOLD, heading), width, "  ")
        for row in group:
            cells = [clip(cell, widths[i]) if i == clip_column else cell for i, cell in enumerate(row)]
            out.append("  " + "  ".join(pad(c, widths[i]) for i, c in enumerate(cells)).rstrip())
    return out


def wrapped_table(
    headers: list[str], rows: list[list[str]], width: int, wrap_column: int, clip_columns: dict[int, int] | None = None,
) -> list[str]:
    """A table whose ``wrap_column`` (a long section path) wraps inside its own column, so the
    table fits ``width``; free text in ``clip_columns`` is shortened to the given width; every
    other cell (values, revisions) stays whole on the row's first line."""
    limits = clip_columns or {}
    table = [headers] + [[clip(c, limits[i]) if i in limits else c for i, c in enumerate(r)] for r in rows]
    widths = [max(display_width(r[i]) for r in table) for i in range(len(headers))]
    others = sum(w for i, w in enumerate(widths) if i != wrap_column) + 2 * (len(widths) - 1)
    widths[wrap_column] = max(16, min(widths[wrap_column], width - others))
    out = []
    for row in table:
        parts = wrap(row[wrap_column], widths[wrap_column])
        for number, part in enumerate(parts):
            cells = [part if i == wrap_column else (cell if number == 0 else "") for i, cell in enumerate(row)]
            out.append("  ".join(pad(c, widths[i]) for i, c in enumerate(cells)).rstrip())
    return out


def display_width(text: str) -> int:
    """Columns a terminal uses: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in _ANSI.sub("", text))


def clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    while text and display_width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Break a line at ``width`` display columns (CJK counts 2), colour codes taking none.

    Latin words are not cut when a space allows a break; Japanese breaks between any
    two characters, as Japanese typesetting does. A newline in ``text`` (a table's row
    break) starts a new line at ``indent``.
    """
    lines: list[str] = []
    current, used, last_space = "", 0, -1
    position = 0
    while position < len(text):
        escape = _ANSI.match(text, position)
        if escape:
            current += escape.group()
            position = escape.end()
            continue
        char = text[position]
        if char == "\n":
            lines.append(current.rstrip())
            current, used, last_space = indent, len(indent), -1
            position += 1
            continue
        char_width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + char_width > width and current.strip():
            carry = 1 if char in _NO_LINE_START and display_width(current) > len(indent) + 2 else 0
            current, used, last_space = _break(current, last_space, lines, indent, carry, min(_LATIN_WORD, width // 3))
        if char == " ":
            last_space = len(current)
        current += char
        used = display_width(current)
        position += 1
    lines.append(current)
    return lines


def _break(current: str, last_space: int, lines: list[str], indent: str, carry: int, word: int) -> tuple[str, int, int]:
    """Close the current line at the last space when there is one on it, else right here;
    ``carry`` characters move down so that a line never starts with 。、) (kinsoku)."""
    tail = current[last_space + 1 :] if last_space > len(indent) else ""
    if tail and display_width(tail) <= word:
        head = current[:last_space]
    elif carry:
        head, tail = current[:-carry], current[-carry:]
    else:
        head, tail = current, ""
    lines.append(head.rstrip())
    rest = indent + tail
    return rest, display_width(rest), -1


# Names the store's table printer imports.
_width, _pad, _clip = display_width, pad, clip
