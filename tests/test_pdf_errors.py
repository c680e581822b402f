"""Bad PDFs give one clear reason, never a traceback (issues 17 and 12 point 8)."""

from __future__ import annotations

import zlib
from io import BytesIO

import pytest
from conftest import in_both_languages, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_builder import handmade_pdf as _pdf

from versiondiff.errors import NormalizeError
from versiondiff.normalize import normalize
from versiondiff.normalize import pdf as pdf_reader

pypdf = pytest.importorskip("pypdf")


TEXT_PDF = _pdf(b"BT /F1 12 Tf 72 720 Td (Share 26% in 2024.) Tj ET")


def _encrypted(user: str, owner: str, permissions: int = -1) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(TEXT_PDF)))
    writer.encrypt(user_password=user, owner_password=owner, permissions_flag=permissions, algorithm="AES-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _reason(data: bytes) -> tuple[str, str]:
    """The refusal in Japanese and in English, each one line."""
    with pytest.raises(NormalizeError) as error:
        normalize(data, name="draft.pdf")
    messages = in_both_languages(error.value)
    for message in messages:
        assert "\n" not in message and "Traceback" not in message
    return messages


def test_a_plain_pdf_reads():
    assert "Share 26% in 2024." in normalize(TEXT_PDF).markdown


def test_password_protected_pdf_asks_for_an_open_copy():
    japanese, english = _reason(_encrypted("secret", "owner"))
    assert "パスワード" in japanese and "password" in english


def test_encrypted_pdf_that_opens_without_a_password_is_read():
    # Ministries publish PDFs locked against editing; their text is still theirs to read.
    assert "Share 26%" in normalize(_encrypted("", "owner")).markdown


def test_encrypted_pdf_whose_owner_forbids_text_extraction_is_refused():
    no_copying = -1 & ~0x10 & ~0x200
    japanese, english = _reason(_encrypted("", "owner", no_copying))
    assert "コピーを禁じています" in japanese and "forbids" in english


def test_image_only_pdf_is_called_scanned():
    image = zlib.compress(b"\x80" * 64)
    extra = [
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image + b"\nendstream"
    ]
    scanned = _pdf(b"q 500 0 0 700 50 50 cm /Im1 Do Q", b"/XObject << /Im1 6 0 R >>", extra)
    japanese, english = _reason(scanned)
    assert "スキャンした画像しかなく" in japanese and "OCR" in japanese and "scanned" in english


def test_pdf_without_text_or_images_says_so():
    assert _reason(_pdf(b"0 0 m 100 100 l S")) == ("PDF に読み取れるテキストがありません", "the PDF has no text to read")


def test_damaged_pdf():
    japanese, english = _reason(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert "壊れて" in japanese and "damaged" in english


def test_a_file_named_pdf_that_is_no_pdf_is_refused_as_such():
    japanese, english = _reason(b"<html><body>404 Not Found</body></html>")
    assert japanese.startswith("PDF ではありません") and "not a PDF" in english


def test_junk_before_the_header_is_tolerated_as_readers_do():
    assert "Share 26%" in normalize(b"\r\n\r\n" + TEXT_PDF, name="draft.pdf").markdown


def test_truncated_pdf_is_refused_rather_than_read_in_part():
    japanese, english = _reason(TEXT_PDF[: len(TEXT_PDF) * 2 // 3])
    assert "途中で切れています" in japanese and "truncated" in english


def test_deflate_bomb_is_refused_before_pdfium_inflates_it(monkeypatch):
    bomb = zlib.compress(b"0" * 4_000_000, 9)
    monkeypatch.setattr(pdf_reader, "MAX_INFLATED", 1_000_000)
    data = _pdf(b"", extra=[b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"])
    japanese, english = _reason(data)
    assert "展開すると" in japanese and "expands" in english


def test_too_many_pages(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(100, 100)
    out = BytesIO()
    writer.write(out)
    japanese, english = _reason(out.getvalue())
    assert "ページ数は 3" in japanese and "the PDF has 3 pages (limit 2)" in english


def test_cli_reports_one_line_and_exit_2(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_encrypted("secret", "owner"))
    result = run_cli("normalize", str(locked))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "password" in lines[0]
    japanese = run_cli("normalize", str(locked), env={"LANG": "ja_JP.UTF-8"})
    assert japanese.returncode == 2
    assert japanese.stderr.decode() == (
        "versiondiff: エラー: PDF にパスワードが設定されています。パスワードなしで保存した写しを用意してください\n"
    )


_SEED_PDFS = [TEXT_PDF, _encrypted("", "owner")]


@st.composite
def _mutated_pdf(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEED_PDFS)))
    for _ in range(draw(st.integers(1, 6))):
        if len(data) < 10:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[max(position, 9) :]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[position : position + draw(st.integers(1, 32))]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated_pdf())
def test_mutated_pdfs_never_raise_anything_but_a_clear_error(data):
    try:
        normalize(data, format="pdf")
    except NormalizeError as error:
        assert "\n" not in str(error)


def test_private_use_glyphs_are_reported_as_a_warning(monkeypatch, caplog):
    monkeypatch.setattr(pdf_reader, "rebuild_text", lambda pages: "売上\ue0a5高は約70億円。\n")
    document = normalize(TEXT_PDF)
    assert "\ue0a5" not in document.markdown and "売上高は約70億円。" in document.markdown
    assert any("private-use" in record.getMessage() for record in caplog.records)
