"""PDF reading: pages per second and text fidelity, against pypdf's bare ``extract_text``.

The 433 KB draft (corpus 001) is printed by headless chromium at run time, as the
tests do. Fidelity is 1 − (edit distance / length) between the draft's text and the
extracted text, both without whitespace, NFKC- and glyph-folded (so PDF font
artefacts count as their ideographs for every extractor): how much of the text an extractor gets right.
Run: ``python benchmarks/pdf.py [--repeat N]`` (needs chromium; pdfminer.six is measured if installed).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import unicodedata
from io import BytesIO
from pathlib import Path

from common import CORPUS, ROOT, print_table
from diff_match_patch import diff_match_patch

sys.path.insert(0, str(ROOT / "tests"))
from pdf_builder import print_text  # noqa: E402

from versiondiff.normalize import normalize  # noqa: E402
from versiondiff.normalize.glyphs import fold_glyphs  # noqa: E402
from versiondiff.normalize.pdf import extract_pdf_text  # noqa: E402


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(BytesIO(data))


def _fidelity(source: str, extracted: str) -> float:
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", fold_glyphs(text)))

    a, b = squash(source), squash(extracted)
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # exact: a timed-out diff would count everything as changed
    return 1 - matcher.diff_levenshtein(matcher.diff_main(a, b)) / len(a)


def _best(function, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = next(iter(sorted(CORPUS.glob("001_*.txt"))), None)
    if source is None:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    import logging

    logging.disable(logging.WARNING)
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        data = print_text(text, Path(folder), "draft-001").read_bytes()
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    runs = {
        "pypdf extract_text (baseline)": lambda: _pypdf(data),
        "versiondiff: layout text": lambda: extract_pdf_text(data),
        "versiondiff: normalize (whole reader)": lambda: normalize(data, format="pdf").markdown,
    }
    try:
        import pdfminer  # noqa: F401

        runs["pdfminer.six extract_text"] = lambda: _pdfminer(data)
    except ImportError:
        pass
    timings = {name: _best(run, args.repeat) for name, run in runs.items()}
    base = timings["pypdf extract_text (baseline)"][0]
    rows = []
    for name, (seconds, result) in timings.items():
        fidelity = "" if "normalize" in name else f"{_fidelity(text, str(result)):.4f}"
        rows.append([name, f"{seconds:.2f} s", f"{pages / seconds:.0f}", f"{base / seconds:.1f}x", fidelity])
    print(f"{source.name[:3]}: {len(data) / 2**20:.1f} MiB PDF, {pages} pages")
    print_table(["reader", "time", "pages/s", "speed vs pypdf", "text fidelity"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
