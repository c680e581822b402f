"""Print drafts to PDF as ministries do: headless chromium for HTML, LibreOffice for DOCX.

A draft's text becomes simple HTML (one ``<div>`` per line, the text kept as is, a CJK
font), printed with Debian's chromium. Layout variants: page header/footer with page
numbers, narrow and wide pages, two CSS columns, vertical writing (縦書き).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")

_PAGE = {"a4": "A4", "narrow": "A5", "wide": "A3 landscape"}
_LAYOUT = {
    "plain": "",
    "columns": "body { columns: 2; column-gap: 2em; }",
    "vertical": "body { writing-mode: vertical-rl; }",
}


def require(tool: str | None, what: str) -> str:
    """The tool's path; without it skip locally, fail in CI (which installs it)."""
    if tool:
        return tool
    message = f"PDF tests need {what} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def draft_html(text: str, *, page: str = "a4", layout: str = "plain") -> str:
    """The draft as HTML: every line a ``<div>``."""
    lines = "\n".join(_html_lines(text.split("\n")))
    style = (
        f"@page {{ size: {_PAGE[page]}; margin: 20mm 15mm; }}"
        "body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10.5pt; margin: 0; }"
        "div { white-space: pre-wrap; } td { padding: 0 1.5em 0 0; }"
        f"{_LAYOUT[layout]}"
    )
    return (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>draft</title>'
        f"<style>{style}</style></head><body>{lines}</body></html>"
    )


def _html_lines(lines: list[str]) -> list[str]:
    """One ``<div>`` per line; tab-separated rows become a ``<table>``, as a word processor prints them."""
    out: list[str] = []
    rows: list[str] = []
    for line in [*lines, ""]:
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            out.append(f"<table>{''.join(rows)}</table>")
            rows = []
        out.append(f"<div>{html.escape(line) or '&nbsp;'}</div>")
    return out[:-1]


def print_html(source: Path, target: Path, *, header_footer: bool = False) -> Path:
    """Print an HTML file with chromium; with ``header_footer`` its own date, title, URL and page x/y."""
    chromium = require(CHROMIUM, "Debian's chromium")
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={target}", source.as_uri(),
    ]
    if not header_footer:
        command.insert(-1, "--no-pdf-header-footer")
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return target


def print_text(text: str, folder: Path, name: str, *, header_footer: bool = False, **layout: str) -> Path:
    source = folder / f"{name}.html"
    source.write_text(draft_html(text, **layout), encoding="utf-8")
    return print_html(source, folder / f"{name}.pdf", header_footer=header_footer)


def convert_docx(docx: Path, folder: Path) -> Path:
    """A DOCX converted to PDF by LibreOffice headless, with a profile of its own."""
    soffice = require(SOFFICE, "LibreOffice (soffice)")
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=300,
    )
    return folder / (docx.stem + ".pdf")


def handmade_pdf(stream: bytes, resources: bytes = b"/Font << /F1 5 0 R >>", extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF written by hand around a content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << " + resources + b" >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(extra or []),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
