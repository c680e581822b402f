"""A damaged or hostile DOCX file is one clear NormalizeError, never a crash or a memory blow-up."""

from __future__ import annotations

import re
import struct
import zipfile
from io import BytesIO

import pytest
from conftest import in_both_languages
from docx_builder import W, build_docx, paragraph, roadmap_docx, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versiondiff.errors import NormalizeError
from versiondiff.normalize import docx as docx_reader
from versiondiff.normalize import normalize

HOSTILE_VALUES = ("-1", "9", "10", "99999", "", "abc", "1.5", "0x10", "\u0663", "9" * 5000, "%0", "%9", " 7 ")


def _rezip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _normalize_or_refuse(data: bytes) -> None:
    """The only acceptable outcomes: a document, or NormalizeError."""
    try:
        normalize(data, format="docx")
    except NormalizeError as error:
        assert str(error) and "\n" not in str(error)


def _with_attribute(xml: bytes, element: str, attribute: str, value: str) -> bytes:
    pattern = re.compile(rf'(<w:{element}\b[^>]*\bw:{attribute}=")[^"]*(")'.encode())
    return pattern.sub(lambda m: m.group(1) + value.encode() + m.group(2), xml)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(
    ("part", "element", "attribute"),
    [
        ("word/styles.xml", "outlineLvl", "val"),
        ("word/styles.xml", "ilvl", "val"),
        ("word/numbering.xml", "lvl", "ilvl"),
        ("word/numbering.xml", "start", "val"),
        ("word/numbering.xml", "lvlText", "val"),
    ],
)
def test_bad_numbering_and_outline_values_are_read_or_refused(part, element, attribute, value):
    entries = _entries(roadmap_docx())
    entries[part] = _with_attribute(entries[part], element, attribute, value)
    _normalize_or_refuse(_rezip(entries))


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_bad_direct_paragraph_levels_do_not_crash(value):
    body = [
        f'<w:p><w:pPr><w:outlineLvl w:val="{value}"/></w:pPr>{run("見出し")}</w:p>',
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{value}"/><w:numId w:val="2"/></w:numPr></w:pPr>{run("項目")}</w:p>',
    ]
    document = normalize(build_docx(body), format="docx")
    assert "項目" in document.markdown


def test_level_nine_is_body_text_and_ilvl_beyond_eight_is_the_deepest_level():
    body = [
        f'<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr>{run("本文です")}</w:p>',
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="12"/><w:numId w:val="1"/></w:numPr></w:pPr>{run("深い項目")}</w:p>',
    ]
    markdown = normalize(build_docx(body), format="docx").markdown
    assert "本文です" in markdown and "#" not in markdown
    assert "- 深い項目" in markdown


def test_missing_document_part_is_named():
    entries = _entries(roadmap_docx())
    del entries["word/document.xml"]
    with pytest.raises(NormalizeError) as caught:
        normalize(_rezip(entries), format="docx")
    japanese, english = in_both_languages(caught.value)
    assert japanese == "DOCX ファイルではありません: word/document.xml がありません"
    assert english == "not a DOCX file: word/document.xml is missing"


@pytest.mark.usefixtures("english")
def test_a_zip_bomb_stops_at_the_part_limit(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 1024 * 1024)
    padding = b"<!--" + b"x" * (3 * 1024 * 1024) + b"-->"
    entries = _entries(roadmap_docx())
    entries["word/document.xml"] = entries["word/document.xml"].replace(b"<w:body>", b"<w:body>" + padding)
    with pytest.raises(NormalizeError, match="expands to more than 1 MB"):
        normalize(_rezip(entries), format="docx")


@pytest.mark.usefixtures("english")
def test_the_total_limit_counts_every_part(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_TOTAL_BYTES", 1024 * 1024)
    entries = _entries(roadmap_docx())
    entries["word/styles.xml"] = entries["word/styles.xml"].replace(b"</w:styles>", b" " * (700 * 1024) + b"</w:styles>")
    entries["word/numbering.xml"] += b" " * (700 * 1024)
    with pytest.raises(NormalizeError, match="expands to more than"):
        normalize(_rezip(entries), format="docx")


def test_a_header_that_understates_the_size_is_still_bounded(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 1024 * 1024)
    entries = _entries(roadmap_docx())
    entries["word/document.xml"] = entries["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b" " * (2 * 1024 * 1024))
    data = bytearray(_rezip(entries))
    # Rewrite every declared uncompressed size of document.xml to 100 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            struct.pack_into("<I", data, match.start() + offset, 100)
    _normalize_or_refuse(bytes(data))


def test_encrypted_entry_is_refused():
    data = bytearray(roadmap_docx())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 0x01  # the "encrypted" flag bit
    with pytest.raises(NormalizeError, match="DOCX"):
        normalize(bytes(data), format="docx")


def test_unsupported_compression_method_is_refused():
    data = bytearray(roadmap_docx())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            struct.pack_into("<H", data, match.start() + offset, 99)
    with pytest.raises(NormalizeError, match="DOCX"):
        normalize(bytes(data), format="docx")


def test_stored_entries_are_read():
    document = normalize(_rezip(_entries(roadmap_docx()), zipfile.ZIP_STORED), format="docx")
    assert "自動運転技術" in document.markdown


_BASE = roadmap_docx()
_ENTRIES = _entries(_BASE)
_XML_PARTS = sorted(name for name in _ENTRIES if name.startswith("word/"))


@st.composite
def mutated_docx(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "swap", "attribute", "xml-bytes"]))
    if kind == "flip":
        data = bytearray(_BASE)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    if kind == "truncate":
        return _BASE[: draw(st.integers(4, len(_BASE) - 1))]
    entries = dict(_ENTRIES)
    if kind == "swap":
        first, second = draw(st.permutations(_XML_PARTS))[:2]
        entries[first], entries[second] = entries[second], entries[first]
        return _rezip(entries)
    part = draw(st.sampled_from(_XML_PARTS))
    if kind == "attribute":
        values = list(re.finditer(rb'w:[A-Za-z]+="([^"]*)"', entries[part]))
        if values:
            target = draw(st.sampled_from(values))
            value = draw(st.sampled_from(HOSTILE_VALUES) | st.text(max_size=6)).encode("utf-8", "replace")
            value = value.replace(b'"', b"").replace(b"<", b"").replace(b"&", b"")
            entries[part] = entries[part][: target.start(1)] + value + entries[part][target.end(1) :]
        return _rezip(entries)
    xml = bytearray(entries[part])
    position = draw(st.integers(0, len(xml) - 1))
    xml[position : position + draw(st.integers(0, 4))] = draw(st.binary(max_size=4))
    entries[part] = bytes(xml)
    return _rezip(entries)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_docx())
def test_fuzzed_docx_never_raises_anything_but_normalize_error(data):
    _normalize_or_refuse(data)


def test_reader_keeps_w_namespace():
    # Guard for the fixtures above: the builder and the reader agree on the namespace.
    assert W == docx_reader.W
    assert "見出し" in normalize(build_docx([paragraph(run("見出し"), style="Heading1")]), format="docx").markdown


def test_an_archive_of_too_many_entries_is_refused_before_listing_them(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_ENTRIES", 50)
    entries = _entries(roadmap_docx())
    entries.update({f"word/media/empty{i}.bin": b"" for i in range(60)})
    with pytest.raises(NormalizeError) as caught:
        normalize(_rezip(entries), format="docx")
    japanese, english = in_both_languages(caught.value)
    assert "アーカイブの項目数が 50 を超えています" in japanese and "more than 50 entries" in english
