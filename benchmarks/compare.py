"""Whole-process compare benchmark: ``versiondiff diff`` as a user runs it (interpreter start,
imports, normalizing both files, comparing, rendering, writing) against, in the same run,
``difflib.HtmlDiff().make_file`` in its own Python process, ``git diff --no-index
--word-diff`` and, where Debian's ``php-wikidiff2`` is installed, MediaWiki's wikidiff2. Wall and
CPU time (best of ``--repeat``, from the kernel to the microsecond) and peak resident memory of each process (by GNU ``/usr/bin/time``, Debian package ``time``). On a shared machine the
CPU time is the steadier figure.

Python processes run with their bytecode cached, as an installed package runs (pip compiles
it on install, the standard library ships compiled): the cache lives in a temporary
``PYTHONPYCACHEPREFIX``, filled by one untimed run, even where ``PYTHONDONTWRITEBYTECODE`` is
set (which would otherwise make every run compile versiondiff's ~60 modules, 50–60 ms, while
difflib's come compiled). ``--no-bytecode-cache`` measures the compiling runs instead.

Pairs: an area of the corpus (000 → 001 "自動運転技術"), the whole corpus pair 000 → 001, and a
generated law-like pair (numbered chapters and articles full of figures) where the new side
changes about 1 % of paragraphs; then the law-like pair at 1×/2×/4×/8× its size.

Run: ``python benchmarks/compare.py [--repeat 2] [--scales 1,2,4,8]``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ROOT, mib, ms, print_table

OLD, NEW = CORPUS / "000_0dddb960a8ba646a.txt", CORPUS / "001_3143894dff5fad24.txt"
_HTMLDIFF = (
    "import difflib, sys\n"
    "a = open(sys.argv[1], encoding='utf-8').read().splitlines()\n"
    "b = open(sys.argv[2], encoding='utf-8').read().splitlines()\n"
    "open(sys.argv[3], 'w', encoding='utf-8').write(difflib.HtmlDiff().make_file(a, b))\n"
)


def run(command: list[str], stats: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and peak RSS (bytes) of one process.

    Peak RSS by GNU time: the kernel's peak RSS of a child forked from this (large) Python
    process would count this process's pages too. CPU time from the kernel's accounting of
    the GNU time process and its waited-for child (``wait4``): to the microsecond, where GNU
    time prints hundredths of a second (a tenth of the gap between 0.24× and 0.25×).
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        [_TIME, "-f", "%M", "-o", str(stats), *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_ENV,
    )
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):  # diff tools exit 1 when the inputs differ
        raise SystemExit(f"{command[:4]} failed: {stderr.decode()[-300:]}")
    kib = stats.read_text().split()[-1]
    return wall, usage.ru_utime + usage.ru_stime, int(kib) * 1024


_TIME = "/usr/bin/time"
_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def cache_bytecode(folder: Path, warm_ups: list[list[str]]) -> None:
    """Let the measured processes read (and the untimed ``warm_ups`` write) compiled bytecode."""
    _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    _ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    for command in warm_ups:
        subprocess.run(command, capture_output=True, env=_ENV)


def best(command: list[str], repeat: int, stats: Path) -> tuple[float, float, int]:
    runs = [run(command, stats) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


# MediaWiki's C++ differ through PHP (Debian: php-cli php-wikidiff2), measured where installed.
_WIKIDIFF2 = (
    "file_put_contents($argv[3], wikidiff2_do_diff(file_get_contents($argv[1]), file_get_contents($argv[2]), 2));"
)


def has_wikidiff2() -> bool:
    probe = ["php", "-r", "exit(function_exists('wikidiff2_do_diff') ? 0 : 1);"]
    try:
        return subprocess.run(probe, capture_output=True).returncode == 0
    except OSError:
        return False


def tools(old: Path, new: Path, out: Path) -> dict[str, list[str]]:
    found = {
        "difflib.HtmlDiff": [sys.executable, "-c", _HTMLDIFF, str(old), str(new), str(out)],
        "git diff --word-diff": ["git", "diff", "--no-index", "--no-color", "--word-diff", f"--output={out}", str(old), str(new)],
        "versiondiff diff (html)": [sys.executable, "-m", "versiondiff", "diff", str(old), str(new), "--format", "html", "-o", str(out)],
        "versiondiff diff (json)": [sys.executable, "-m", "versiondiff", "diff", str(old), str(new), "--format", "json", "-o", str(out)],
    }
    if _WITH_WIKIDIFF2:
        found["wikidiff2 (php)"] = ["php", "-r", _WIKIDIFF2, "--", str(old), str(new), str(out)]
    return found


_WITH_WIKIDIFF2 = has_wikidiff2()


# ---------------------------------------------------------------- inputs


def area(text: str, first: str, stop: str | None) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == first)
    end = next((i for i, line in enumerate(lines) if stop and line.strip() == stop and i > start), len(lines))
    return "\n".join(lines[start:end])


_SUBJECTS = ("事業者", "地方公共団体", "国", "指定法人", "認定事業者", "登録機関")
_OBJECTS = ("補助金", "交付金", "手数料", "基金", "出資金", "負担金")
_UNITS = (("億円", 1, 900), ("%", 1, 99), ("万人", 1, 500), ("件", 10, 5000), ("年", 1, 30))


def law_text(chapters: int, seed: int = 7) -> list[str]:
    """A law-like draft: numbered chapters ("1.") and articles ("(1)"), each a few paragraphs
    with figures, as the text reader recognizes them."""
    rng = random.Random(seed)
    lines = ["みらい市 交通基盤整備法（案）", ""]
    for chapter in range(1, chapters + 1):
        lines += [f"{chapter}. 第{chapter}章 {rng.choice(_SUBJECTS)}の責務", ""]
        for article in range(1, 9):
            lines += [f"({article}) 第{article}条 {rng.choice(_OBJECTS)}の交付", ""]
            for _ in range(3):
                unit, low, high = rng.choice(_UNITS)
                lines += [
                    f"{rng.choice(_SUBJECTS)}は、{rng.choice(_OBJECTS)}として約{rng.randint(low, high)}{unit}を上限に、"
                    f"前条の計画に基づき{rng.choice(_SUBJECTS)}に対し必要な措置を講ずるものとし、"
                    f"その実施状況を毎年度{rng.randint(1, 12)}月末までに公表しなければならない。",
                    "",
                ]
    return lines


def near_identical(lines: list[str], seed: int = 11) -> list[str]:
    """About 1 % of paragraphs edited: a figure changed or a clause added."""
    rng = random.Random(seed)
    edited = list(lines)
    for index, line in enumerate(lines):
        if line.startswith(_SUBJECTS) and rng.random() < 0.01:
            edited[index] = line.replace("約", "概ね約", 1) if rng.random() < 0.5 else line.replace("月末", "月末（やむを得ない場合は翌月末）")
    return edited


def write_pair(folder: Path, name: str, old: str, new: str) -> tuple[Path, Path]:
    paths = folder / f"{name}-old.txt", folder / f"{name}-new.txt"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--scales", default="1,2,4,8")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="compile on every run (PYTHONDONTWRITEBYTECODE as set)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    old, new = OLD.read_text(encoding="utf-8"), NEW.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "out"
        base_chapters = 15  # about 85 KB a side; 8× is a 1.3 MB pair
        law = {k: law_text(base_chapters * k) for k in scales}
        pairs = {
            "corpus area 自動運転技術": write_pair(folder, "area", area(old, "自動運転技術（車両、システム）", None),
                                               area(new, "5. 自動運転技術", "6. 海底ケーブル")),
            "corpus 000→001": (OLD, NEW),
            f"law-like {max(scales)}×, ~1 % edited": write_pair(
                folder, "law", "\n".join(law[max(scales)]), "\n".join(near_identical(law[max(scales)]))),
        }
        stats = folder / "time"
        if not args.no_bytecode_cache:
            python_tools = [c for t, c in tools(*pairs["corpus area 自動運転技術"], out).items() if c[0] == sys.executable]
            cache_bytecode(folder, python_tools)
        rows = []
        for name, (a, b) in pairs.items():
            size = f"{a.stat().st_size // 1024}+{b.stat().st_size // 1024} KB"
            results = {tool: best(command, args.repeat, stats) for tool, command in tools(a, b, out).items()}
            base_t, base_c, base_m = results["difflib.HtmlDiff"]
            for tool, (t, c, m) in results.items():
                rows.append([name, size, tool, ms(t), f"{t / base_t:.2f}x", ms(c), f"{c / base_c:.2f}x",
                             mib(m), f"{m / base_m:.2f}x"])
        print_table(["pair", "size", "process", "wall", "vs HtmlDiff", "CPU", "vs HtmlDiff", "peak RSS", "vs HtmlDiff"], rows)
        print()
        scale_rows = []
        first = None
        for k in scales:
            a, b = write_pair(folder, f"law{k}", "\n".join(law[k]), "\n".join(near_identical(law[k])))
            _, c, m = best(tools(a, b, out)["versiondiff diff (json)"], 1, stats)
            first = first or (c, m)
            scale_rows.append([f"{k}×", f"{(a.stat().st_size + b.stat().st_size) // 1024} KB", ms(c),
                               f"{c / first[0]:.2f}", mib(m), f"{m / first[1]:.2f}"])
        print_table(["law-like pair", "input", "versiondiff diff (json) CPU", "vs 1×", "peak RSS", "vs 1×"], scale_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
