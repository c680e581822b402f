"""The rows of a 新旧対照表 as plain data, shared by the Word and Excel exports.

A ``Comparison`` already holds every aligned block with its redline segments; this
module only arranges them as a ministry-style table: one heading row per section
(its full area path), one row per changed block with an old and a new cell made of
runs (a run is underlined — 傍線 — exactly where the text changed), added and
deleted blocks marked 〔新設〕/〔削除〕, footnote blocks as notes. Nothing is diffed
again here. Which side stands left is the renderers' business (``Columns``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from versiondiff.compare.align import Node
from versiondiff.compare.blocks import CELL_BREAK, ROW_BREAK
from versiondiff.compare.budget import NOT_COMPARED
from versiondiff.compare.engine import BlockChange, Comparison, QuantityChange, SectionChange
from versiondiff.compare.redline import DELETE, EQUAL, INSERT, Segment
from versiondiff.compare.tokens import Token, tokenize
from versiondiff.errors import VersiondiffError
from versiondiff.i18n import N_
from versiondiff.normalize.inline import compact_key
from versiondiff.render.areas import short_statement
from versiondiff.render.respell import Speller

ORDERS = ("new-old", "old-new")
DEFAULT_LABELS = ("改正後", "改正前")  # (new, old): the usual headings of a 新旧対照表
LABEL_SETS = {"shinkyu": ("新", "旧"), "kaisei": ("改正後", "改正前"), "shusei": ("修正案", "原案"), "revision": ("", "")}
LEGEND = "（傍線部分は改正部分）"
ADDED, DELETED, OMITTED = "（新設）", "（削除）", "（略）"
PATH_SEPARATOR = " › "
_MAX_LABEL = 40


class ExportError(VersiondiffError):
    """An export was asked for with options that cannot be met (unknown area, bad labels...)."""


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Run:
    """A stretch of one cell's text; ``changed`` runs are underlined.

    A footnote reference is its own run: ``note`` is the footnote's number, ``text``
    the footnote's text (for a tooltip or comment), shown as a superscript mark.
    """

    text: str
    changed: bool = False
    note: str | None = None


@dataclass
class Cell:
    runs: list[Run] = field(default_factory=list)
    marker: str = ""  # （新設）/（削除） where this side has no text, or a note on a moved block
    label: str = ""  # 注n of a footnote block on this side (numbering differs between revisions)
    # An edited table's rows of cells of runs, for a writer that can show a grid (Word); the
    # runs above hold the same text as lines, for one that cannot (Excel).
    grid: list[list[list[Run]]] = field(default_factory=list)


@dataclass
class TableRow:
    """A heading row (``heading`` set, spanning both columns) or a block row."""

    old: Cell = field(default_factory=Cell)
    new: Cell = field(default_factory=Cell)
    heading: str = ""
    level: int = 0  # depth of a heading's section, 1 = an area
    op: str = ""  # insert | delete | replace | move | omitted for a block row
    note: bool = False  # a footnote block: shown as a note, smaller, after its label
    figures: int = 0

    @property
    def is_heading(self) -> bool:
        return bool(self.heading)

    @property
    def is_note(self) -> bool:
        return self.note

    def cells(self, columns: Columns) -> tuple[Cell, Cell]:
        return (self.new, self.old) if columns.order == "new-old" else (self.old, self.new)


@dataclass(frozen=True)
class Side:
    """One revision as the title block and the column header name it."""

    label: str  # 改正後 / 改正前, 新 / 旧, 修正案 / 原案...
    revision: str = ""  # the store's revision label, e.g. r2
    date: str = ""

    @property
    def caption(self) -> str:
        """``r2　2026-05-20``: what identifies the revision under its label."""
        return "　".join(part for part in (self.revision, self.date) if part)


@dataclass(frozen=True)
class Columns:
    new: Side
    old: Side
    order: str = "new-old"

    @property
    def sides(self) -> tuple[Side, Side]:
        """(left, right)."""
        return (self.new, self.old) if self.order == "new-old" else (self.old, self.new)


def make_columns(labels: tuple[str, str], new: tuple[str, str], old: tuple[str, str], order: str) -> Columns:
    """Columns from (new label, old label) and each revision's (name, date).

    An empty label (the ``revision`` set) names the column by its revision instead.
    """
    sides = []
    for label, (name, date) in zip(labels, (new, old), strict=True):
        sides.append(Side(label, name, date) if label else Side(name, "", date))
    return Columns(sides[0], sides[1], order)


@dataclass(frozen=True)
class TableSpec:
    """Everything a renderer needs besides the rows: the title block and the columns."""

    title: str
    columns: Columns
    scope: str = ""  # the area exported, or 変更のある部分のみ; empty for the whole document


@dataclass(frozen=True)
class FigureRow:
    """One changed figure: where, what it measures, old and new value, difference."""

    area_path: str
    context: str
    old: str
    new: str
    delta: str
    status: str  # 変更 | 追加 | 削除, with （注） for a figure in a footnote


@dataclass
class Table:
    spec: TableSpec
    rows: list[TableRow]
    figures: list[FigureRow] = field(default_factory=list)


# ---------------------------------------------------------------- options


def parse_order(value: str | None) -> str:
    order = (value or "new-old").strip()
    if order not in ORDERS:
        raise ExportError(N_("列の順は %(choices)s のいずれかです（指定: %(value)s）"), choices=", ".join(ORDERS), value=repr(order))
    return order


def parse_labels(value: str | None) -> tuple[str, str]:
    """``改正後,改正前`` or a named set → (new label, old label), whatever order the columns take.

    The named sets are the compare page's (``shinkyu`` 新/旧, ``kaisei`` 改正後/改正前,
    ``shusei`` 修正案/原案, ``revision``: the revision labels themselves, given as empty).
    """
    if not value:
        return DEFAULT_LABELS
    if value in LABEL_SETS:
        return LABEL_SETS[value]
    parts = [p.strip() for p in re.split(r"[,、，]", value)]
    if len(parts) != 2 or not all(parts) or any(len(p) > _MAX_LABEL or not p.isprintable() for p in parts):
        raise ExportError(
            N_("見出しは新・旧の順に二つの名前で指定します（例: 改正後,改正前。指定: %(value)s）"), value=repr(value),
        )
    return parts[0], parts[1]


# ---------------------------------------------------------------- building the rows


def build_table(
    comparison: Comparison, title: str, columns: Columns, *, area: str | None = None, changed_only: bool = False,
    old_source: str | None = None, new_source: str | None = None,
) -> Table:
    """The rows of the whole document, of one area (``N`` or a title), or of changed sections only.

    With the revisions' source texts, every cell is spelled with the author's own characters.
    """
    spellers = _Spellers(old_source, new_source)
    areas = _Areas(comparison.sections)
    chosen = select_area(areas, area) if area is not None else None
    rows: list[TableRow] = []
    if chosen is None and comparison.preamble:
        rows.append(TableRow(heading="（前文）", level=1))
        rows += [_block_row(change, None, spellers) for change in comparison.preamble]
    for section in comparison.sections:
        if chosen is not None and areas.of(section) != chosen:
            continue
        if changed_only and not _has_changes(section):
            continue
        rows += section_rows(section, spellers)
    scope = [PATH_SEPARATOR.join(areas.root_path(chosen))] if chosen is not None else []
    if changed_only:
        scope.append("変更のある部分のみ")
    if comparison.limit is not None:  # cut short by the time limit: the title block says so
        scope.append(f"〔比較は時間の上限（{comparison.limit.seconds_text}秒）で打ち切り：〔未比較〕の節は比較しておらず、数値の一覧は不完全〕")
    figures = [_figure_row(q) for q in comparison.quantities if chosen is None or areas.of_figure(q) == chosen]
    spec = TableSpec(_respell(title, spellers.new), columns, "　".join(scope))
    return Table(spec, rows, figures)


_STATUS = {"changed": "変更", "added": "追加", "removed": "削除"}


def _figure_row(change: QuantityChange) -> FigureRow:
    return FigureRow(
        area_path=PATH_SEPARATOR.join(change.section) or "（前文）",
        context=change.context,
        old=change.old.text if change.old else "",
        new=change.new.text if change.new else "",
        delta=change.delta,
        status=_STATUS.get(change.status, change.status) + ("（注）" if change.in_footnote else ""),
    )


def section_rows(section: SectionChange, spellers: _Spellers | None = None) -> list[TableRow]:
    spellers = spellers or _Spellers(None, None)
    rows = [_heading_row(section, spellers)]
    rows += [_block_row(change, section, spellers) for change in section.changes]
    if section.status in ("added", "deleted"):
        # The heading row says 〔新設〕/〔削除〕 once; the empty side of each row stays empty.
        for row in rows[1:]:
            row.old.marker = "" if not row.old.runs else row.old.marker
            row.new.marker = "" if not row.new.runs else row.new.marker
    node = section.new or section.old
    # （略） says "unchanged"; a section not compared is only its heading, marked 〔未比較〕.
    if not section.changes and node is not None and node.section.blocks and section.status != NOT_COMPARED:
        rows.append(TableRow(old=Cell(marker=OMITTED), new=Cell(marker=OMITTED), op="omitted"))
    return rows


def _has_changes(section: SectionChange) -> bool:
    return section.status != "unchanged" or section.match.moved or bool(section.changes)


def _heading_row(section: SectionChange, spellers: _Spellers) -> TableRow:
    node = section.new or section.old
    speller = spellers.new if section.new else spellers.old
    text = PATH_SEPARATOR.join(_respell(part, speller) for part in node.path) if node else ""
    if section.status == NOT_COMPARED:
        text += "　〔未比較〕"
    elif section.status == "added":
        text += "　〔新設〕"
    elif section.status == "deleted":
        text += "　〔削除〕"
    if section.renamed and section.old:
        text += f"　〔旧見出し：{_respell(section.old.section.heading, spellers.old)}〕"
    if section.match.moved:
        text += "　〔移動〕"
    return TableRow(heading=text, level=len(node.path) if node else 1)


def _block_row(change: BlockChange, section: SectionChange | None, spellers: _Spellers) -> TableRow:
    old_notes = section.old.footnotes if section and section.old else {}
    new_notes = section.new.footnotes if section and section.new else {}
    new_runs = _respell_runs(_new_side_runs(change.segments, new_notes), spellers.new)
    old_runs = _respell_runs(_old_side_runs(change, old_notes), spellers.old)
    row = TableRow(old=Cell(old_runs), new=Cell(new_runs), op=change.op, figures=change.figures)
    for move in change.moved_statements:  # a sentence or row that went to, or came from, another section
        text, path = short_statement(move.text), PATH_SEPARATOR.join(move.section)
        if move.direction == "to":
            row.old.marker += f"〔「{text}」は {path} へ移動〕"
        else:
            row.new.marker += f"〔「{text}」は {path} から移動〕"
    if change.kind == "table" and change.op != "move":
        row.new.grid = [[_respell_runs(runs, spellers.new) for runs in cells] for cells in _table_grid(change.segments, new_notes, new=True)]
        row.old.grid = [[_respell_runs(runs, spellers.old) for runs in cells] for cells in _table_grid(change.segments, old_notes, new=False)]
    if change.op == "move":
        # A moved block is unchanged text in a new place: both sides plain, the origin named.
        origin = PATH_SEPARATOR.join(_respell(part, spellers.old) for part in change.moved_from or ())
        row.new.marker = f"〔{origin} から移動〕"
    elif change.op == "insert":
        row.old.marker = ADDED
    elif change.op == "delete":
        row.new.marker = DELETED
    if change.kind == "footnote" and section is not None:
        row.note = True
        row.old.label = _footnote_label(section.old, change.old) if row.old.runs else ""
        row.new.label = _footnote_label(section.new, change.new) if row.new.runs else ""
    return row


def _table_grid(segments: list[Segment], notes: dict[str, str], *, new: bool) -> list[list[list[Run]]]:
    """One side of an edited table as rows of cells of runs, cut at its cell and row breaks
    (by key: a comparison read back from the cache holds copies of the break tokens)."""
    rows: list[list[list[Run]]] = []
    cells: list[list[Run]] = [[]]
    for segment in segments:
        if segment.op == (DELETE if new else INSERT):
            continue
        tokens = segment.old_tokens if not new and segment.old_tokens is not None else segment.tokens
        for token in tokens:
            if token.key == CELL_BREAK.key:
                cells.append([])
            elif token.key == ROW_BREAK.key:
                rows.append(cells[:-1] if not cells[-1] else cells)
                cells = [[]]
            else:
                _append(cells[-1], _run(token, segment.op != EQUAL, notes))
    if any(cells):
        rows.append(cells)
    return [[_unmark_trailing_space(runs) for runs in row] for row in rows]


def _new_side_runs(segments: list[Segment], new_notes: dict[str, str]) -> list[Run]:
    """Equal and inserted tokens are the new block's own tokens, spaces included."""
    runs: list[Run] = []
    for segment in segments:
        if segment.op == DELETE:
            continue
        for token in segment.tokens:
            _append(runs, _run(token, segment.op == INSERT, new_notes))
    return _unmark_trailing_space(runs)


def _old_side_runs(change: BlockChange, old_notes: dict[str, str]) -> list[Run]:
    """The old block's own tokens, marked where the redline deleted them.

    Equal segments carry the new side's tokens (a figure respelled 7,300億円 → 0.73兆円,
    a renumbered footnote compare equal), but the old column must show the old text as
    written. The redline's old-side tokens (equal and deleted, whitespace aside) stand
    one for one with the keyed tokens of the old text, so the old text is tokenized
    again — the same tokenizer, no new diff — and each token takes its segment's mark.
    """
    if change.old is None:
        return []
    if change.op == "move":
        return _plain_runs(tokenize(change.old, old_notes), old_notes)
    marks = [segment.op == DELETE for segment in change.segments if segment.op != INSERT
             for token in segment.tokens if token.key]
    tokens = tokenize(change.old, old_notes)
    if sum(1 for t in tokens if t.key) != len(marks):  # a table block: tokens built per cell
        return _fallback_old_runs(change.segments, old_notes)
    runs: list[Run] = []
    flags = iter(marks)
    for token in tokens:
        # A space between two deleted tokens belongs to the deletion; elsewhere it is plain.
        changed = next(flags) if token.key else bool(runs) and runs[-1].changed
        _append(runs, _run(token, changed, old_notes))
    return _unmark_trailing_space(runs)


def _plain_runs(tokens: list[Token], notes: dict[str, str]) -> list[Run]:
    runs: list[Run] = []
    for token in tokens:
        _append(runs, _run(token, False, notes))
    return runs


def _fallback_old_runs(segments: list[Segment], old_notes: dict[str, str]) -> list[Run]:
    runs: list[Run] = []
    for segment in segments:
        if segment.op != INSERT:
            for token in segment.tokens:
                _append(runs, _run(token, segment.op == DELETE, old_notes))
    return runs


def _unmark_trailing_space(runs: list[Run]) -> list[Run]:
    """A changed run's trailing whitespace was borrowed from the gap after it: not underlined."""
    out: list[Run] = []
    for run in runs:
        stripped = run.text.rstrip()
        if run.changed and run.note is None and stripped and stripped != run.text:
            _append(out, Run(stripped, True))
            _append(out, Run(run.text[len(stripped):], False))
        else:
            _append(out, run)
    return out


class _Spellers:
    def __init__(self, old_source: str | None, new_source: str | None):
        self.old = Speller(old_source) if old_source else None
        self.new = Speller(new_source) if new_source else None


def _respell(text: str, speller: Speller | None) -> str:
    return speller.respell(text) if speller else text


def _respell_runs(runs: list[Run], speller: Speller | None) -> list[Run]:
    """Respell the text between footnote marks as one string, then cut it where the runs were."""
    if speller is None:
        return runs
    out: list[Run] = []
    piece: list[Run] = []

    def flush() -> None:
        text = speller.respell("".join(run.text for run in piece))
        at = 0
        for run in piece:
            out.append(Run(text[at : at + len(run.text)], run.changed))
            at += len(run.text)
        piece.clear()

    for run in runs:
        if run.note is None:
            piece.append(run)
            continue
        flush()
        out.append(run)
    flush()
    return out


def _run(token: Token, changed: bool, notes: dict[str, str]) -> Run:
    if token.footnote:
        return Run(notes.get(token.footnote) or token.note or "", changed, token.footnote)
    return Run(token.text, changed)


def _append(runs: list[Run], run: Run) -> None:
    """Merge a run into the previous one when both are plain text with the same marking."""
    if runs and run.note is None and runs[-1].note is None and runs[-1].changed == run.changed:
        runs[-1] = Run(runs[-1].text + run.text, run.changed)
    else:
        runs.append(run)


def _footnote_label(node: Node | None, text: str | None) -> str:
    """注n of a footnote block, numbered as on its own side (a moved one may be elsewhere: 注)."""
    if node is None or text is None:
        return "注"
    number = next((b.label for b in node.section.blocks if b.kind == "footnote" and b.text == text), "")
    return f"注{number}" if number else "注"


# ---------------------------------------------------------------- areas


class _Areas:
    """Which top-level section (area) every section belongs to, on either side."""

    def __init__(self, sections: list[SectionChange]):
        self.roots = [s for s in sections if len(s.path) == 1]
        self._by_title: dict[tuple[str, str], int] = {}
        for index, root in enumerate(self.roots):
            if root.old:
                self._by_title[("old", root.old.path[0])] = index
            if root.new:
                self._by_title[("new", root.new.path[0])] = index

    def root_path(self, index: int) -> tuple[str, ...]:
        root = self.roots[index]
        return (root.new or root.old).path  # type: ignore[union-attr]

    def of(self, section: SectionChange) -> int | None:
        if section.new:
            return self._by_title.get(("new", section.new.path[0]))
        return self._by_title.get(("old", section.old.path[0])) if section.old else None

    def of_figure(self, change: QuantityChange) -> int | None:
        if change.new_section:
            return self._by_title.get(("new", change.new_section[0]))
        return self._by_title.get(("old", change.old_section[0])) if change.old_section else None


def select_area(areas: _Areas, query: str) -> int:
    """An area by its number as written (``5`` for ``5. 自動運転技術``) or by its title."""
    query = query.strip()
    if not query:
        raise ExportError(N_("分野を番号か表題で指定してください"))
    if query.isdigit():
        for index, root in enumerate(areas.roots):
            if any(node is not None and node.section.number.rstrip(".．") == query for node in (root.new, root.old)):
                return index
        if not any(node and node.section.number for r in areas.roots for node in (r.new, r.old)):
            position = int(query) - 1
            if 0 <= position < len(areas.roots):
                return position
        raise ExportError(
            N_("番号 %(number)s の分野はありません（この表の分野は %(count)s 個です）"), number=query, count=len(areas.roots),
        )
    key = compact_key(query)
    exact = [i for i, r in enumerate(areas.roots) if key in _title_keys(r)]
    if exact:
        return exact[0]
    partial = [i for i, r in enumerate(areas.roots) if any(key in k for k in _title_keys(r))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise ExportError(
            N_("%(query)s に合う分野が %(count)s 個あります。表題をもっと詳しく書くか、番号で指定してください"),
            count=len(partial), query=repr(query),
        )
    raise ExportError(N_("表題が %(query)s の分野はありません"), query=repr(query))


def _title_keys(root: SectionChange) -> set[str]:
    return {node.title_key for node in (root.new, root.old) if node is not None}
