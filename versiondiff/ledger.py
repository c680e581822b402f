"""The figure ledger: every target's history across revisions, and checks inside one revision.

A *line* is one measured thing: its section path (numbering aside), its context
(``世界の自動車販売台数における我が国企業のシェア``) and its unit. Each revision
extends the previous ledger: a figure whose key is known continues its line; a figure
the comparison paired with an old one (value, context or section changed) continues
the old one's line; anything else starts a line; lines not seen again end. The ledger
is stored as ``<slug>/figures.json`` in the revision's own commit, so reading it never
recomputes comparisons and updating it costs one comparison whatever the history length.

Checks in one revision:
- *stale*: a figure changed in one place while its old value still stands elsewhere for
  the same measured thing (約25% in 1.(1) but still 26% in 2.(1));
- *contradiction*: two different values for the same measured thing (a total of 約523億円
  in one place, 約513億円 in another) — unless the sentences name different years.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from versiondiff.compare import Comparison
from versiondiff.compare.engine import block_text, quantity_context
from versiondiff.compare.quantities import Quantity
from versiondiff.compare.tokens import tokenize
from versiondiff.model import Document
from versiondiff.normalize.inline import compact_key

SCHEMA = "versiondiff.ledger/1"
_SAME_THING = 0.8  # context similarity for "the same measured thing"
_YEAR_UNITS = {"年", "年度", "年代", "年月日", "月", "日"}


@dataclass(frozen=True)
class Figure:
    """One figure where it stands in one revision."""

    quantity: Quantity
    context: str
    section: tuple[str, ...]
    sentence: str
    in_footnote: bool = False
    in_table: bool = False

    @property
    def key(self) -> str:
        return f"{_path_key(self.section)}|{compact_key(self.context)}|{self.quantity.unit or ''}"

    @property
    def area(self) -> str:
        return compact_key(_strip_number(self.section[0])) if self.section else ""


def _strip_number(heading: str) -> str:
    from versiondiff.normalize.elements import split_heading_label

    return split_heading_label(heading)[1]


def figures_of(document: Document) -> list[Figure]:
    """Every figure of a revision with its context and section, in reading order."""
    found: list[Figure] = []
    for ancestors, section in document.walk():
        path = tuple(s.heading for s in ancestors) + (section.heading,)
        for block in section.blocks:
            text = block_text(block)
            for token in tokenize(text):
                if token.quantity and token.quantity.unit is not None:
                    found.append(Figure(
                        token.quantity, quantity_context(text, token.quantity), path, text,
                        in_footnote=block.kind == "footnote", in_table=block.kind == "table",
                    ))
    return found


# ---------------------------------------------------------------- checks


@dataclass(frozen=True)
class Finding:
    kind: str  # stale | contradiction
    context: str
    first: Figure
    second: Figure
    message: str

    def as_json(self) -> dict:
        def where(f: Figure) -> dict:
            return {"section": list(f.section), "text": f.quantity.text, "value": f.quantity.value, "sentence": f.sentence}

        return {"kind": self.kind, "context": self.context, "message": self.message, "first": where(self.first), "second": where(self.second)}


def _similar(a: str, b: str) -> float:
    a, b = compact_key(a), compact_key(b)
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def _same_thing(a: Figure, b: Figure) -> bool:
    return (
        not a.in_table and not b.in_table  # a table lists values by row and column
        and a.sentence != b.sentence  # two values in one sentence: a from → to, or a comparison
        and not re.search(r"\d", a.context + b.context)  # a context that is a date is a scope
        and a.area == b.area
        and a.quantity.unit == b.quantity.unit
        and a.quantity.unit not in _YEAR_UNITS
        and a.in_footnote == b.in_footnote
        and len(compact_key(a.context)) >= 4
        and _similar(a.context, b.context) >= _SAME_THING
    )


def _years(sentence: str) -> set[float]:
    return {t.quantity.value for t in tokenize(sentence) if t.quantity and t.quantity.unit in _YEAR_UNITS}


def _different_scope(a: Figure, b: Figure) -> bool:
    """Figures for different years (2024年の… / 2030年には…) are not the same statement, nor are
    the edges of a bracket (1,000万円以上 / 200万円未満): bounds of different kinds."""
    if a.quantity.bound != b.quantity.bound:
        return True
    years_a, years_b = _years(a.sentence), _years(b.sentence)
    return bool(years_a or years_b) and years_a != years_b


def find_contradictions(figures: list[Figure]) -> list[Finding]:
    findings = []
    seen: set[tuple[str, float | None, float | None]] = set()
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if a.quantity.same_value(b.quantity) or not _same_thing(a, b) or _different_scope(a, b):
                continue
            key = (a.key, a.quantity.value, b.quantity.value)
            if key in seen:
                continue
            seen.add(key)
            findings.append(Finding(
                "contradiction", a.context, a, b,
                f"{a.context}: {a.quantity.text} ({' › '.join(a.section)}) but {b.quantity.text} ({' › '.join(b.section)})",
            ))
    return findings


def find_stale(figures: list[Figure], comparison: Comparison) -> list[Finding]:
    """Old values of changed figures still standing elsewhere for the same measured thing."""
    findings = []
    for change in comparison.quantities:
        if change.status != "changed" or not change.old or not change.new:
            continue
        changed = next(
            (f for f in figures if f.quantity.text == change.new.text and f.section == change.new_section), None
        )
        if changed is None:
            continue
        for other in figures:
            if other is changed or not other.quantity.same_value(change.old):
                continue
            if _same_thing_loose(changed, other) and not _different_scope(changed, other):
                findings.append(Finding(
                    "stale", changed.context, changed, other,
                    f"{changed.context}: changed to {changed.quantity.text} in {' › '.join(changed.section)}, "
                    f"but {other.quantity.text} still stands in {' › '.join(other.section)}",
                ))
    return _unique(findings)


def _same_thing_loose(a: Figure, b: Figure) -> bool:
    """For stale values the old value itself is evidence; the contexts need only overlap."""
    context_a, context_b = compact_key(a.context), compact_key(b.context)
    return (
        a.quantity.unit == b.quantity.unit and a.quantity.unit not in _YEAR_UNITS and a.in_footnote == b.in_footnote
        and len(context_a) >= 2 and len(context_b) >= 2
        and (_similar(a.context, b.context) >= 0.5 or context_b in context_a or context_a in compact_key(b.sentence))
    )


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.kind, f.second.section, f.second.quantity.text, f.second.context)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# ---------------------------------------------------------------- ledger


@dataclass
class Ledger:
    slug: str
    revisions: list[dict] = field(default_factory=list)  # {"index", "label", "date"}
    lines: list[dict] = field(default_factory=list)

    def to_json(self) -> bytes:
        data = {"schema": SCHEMA, "slug": self.slug, "revisions": self.revisions, "lines": self.lines}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Ledger:
        data = json.loads(raw.decode("utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} ledger")
        return cls(data["slug"], data["revisions"], data["lines"])

    def current(self) -> list[dict]:
        last = len(self.revisions) - 1
        return [line for line in self.lines if line["last"] == last]

    def history(self, needle: str) -> list[dict]:
        key = compact_key(needle)
        return [
            line for line in self.lines
            if key in compact_key(line["context"]) or any(key == compact_key(v["text"]) for v in line["values"])
        ]


def extend_ledger(
    previous: Ledger | None, slug: str, label: str | None, date: str,
    document: Document, comparison: Comparison | None,
) -> Ledger:
    """The ledger after one more revision, from the previous ledger and one comparison."""
    ledger = Ledger(slug, list(previous.revisions), [dict(line, values=list(line["values"])) for line in previous.lines]) if previous else Ledger(slug)
    index = len(ledger.revisions)
    ledger.revisions.append({"index": index, "label": label, "date": date})
    figures = figures_of(document)
    mapping = _path_mapping(comparison)
    alive: dict[str, list[dict]] = {}
    for line in ledger.lines:
        if line["last"] == index - 1:
            alive.setdefault(_translate(line["key"], mapping), []).append(line)
    renamed = _changed_pairs(comparison)
    for figure in figures:
        line = _take(alive, figure.key) or _take_renamed(alive, renamed, figure)
        value = {"revision": index, "text": figure.quantity.text, "value": figure.quantity.value, "section": list(figure.section)}
        if line is None:
            line = {"id": len(ledger.lines) + 1, "key": figure.key, "context": figure.context, "unit": figure.quantity.unit,
                    "section": list(figure.section), "in_footnote": figure.in_footnote, "introduced": index, "values": []}
            ledger.lines.append(line)
        line["key"], line["context"], line["section"], line["last"] = figure.key, figure.context, list(figure.section), index
        # Only changes are kept, so the ledger grows with what changed, not with the revision count.
        if not line["values"] or line["values"][-1]["text"] != value["text"]:
            line["values"].append(value)
    return ledger


def _take(alive: dict[str, list[dict]], key: str) -> dict | None:
    candidates = alive.get(key)
    return candidates.pop(0) if candidates else None


def _changed_pairs(comparison: Comparison | None) -> dict[tuple[str, str], str]:
    """(new context key, new value text) → old context key, for figures the comparison paired."""
    pairs: dict[tuple[str, str], str] = {}
    if comparison is None:
        return pairs
    for change in comparison.quantities:
        if change.status == "changed" and change.old and change.new and change.new_section:
            pairs[(compact_key(change.context), change.new.text)] = compact_key(change.old.text)
    return pairs


def _take_renamed(alive: dict[str, list[dict]], renamed: dict[tuple[str, str], str], figure: Figure) -> dict | None:
    """A figure whose value changed: continue the line that held the old value in the same place."""
    old_text = renamed.get((compact_key(figure.context), figure.quantity.text))
    if old_text is None:
        return None
    path = figure.key.rsplit("|", 2)[0]
    for key, lines in alive.items():
        if not key.startswith(path + "|"):
            continue
        for line in lines:
            if compact_key(line["values"][-1]["text"]) == old_text and line["unit"] == figure.quantity.unit:
                lines.remove(line)
                return line
    return None


def _path_key(path: tuple[str, ...] | list[str]) -> str:
    """A section path as ledger keys spell it: titles without numbering, spelling-insensitive."""
    return "/".join(compact_key(_strip_number(part)) for part in path)


def _path_mapping(comparison: Comparison | None) -> dict[str, str]:
    """Old section path keys → new ones, from the section alignment (renames, renumbering)."""
    if comparison is None:
        return {}
    return {
        _path_key(section.old.path): _path_key(section.new.path)
        for section in comparison.sections if section.old and section.new
    }


def _translate(key: str, mapping: dict[str, str]) -> str:
    """An old line key with its section path as the new revision names it."""
    path, context, unit = key.rsplit("|", 2)
    return f"{mapping.get(path, path)}|{context}|{unit}"


def check_revision(document: Document, comparison: Comparison | None) -> list[Finding]:
    figures = figures_of(document)
    stale = find_stale(figures, comparison) if comparison else []
    covered = {frozenset((id(f.first), id(f.second))) for f in stale}
    contradictions = [f for f in find_contradictions(figures) if frozenset((id(f.first), id(f.second))) not in covered]
    return stale + contradictions


def sparkline_points(line: dict, revisions: int, width: int = 320, height: int = 80) -> list[tuple[float, float, dict]]:
    """Chart coordinates of a line's values (revision on x, value on y) for a server-side SVG:
    one point per change, and the value as it still stands in the last revision it appears in."""
    values = list(line["values"])
    if values and line["last"] > values[-1]["revision"]:
        values.append(dict(values[-1], revision=line["last"]))
    numbers = [v["value"] for v in values if v["value"] is not None]
    if not numbers:
        return []
    low, high = min(numbers), max(numbers)
    span = (high - low) or abs(high) or 1.0
    points = []
    for v in values:
        if v["value"] is None:
            continue
        x = 20 + (width - 40) * (v["revision"] / max(revisions - 1, 1))
        y = height - 15 - (height - 30) * ((v["value"] - low) / span if high != low else 0.5)
        points.append((round(x, 1), round(y, 1), v))
    return points
