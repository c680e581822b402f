"""A PDF of a draft reads exactly like its text (issue 17): drafts printed at test time.

Chromium prints the repository's own sample draft in every layout a ministry might
use (page header/footer with page numbers, narrow and wide pages, two columns,
縦書き); LibreOffice converts a DOCX of our own; the corpus roadmap pair is printed
too. PDFs are made once per test session: chromium on two shared cores is slow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NEW_ROADMAP, OLD_ROADMAP, checked_example, run_cli
from pdf_builder import convert_docx, print_text

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize, normalize_file
from versiondiff.normalize.inline import compact_key

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parents[1] / "versiondiff" / "samples" / "mirai-roadmap-r1.txt"
LAYOUTS = {
    "plain": {},
    "header-footer": {"header_footer": True},
    "narrow": {"page": "narrow"},
    "wide": {"page": "wide"},
    "two-columns": {"layout": "columns"},
    "vertical": {"layout": "vertical"},
}


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """``printed(source, variant)`` → the PDF, printed once per session."""
    folder = tmp_path_factory.mktemp("printed")
    cache: dict[tuple[Path, str], Path] = {}

    def make(source: Path, variant: str = "plain") -> Path:
        key = (source, variant)
        if key not in cache:
            text = source.read_text(encoding="utf-8")
            cache[key] = print_text(text, folder, f"{source.stem}-{variant}", **LAYOUTS[variant])
        return cache[key]

    return make


def _outline(document) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for _, s in document.walk()]


@pytest.mark.parametrize("variant", LAYOUTS)
def test_printed_sample_has_the_outline_and_text_of_its_source(printed, variant):
    pdf = printed(SAMPLE, variant)
    text_version = normalize_file(SAMPLE)
    pdf_version = normalize_file(pdf)
    assert pdf_version.source_format == "pdf"
    assert _outline(pdf_version) == _outline(text_version)
    comparison = compare_documents(text_version, pdf_version)
    assert comparison.quantities == []
    assert not comparison.has_changes, [(s.path, c.old, c.new) for s in comparison.sections for c in s.changes][:3]


@pytest.mark.parametrize("variant", ["plain", "header-footer", "two-columns"])
def test_cli_diff_of_text_and_its_pdf_reports_nothing(printed, variant):
    result = run_cli("diff", str(SAMPLE), str(printed(SAMPLE, variant)))
    assert result.returncode == 0, result.stdout.decode()[-2000:] + result.stderr.decode()


def test_page_furniture_never_reaches_the_text(printed):
    markdown = normalize_file(printed(SAMPLE, "header-footer")).markdown
    assert "file://" not in markdown and "1/3" not in markdown.replace(" ", "")
    assert "draft" not in markdown  # the page title chromium prints at each page top


def _word_document(path: Path) -> Path:
    """A DOCX as Word users write them: numbered headings, bullets, body text (python-docx)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.styles["Normal"].font.name = "Noto Sans CJK JP"
    document.add_heading("1. 現状認識と目指す姿", 1)
    document.add_heading("(1) 現状", 2)
    document.add_paragraph(
        "市内の自動運転バスは2路線で実証中であり、輸送人員は年間約1,200万人。運転手不足により"
        "減便が続いており、路線の維持には新しい交通手段が欠かせない。", style="List Bullet",
    )
    document.add_paragraph("市内交通関連産業の売上高は約70億円、県内シェアは約26%。")
    document.add_heading("(2) 目標", 2)
    document.add_paragraph("2032年度までに10路線で営業運行し、運行コストを約8割に削減する。", style="List Bullet")
    document.add_heading("2. 政策手段", 1)
    document.add_paragraph("遠隔監視センターを1か所に集約し、投資額は約45億円を見込む。")
    document.save(path)
    return path


def test_a_word_document_converted_by_libreoffice_reads_like_the_document(tmp_path):
    docx = _word_document(tmp_path / "plan.docx")
    from_word = normalize_file(docx)
    from_pdf = normalize_file(convert_docx(docx, tmp_path))
    assert _outline(from_pdf) == _outline(from_word)
    comparison = compare_documents(from_word, from_pdf)
    assert comparison.quantities == [] and not comparison.has_changes


# ---------------------------------------------------------------- the corpus roadmap


def _driving_figures(comparison) -> set[tuple[str, str]]:
    def in_area(q) -> bool:
        paths = [p for p in (q.old_section, q.new_section) if p]
        return any(compact_key(p[0]).lstrip("0123456789.").startswith("自動運転技術") for p in paths)

    return {(q.old.text, q.new.text) for q in comparison.quantities if q.status == "changed" and in_area(q)}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("draft", [OLD_ROADMAP, NEW_ROADMAP], ids=["000", "001"])
def test_roadmap_pdf_reads_exactly_like_its_text(printed, draft):
    pdf = printed(draft)
    comparison = compare_documents(normalize_file(draft), normalize_file(pdf))
    assert comparison.quantities == []
    assert not comparison.has_changes, [(s.path, c.old, c.new) for s in comparison.sections for c in s.changes][:3]
    result = run_cli("diff", str(draft), str(pdf))
    assert result.returncode == 0, result.stdout.decode()[-2000:]


@pytest.mark.corpus
@pytest.mark.slow
def test_roadmap_pdf_pair_reports_the_checked_figure_changes(printed):
    old_pdf, new_pdf = normalize_file(printed(OLD_ROADMAP)), normalize_file(printed(NEW_ROADMAP))
    from_pdf = _driving_figures(compare_documents(old_pdf, new_pdf))
    from_text = _driving_figures(compare_documents(normalize_file(OLD_ROADMAP), normalize_file(NEW_ROADMAP)))
    assert from_pdf == from_text
    expected = [(e["old"], e["new"]) for e in checked_example()["must_report"]]
    assert len(expected) == 8
    for old, new in expected:
        assert any(o.removeprefix("約").startswith(old.removeprefix("約")) and n.removeprefix("約").startswith(
            new.removeprefix("約")) for o, n in from_pdf), (old, new)
    assert [s.title for s in old_pdf.sections] == [s.title for s in normalize_file(OLD_ROADMAP).sections]
    assert normalize(printed(NEW_ROADMAP).read_bytes()).source_format == "pdf"


_TABLE_DRAFT = """1. 現状認識

(1) 主要な指標

指標\t2024年\t2030年目標
国内シェア\t約26%\t約30%
出荷額\t約70兆円\t約80兆円

・市内路線バスの輸送人員は年間約1,200万人。

(2) 目標

・2032年度までに10路線で営業運行する。
"""


def test_a_printed_table_stays_a_table(tmp_path):
    source = tmp_path / "table.txt"
    source.write_text(_TABLE_DRAFT, encoding="utf-8")
    pdf = print_text(_TABLE_DRAFT, tmp_path, "table")
    tables = [b for _, s in normalize_file(pdf).walk() for b in s.blocks if b.kind == "table"]
    assert [t.rows for t in tables] == [(("指標", "2024年", "2030年目標"), ("国内シェア", "約26%", "約30%"),
                                        ("出荷額", "約70兆円", "約80兆円"))]
    assert normalize_file(pdf).markdown == normalize_file(source).markdown
