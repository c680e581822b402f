"""Input files: devices and FIFOs refused before reading, sizes checked without reading,
blank files refused, XHTML with an encoding declaration read."""

from __future__ import annotations

import os
import threading

import pytest
from conftest import in_both_languages, run_cli

from versiondiff.errors import NormalizeError
from versiondiff.normalize import normalize, normalize_file
from versiondiff.normalize.reading import read_document_file


def _one_line(stderr: bytes) -> bool:
    text = stderr.decode().strip()
    return bool(text) and "\n" not in text and "Traceback" not in text


def test_dev_zero_is_refused_before_reading():
    with pytest.raises(NormalizeError) as caught:
        read_document_file("/dev/zero", 1024)
    japanese, english = in_both_languages(caught.value)
    assert japanese == "通常のファイルではありません（デバイス、FIFO またはソケット）: /dev/zero"
    assert english == "not a regular file (device, FIFO or socket): /dev/zero"


@pytest.mark.usefixtures("english")
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            normalize_file(fifo)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - the test inspects whatever happened
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader so the test process can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked waiting for a writer")
    assert isinstance(outcome[0], NormalizeError)
    assert "not a regular file" in str(outcome[0])


@pytest.mark.usefixtures("english")
def test_size_is_checked_before_reading(tmp_path):
    sparse = tmp_path / "huge.txt"
    with open(sparse, "wb") as handle:
        handle.truncate(10 * 1024**3)  # 10 GB of holes: reading it would take minutes
    with pytest.raises(NormalizeError, match="too large: 10,737,418,240 bytes"):
        normalize_file(sparse)


def test_cli_refuses_a_device_with_one_line(tmp_path):
    result = run_cli("add", "/dev/zero", "--doc", "d", "--store", str(tmp_path / "s"))
    assert result.returncode == 2
    assert _one_line(result.stderr) and "not a regular file" in result.stderr.decode()
    japanese = run_cli("add", "/dev/zero", "--doc", "d", "--store", str(tmp_path / "s"), env={"LANG": "ja_JP.UTF-8"})
    assert japanese.returncode == 2
    assert _one_line(japanese.stderr) and "通常のファイルではありません" in japanese.stderr.decode()


def test_cli_file_name_too_long_is_one_line(tmp_path):
    result = run_cli("normalize", str(tmp_path / ("あ" * 300 + ".txt")))
    assert result.returncode == 2
    assert _one_line(result.stderr)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", "\ufeff \u3000\n\t\u200b".encode(), "\ufeff\u3000".encode("utf-16")])
@pytest.mark.usefixtures("english")
def test_bom_or_blank_characters_only_is_empty(data):
    with pytest.raises(NormalizeError, match="empty"):
        normalize(data)


def test_xhtml_with_an_encoding_declaration_is_read():
    xhtml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>1. 現状</h1><p>約26%</p></body></html>'
    ).encode()
    assert normalize(xhtml, name="draft.xhtml").markdown == "# 1. 現状\n\n約26%\n"


@pytest.mark.usefixtures("english")
def test_html_nested_beyond_the_parsers_limit_is_refused_not_truncated():
    from versiondiff.errors import NormalizeError
    from versiondiff.normalize import normalize

    items = "".join(f"<ul><li>項目{i}" for i in range(200)) + "</li></ul>" * 200
    html = f"<html><body><h1>見出し</h1>{items}<p>本文です。</p></body></html>"
    with pytest.raises(NormalizeError, match="256 levels"):
        normalize(html.encode(), name="deep.html")
    shallow = "".join(f"<ul><li>項目{i}" for i in range(50)) + "</li></ul>" * 50
    assert "本文です" in normalize(f"<html><body>{shallow}<p>本文です。</p></body></html>".encode(), name="ok.html").markdown


def test_footnote_definitions_split_in_linear_time_on_a_run_of_blanks():
    from versiondiff.normalize.footnotes import _NEXT_DEFINITION

    assert _NEXT_DEFINITION.split("(*)1)2024年時点、(*)2)2023年時点 (*)3)注記")[1:] == ["(*)2)2023年時点", "(*)3)注記"]
    line = "(*)1)" + " " * 200_000 + "x"  # quadratic before: minutes; now a blink
    assert _NEXT_DEFINITION.split(line) == [line]  # no definition follows the blanks


@pytest.mark.parametrize("data", [b"\x00binary\x00" * 64, b"\x00\x01IHDR\x00\x00\x00\x10" * 40 + b"data" * 100])
def test_binary_bytes_around_ascii_words_are_refused_not_read_as_utf16_kanji(data):
    """Two ASCII letters read as one UTF-16 unit are a kanji (``bi`` is U+6962): without the kana
    every Japanese text has, such bytes are binary, not a revision of 「戀湩牡y」."""
    with pytest.raises(NormalizeError) as caught:
        normalize(data, name="upload.txt")
    assert in_both_languages(caught.value)[1] == "binary file: it contains NUL bytes and is not UTF-16 text"


def test_japanese_utf16_without_bom_is_still_read():
    text = "# 計画\n\nみらい市は2030年までに約10%を達成する。\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert "約10%を達成する" in normalize(text.encode(encoding), name="draft.txt").markdown
