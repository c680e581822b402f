"""Compare-engine benchmark: end to end (normalize both, align, diff, quantities) against
baselines in the same run — difflib.HtmlDiff().make_file and raw diff_match_patch
(diff_main + diff_cleanupSemantic, default 1 s timeout) on the same raw texts.

Run: ``python benchmarks/compare.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from dataclasses import replace

from common import CORPUS, measure, mib, ms, print_table
from diff_match_patch import diff_match_patch

from versiondiff.compare import compare_documents
from versiondiff.model import Document
from versiondiff.normalize import normalize_text

OLD, NEW = CORPUS / "000_0dddb960a8ba646a.txt", CORPUS / "001_3143894dff5fad24.txt"


def versiondiff_end_to_end(old: str, new: str) -> None:
    compare_documents(normalize_text(old), normalize_text(new))


def html_diff(old: str, new: str) -> None:
    difflib.HtmlDiff().make_file(old.splitlines(), new.splitlines())


def raw_dmp(old: str, new: str) -> None:
    dmp = diff_match_patch()
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)


def _repeated(document: Document, factor: int) -> Document:
    sections = tuple(
        replace(section, title=f"{section.title} #{copy}") for copy in range(factor) for section in document.sections
    )
    return replace(document, sections=sections)


def area(text: str, first: str, stop: str | None) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == first)
    end = next((i for i, line in enumerate(lines) if stop and line.strip() == stop and i > start), len(lines))
    return "\n".join(lines[start:end])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    old, new = OLD.read_text(encoding="utf-8"), NEW.read_text(encoding="utf-8")
    pairs = {
        "自動運転技術 area": (area(old, "自動運転技術（車両、システム）", None), area(new, "5. 自動運転技術", "6. 海底ケーブル")),
        "whole 000→001": (old, new),
    }
    rows = []
    for name, (a, b) in pairs.items():
        ours_t, ours_m = measure(lambda a=a, b=b: versiondiff_end_to_end(a, b), args.repeat)
        for base_name, base in (("difflib.HtmlDiff", html_diff), ("raw dmp (1 s cap)", raw_dmp)):
            base_t, base_m = measure(lambda a=a, b=b, base=base: base(a, b), 1)
            rows.append([name, f"{len(a) // 1024}+{len(b) // 1024} KB", base_name, ms(base_t), ms(ours_t),
                         f"{ours_t / base_t:.2f}x", mib(base_m), mib(ours_m), f"{ours_m / base_m:.2f}x"])
    print_table(["pair", "size", "baseline", "base time", "versiondiff", "time ratio", "base mem", "ours mem", "mem ratio"], rows)
    print()
    # Scaling: the pair repeated k times as k copies of every area (titles made distinct),
    # so that the documents grow in sections as real longer drafts do.
    old_doc, new_doc = normalize_text(old), normalize_text(new)
    scale_rows = []
    first = None
    for factor in (1, 2, 4):
        a, b = _repeated(old_doc, factor), _repeated(new_doc, factor)
        start = time.perf_counter()
        compare_documents(a, b)
        seconds = time.perf_counter() - start
        first = first or seconds
        size = len(a.markdown) + len(b.markdown)
        scale_rows.append([f"{factor}x", f"{size // 1024}K chars", ms(seconds), f"{seconds / first:.2f}"])
    print_table(["corpus pair", "input", "compare (aligned)", "vs 1x"], scale_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
