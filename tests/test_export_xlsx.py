"""The Excel 新旧対照表: the same columns, underlines as rich text, the changed figures sheet."""

from __future__ import annotations

import zipfile

import pytest
from conftest import NEW_ROADMAP, OLD_ROADMAP
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from taisho_samples import SLUG, TITLE_AS_WRITTEN, build_corpus_store, build_sample_store

from versiondiff.cli import main
from versiondiff.web import create_app


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("sample"))


def export(store, tmp_path, *options: str, spec: str = f"{SLUG}@r1..r2"):
    output = tmp_path / "table.xlsx"
    assert main(["export-table", spec, "-o", str(output), "--store", str(store), *options]) == 0
    return load_workbook(output, rich_text=True), output


def row_with(sheet, text: str):
    return next(row for row in sheet.iter_rows() if any(text in str(c.value or "") for c in row))


def underlined(cell) -> list[str]:
    if not isinstance(cell.value, CellRichText):
        return []
    return [block.text for block in cell.value if not isinstance(block, str) and block.font.u == "single"]


def test_title_block_and_header_row_name_both_revisions(sample_store, tmp_path):
    workbook, _ = export(sample_store, tmp_path)
    assert workbook.sheetnames == ["新旧対照表", "数値の変更"]
    sheet = workbook["新旧対照表"]
    assert sheet["A1"].value == "新旧対照表" and sheet["A2"].value == TITLE_AS_WRITTEN
    assert sheet["A3"].value == "改正後：r2　2026-05-15　　改正前：r1　2026-04-01"
    assert "傍線部分は改正部分" in sheet["B4"].value
    assert sheet["A5"].value == "改正後\nr2　2026-05-15" and sheet["B5"].value == "改正前\nr1　2026-04-01"


def test_changed_figure_is_underlined_as_rich_text_on_both_sides(sample_store, tmp_path):
    sheet = export(sample_store, tmp_path)[0]["新旧対照表"]
    new_cell, old_cell = row_with(sheet, "荷役の自動化率")
    assert underlined(new_cell) == ["約35%", "（注1）"] and underlined(old_cell) == ["約30%", "（注1）"]
    assert str(new_cell.value) == "荷役の自動化率は約35%（注1）であり、世界平均（約４０％）を下回る。"


def test_column_order_and_labels_follow_the_options(sample_store, tmp_path):
    sheet = export(sample_store, tmp_path, "--order", "old-new", "--labels", "新,旧")[0]["新旧対照表"]
    assert sheet["A5"].value.startswith("旧") and sheet["B5"].value.startswith("新")
    old_cell, new_cell = row_with(sheet, "荷役の自動化率")
    assert underlined(old_cell)[0] == "約30%" and underlined(new_cell)[0] == "約35%"


def test_added_deleted_and_heading_rows(sample_store, tmp_path):
    sheet = export(sample_store, tmp_path)[0]["新旧対照表"]
    added = row_with(sheet, "夜間の無人荷役")
    assert added[1].value == "（新設）" and underlined(added[0]) == ["夜間の無人荷役の実証が始まった。"]
    deleted = row_with(sheet, "旧来の紙による手続き")
    assert deleted[0].value == "（削除）"
    heading = row_with(sheet, "3. 人材")[0]
    assert heading.value == "3. 人材　〔新設〕"
    assert f"A{heading.row}:B{heading.row}" in {str(r) for r in sheet.merged_cells.ranges}


def test_sheet_prints_a4_landscape_with_the_header_row_on_every_page(sample_store, tmp_path):
    sheet = export(sample_store, tmp_path)[0]["新旧対照表"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$5:$5" and sheet.freeze_panes == "A6"
    assert sheet.column_dimensions["A"].width == sheet.column_dimensions["B"].width >= 60
    assert row_with(sheet, "荷役の自動化率")[0].alignment.wrap_text


def test_changed_figures_sheet_lists_path_context_values_delta_status(sample_store, tmp_path):
    sheet = export(sample_store, tmp_path)[0]["数値の変更"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("区分", "対象", "改正前", "改正後", "差", "状態")
    assert ("1. 現状", "荷役の自動化率", "約30%", "約35%", "+5 pt", "変更") in rows
    assert any(r[2:] == ("2024年時点", "2025年時点", "+1年", "変更（注）") for r in rows)
    assert any(r[0] == "3. 人材" and r[3] == "約500人" and r[5] == "追加" for r in rows)


def test_text_that_looks_like_a_formula_stays_text(sample_store, tmp_path):
    workbook, path = export(sample_store, tmp_path)
    cell = row_with(workbook["新旧対照表"], "HYPERLINK")[0]
    assert str(cell.value).startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_web_download_is_an_xlsx(sample_store, tmp_path):
    app = create_app({"STORE_PATH": str(sample_store), "TESTING": True, "SECRET_KEY": "test"})
    client = app.test_client()
    assert f'href="/d/{SLUG}/compare/r1..r2.xlsx"' in client.get(f"/d/{SLUG}/compare/r1..r2").data.decode()
    response = client.get(f"/d/{SLUG}/compare/r1..r2.xlsx?changed=1")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    (tmp_path / "web.xlsx").write_bytes(response.data)
    sheet = load_workbook(tmp_path / "web.xlsx")["新旧対照表"]
    assert "変更のある部分のみ" in sheet["A2"].value
    assert client.get(f"/d/{SLUG}/compare/r0..r2.xlsx").status_code == 404


@pytest.mark.corpus
def test_roadmap_area_shipments_figure_in_both_sheets(tmp_path_factory, tmp_path):
    store = build_corpus_store(tmp_path_factory.mktemp("corpus"), OLD_ROADMAP, NEW_ROADMAP)
    workbook, _ = export(store, tmp_path, "--area", "自動運転技術", spec="roadmap@r000..r001")
    sheet = workbook["新旧対照表"]
    assert sheet["A6"].value.startswith("5. 自動運転技術")
    new_cell, old_cell = row_with(sheet, "製造品出荷額等は約72兆円")
    assert underlined(new_cell)[0] == "約72兆円" and underlined(old_cell)[0] == "約70兆円"
    figures = list(workbook["数値の変更"].iter_rows(values_only=True))
    shipments = next(r for r in figures if r[2] == "約70兆円")
    assert shipments[3:] == ("約72兆円", "+2兆円 (+2.9%)", "変更")
    assert shipments[0].startswith("5. 自動運転技術 › ") and "出荷額" in shipments[1]
    assert all(r[0].startswith("5. 自動運転技術") for r in figures[1:])
