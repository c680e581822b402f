"""The changed figures of a comparison as CSV, one row per figure with its area and full path."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from versiondiff.compare.engine import Comparison
from versiondiff.i18n import N_
from versiondiff.render.areas import area_of_path, full_path

HEADERS = (N_("状態"), N_("分野"), N_("旧の節"), N_("新の節"), N_("対象"), N_("旧"), N_("新"), N_("差"), N_("注"))
STATUS = {"changed": N_("変更"), "added": N_("追加"), "removed": N_("削除")}
NOT_COMPARED = N_("未比較")
NOT_CHECKED = N_("（比較していない節：数値は確かめていません）")


def figures_csv(comparison: Comparison, translate: Callable[[str], str] = str) -> str:
    """CSV text with a BOM, so that Excel opens the Japanese text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([translate(h) for h in HEADERS])
    for q in comparison.quantities:
        writer.writerow([csv_cell(value) for value in (
            translate(STATUS.get(q.status, q.status)),
            area_of_path(q.section),
            full_path(q.old_section) if q.old_section else "",
            full_path(q.new_section) if q.new_section else "",
            q.context,
            q.old.text if q.old else "",
            q.new.text if q.new else "",
            q.delta,
            translate("注") if q.in_footnote else "",
        )])
    _not_compared_rows(writer, comparison, translate)
    return "\ufeff" + buffer.getvalue()


def _not_compared_rows(writer, comparison: Comparison, translate: Callable[[str], str]) -> None:  # noqa: ANN001
    """A comparison cut short by its time limit: one row per section whose figures are unknown,
    so the file never reads as the complete list."""
    if comparison.limit is None:
        return
    for section in comparison.limit.sections:
        writer.writerow([csv_cell(value) for value in (
            translate(NOT_COMPARED), area_of_path(section.path),
            full_path(section.old_path) if section.old_path is not None else "",
            full_path(section.new_path) if section.new_path is not None else "",
            translate(NOT_CHECKED), "", "", "", "",
        )])


# Spreadsheets run a cell starting with one of these as a formula (full-width forms too).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value: object) -> str:
    """Every cell goes through here: document text must stay text, never a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
