"""Figure pairing on seeded mutations of a corpus draft, with known truth.

- value edits: one figure's number raised by 7 → exactly one "changed" record with both texts;
- deletions / insertions of one line whose figure values occur nowhere else in the draft →
  every one of its figures "removed" (old → mutated) or "added" (mutated → old), nothing else.

Prints recall and the count of extra records for each kind. Lines whose values recur are
left out of the deletion set on purpose: a value still standing for the same measured
thing elsewhere is, by design, not reported removed.

Run: ``python benchmarks/figure_pairing.py [--file 001_…txt] [--trials N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter

from common import CORPUS, print_table

from versiondiff.compare import compare_documents
from versiondiff.compare.quantities import find_quantities
from versiondiff.model import Document
from versiondiff.normalize import normalize_text


def _statuses(old: Document, new: Document) -> list[tuple[str, str | None, str | None]]:
    return [(q.status, q.old.text if q.old else None, q.new.text if q.new else None) for q in compare_documents(old, new).quantities]


def value_edits(lines: list[str], base: Document, rng: random.Random, trials: int) -> tuple[int, int, int]:
    candidates = [
        (i, q) for i, line in enumerate(lines) if line.strip() and not line.startswith(("|", "#"))
        for q in find_quantities(line) if q.unit and re.search(r"\d", q.text)
    ]
    hits = extra = 0
    for _ in range(trials):
        index, quantity = rng.choice(candidates)
        digits = re.search(r"\d+", quantity.text)
        edited = quantity.text[: digits.start()] + str(int(digits.group()) + 7) + quantity.text[digits.end() :]
        line = lines[index]
        mutated = lines[:index] + [line[: quantity.start] + edited + line[quantity.end :]] + lines[index + 1 :]
        found = _statuses(base, normalize_text("\n".join(mutated)))
        right = [f for f in found if f == ("changed", quantity.text, edited)]
        hits += bool(right)
        extra += len(found) - len(right)
    return trials, hits, extra


def line_removals(lines: list[str], base: Document, rng: random.Random, trials: int) -> dict[str, tuple[int, int, int]]:
    values = Counter((q.unit, q.value) for q in find_quantities("\n".join(lines)))
    candidates = [
        i for i, line in enumerate(lines) if line.strip() and not line.startswith(("|", "#")) and find_quantities(line)
        and all(values[(q.unit, q.value)] == 1 for q in find_quantities(line))
    ]
    totals = {"removed": [0, 0, 0], "added": [0, 0, 0]}
    for _ in range(trials):
        index = rng.choice(candidates)
        expected = [q.text for q in find_quantities(lines[index])]
        mutated = normalize_text("\n".join(lines[:index] + lines[index + 1 :]))
        for status, (old, new) in (("removed", (base, mutated)), ("added", (mutated, base))):
            found = _statuses(old, new)
            reported = [old_text or new_text for kind, old_text, new_text in found if kind == status]
            hit = sum(1 for text in expected if text in reported)
            totals[status][0] += len(expected)
            totals[status][1] += hit
            totals[status][2] += len(found) - hit
    return {status: (n, hit, extra) for status, (n, hit, extra) in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default="001_3143894dff5fad24.txt")
    parser.add_argument("--trials", type=int, default=25)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    lines = (CORPUS / args.file).read_text(encoding="utf-8").split("\n")
    base = normalize_text("\n".join(lines))
    rng = random.Random(args.seed)
    rows = []
    n, hit, extra = value_edits(lines, base, rng, args.trials)
    rows.append(["value edited", str(n), f"{hit / n:.3f}", str(extra)])
    for status, (n, hit, extra) in line_removals(lines, base, rng, args.trials).items():
        rows.append([f"line {'deleted' if status == 'removed' else 'inserted'} → {status}", str(n), f"{hit / max(n, 1):.3f}", str(extra)])
    print(f"{args.file}, {args.trials} trials per kind, seed {args.seed}")
    print_table(["mutation", "figures", "recall", "extra records"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
