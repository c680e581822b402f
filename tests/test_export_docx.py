"""The Word 新旧対照表: what a drafting office checks before handing it in."""

from __future__ import annotations

import re

import pytest
from conftest import NEW_ROADMAP, OLD_ROADMAP, run_cli
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader
from taisho_samples import (
    SLUG,
    TITLE_AS_WRITTEN,
    build_corpus_store,
    build_sample_store,
    docx_to_pdf,
    pdf_to_pngs,
    write_sample_files,
)

from versiondiff.cli import main
from versiondiff.web import create_app
from versiondiff.web.exports import content_disposition


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("sample"))


def export(store, tmp_path, *options: str, spec: str = f"{SLUG}@r1..r2", name: str = "table.docx"):
    output = tmp_path / name
    assert main(["export-table", spec, "-o", str(output), "--store", str(store), *options]) == 0
    return Document(str(output))


def body_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def row_with(document, text: str):
    return next(row for row in document.tables[0].rows if text in row.cells[0].text + row.cells[-1].text)


def underlined(cell) -> list[str]:
    return [run.text for p in cell.paragraphs for run in p.runs if run.font.underline]


# ---------------------------------------------------------------- page and title block


def test_page_is_a4_landscape_with_print_margins(sample_store, tmp_path):
    section = export(sample_store, tmp_path).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    assert Mm(10) <= section.left_margin <= Mm(30) and Mm(10) <= section.top_margin <= Mm(30)


def test_title_block_names_the_document_both_revisions_with_dates_and_the_legend(sample_store, tmp_path):
    text = "\n".join(p.text for p in export(sample_store, tmp_path).paragraphs)
    assert "新旧対照表" in text and TITLE_AS_WRITTEN in text
    assert "改正後：r2　2026-05-15" in text and "改正前：r1　2026-04-01" in text
    assert "傍線部分は改正部分" in text


def test_japanese_font_is_set_for_east_asian_text(sample_store, tmp_path):
    document = export(sample_store, tmp_path)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "ＭＳ 明朝"
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "ＭＳ 明朝"
    font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert '<w:altName w:val="Noto Serif CJK JP"/>' in font_table.blob.decode()


def test_footer_numbers_pages_n_of_total_with_fields(sample_store, tmp_path):
    footer = export(sample_store, tmp_path).sections[0].footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert " / " in footer.text


# ---------------------------------------------------------------- the table


def test_header_row_repeats_on_every_page_with_new_left_by_default(sample_store, tmp_path):
    table = export(sample_store, tmp_path).tables[0]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text.split("\n")[0] for c in header.cells] == ["改正後", "改正前"]
    assert "r2" in header.cells[0].text and "r1" in header.cells[1].text


def test_old_new_order_and_custom_labels_swap_the_columns(sample_store, tmp_path):
    document = export(sample_store, tmp_path, "--order", "old-new", "--labels", "修正案,原案")
    header = document.tables[0].rows[0]
    assert [c.text.split("\n")[0] for c in header.cells] == ["原案", "修正案"]
    row = row_with(document, "荷役の自動化率")
    assert underlined(row.cells[0])[0] == "約30%" and underlined(row.cells[1])[0] == "約35%"


def test_named_label_sets_include_the_revision_labels_themselves(sample_store, tmp_path):
    header = export(sample_store, tmp_path, "--labels", "revision").tables[0].rows[0]
    assert [c.text for c in header.cells] == ["r2\n2026-05-15", "r1\n2026-04-01"]
    header = export(sample_store, tmp_path, "--labels", "shinkyu").tables[0].rows[0]
    assert [c.text.split("\n")[0] for c in header.cells] == ["新", "旧"]


def test_changed_figure_is_underlined_exactly_on_both_sides(sample_store, tmp_path):
    row = row_with(export(sample_store, tmp_path), "荷役の自動化率")
    new_cell, old_cell = row.cells
    # The footnote behind the figure changed as well, so its mark is part of the edit.
    assert underlined(new_cell) == ["約35%", "注1"]
    assert underlined(old_cell) == ["約30%", "注1"]
    assert new_cell.text.startswith("荷役の自動化率は約35%")


def test_cells_quote_the_authors_own_characters(sample_store, tmp_path):
    # Canonical text folds （約４０％） to (約40%) for comparing; the table quotes the draft.
    new_cell, old_cell = row_with(export(sample_store, tmp_path), "荷役の自動化率").cells
    assert "世界平均（約４０％）を下回る。" in new_cell.text and "世界平均（約４０％）を下回る。" in old_cell.text


def test_each_column_shows_its_own_revision_as_written(sample_store, tmp_path):
    # The same amount respelled compares equal, yet the old column keeps the old spelling.
    new_cell, old_cell = row_with(export(sample_store, tmp_path), "港湾への投資額").cells
    assert old_cell.text == "港湾への投資額は7,300億円で、前年並み。"
    assert new_cell.text == "港湾への投資額は0.73兆円で、前年を上回る。"
    assert underlined(old_cell) == ["前年並み"] and underlined(new_cell) == ["前年を上回る"]


def test_added_and_deleted_blocks_are_marked_and_wholly_underlined(sample_store, tmp_path):
    document = export(sample_store, tmp_path)
    added = row_with(document, "夜間の無人荷役")
    assert added.cells[1].text == "（新設）" and underlined(added.cells[0]) == ["夜間の無人荷役の実証が始まった。"]
    deleted = row_with(document, "旧来の紙による手続き")
    assert deleted.cells[0].text == "（削除）" and underlined(deleted.cells[1]) == ["旧来の紙による手続きが残る。"]
    # In a section that is new as a whole, its heading row says 〔新設〕 once.
    in_new_section = row_with(document, "専門人材を約500人育成する。")
    assert in_new_section.cells[1].text == "" and underlined(in_new_section.cells[0]) == ["専門人材を約500人育成する。"]


def test_section_headings_span_the_table_with_their_status(sample_store, tmp_path):
    rows = body_rows(export(sample_store, tmp_path))
    headings = [r[0] for r in rows if len(set(r)) == 1 and r[0]]
    assert "1. 現状" in headings
    assert "3. 人材　〔新設〕" in headings and "3. 廃止する施策　〔削除〕" in headings
    spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in row_with(export(sample_store, tmp_path), "1. 現状")._tr.tc_lst]
    assert len(spans) == 1 and spans[0].get(qn("w:val")) == "2"


def test_unchanged_section_is_shown_as_omitted_and_dropped_with_changed_only(sample_store, tmp_path):
    rows = body_rows(export(sample_store, tmp_path))
    index = next(i for i, r in enumerate(rows) if r[0] == "2. 目標")
    assert rows[index + 1] == ["（略）", "（略）"]
    changed = body_rows(export(sample_store, tmp_path, "--changed-only"))
    assert not any(r[0] == "2. 目標" for r in changed)
    assert any(r[0] == "1. 現状" for r in changed)


def test_footnotes_are_rows_of_notes_in_a_smaller_size(sample_store, tmp_path):
    document = export(sample_store, tmp_path)
    added = row_with(document, "2025年時点の推計")
    assert added.cells[0].text == "（注1）2025年時点の推計。"
    assert added.cells[0].paragraphs[0].style.font.size.pt < 10.5
    deleted = row_with(document, "2024年時点の推計")
    assert deleted.cells[1].text == "（注1）2024年時点の推計。"
    # Inside a deleted section the heading row carries 〔削除〕; rows leave the new side empty.
    assert deleted.cells[0].text == ""


def test_one_area_by_number_or_title(sample_store, tmp_path):
    by_number = body_rows(export(sample_store, tmp_path, "--area", "1"))
    assert by_number[1][0] == "1. 現状" and not any("人材" in r[0] for r in by_number)
    by_title = body_rows(export(sample_store, tmp_path, "--area", "人材"))
    assert by_title[1][0] == "3. 人材　〔新設〕" and len({r[0] for r in by_title if len(set(r)) == 1}) == 1


def test_two_files_can_be_exported_without_a_store(tmp_path):
    old, new = write_sample_files(tmp_path)
    result = run_cli("export-table", str(old), str(new), "-o", str(tmp_path / "files.docx"))
    assert result.returncode == 0, result.stderr
    document = Document(str(tmp_path / "files.docx"))
    row = row_with(document, "荷役の自動化率")
    assert underlined(row.cells[0]) == ["約35%", "注1"] and "（約４０％）" in row.cells[0].text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--area", "99"], "no area numbered 99"),
        (["--area", "存在しない"], "no area titled"),
        (["--order", "left-right"], "column order"),
        (["--labels", "改正後"], "labels are two names"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(sample_store, tmp_path, options, message):
    result = run_cli("export-table", f"{SLUG}@r1..r2", "-o", str(tmp_path / "x.docx"), "--store", str(sample_store), *options)
    assert result.returncode == 2
    error = result.stderr.decode()
    assert message in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "x.docx").exists()


def test_unknown_revision_and_unknown_suffix_exit_2(sample_store, tmp_path):
    unknown = run_cli("export-table", f"{SLUG}@r1..r9", "-o", str(tmp_path / "x.docx"), "--store", str(sample_store))
    assert unknown.returncode == 2 and "unknown revision" in unknown.stderr.decode()
    suffix = run_cli("export-table", f"{SLUG}@r1..r2", "-o", str(tmp_path / "x.pdf"), "--store", str(sample_store))
    assert suffix.returncode == 2 and ".docx or .xlsx" in suffix.stderr.decode()


# ---------------------------------------------------------------- rendering


def test_sample_renders_with_libreoffice_to_pages_with_numbers(sample_store, tmp_path):
    output = tmp_path / "sample.docx"
    assert main(["export-table", f"{SLUG}@r1..r2", "-o", str(output), "--store", str(sample_store)]) == 0
    pdf = docx_to_pdf(output, tmp_path)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "新旧対照表" in text and "1 / 1" in text
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("NotoSerifCJK" in name for name in fonts), fonts  # a Japanese serif (明朝) face
    assert pdf_to_pngs(pdf, "taisho-sample", pages=1)


# ---------------------------------------------------------------- web download


def test_web_download_is_a_docx_with_a_utf8_file_name(sample_store, tmp_path):
    app = create_app({"STORE_PATH": str(sample_store), "TESTING": True, "SECRET_KEY": "test"})
    client = app.test_client()
    page = client.get(f"/d/{SLUG}/compare/r1..r2").data.decode()
    assert f'href="/d/{SLUG}/compare/r1..r2.docx"' in page
    response = client.get(f"/d/{SLUG}/compare/r1..r2.docx?order=old-new&area=1")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="taisho_port-plan_r1-r2.docx"')
    assert "filename*=UTF-8''%E6%96%B0%E6%97%A7%E5%AF%BE%E7%85%A7%E8%A1%A8_port-plan_r1-r2_1.docx" in disposition
    (tmp_path / "web.docx").write_bytes(response.data)
    header = Document(str(tmp_path / "web.docx")).tables[0].rows[0]
    assert header.cells[0].text.startswith("改正前")


def test_web_download_follows_the_order_and_labels_the_page_remembered(sample_store, tmp_path):
    app = create_app({"STORE_PATH": str(sample_store), "TESTING": True, "SECRET_KEY": "test"})
    client = app.test_client()
    client.set_cookie("vd_order", "old-new")
    client.set_cookie("vd_labels", "shusei")
    (tmp_path / "remembered.docx").write_bytes(client.get(f"/d/{SLUG}/compare/r1..r2.docx").data)
    header = Document(str(tmp_path / "remembered.docx")).tables[0].rows[0]
    assert [c.text.split("\n")[0] for c in header.cells] == ["原案", "修正案"]
    client.set_cookie("vd_order", "sideways")  # a stale cookie falls back to the default
    assert client.get(f"/d/{SLUG}/compare/r1..r2.docx").status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [("r1..r9.docx", 404), ("r1..r2.docx?order=sideways", 400), ("r1..r2.docx?area=99", 400),
     ("r1..r2.docx?changed=yes", 400), ("r1..r2.docx?labels=a,b,c", 400)],
)
def test_web_download_rejects_unknown_revisions_and_bad_parameters(sample_store, query, status):
    app = create_app({"STORE_PATH": str(sample_store), "TESTING": True, "SECRET_KEY": "test"})
    assert app.test_client().get(f"/d/{SLUG}/compare/{query}").status_code == status


def test_content_disposition_quotes_every_non_ascii_byte():
    header = content_disposition("新旧 対照表;\".docx", "fallback.docx")
    assert header == "attachment; filename=\"fallback.docx\"; filename*=UTF-8''%E6%96%B0%E6%97%A7%20%E5%AF%BE%E7%85%A7%E8%A1%A8%3B%22.docx"


# ---------------------------------------------------------------- the real roadmap pair


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    return build_corpus_store(tmp_path_factory.mktemp("corpus"), OLD_ROADMAP, NEW_ROADMAP)


@pytest.mark.corpus
def test_roadmap_area_underlines_the_shipments_figure_exactly(corpus_store, tmp_path):
    document = export(corpus_store, tmp_path, "--area", "自動運転技術", spec="roadmap@r000..r001")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "改正後：r001　2026-05-20" in text and "改正前：r000　2026-04-06" in text
    assert "5. 自動運転技術" in text
    row = row_with(document, "製造品出荷額等は約72兆円")
    new_cell, old_cell = row.cells
    assert underlined(new_cell)[0] == "約72兆円" and underlined(old_cell)[0] == "約70兆円"
    assert "約72兆円" not in "".join(underlined(old_cell)) and "約70兆円" not in "".join(underlined(new_cell))
    assert "注4" in [r.text for p in new_cell.paragraphs for r in p.runs if r.font.superscript]


@pytest.mark.corpus
def test_roadmap_area_has_its_path_headings_and_footnotes(corpus_store, tmp_path):
    document = export(corpus_store, tmp_path, "--area", "5", spec="roadmap@r000..r001")
    rows = body_rows(document)
    # The old title as 000 writes it: full-width brackets, which canonical text folds.
    assert rows[1][0].startswith("5. 自動運転技術　〔旧見出し：自動運転技術（車両、システム）〕")
    assert "5. 自動運転技術 › 1. 現状認識と目指す姿【目標】 › (1) 現状 › ③ 経済的・戦略的な重要性" in [r[0] for r in rows]
    # A footnote renumbered between the drafts keeps each side's own number.
    e2e = next(r for r in rows if r[0].startswith("（注3）End to End AI"))
    assert e2e[1].startswith("（注1）End to End AI")
    assert not any("バーティカルAI" in r[0] for r in rows)  # another area


@pytest.mark.corpus
def test_roadmap_area_renders_to_a_few_landscape_pages(corpus_store, tmp_path):
    output = tmp_path / "roadmap-area5.docx"
    assert main(["export-table", "roadmap@r000..r001", "-o", str(output), "--area", "5", "--store", str(corpus_store)]) == 0
    pdf = docx_to_pdf(output, tmp_path)
    reader = PdfReader(str(pdf))
    assert 4 <= len(reader.pages) <= 14
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape
    flat = re.sub(r"\s+", "", first.extract_text())
    assert "5.自動運転技術〔旧見出し：自動運転技術（車両、システム）〕" in flat
    assert "海外では自動運転関連の巨額投資が進み" in flat
    assert f"1/{len(reader.pages)}" in flat
    assert len(pdf_to_pngs(pdf, "taisho-roadmap-area5")) == 3


_TABLE_DRAFT = "# 交通\n\n## 1. 目標\n\n目標は次のとおり。\n\n| 項目 | 目標値 |\n| --- | --- |\n{rows}"


def test_an_edited_table_is_a_table_inside_its_cell_with_the_changes_underlined(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(_TABLE_DRAFT.format(rows="| 台数 | 約5万台 |\n| 路線数 | 約100路線 |\n| 便数 | 約300便 |\n"), encoding="utf-8")
    new.write_text(_TABLE_DRAFT.format(rows="| 台数 | 約6万台 |\n| 便数 | 約300便 |\n| 拠点数 | 8拠点 |\n"), encoding="utf-8")
    output = tmp_path / "table.docx"
    assert run_cli("export-table", str(old), str(new), "-o", str(output), "--changed-only").returncode == 0
    document = Document(str(output))
    row = next(row for row in document.tables[0].rows if row.cells[0].tables)
    new_grid, old_grid = (cell.tables[0] for cell in row.cells)  # new left by default
    assert [[c.text for c in r.cells] for r in new_grid.rows] == [["項目", "目標値"], ["台数", "約6万台"], ["便数", "約300便"], ["拠点数", "8拠点"]]
    assert [[c.text for c in r.cells] for r in old_grid.rows] == [["項目", "目標値"], ["台数", "約5万台"], ["路線数", "約100路線"], ["便数", "約300便"]]
    assert [underlined(c) for c in old_grid.rows[2].cells] == [["路線数"], ["約100路線"]]  # a deleted row, whole
    assert underlined(new_grid.rows[1].cells[1]) == ["約6万台"] and underlined(new_grid.rows[2].cells[1]) == []
    text = PdfReader(str(docx_to_pdf(output, tmp_path))).pages[0].extract_text()
    assert "拠点数" in text and "路線数" in text  # LibreOffice lays the inner tables out
