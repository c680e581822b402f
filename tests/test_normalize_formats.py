"""Input formats and encodings: DOCX, HTML, PDF, UTF-16, CP932."""

from __future__ import annotations

import codecs

import docx  # python-docx
import pytest
from docx_builder import roadmap_docx
from pdf_builder import handmade_pdf

from versiondiff.errors import NormalizeError
from versiondiff.normalize import detect_format, normalize

SAMPLE = "# 1. 目標\n\nシェアは約26%。\n"


def test_docx_headings_numbering_lists_footnotes_and_tables():
    document = normalize(roadmap_docx())
    assert document.source_format == "docx"
    assert document.markdown == (
        "# 1. 自動運転技術\n\n"
        "## (1) 現状\n\n"
        "世界の自動車販売台数における我が国企業のシェアは約26%[^1]。\n\n"
        "[^1]: 2024年時点\n\n"
        "- E2E開発が加速。\n"
        "  - データ収集\n\n"
        "## (2) 目標\n\n"
        "### 補足\n\n"
        "| 項目 | 値 |\n| --- | --- |\n| シェア | 26% |\n"
    )
    section = document.sections[0]
    assert (section.number, section.title) == ("1.", "自動運転技術")
    assert [c.title for c in section.children] == ["現状", "目標"]


def test_docx_written_by_python_docx(tmp_path):
    made = docx.Document()
    made.add_heading("自動運転技術", level=1)
    made.add_heading("1. 現状", level=2)
    made.add_paragraph("シェアは約25%。")
    made.add_paragraph("項目A", style="List Bullet")
    path = tmp_path / "draft.docx"
    made.save(path)
    document = normalize(path.read_bytes(), name=path.name)
    assert document.sections[0].title == "自動運転技術"
    child = document.sections[0].children[0]
    assert (child.number, child.title) == ("1.", "現状")
    assert [b.kind for b in child.blocks] == ["paragraph", "list_item"]


def test_broken_docx_is_a_clear_error():
    with pytest.raises(NormalizeError, match="DOCX"):
        normalize(b"PK\x03\x04 not really a zip")


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("cp932"),
        SAMPLE.encode("shift_jis"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "cp932", "shift_jis"],
)
def test_encodings_decode_to_the_same_document(encoded: bytes):
    assert normalize(encoded, name="draft.md").markdown == SAMPLE


def test_format_detection():
    assert detect_format(b"%PDF-1.7 ...") == "pdf"
    assert detect_format(b"PK\x03\x04...") == "docx"
    assert detect_format(b"<!DOCTYPE html><html>") == "html"
    assert detect_format(b"# title", name="a.md") == "markdown"
    assert detect_format("本文".encode(), name="a.txt") == "text"


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with ASCII text, written by hand (no PDF library needed)."""
    return handmade_pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


def test_pdf_text_goes_through_the_text_reader():
    pytest.importorskip("pypdf")
    document = normalize(_tiny_pdf("Share 26% in 2024."))
    assert document.source_format == "pdf"
    assert "Share 26% in 2024." in document.markdown
