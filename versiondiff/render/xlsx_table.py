"""Excel (.xlsx) 新旧対照表 for offices that work in spreadsheets.

Sheet 「新旧対照表」: a title block, then the same two columns as the Word export
(new left by default), changed text underlined through rich text (one text block per
run), wrapped cells, a frozen header row that also prints on every page, A4 landscape.
Sheet 「数値の変更」: every changed figure with its area path, context, old and new
value, difference and status.

Document text is data: every text cell is stored as a string, and one that starts
like a formula (= + - @) also gets Excel's quote prefix, so no spreadsheet runs it.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from versiondiff.render.table_rows import LEGEND, Cell, Run, Table, TableRow

FONT = "ＭＳ 明朝"
_COLUMN_WIDTH = 80  # characters: two columns fill an A4 landscape page at the print scale
_FIGURE_WIDTHS = (48, 40, 16, 16, 16, 10)
_FORMULA_START = ("=", "+", "-", "@")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEADING_FILL = PatternFill("solid", fgColor="EDEDED")
_TITLE_ROWS = 4  # title, document title / scope, revisions, legend


def render_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    _taisho_sheet(workbook.active, table)
    _figures_sheet(workbook.create_sheet("数値の変更"), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_text(cell: SheetCell, value: str) -> None:
    """Store document text as a string, never as a formula."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


# ---------------------------------------------------------------- 新旧対照表


def _taisho_sheet(sheet: Worksheet, table: Table) -> None:
    sheet.title = "新旧対照表"
    spec = table.spec
    write_text(sheet.cell(1, 1), "新旧対照表")
    sheet.cell(1, 1).font = Font(name=FONT, size=14, bold=True)
    write_text(sheet.cell(2, 1), "　".join(part for part in (spec.title, spec.scope) if part))
    left, right = spec.columns.sides
    write_text(sheet.cell(3, 1), "　　".join(f"{s.label}：{s.caption}" if s.caption else s.label for s in (left, right)))
    write_text(sheet.cell(4, 2), LEGEND)
    sheet.cell(4, 2).alignment = Alignment(horizontal="right")
    header = _TITLE_ROWS + 1
    for column, side in enumerate((left, right), start=1):
        cell = sheet.cell(header, column)
        write_text(cell, f"{side.label}\n{side.caption}" if side.caption else side.label)
        cell.font = Font(name=FONT, bold=True)
        cell.fill, cell.border = _HEADER_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(table.rows, start=header + 1):
        _write_row(sheet, number, row, table)
    for letter in ("A", "B"):
        sheet.column_dimensions[letter].width = _COLUMN_WIDTH
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    _page_setup(sheet, f"{header}:{header}")


def _write_row(sheet: Worksheet, number: int, row: TableRow, table: Table) -> None:
    if row.is_heading:
        cell = sheet.cell(number, 1)
        write_text(cell, row.heading)
        cell.font = Font(name=FONT, bold=row.level <= 2)
        cell.fill, cell.alignment = _HEADING_FILL, _WRAP
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=2)
        for column in (1, 2):
            sheet.cell(number, column).border = _BOX
        return
    for column, side in enumerate(row.cells(table.spec.columns), start=1):
        cell = sheet.cell(number, column)
        _write_cell(cell, side, row)
        cell.alignment, cell.border = _WRAP, _BOX


def _write_cell(cell: SheetCell, side: Cell, row: TableRow) -> None:
    size = 9 if row.is_note else 10.5
    prefix = side.marker + (f"（{side.label}）" if side.label else "")
    if not any(run.changed for run in side.runs):
        write_text(cell, prefix + "".join(_run_text(run) for run in side.runs))
        cell.font = Font(name=FONT, size=size)
        return
    plain = InlineFont(rFont=FONT, sz=size)
    underlined = InlineFont(rFont=FONT, sz=size, u="single")
    blocks: list[TextBlock | str] = [TextBlock(plain, prefix)] if prefix else []
    blocks += [TextBlock(underlined if run.changed else plain, _run_text(run)) for run in side.runs if _run_text(run)]
    cell.value = CellRichText(blocks)  # rich text is always stored as a string...
    cell.quotePrefix = str(cell.value).startswith(_FORMULA_START)  # ...and shown as typed text


def _run_text(run: Run) -> str:
    return f"（注{run.note}）" if run.note is not None else run.text


# ---------------------------------------------------------------- changed figures


def _figures_sheet(sheet: Worksheet, table: Table) -> None:
    columns = table.spec.columns
    headings = ("区分", "対象", f"{columns.old.label}", f"{columns.new.label}", "差", "状態")
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(1, column)
        write_text(cell, heading)
        cell.font = Font(name=FONT, bold=True)
        cell.fill, cell.border = _HEADER_FILL, _BOX
    for number, figure in enumerate(table.figures, start=2):
        values = (figure.area_path, figure.context, figure.old, figure.new, figure.delta, figure.status)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column)
            write_text(cell, value)
            cell.font, cell.alignment, cell.border = Font(name=FONT), _WRAP, _BOX
    for index, width in enumerate(_FIGURE_WIDTHS):
        sheet.column_dimensions["ABCDEF"[index]].width = width
    sheet.freeze_panes = "A2"
    _page_setup(sheet, "1:1")


def _page_setup(sheet: Worksheet, title_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_margins.left = sheet.page_margins.right = 0.6
