"""Word (.docx) 新旧対照表 as drafting offices hand it in.

A4 landscape; a title block (title, both revisions with their dates, the legend
「傍線部分は改正部分」); one two-column table whose header row repeats on every page
(``w:tblHeader``); section headings as rows spanning both columns with their full
area path; changed text underlined (傍線) run by run; ``n / N`` page numbers from
PAGE and NUMPAGES fields. Rows come from ``table_rows``; nothing is diffed here.

The table is written through python-docx's oxml layer row by row rather than with
``Table.add_row``/``Cell.merge`` (which search the table on every call), so the
whole corpus pair — thousands of rows — stays linear in time and memory.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from versiondiff.render.table_rows import LEGEND, Cell, Run, Table, TableRow

DEFAULT_FONT = "ＭＳ 明朝"  # the name Word knows MS Mincho by (full-width ＭＳ)
# Named as the alternative in the font table (w:altName) for Word without MS fonts;
# LibreOffice ignores it but follows the font's family (roman, charset 80) to a serif
# Japanese face, which is Noto Serif CJK JP on a Debian with fonts-noto-cjk.
FALLBACK_FONT = "Noto Serif CJK JP"
PAGE_WIDTH, PAGE_HEIGHT = Mm(297), Mm(210)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(20), Mm(18), Mm(18)
BODY_SIZE, NOTE_SIZE, HEADER_SIZE = Pt(10.5), Pt(9), Pt(10.5)
NOTE_STYLE, NOTE_STYLE_ID = "Taisho Note", "TaishoNote"  # footnote rows
_HEADER_FILL, _AREA_FILL, _HEADING_FILL = "D9D9D9", "EDEDED", "F7F7F7"


def render_docx(table: Table, *, font: str = DEFAULT_FONT) -> bytes:
    document = new_document()
    _set_fonts(document, font)
    _set_page(document)
    _title_block(document, table)
    _table(document, table)
    _page_header_and_footer(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- page and fonts


def _set_page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Mm(8)


def _set_fonts(document: Document, font: str) -> None:
    """Explicit fonts in the document defaults: the template's theme fonts would win otherwise."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)
    r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "ja-JP")
    for size_tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(size_tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    note = document.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = NOTE_SIZE
    _declare_font(document, font)


def _declare_font(document: Document, font: str) -> None:
    """Name a fallback for the Japanese font in the font table (Word's w:altName).

    python-docx keeps the font table as an opaque part, so its bytes are rewritten here.
    """
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    entry = next((f for f in root.findall(qn("w:font")) if f.get(qn("w:name")) == font), None)
    if entry is None:
        entry = etree.SubElement(root, qn("w:font"))
        entry.set(qn("w:name"), font)
        for tag, value in (("w:charset", "80"), ("w:family", "roman"), ("w:pitch", "variable")):
            etree.SubElement(entry, qn(tag)).set(qn("w:val"), value)
    for old in entry.findall(qn("w:altName")):
        entry.remove(old)
    alt = etree.Element(qn("w:altName"))
    alt.set(qn("w:val"), FALLBACK_FONT)
    entry.insert(0, alt)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- title block


def _title_block(document: Document, table: Table) -> None:
    spec = table.spec
    _centered(document, "新旧対照表", Pt(16), bold=True)
    if spec.title:
        _centered(document, spec.title, Pt(12))
    if spec.scope:
        _centered(document, spec.scope, Pt(11))
    left, right = spec.columns.sides
    revisions = "　　".join(f"{side.label}：{side.caption}" if side.caption else side.label for side in (left, right))
    _centered(document, revisions, Pt(10.5))
    legend = document.add_paragraph()
    legend.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    legend.add_run(LEGEND).font.size = Pt(10.5)


def _centered(document: Document, text: str, size: Pt, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = size, bold
    paragraph.paragraph_format.space_after = Pt(4)
    return paragraph


# ---------------------------------------------------------------- the table


def _table(document: Document, table: Table) -> None:
    width = Emu(PAGE_WIDTH - 2 * MARGIN_SIDE)
    column = Emu(width // 2)
    grid = document.add_table(rows=0, cols=2)
    grid.style = document.styles["Table Grid"]
    tbl = grid._tbl
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    for col in tbl.tblGrid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(column.twips))
    _header_row(tbl, table, column)
    for row in table.rows:
        if row.is_heading:
            _heading_row(tbl, row, width)
        else:
            _block_row(tbl, row, table, column)


def _header_row(tbl, table: Table, column) -> None:  # noqa: ANN001
    tr = _new_row(tbl)
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every page
    tr_pr.append(OxmlElement("w:cantSplit"))
    for side in table.spec.columns.sides:
        paragraph = _new_cell(tr, column, fill=_HEADER_FILL)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(side.label)
        run.font.bold, run.font.size = True, HEADER_SIZE
        if side.caption:
            run.add_break()  # the revision and its date on a line of their own
            paragraph.add_run(side.caption).font.size = NOTE_SIZE


def _heading_row(tbl, row: TableRow, width) -> None:  # noqa: ANN001
    tr = _new_row(tbl)
    tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    fill = _AREA_FILL if row.level <= 1 else _HEADING_FILL
    paragraph = _new_cell(tr, width, fill=fill, span=2)
    paragraph.paragraph_format.keep_with_next = True  # never a heading alone at a page's foot
    run = paragraph.add_run(row.heading)
    run.font.bold = row.level <= 2


def _block_row(tbl, row: TableRow, table: Table, column) -> None:  # noqa: ANN001
    tr = _new_row(tbl)
    for cell in row.cells(table.spec.columns):
        paragraph = _new_cell(tr, column)
        _fill_cell(paragraph, cell, row)
        if cell.grid:
            _nested_table(paragraph, cell.grid, column)


def _fill_cell(paragraph: Paragraph, cell: Cell, row: TableRow) -> None:
    # Sizes come from styles (body: the document default; notes: NOTE_STYLE), not from
    # each run: smaller files, and an office can restyle every note at once.
    if row.is_note:
        paragraph._p.style = NOTE_STYLE_ID
    if row.op == "omitted":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cell.marker:
        paragraph.add_run(cell.marker)
    if cell.label:
        paragraph.add_run(f"（{cell.label}）")
    if cell.grid:
        return  # an edited table: its grid follows (_nested_table)
    for run in cell.runs:
        _add_run(paragraph, run)


def _nested_table(paragraph: Paragraph, grid: list[list[list[Run]]], width) -> None:  # noqa: ANN001
    """An edited table as a table inside its cell, its header row shaded, changed text
    underlined cell by cell; Word wants a paragraph after a table that ends a cell."""
    tc = paragraph._p.getparent()
    columns = max((len(row) for row in grid), default=1) or 1
    inner = Emu((width - Mm(4)) // columns)
    tbl = OxmlElement("w:tbl")
    tbl_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    tbl_pr.append(borders)
    tbl.append(tbl_pr)
    tbl_grid = OxmlElement("w:tblGrid")
    for _ in range(columns):
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(inner.twips))
        tbl_grid.append(col)
    tbl.append(tbl_grid)
    for index, cells in enumerate(grid):
        tr = _new_row(tbl)
        for runs in cells + [[]] * (columns - len(cells)):  # a short row keeps the grid whole
            cell_paragraph = _new_cell(tr, inner, fill=_HEADER_FILL if index == 0 else None)
            for run in runs:
                _add_run(cell_paragraph, run)
    if not paragraph._p.xpath("./w:r"):
        tc.remove(paragraph._p)  # no marker or label above the grid: no empty line either
    tc.append(tbl)
    tc.append(OxmlElement("w:p"))


def _add_run(paragraph: Paragraph, run: Run) -> None:
    if run.note is not None:
        added = paragraph.add_run(f"注{run.note}")
        added.font.superscript = True
    else:
        added = paragraph.add_run(run.text)
    if run.changed:
        added.font.underline = True


def _new_row(tbl):  # noqa: ANN001, ANN202
    tr = OxmlElement("w:tr")
    tbl.append(tr)
    return tr


def _new_cell(tr, width, *, fill: str | None = None, span: int = 1) -> Paragraph:  # noqa: ANN001
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc_width = OxmlElement("w:tcW")
    tc_width.set(qn("w:w"), str(width.twips))
    tc_width.set(qn("w:type"), "dxa")
    tc_pr.append(tc_width)
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tc_pr.append(grid_span)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        tc_pr.append(shading)
    tc.append(tc_pr)
    p = OxmlElement("w:p")
    tc.append(p)
    tr.append(tc)
    return Paragraph(p, None)


# ---------------------------------------------------------------- header and footer


def _page_header_and_footer(document: Document, table: Table) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    caption = "　".join(part for part in (table.spec.title, table.spec.scope, "新旧対照表") if part)
    header.add_run(caption).font.size = NOTE_SIZE
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    footer.add_run(" / ").font.size = NOTE_SIZE
    _field(footer, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (begin, instruction, separate, placeholder, end): Word and LibreOffice update it."""
    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code._r.append(text)
    char("separate")
    paragraph.add_run("1").font.size = NOTE_SIZE
    char("end")
