"""Time of normalize + compare against input size for pathological shapes of input.

Each shape is generated at 1×, 2×, 4×, 8× and 16× its base size; the exponent is the slope of
log(time) over log(size) fitted by least squares. Linear work gives about 1; anything above 1.2
means a quadratic spot (a regex that rescans, a string built by repeated concatenation...).
A hostile upload of such a shape would otherwise hold a server thread (and, during ``add``,
the store's write lock) for seconds to minutes.

Some shapes are quadratic by nature (``BOUNDED_SHAPES``: every section rewritten, so alignment
weighs every pair): they are reported with their exponent and with how close to a time limit a
limited comparison ends, and not held to the limit.

Run: ``python benchmarks/scaling.py [--shape NAME ...] [--repeat N] [--max-factor 16]``;
exit code 1 when an exponent exceeds the limit.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections.abc import Callable

from versiondiff.compare import compare_documents
from versiondiff.compare.budget import TimeLimit
from versiondiff.errors import NormalizeError
from versiondiff.normalize import normalize

LIMIT = 1.2


def toc_leader_dots(n: int) -> tuple[bytes, bytes]:
    """A table-of-contents line of leader dots that never ends in a page number."""
    line = "目次\n1. はじめに" + "." * n + "x\n\n2. 本文\n本文です。\n"
    return line.encode(), line.replace("本文です", "本文でした").encode()


def latin_run(n: int) -> tuple[bytes, bytes]:
    """``1-1-1-…``: a run of digits and hyphens without any letter."""
    text = "1. 概要\n" + "1-" * n + "1\n"
    return text.encode(), (text + "追記。\n").encode()


def figures_in_paragraph(n: int) -> tuple[bytes, bytes]:
    """One paragraph holding ``n`` figures."""
    old = "".join(f"項目{i}は約{i}兆円、" for i in range(n))
    new = "".join(f"項目{i}は約{i + (i % 7 == 0)}兆円、" for i in range(n))
    return f"1. 目標\n{old}。\n".encode(), f"1. 目標\n{new}。\n".encode()


def many_sections(n: int) -> tuple[bytes, bytes]:
    """``n`` numbered sections, every tenth body changed in the new revision."""
    old = "".join(f"{i}. 見出し{i}\n\n本文{i}は約{i}%である。\n\n" for i in range(1, n + 1))
    new = "".join(
        f"{i}. 見出し{i}\n\n本文{i}は約{i + (i % 10 == 0)}%である。\n\n" for i in range(1, n + 1)
    )
    return old.encode(), new.encode()


def many_list_items(n: int) -> tuple[bytes, bytes]:
    """One list of ``n`` bullet items."""
    old = "1. 施策\n" + "".join(f"・施策{i}を進める。\n" for i in range(n))
    new = "1. 施策\n" + "".join(f"・施策{i}を{'強く' if i % 10 == 0 else ''}進める。\n" for i in range(n))
    return old.encode(), new.encode()


def long_line(n: int) -> tuple[bytes, bytes]:
    """A single line of ``n`` sentences without any line break."""
    old = "".join(f"政策{i % 10}を推進し、Society5.0の実現を目指す。" for i in range(n))
    new = old.replace("政策3", "施策3")
    return old.encode(), new.encode()


def deep_nesting(n: int) -> tuple[bytes, bytes]:
    """HTML lists nested ``n`` deep (bytes linear in the depth)."""
    items = "".join(f"<ul><li>項目{i}" for i in range(n)) + "</li></ul>" * n
    html = f"<html><body><h1>見出し</h1>{items}<p>本文です。</p></body></html>"
    return html.encode(), html.replace("本文です", "本文でした").encode()


def table_rows_edited(n: int) -> tuple[bytes, bytes]:
    """A Markdown table of ``n`` rows (a year each), every value revised in the new revision."""
    head = "# 予算\n\n| 年度 | 予算額 |\n| --- | --- |\n"
    old = "".join(f"| {2000 + i}年度 | {i % 97 + 1}億円 |\n" for i in range(n))
    new = "".join(f"| {2000 + i}年度 | {i % 97 + 2}億円 |\n" for i in range(n))
    return (head + old).encode(), (head + new).encode()


def rewritten_sections(n: int) -> tuple[bytes, bytes]:
    """``n`` sections a side, every title and body rewritten: alignment weighs every pair of
    sections before it knows that none matches (quadratic by nature; bounded by the time limit)."""
    import random

    words = "政策投資地域産業人材育成技術開発計画推進支援事業制度環境整備強化活用促進基盤構築"

    def draft(seed: int) -> bytes:
        rng = random.Random(seed)
        text = lambda k: "".join(rng.choice(words) for _ in range(k))  # noqa: E731
        return "\n\n".join(f"# {text(6)}\n\n{text(60)}。\n\n{text(40)}。" for _ in range(n)).encode()

    return draft(1), draft(2)


SHAPES: dict[str, tuple[Callable[[int], tuple[bytes, bytes]], int]] = {
    "toc-leader-dots": (toc_leader_dots, 2500),
    "latin-run": (latin_run, 1000),
    "figures-in-paragraph": (figures_in_paragraph, 250),
    "many-sections": (many_sections, 500),
    "many-list-items": (many_list_items, 1000),
    "long-line": (long_line, 250),
    "deep-nesting": (deep_nesting, 250),
    "table-rows-edited": (table_rows_edited, 250),
}


# Quadratic by nature, not by accident: reported, not held to LIMIT. What bounds them is the
# comparison's time limit, measured here as the time a limited run takes over the limit.
BOUNDED_SHAPES: dict[str, tuple[Callable[[int], tuple[bytes, bytes]], int]] = {
    "rewritten-sections": (rewritten_sections, 100),
}


def run_once(old: bytes, new: bytes, time_limit: TimeLimit | None = None) -> float:
    gc.collect()
    start = time.perf_counter()
    try:
        compare_documents(normalize(old), normalize(new), time_limit=time_limit)
    except NormalizeError:
        pass  # refusing a hostile file (HTML nested past the parser's limit) must be fast too
    return time.perf_counter() - start


def exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def measure_shape(name: str, repeat: int, max_factor: int) -> tuple[list[int], list[float]]:
    make, base = {**SHAPES, **BOUNDED_SHAPES}[name]
    sizes, times = [], []
    factor = 1
    while factor <= max_factor:
        old, new = make(base * factor)
        sizes.append(len(old))
        times.append(min(run_once(old, new) for _ in range(repeat)))
        factor *= 2
    return sizes, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only this shape (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per size (default 3)")
    parser.add_argument("--max-factor", type=int, default=16)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'shape':<22} {'1x bytes':>9} {'1x':>9} {'max':>9}  exponent")
    for name in args.shape or SHAPES:
        sizes, times = measure_shape(name, args.repeat, args.max_factor)
        slope = exponent(sizes, times)
        worst = max(worst, slope)
        flag = "" if slope <= LIMIT else f"  > {LIMIT}"
        print(f"{name:<22} {sizes[0]:>9,} {times[0] * 1000:>7.1f}ms {times[-1] * 1000:>7.0f}ms  {slope:.2f}{flag}", flush=True)
    for name in BOUNDED_SHAPES if not args.shape else []:
        sizes, times = measure_shape(name, 1, args.max_factor)
        make, base = BOUNDED_SHAPES[name]
        limit = times[-1] / 4  # a limit well short of the whole comparison
        limited = run_once(*make(base * args.max_factor), TimeLimit(limit))
        print(f"{name:<22} {sizes[0]:>9,} {times[0] * 1000:>7.1f}ms {times[-1] * 1000:>7.0f}ms  {exponent(sizes, times):.2f}"
              f"  (bounded: with a limit of {limit:.2f} s it ends in {limited / limit:.2f}× the limit)", flush=True)
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
