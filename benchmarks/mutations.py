"""Seeded mutations of a draft in canonical Markdown, each with its known truth.

A draft is normalized once and rendered as canonical Markdown (a fixed point of the
normalizer: one block a line). Mutations edit those lines — change figures, delete or
insert bullets, table rows, subsections and areas, move bullets, rename headings — and
record what a correct comparison must report: every figure ``changed`` (old → new),
``added`` or ``removed``; nothing for moves and renames.

Truth stays unambiguous: a figure is deleted or inserted only where its value appears
nowhere else in its area (the issue's rule: a figure still stands if the other revision
holds the same value for the same thing), while value changes are free to hit a value
that also stands elsewhere — that is still exactly one change.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from versiondiff.compare.blocks import statement_key
from versiondiff.compare.quantities import Quantity, find_quantities

# Lines whose figures a comparison reports: body text, and headings too (「## (3) 2030年までの目標」,
# 「## 6つの戦略」: a deleted or retitled heading's figure is a figure the draft no longer states).
BODY = ("list", "paragraph", "table", "footnote", "heading")


@dataclass(frozen=True)
class Truth:
    """One figure a correct comparison reports: its status, texts as written and value keys."""

    status: str  # changed | added | removed
    old: str | None
    new: str | None
    old_key: str | None
    new_key: str | None


@dataclass
class Case:
    """One pair of revisions and what comparing them must report."""

    source: str
    category: str  # values | structure | respelling | formatting
    mutation: str
    old: str
    new: str
    truth: list[Truth] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)


@dataclass
class Line:
    text: str
    kind: str  # heading | blank | footnote | table | table-head | list | paragraph
    level: int  # heading depth; for other lines the depth of their section
    area: int  # index of the top-level heading above (-1: preamble)
    section: int  # index of the heading line above (-1: preamble)


def parse(markdown: str) -> list[Line]:
    lines: list[Line] = []
    area = section = -1
    level = 0
    for index, text in enumerate(markdown.split("\n")):
        heading = re.match(r"(#{1,6}) ", text)
        if heading:
            level = len(heading.group(1))
            section = index
            area = index if level == 1 else area
            lines.append(Line(text, "heading", level, area, section))
            continue
        lines.append(Line(text, _kind(text, lines), level, area, section))
    return lines


def _kind(text: str, before: list[Line]) -> str:
    if not text.strip():
        return "blank"
    if text.startswith("[^"):
        return "footnote"
    if text.startswith("|"):
        previous = before[-1] if before else None
        in_table = previous is not None and previous.kind in ("table", "table-head")
        return "table" if in_table and not re.fullmatch(r"[|:\- ]+", text) else "table-head"
    if re.match(r" *- ", text):
        return "list"
    return "paragraph"


def render(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def figures(line: Line) -> tuple[Quantity, ...]:
    if line.kind == "heading":  # the title after the marks (「## 6つ」 reads as a numbered mark)
        marks = len(line.text) - len(line.text.lstrip("#").lstrip())
        return tuple(q.copy_with(start=q.start + marks, end=q.end + marks) for q in _figures(line.text[marks:]))
    return _figures(line.text) if line.kind in BODY else ()


_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|#.!+\-=~])")


@lru_cache(maxsize=65536)
def _figures(text: str) -> tuple[Quantity, ...]:
    """Figures as the engine reads them — in the text without Markdown's backslash escapes
    (``25%\\~50%`` is the range 25%~50%) — with offsets and text of the Markdown line."""
    kept: list[int] = []  # kept[i]: where the i-th character of the unescaped text stands in ``text``
    plain = []
    position = 0
    for match in _ESCAPE.finditer(text):
        kept += range(position, match.start())
        plain.append(text[position : match.start()])
        kept.append(match.start() + 1)
        plain.append(match.group(1))
        position = match.end()
    kept += range(position, len(text))
    plain.append(text[position:])
    found = []
    for q in find_quantities("".join(plain)):
        start, end = kept[q.start], kept[q.end - 1] + 1
        found.append(q.copy_with(text=text[start:end], start=start, end=end))
    return tuple(found)


def area_keys(lines: list[Line], area: int, skip: range = range(0)) -> Counter:
    """How often each figure value stands in an area, leaving out the lines in ``skip``."""
    return Counter(q.key() for i, line in enumerate(lines) if line.area == area and i not in skip for q in figures(line))


class _Index:
    """Figure values per area and footnote references of a draft, counted once: checking a
    candidate span is then proportional to the span, not to the draft."""

    def __init__(self, lines: list[Line]):
        self.keys: dict[int, Counter] = {}
        self.refs: Counter = Counter()
        for line in lines:
            self.keys.setdefault(line.area, Counter()).update(q.key() for q in figures(line))
            self.refs.update(_refs(line))

    def keys_outside(self, lines: list[Line], span: range) -> Counter:
        inside = Counter(q.key() for i in span for q in figures(lines[i]))
        return self.keys.get(lines[span[0]].area, Counter()) - inside

    def refs_outside(self, lines: list[Line], span: range) -> set[str]:
        inside = Counter(r for i in span for r in _refs(lines[i]))
        return set(self.refs - inside)


# ---------------------------------------------------------------- value changes


def change_values(lines: list[Line], rng: random.Random, count: int, case: Case) -> None:
    """Change ``count`` figures in place, one per line, in body text, tables and footnotes."""
    candidates = [(i, q) for i, line in enumerate(lines) for q in figures(line) if re.search(r"[0-9]", q.text)]
    rng.shuffle(candidates)
    # Spread the picks over kinds of lines, so footnotes and tables are hit when the draft has them.
    candidates.sort(key=lambda c: {"footnote": 0, "table": 1}.get(lines[c[0]].kind, 2) if rng.random() < 0.4 else 3)
    used: set[int] = set()
    for index, quantity in candidates:
        if len(used) >= count:
            break
        if index in used:
            continue
        changed = _changed_line(lines[index], quantity, rng)
        if changed is None:
            continue
        text, new = changed
        elsewhere = area_keys(lines, lines[index].area)[quantity.key()] > 1
        lines[index].text = text
        used.add(index)
        case.truth.append(Truth("changed", quantity.text, new.text, quantity.key(), new.key()))
        case.notes[f"changed in {lines[index].kind}"] += 1
        if elsewhere:
            case.notes["changed value also standing elsewhere in its area"] += 1


def _changed_line(line: Line, quantity: Quantity, rng: random.Random) -> tuple[str, Quantity] | None:
    runs = list(re.finditer(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?", quantity.text))
    if not runs:
        return None
    run = runs[0] if quantity.kind in ("date", "year") or len(runs) == 1 else rng.choice(runs)
    written = run.group()
    new_number = _other_number(written, quantity.kind in ("date", "year"), rng)
    new_text = quantity.text[: run.start()] + new_number + quantity.text[run.end() :]
    text = line.text[: quantity.start] + new_text + line.text[quantity.end :]
    reread = [q for q in _figures(text) if q.start == quantity.start]
    if len(reread) != 1 or reread[0].text != new_text or reread[0].same_value(quantity):
        return None  # the edit made something that does not read as the same kind of figure
    return text, reread[0]


def _other_number(written: str, is_year: bool, rng: random.Random) -> str:
    """Another number in the same style: commas and decimals as written."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    value = float(written.replace(",", ""))
    if is_year:
        step = rng.choice([1, 2, 3, 5])
    elif decimals:
        step = rng.choice([1, 2, 3, 5]) * 10**-decimals
    else:
        step = max(1, round(value * rng.uniform(0.04, 0.3)))
    new = value + step if rng.random() < 0.6 or value - step <= 0 else value - step
    text = f"{new:,.{decimals}f}" if "," in written else f"{new:.{decimals}f}"
    return text


# ---------------------------------------------------------------- deletions and insertions


def delete_blocks(lines: list[Line], rng: random.Random, count: int, case: Case, kind: str) -> list[Line]:
    """Delete ``count`` bullets/paragraphs (``kind`` "block") or table rows (``kind`` "row")."""
    wanted = ("table",) if kind == "row" else ("list", "paragraph")
    index = _Index(lines)
    candidates = [i for i, line in enumerate(lines) if line.kind in wanted and _deletable(lines, range(i, i + 1), index)]
    picks = _spread(candidates, lines, rng, count)
    for pick in sorted(picks, reverse=True):
        _record_removed(lines, range(pick, pick + 1), case)
        del lines[pick]
    case.notes[f"deleted {kind}s"] += len(picks)
    return lines


def _deletable(lines: list[Line], span: range, index: _Index) -> bool:
    """Has figures, takes its footnotes with it, leaves no orphan child, and no figure value
    in it stands elsewhere in its area (else "removed" would be a matter of opinion)."""
    found = [q for i in span for q in figures(lines[i])]
    if not found:
        return False
    last = lines[span[-1]]
    following = lines[span[-1] + 1] if span[-1] + 1 < len(lines) else None
    if last.kind == "list" and following is not None and following.kind == "list" and _indent(following) > _indent(last):
        return False
    if not _footnotes_self_contained(lines, span, index):
        return False
    outside = index.keys_outside(lines, span)
    return all(outside[q.key()] == 0 for q in found)


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip(" "))


def _footnotes_self_contained(lines: list[Line], span: range, index: _Index) -> bool:
    """Every footnote referenced in the span is defined in it, and the other way round — or none."""
    refs_inside = {r for i in span for r in _refs(lines[i])}
    defs_inside = {re.match(r"\[\^(\d+)\]", lines[i].text).group(1) for i in span if lines[i].kind == "footnote"}
    if not refs_inside and not defs_inside:
        return True
    refs_outside = index.refs_outside(lines, span)
    return refs_inside == defs_inside and not (defs_inside & refs_outside)


def _refs(line: Line) -> list[str]:
    text = line.text.split("]:", 1)[1] if line.kind == "footnote" else line.text
    return re.findall(r"\[\^(\d+)\]", text)


def _record_removed(lines: list[Line], span: range, case: Case) -> None:
    """Every figure of the span, footnotes included (even one no reference points to: its
    change shows in the redline, so the figure list must carry it too)."""
    for i in span:
        for quantity in figures(lines[i]):
            case.truth.append(Truth("removed", quantity.text, None, quantity.key(), None))


def _spread(candidates: list[int], lines: list[Line], rng: random.Random, count: int) -> list[int]:
    """Up to ``count`` picks, at most one per section, so that edits do not meet."""
    rng.shuffle(candidates)
    picks: list[int] = []
    sections: set[int] = set()
    for index in candidates:
        if lines[index].section not in sections:
            picks.append(index)
            sections.add(lines[index].section)
        if len(picks) == count:
            break
    return picks


_SUBJECTS = ["新規実証事業", "地域連携拠点", "人材育成講座", "共同調達枠", "国際共同研究", "脱炭素投資"]


def _new_sentence(lines: list[Line], area: int, rng: random.Random, tag: int) -> tuple[str, list[Quantity]]:
    """A sentence with two figures whose values stand nowhere in the area."""
    taken = area_keys(lines, area)
    while True:
        amount = f"約{rng.randint(101, 989)}.{rng.randint(1, 9)}億円"
        count = f"{rng.randint(13, 97)}か所"
        sentence = f"{_SUBJECTS[tag % len(_SUBJECTS)]}{tag}の事業規模を{amount}、対象を{count}とする。"
        found = find_quantities(sentence)
        if len(found) == 2 and not any(taken[q.key()] for q in found):
            return sentence, found


def insert_blocks(lines: list[Line], rng: random.Random, count: int, case: Case) -> list[Line]:
    """Insert ``count`` new bullets or paragraphs after existing ones, each with two new figures."""
    candidates = [
        i for i, line in enumerate(lines)
        if line.kind in ("list", "paragraph") and line.area >= 0
        and not (i + 1 < len(lines) and lines[i + 1].kind == "list" and _indent(lines[i + 1]) > _indent(line))
    ]
    picks = _spread(candidates, lines, rng, count)
    for tag, index in enumerate(sorted(picks, reverse=True)):
        line = lines[index]
        sentence, found = _new_sentence(lines, line.area, rng, tag)
        prefix = line.text[: len(line.text) - len(line.text.lstrip(" ")) + 2] if line.kind == "list" else ""
        new_lines = [Line(prefix + sentence, line.kind, line.level, line.area, line.section)]
        if line.kind == "paragraph":
            new_lines = [Line("", "blank", line.level, line.area, line.section)] + new_lines
        lines[index + 1 : index + 1] = new_lines
        case.truth += [Truth("added", None, q.text, None, q.key()) for q in found]
    case.notes["inserted blocks"] += len(picks)
    return lines


def _section_span(lines: list[Line], start: int) -> range:
    level = lines[start].level
    end = start + 1
    while end < len(lines) and not (lines[end].kind == "heading" and lines[end].level <= level):
        end += 1
    return range(start, end)


def delete_sections(lines: list[Line], rng: random.Random, count: int, case: Case, *, areas: bool) -> list[Line]:
    """Delete ``count`` subsections (heading and body), or whole areas (level-1 headings)."""
    headings = [i for i, line in enumerate(lines) if line.kind == "heading" and (line.level == 1) == areas]
    if areas and len(headings) < 3:
        return lines  # deleting one of two areas leaves nothing to align
    candidates = []
    index = _Index(lines)
    for i in headings:
        span = _section_span(lines, i)
        if areas:
            ok = any(figures(lines[j]) for j in span) and _footnotes_self_contained(lines, span, index)
        else:
            ok = _deletable(lines, span, index)
        if ok:
            candidates.append(i)
    rng.shuffle(candidates)
    picks: list[range] = []
    for i in candidates:
        span = _section_span(lines, i)
        if all(not (set(span) & set(other)) for other in picks) and (areas or all(lines[i].area != lines[o[0]].area for o in picks)):
            picks.append(span)
        if len(picks) == count:
            break
    for span in sorted(picks, key=lambda s: s.start, reverse=True):
        _record_removed(lines, span, case)
        del lines[span.start : span.stop]
    case.notes["deleted areas" if areas else "deleted subsections"] += len(picks)
    return lines


def insert_sections(lines: list[Line], rng: random.Random, count: int, case: Case, *, areas: bool) -> list[Line]:
    """Insert new subsections at the end of areas, or new areas at the end of the draft."""
    area_starts = [i for i, line in enumerate(lines) if line.kind == "heading" and line.level == 1]
    if not area_starts:
        return lines
    targets = [len(lines)] * count if areas else [_section_span(lines, i).stop for i in rng.sample(area_starts, min(count, len(area_starts)))]
    for tag, position in enumerate(sorted(targets, reverse=True)):
        area = -2 - tag if areas else lines[position - 1].area
        sentence, found = _new_sentence(lines, area, rng, tag + 3)
        title = f"# 新設分野{tag + 1}" if areas else f"## 新設項目{tag + 1}"
        block = ["", title, "", f"- {sentence}"]
        lines[position:position] = [Line(text, _kind(text, []) if not text.startswith("#") else "heading", 2, area, -1) for text in block]
        case.truth += [Truth("added", None, q.text, None, q.key()) for q in found]
    case.notes["inserted areas" if areas else "inserted subsections"] += len(targets)
    return lines


# ---------------------------------------------------------------- moves and renames


def move_blocks(lines: list[Line], rng: random.Random, count: int, case: Case, *, across: bool) -> list[Line]:
    """Move bullets with figures: to another place in their section, or to another section of
    their area. No figure changes."""
    movable = [
        i for i, line in enumerate(lines)
        if line.kind == "list" and _indent(line) == 0 and figures(line)
        and not (i + 1 < len(lines) and lines[i + 1].kind == "list" and _indent(lines[i + 1]) > 0)
    ]
    picks = _spread(list(movable), lines, rng, count)
    for index in sorted(picks, reverse=True):
        line = lines[index]
        if across:
            targets = [j for j in movable if lines[j].area == line.area and lines[j].section != line.section]
        else:
            targets = [j for j in movable if lines[j].section == line.section and abs(j - index) > 1]
        if not targets:
            continue
        target = rng.choice(targets)
        moved = lines.pop(index)
        target = target if target < index else target - 1
        lines.insert(target + 1, moved)
        case.notes["moved bullets across sections" if across else "moved bullets within a section"] += 1
    return lines


_SENTENCE = re.compile(r"[^。]+。")


def move_sentences(lines: list[Line], rng: random.Random, count: int, case: Case) -> list[Line]:
    """Move sentences with figures out of a paragraph or bullet into one of another area, word for
    word (the rest of both lines stays): no figure changes. Only a sentence of 12 characters or
    more that stands once in the draft (spaces and note numbers aside, as the engine counts) and
    never the first sentence of its line."""
    text = statement_key("\n".join(line.text for line in lines))  # as the engine counts statements
    sources = []
    for index, line in enumerate(lines):
        if line.kind not in ("paragraph", "list") or line.area < 0:
            continue
        sentences = _SENTENCE.findall(line.text)
        # Never the first sentence: it carries the line's bullet or note mark (「- 」「※」).
        movable = [s for s in sentences[1:] if len(statement_key(s)) >= 12 and _figures(s) and text.count(statement_key(s)) == 1]
        if movable:
            sources.append((index, rng.choice(movable)))
    rng.shuffle(sources)
    used: set[int] = set()
    for index, sentence in sources[:count]:
        targets = [j for j, line in enumerate(lines) if line.kind == "paragraph" and line.area not in (-1, lines[index].area)
                   and j not in used and line.text.endswith("。")]
        if index in used or not targets:
            continue
        target = rng.choice(targets)
        lines[index] = replace(lines[index], text=lines[index].text.replace(sentence, "", 1))
        lines[target] = replace(lines[target], text=lines[target].text + sentence)
        used.update((index, target))
        case.notes["moved sentences to another area"] += 1
    return lines


def rename_sections(lines: list[Line], rng: random.Random, count: int, case: Case) -> list[Line]:
    """Reword subsection titles (等, の推進), keeping their numbering. No figure changes."""
    headings = [i for i, line in enumerate(lines) if line.kind == "heading" and line.level >= 2 and not find_quantities(line.text)]
    for index in rng.sample(headings, min(count, len(headings))):
        lines[index].text += rng.choice(["等", "の推進", "(改訂)"])
        case.notes["renamed subsections"] += 1
    return lines
