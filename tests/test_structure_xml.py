"""Legislative XML in: 法令標準XML, Akoma Ntoso and USLM become sections, provisions and footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from versiondiff.compare import compare_documents
from versiondiff.errors import NormalizeError
from versiondiff.normalize import detect_format, normalize, normalize_file

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
SAMPLES = sorted(FIXTURES.glob("*.xml"))


def _headings(document) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for _, s in document.walk()]


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_sample_normalizes_to_its_expected_markdown(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize_file(source).markdown == expected


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_expected_markdown_is_a_fixed_point(source: Path):
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert normalize(expected.encode(), name="x.md").markdown == expected


def test_japanese_law_chapters_articles_and_supplementary_provisions():
    document = normalize_file(FIXTURES / "law_v2.xml")
    assert document.source_format == "xml"
    assert _headings(document) == [
        (1, "第一章 総則"), (2, "第一条 （目的）"), (2, "第二条 （定義）"),
        (1, "第二章 清掃活動"), (2, "第三条 （清掃日）"),
        (1, "附　則"), (1, "附　則 (令和八年みなと町条例第五号)"),
    ]
    article = document.sections[0].children[1]
    items = [(b.depth, b.text) for b in article.blocks if b.kind == "list_item"]
    assert items[2:] == [(0, "三 清掃協力者 町に登録して清掃に参加する者をいう。"), (1, "イ 町内に住所を有する者")]
    second = document.sections[1].children[0].blocks[1]
    assert second.text == "２ 清掃に参加した者には、記念品を贈ることができる。ただし、予算の範囲内に限る。"


def test_table_of_contents_of_a_law_creates_nothing():
    document = normalize_file(FIXTURES / "law_v1.xml")
    assert not any("第一条・第二条" in b.text for b in document.preamble)


def test_law_revision_pair_shows_the_amended_article_and_the_added_item():
    old = normalize_file(FIXTURES / "law_v1.xml")
    new = normalize_file(FIXTURES / "law_v2.xml")
    result = compare_documents(old, new).as_json()
    status = {tuple(s["new"]["path"]) if s["new"] else tuple(s["old"]["path"]): s for s in result["sections"]}
    assert status[("第一章 総則", "第一条 （目的）")]["status"] == "unchanged"
    definitions = status[("第一章 総則", "第二条 （定義）")]
    assert definitions["status"] == "modified"
    inserted = [c["new"] for c in definitions["changes"] if c["op"] == "insert"]
    assert inserted == ["三 清掃協力者 町に登録して清掃に参加する者をいう。", "イ 町内に住所を有する者"]
    cleaning = status[("第二章 清掃活動", "第三条 （清掃日）")]
    assert cleaning["status"] == "modified"
    figure = next(q for q in result["quantities"] if q["status"] == "changed")
    assert (figure["old"]["text"], figure["new"]["text"]) == ("四回以上", "六回以上")
    assert status[("附　則 (令和八年みなと町条例第五号)",)]["status"] == "added"


def test_akoma_ntoso_sections_points_and_authorial_note():
    document = normalize_file(FIXTURES / "akoma_ntoso.xml")
    assert _headings(document) == [
        (1, "Chapter 1 General provisions"), (2, "1. Purpose"), (2, "2. Duties of the harbour master"),
        (1, "Chapter 2 Costs"), (2, "Article 3"),
    ]
    purpose = document.sections[0].children[0]
    assert purpose.blocks[0].text == "This Act keeps the harbour lit at night[^1] for the safety of boats."
    assert document.footnotes == {"1": "Night means from sunset to sunrise."}
    duties = document.sections[0].children[1]
    assert [(b.depth, b.text) for b in duties.blocks if b.kind == "list_item"][-1] == (1, "(ii) the coast guard.")
    assert not any("FRBR" in b.text or "akn" in b.text for b in document.preamble)


def test_uslm_history_notes_are_footnotes_of_their_section():
    document = normalize_file(FIXTURES / "uslm.xml")
    section = document.sections[0].children[0].children[0]
    assert section.heading == "§ 101. Appointment of keepers"
    assert [b.kind for b in section.blocks] == ["footnote", "footnote"]
    assert section.blocks[1].text.startswith("Amendments 2010")
    body = [b.text for _, s in document.walk() for b in s.blocks if b.kind != "footnote"]
    assert not any("Pub. L." in text for text in body)
    assert [c.heading for c in section.children] == ["(a) In general", "(b)"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?>\n<Law Era="Reiwa">', "xml"),
        (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">', "xml"),
        (b'<?xml version="1.0"?><uscDoc xmlns="http://xml.house.gov/schemas/uslm/1.0">', "xml"),
        (b'<?xml version="1.0"?><html><body>x</body></html>', "html"),
        (b"Law and order", "text"),
    ],
)
def test_legislative_xml_is_detected_by_its_root(head: bytes, expected: str):
    assert detect_format(head) == expected


def test_declared_shift_jis_encoding_is_read():
    source = '<?xml version="1.0" encoding="Shift_JIS"?><Law><LawBody><LawTitle>町の条例</LawTitle></LawBody></Law>'
    document = normalize(source.encode("cp932"), name="law.xml")
    assert document.preamble[0].text == "町の条例"


def test_entities_are_never_expanded_nor_fetched(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    source = (
        f'<?xml version="1.0"?><!DOCTYPE Law [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<Law><LawBody><LawTitle>題名&x;&b;</LawTitle></LawBody></Law>"
    )
    document = normalize(source.encode(), name="law.xml")
    assert document.preamble[0].text == "題名"


@pytest.mark.usefixtures("english")
def test_broken_xml_is_one_clear_error(tmp_path: Path):
    with pytest.raises(NormalizeError, match="cannot parse XML"):
        normalize(b"<Law><LawBody>", name="law.xml")
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<Law><LawBody>")
    result = run_cli("outline", str(path))
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "cannot parse XML" in result.stderr.decode()


def test_cli_accepts_xml_as_a_format(tmp_path: Path):
    path = tmp_path / "law.txt"
    path.write_bytes((FIXTURES / "law_v1.xml").read_bytes())
    result = run_cli("normalize", str(path), "--format", "xml")
    assert result.returncode == 0
    assert result.stdout.decode() == (FIXTURES / "law_v1.md").read_text(encoding="utf-8")


def test_xhtml_saved_as_xml_is_read_as_html():
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>T</h1></body></html>'
    assert detect_format(page, "page.xml") == "html"
    assert detect_format((FIXTURES / "uslm.xml").read_bytes(), "page.xml") == "xml"
