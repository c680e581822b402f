"""Figure accuracy benchmark: seeded mutations of real drafts with known truth.

Every draft of ../shared/corpus (skipped with a message when absent) and of
versiondiff/samples is normalized and rendered as canonical Markdown; seeded mutations
(fixed seed: reproducible) make revision pairs whose figure changes are known
(``mutations.py``, ``noise.py``):

- values: figures changed in body text, tables and footnotes;
- structure: bullets, table rows, subsections and areas deleted and inserted, bullets
  moved within and across sections, subsections renamed;
- respelling: figures respelled (width, commas, ％, 兆/億, kanji, era years, spacing);
- formatting: the raw draft re-wrapped, bullets restyled, footnote marks renumbered,
  digits full width, running headers and page numbers added, units spaced.

Each pair goes through the real pipeline (``versiondiff.normalize`` →
``versiondiff.compare.engine.compare_documents``); ``Comparison.quantities`` is scored
against the truth by status and values: recall and precision for changed, added and
removed figures, and the false reports on respelling-only and formatting-only pairs.

Run: ``python benchmarks/accuracy.py [--quick] [--seeds N] [--first-seed K] [--show N]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from common import CORPUS, ROOT, print_table
from mutations import (
    Case,
    change_values,
    delete_blocks,
    delete_sections,
    insert_blocks,
    insert_sections,
    move_blocks,
    move_sentences,
    parse,
    rename_sections,
    render,
)
from noise import reformat, respell

from versiondiff.compare.engine import Comparison, compare_documents
from versiondiff.normalize import normalize_text
from versiondiff.normalize.render import render_markdown

SAMPLES = ROOT / "versiondiff" / "samples"
STATUSES = ("changed", "added", "removed")

# name → (category, edit of the Markdown lines with a count scaled to the draft)
_STRUCTURE: dict[str, Callable] = {
    "delete bullets": lambda lines, rng, n, case: delete_blocks(lines, rng, n, case, "block"),
    "delete table rows": lambda lines, rng, n, case: delete_blocks(lines, rng, n, case, "row"),
    "insert bullets": insert_blocks,
    "delete subsections": lambda lines, rng, n, case: delete_sections(lines, rng, n, case, areas=False),
    "insert subsections": lambda lines, rng, n, case: insert_sections(lines, rng, n, case, areas=False),
    "delete an area": lambda lines, rng, n, case: delete_sections(lines, rng, 1, case, areas=True),
    "insert an area": lambda lines, rng, n, case: insert_sections(lines, rng, 1, case, areas=True),
    "move bullets within a section": lambda lines, rng, n, case: move_blocks(lines, rng, n, case, across=False),
    "move bullets across sections": lambda lines, rng, n, case: move_blocks(lines, rng, n, case, across=True),
    "move sentences to another area": move_sentences,
    "rename subsections": rename_sections,
}


def sources(quick: bool) -> list[tuple[str, str, bool]]:
    """(name, raw text, is plain text) of every draft to mutate."""
    paths = sorted(SAMPLES.glob("mirai-*"))
    if CORPUS.is_dir():
        corpus = sorted(CORPUS.glob("*.txt"))
        paths += [p for p in corpus if p.name.startswith(("000", "002"))] if quick else corpus
    else:
        print(f"corpus not found at {CORPUS}: measuring the samples only", file=sys.stderr)
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        plain = path.suffix == ".txt" and not text.lstrip().startswith("#")
        found.append((path.name, text, plain))
    return found


def make_cases(name: str, raw: str, plain: bool, seed: int) -> list[Case]:
    """Every kind of pair for one draft and one seed."""
    base = render_markdown(normalize_text(raw))
    size = max(1, min(6, len(base) // 8000))  # more edits in a longer draft
    cases = []
    rng = random.Random(f"{name}/{seed}")
    case = Case(name, "values", "change figures", base, "")
    lines = parse(base)
    change_values(lines, rng, 2 * size + 1, case)
    case.new = render(lines)
    cases.append(case)
    for mutation, edit in _STRUCTURE.items():
        case = Case(name, "structure", mutation, base, "")
        case.new = render(edit(parse(base), rng, size, case))
        if case.new != base:
            cases.append(case)
    case = Case(name, "respelling", "respell figures", base, "")
    case.new = render(respell(parse(base), rng, 4 * size + 2, case))
    cases.append(case)
    if plain:
        case = Case(name, "formatting", "reformat raw text", raw, "")
        case.new = reformat(raw, rng, case)
        cases.append(case)
    return cases


@dataclass
class Score:
    truth: Counter = field(default_factory=Counter)
    reported: Counter = field(default_factory=Counter)
    hits: Counter = field(default_factory=Counter)
    false_reports: Counter = field(default_factory=Counter)  # category → figures reported on no-change pairs
    redlined: Counter = field(default_factory=Counter)  # category → no-change pairs whose redline shows a change
    no_change_pairs: Counter = field(default_factory=Counter)
    by_mutation: dict[str, Counter] = field(default_factory=dict)  # mutation → truth, right, reported
    misses: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)


def reported_figures(comparison: Comparison) -> list[tuple[str, str | None, str | None]]:
    return [(q.status, q.old.key() if q.old else None, q.new.key() if q.new else None) for q in comparison.quantities]


def score_case(case: Case, comparison: Comparison, score: Score) -> None:
    truth = Counter((t.status, t.old_key, t.new_key) for t in case.truth)
    reported = Counter(reported_figures(comparison))
    hits = truth & reported
    for status in STATUSES:
        score.truth[status] += sum(n for k, n in truth.items() if k[0] == status)
        score.reported[status] += sum(n for k, n in reported.items() if k[0] == status)
        score.hits[status] += sum(n for k, n in hits.items() if k[0] == status)
    score.notes.update(case.notes)
    tally = score.by_mutation.setdefault(case.mutation, Counter())
    tally.update(pairs=1, truth=sum(truth.values()), right=sum(hits.values()), reported=sum(reported.values()))
    if not case.truth:
        score.no_change_pairs[case.category] += 1
        score.false_reports[case.category] += sum(reported.values())
        edited = any(c.op != "move" for s in comparison.sections for c in s.changes)
        unmatched = any(s.status in ("added", "deleted") for s in comparison.sections)
        score.redlined[case.category] += bool(comparison.preamble) or edited or unmatched
    texts = {q.old.key() if q.old else None: q.old.text for q in comparison.quantities if q.old}
    texts.update({q.new.key(): q.new.text for q in comparison.quantities if q.new})
    for t in case.truth:
        texts.setdefault(t.old_key, t.old)
        texts.setdefault(t.new_key, t.new)
    for key, n in (truth - reported).items():
        score.misses.append(f"missed   {case.source} [{case.mutation}] {key[0]} {texts.get(key[1])} → {texts.get(key[2])} ×{n}")
    for key, n in (reported - truth).items():
        score.misses.append(f"reported {case.source} [{case.mutation}] {key[0]} {texts.get(key[1])} → {texts.get(key[2])} ×{n}")


def run(quick: bool, seeds: int, first_seed: int = 0) -> Score:
    score = Score()
    for name, raw, plain in sources(quick):
        for seed in range(first_seed, first_seed + seeds):
            for case in make_cases(name, raw, plain, seed):
                old, new = normalize_text(case.old), normalize_text(case.new)
                score_case(case, compare_documents(old, new), score)
    return score


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def report(score: Score, show: int) -> None:
    rows = [[s, str(score.truth[s]), str(score.reported[s]), str(score.hits[s]),
             _ratio(score.hits[s], score.truth[s]), _ratio(score.hits[s], score.reported[s])] for s in STATUSES]
    print_table(["figures", "truth", "reported", "right", "recall", "precision"], rows)
    print()
    print("By mutation")
    rows = [[m, str(t["pairs"]), str(t["truth"]), str(t["right"]), str(t["reported"] - t["right"])] for m, t in score.by_mutation.items()]
    print_table(["mutation", "pairs", "truth", "right", "wrong reports"], rows)
    print()
    print("Pairs that change no figure (moves and renames count as structure): figures reported, should be 0")
    rows = [[k, str(score.no_change_pairs[k]), str(score.false_reports[k]), str(score.redlined[k])] for k in score.no_change_pairs]
    print_table(["pairs", "count", "false reports", "pairs with a redline change (moves aside)"], rows)
    print()
    print("Mutations applied: " + ", ".join(f"{k} {v}" for k, v in sorted(score.notes.items())))
    if show:
        print()
        print(f"First {show} differences from the truth:")
        for line in score.misses[:show]:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="samples and two corpus drafts, one seed")
    parser.add_argument("--seeds", type=int, default=2, help="seeds per draft (default 2)")
    parser.add_argument("--first-seed", type=int, default=0, help="start at this seed: a new draw of mutations (default 0)")
    parser.add_argument("--show", type=int, default=15, help="list this many differences from the truth")
    args = parser.parse_args()
    started = time.perf_counter()
    score = run(args.quick, 1 if args.quick else args.seeds, args.first_seed)
    report(score, args.show)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
