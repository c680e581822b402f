"""Normalization time and peak memory per corpus file, against a baseline in the same run.

Baseline: read the file and run markdown-it-py's plain ``MarkdownIt().parse`` on it.
Run: ``python benchmarks/normalize.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys

from common import CORPUS, measure, mib, ms, print_table
from markdown_it import MarkdownIt

from versiondiff.normalize import normalize


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    rows = []
    for path in files:
        data = path.read_bytes()
        parser_md = MarkdownIt()
        base_t, base_m = measure(lambda p=path, md=parser_md: md.parse(p.read_bytes().decode("utf-8")), args.repeat)
        norm_t, norm_m = measure(lambda p=path: normalize(p.read_bytes(), name=p.name).markdown, args.repeat)
        rows.append([
            path.name[:3], f"{len(data) / 1024:.0f} KB",
            ms(base_t), ms(norm_t), f"{norm_t / base_t:.1f}x",
            mib(base_m), mib(norm_m), f"{norm_m / base_m:.1f}x",
        ])
    print_table(
        ["file", "size", "baseline", "normalize", "time ratio", "base mem", "norm mem", "mem ratio"], rows
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
