"""Units a table declares for the bare numbers in its cells.

KPI tables and budget tables state a unit once instead of in every cell: in a column header's
bracket (``目標（万人）``, ``金額(億円)``, ``（%）``), in a 単位 column (each row its own unit), or in a
header cell that is only ``（単位：億円）`` (the whole table). A cell that is only a number then
stands for that figure in that unit: ``150`` under ``目標（万人）`` is 150万人, so an edit reads
``+10万人`` and pairs with figures counted in 人, and the same value written ``1,500,000人`` elsewhere
is the same figure. The cell's text is shown as written; only its value and unit are read so.
"""

from __future__ import annotations

from functools import lru_cache

from versiondiff.compare.quantities import Quantity, find_quantities
from versiondiff.model import Block
from versiondiff.normalize.inline import comparison_fold

_UNIT = "単位"  # heads a unit column, or opens a caption 「単位：億円」
_OPENING, _CLOSING = ("(", "（"), (")", "）")
_MAX_UNIT = 8  # characters: 万人, 億円, t-CO2, 千円/年
# Read with string methods, not regular expressions: a class of CJK brackets costs ~1 ms to
# compile at every start of the command line, and most comparisons hold no such table.

UnitGrid = list[list[str | None]]


def unit_grid(block: Block, stub: int = 0) -> UnitGrid | None:
    """For each cell of a table the unit its bare number is counted in (None: none declared);
    None when the table declares no unit at all (most tables). ``stub`` is the column naming the
    rows (after a No. column): a row's or the table's unit never reaches it (2023 there is a year,
    not 2023億円); only its own header can give it one."""
    if block.kind != "table" or len(block.rows) < 2:
        return None
    header = [comparison_fold(cell).strip() for cell in block.rows[0]]
    table_unit = next((unit for cell in header if (unit := _unit(_table_caption(cell) or ""))), None)
    column_units = [_header_unit(cell) for cell in header]
    unit_column = header.index(_UNIT) if _UNIT in header else None
    if table_unit is None and unit_column is None and not any(column_units):
        return None
    grid: UnitGrid = [[None] * len(block.rows[0])]
    for row in block.rows[1:]:
        row_unit = _unit(comparison_fold(row[unit_column]).strip()) if unit_column is not None and unit_column < len(row) else None
        grid.append([
            None if j == unit_column else (column_units[j] if j < len(column_units) else None)
            or (None if j == stub else row_unit or table_unit)
            for j in range(len(row))
        ])
    return grid


def _table_caption(cell: str) -> str | None:
    """The unit of 「（単位：億円）」 or 「単位：万人」, a whole header cell stating the table's unit."""
    inner = cell[1:-1].strip() if cell[:1] in _OPENING and cell[-1:] in _CLOSING else cell
    return _after_unit_label(inner)


def _after_unit_label(text: str) -> str | None:
    """``億円`` of 「単位：億円」; None when ``text`` does not open with 単位 and a colon."""
    if not text.startswith(_UNIT):
        return None
    rest = text[len(_UNIT):].lstrip()
    return rest[1:].strip() if rest[:1] in (":", "：") else None


def _header_unit(cell: str) -> str | None:
    """The unit in the bracket closing a column header: 「目標（万人）」, 「金額(億円)」, 「(単位：千円)」."""
    if _table_caption(cell) is not None or cell[-1:] not in _CLOSING:
        return None  # a caption is the table's unit, not this column's (its own cells are labels)
    opening = max(cell.rfind(bracket) for bracket in _OPENING)
    if opening < 0:
        return None
    inner = cell[opening + 1 : -1].strip()
    return _unit(_after_unit_label(inner) or inner)


@lru_cache(maxsize=1024)
def _unit(text: str) -> str | None:
    """``text`` when the figure grammar reads it as a unit after a number (万人, 億円, %, t), else None."""
    if not text or len(text) > _MAX_UNIT or any(mark in text for mark in "()（）:："):
        return None
    probe = "1" + text
    figures = find_quantities(probe)
    if len(figures) != 1 or figures[0].start != 0 or figures[0].end != len(probe) or figures[0].unit is None:
        return None
    return text


def in_declared_unit(cell: str, figures: list[Quantity], unit: str) -> list[Quantity]:
    """A cell's figures with ``unit`` given to a cell that is only a unit-less number."""
    if len(figures) != 1:
        return figures
    figure = figures[0]
    if figure.unit is not None or figure.kind != "number" or cell.strip() != figure.text:
        return figures
    read = _in_unit(comparison_fold(figure.text), unit)
    if read is None:
        return figures
    return [figure.copy_with(value=read.value, upper=read.upper, unit=read.unit, kind=read.kind, per=read.per,
                             placeholder=read.placeholder, approx=figure.approx or read.approx)]


@lru_cache(maxsize=4096)
def _in_unit(number: str, unit: str) -> Quantity | None:
    written = number + unit
    figures = find_quantities(written)
    if len(figures) != 1 or figures[0].start != 0 or figures[0].end != len(written):
        return None
    return figures[0]
