"""新旧対照表 export benchmark: rendering .docx and .xlsx from a computed comparison,
against the comparison itself and the standalone HTML render of the same pair, in the
same run. Whole corpus pair 000→001 and the 自動運転技術 area alone. Memory is what
tracemalloc sees (Python objects); lxml's trees live outside it, so also watch the max RSS
of ``/usr/bin/time -v versiondiff export-table …``.

Run: ``python benchmarks/export.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys

from common import CORPUS, measure, mib, ms, print_table

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize_text
from versiondiff.render.docx_table import render_docx
from versiondiff.render.html import render_html
from versiondiff.render.table_rows import Columns, Side, build_table
from versiondiff.render.xlsx_table import render_xlsx

OLD, NEW = CORPUS / "000_0dddb960a8ba646a.txt", CORPUS / "001_3143894dff5fad24.txt"
COLUMNS = Columns(Side("改正後", "r001", "2026-05-20"), Side("改正前", "r000", "2026-04-06"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    old = normalize_text(OLD.read_text(encoding="utf-8"))
    new = normalize_text(NEW.read_text(encoding="utf-8"))
    comparison = compare_documents(old, new)
    compare_t, _ = measure(lambda: compare_documents(old, new), args.repeat)
    html_t, html_m = measure(lambda: render_html(comparison), args.repeat)
    rows = []
    for scope, area in (("whole 000→001", None), ("自動運転技術 area", "5")):
        table = build_table(comparison, "ロードマップ", COLUMNS, area=area)
        rows_t, _ = measure(lambda area=area: build_table(comparison, "ロードマップ", COLUMNS, area=area), args.repeat)
        for name, render in (("docx", render_docx), ("xlsx", render_xlsx)):
            seconds, memory = measure(lambda render=render, table=table: render(table), args.repeat)
            total = rows_t + seconds
            rows.append([scope, name, str(len(table.rows)), ms(total), f"{total / compare_t:.2f}x",
                         f"{total / html_t:.2f}x", mib(memory), f"{memory / html_m:.2f}x"])
    print(f"baselines: compare {ms(compare_t)}, standalone HTML render of the whole pair {ms(html_t)} ({mib(html_m)})")
    print_table(["scope", "format", "rows", "rows+render", "vs compare", "vs HTML", "traced mem", "vs HTML"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
