"""Section alignment: match two section trees across renumbering, renaming and moves.

Siblings are matched first (title without its number, body by character-trigram
shingles, position as a tie-breaker), then the children of every matched pair.
Sections left over under matched parents get a second chance anywhere in the
other tree (a section moved to another parent). Order changes among matched
siblings are found with a longest increasing subsequence: whatever is not on it
moved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cached_property

from versiondiff.model import Document, Section
from versiondiff.normalize.inline import compact_key
from versiondiff.records import Record

_NOISE = re.compile(r"\[\^\d+\]|\s+")
_MATCH_SCORE = 0.5
_BODY_ALONE = 0.5  # body similarity that matches sections whatever their titles
_MOVED_ACROSS = 0.6  # body similarity for a match across parents; never below _BODY_ALONE (see _match_across_parents)
_IDENTICAL_MIN_SHINGLES = 20  # own text (trigrams) a section needs to be recognized wherever it went
_SAME_NUMBER_BODY = 0.3  # body similarity that matches two siblings carrying the same number
_SAME_TITLE_BODY = 0.15  # body similarity at which two siblings titled alike are one section
_SAME_BODY = 0.8  # body similarity at which two same-number siblings are one section before any other
# Numbering a title may still carry when a converter glued it on (第三章雑則, 3.1 概要).
_TITLE_NUMBER = re.compile(
    r"^(?:第[〇一二三四五六七八九十百千\d]+[編章節款条項号目]|\d+(?:\.\d+)*\.?|[(（]\d+[)）]|[①-⑳]|[IVX]+\.)\s*"
)


class Node:
    """A section with what alignment needs: its path, title key and shingles. Equal only to itself."""

    def __init__(self, section: Section, path: tuple[str, ...], index: int, parent: Node | None,
                 children: list[Node] | None = None, footnotes: dict[str, str] | None = None):
        self.section = section
        self.path = path
        self.index = index  # position among its siblings
        self.parent = parent
        self.children: list[Node] = [] if children is None else children
        self.footnotes: dict[str, str] = {} if footnotes is None else footnotes

    def __repr__(self) -> str:
        return f"Node(path={self.path!r}, index={self.index})"

    @cached_property
    def title_key(self) -> str:
        return compact_key(self.section.title)

    @cached_property
    def title_bigrams(self) -> frozenset[str]:
        key = self.title_key
        return frozenset([key[i : i + 2] for i in range(len(key) - 1)])

    @cached_property
    def number_key(self) -> str:
        return compact_key(self.section.number)

    @cached_property
    def own_shingles(self) -> frozenset[bytes]:
        # Spelling is canonical already; only spaces and footnote numbers need ignoring here.
        raw = "".join(b.text or "".join("".join(r) for r in b.rows) for b in self.section.blocks)
        # str.split() splits where \s matches (both Unicode whitespace): no regex where no reference stands.
        text = "".join(raw.split()) if "[^" not in raw else _NOISE.sub("", raw)
        # Each 3-character window as 12 bytes of UTF-32 (one code point, 4 bytes): the same set
        # as the 3-character strings, at 45 bytes a trigram instead of 80 for kanji (alignment's
        # peak memory, and the page faults that grow it, were mostly these); sliced and hashed
        # in C. They live only while alignment runs (dropped at the end of align_sections).
        data = text.encode("utf-32-le")
        return frozenset([data[i : i + 12] for i in range(0, len(data) - 8, 4)])

    @cached_property
    def shingles(self) -> frozenset[bytes]:
        """Own text, every subsection's text and every subsection's title, as one set."""
        if not self.children:
            return self.own_shingles  # a leaf's shingles are its own: no copy
        if all("shingles" in child.__dict__ for child in self.children):
            parts = [child.shingles for child in self.children]  # already built: smaller sets to merge
            titles = [_title_shingle(child) for child in self.children]
        else:
            # Straight from every descendant's own text: no intermediate union per level for
            # subtrees nobody compares on their own (a whole added area).
            below = [node for child in self.children for node in _walk(child)]
            parts = [node.own_shingles for node in below]
            titles = [_title_shingle(node) for node in below]
        return self.own_shingles.union(*parts, titles)


def _title_shingle(node: Node) -> bytes:
    """A subsection's title as one element of its parent's set, spelled as the trigrams are."""
    return ("§" + node.title_key).encode("utf-32-le")


class PairWatch:
    """Reads a deadline every ``PAIRS_PER_READ`` candidate pairs: matching many unmatched
    siblings compares every pair (1,500 rewritten sections a side: 2.25 million pairs, ~25 s),
    and a comparison under a time limit must still end near it. Once the deadline has passed,
    alignment keeps what it matched for certain (same unique titles and numbers) and stops;
    the engine then compares no section and reports every one as not compared (budget.py)."""

    PAIRS_PER_READ = 2048  # a few milliseconds of pairs: a clock read per pair would cost more

    def __init__(self, passed: Callable[[], bool] | None = None):
        self._passed = passed
        self._until_read = self.PAIRS_PER_READ
        self.stopped = False

    def spend(self, pairs: int) -> bool:
        """Count ``pairs`` about to be compared; True when alignment must stop instead."""
        if self._passed is None or self.stopped:
            return self.stopped
        self._until_read -= pairs
        if self._until_read <= 0:
            self._until_read = self.PAIRS_PER_READ
            self.stopped = self._passed()
        return self.stopped


def title_words(node: Node) -> str:
    """The title without any numbering: what ``renamed`` compares (renumbering is not renaming)."""
    return _TITLE_NUMBER.sub("", node.title_key)


def build_nodes(document: Document) -> list[Node]:
    def build(section: Section, index: int, parent: Node | None) -> Node:
        path = (parent.path if parent else ()) + (section.heading,)
        node = Node(section, path, index, parent, footnotes=document.footnotes)
        node.children = [build(child, i, node) for i, child in enumerate(section.children)]
        return node

    return [build(section, i, None) for i, section in enumerate(document.sections)]


def title_similarity(old: Node, new: Node) -> float:
    """1 for the same title, 0.85 when one holds the other (自動運転技術 / 自動運転技術(車両、
    システム)), else the Dice similarity of their character bigrams (made once per section:
    the all-pairs search asks for every pair)."""
    a, b = old.title_key, new.title_key
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 0.85
    return _dice(old.title_bigrams, new.title_bigrams)


def _dice(a: set | frozenset, b: set | frozenset) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def body_similarity(a: Node, b: Node) -> float:
    return _dice(a.shingles, b.shingles)


def _paired_body(old: Node, new: Node) -> float:
    """Body similarity of two sections about to pair; an unchanged section (equal text all the
    way down) is 1.0 without building its shingles."""
    if old.section == new.section or not (old.shingles or new.shingles):
        return 1.0
    return body_similarity(old, new)


class Match(Record):
    """One section's fate: matched (old and new), added (old None) or deleted (new None), with the
    body similarity it was matched by and whether it moved, split or merged."""

    old: Node | None
    new: Node | None
    similarity: float
    moved: bool
    split_from: tuple[str, ...] | None
    merged_into: tuple[str, ...] | None

    def __init__(self, old: Node | None, new: Node | None, similarity: float = 0.0, moved: bool = False,
                 split_from: tuple[str, ...] | None = None, merged_into: tuple[str, ...] | None = None):
        self.old = old
        self.new = new
        self.similarity = similarity
        self.moved = moved
        self.split_from = split_from
        self.merged_into = merged_into


def _score(old: Node, new: Node, title: float) -> tuple[float, float]:
    if not old.shingles and not new.shingles:
        return title, 1.0
    body = body_similarity(old, new)
    return _weighted(title, body), body


def _weighted(title: float, body: float) -> float:
    return 0.45 * title + 0.55 * body


def _may_pair(title: float, same_number: bool, body: float, score: float | None = None) -> bool:
    """Whether two siblings are candidates; given an upper bound of ``body`` (and no score),
    whether they may be (the weighted score bounds even two empty bodies' score, the title)."""
    if score is None:
        score = _weighted(title, body)
    return (score >= _MATCH_SCORE or body >= _BODY_ALONE or (title == 1.0 and body >= _SAME_TITLE_BODY)
            or (same_number and body >= _SAME_NUMBER_BODY))


def _dice_bound(a: frozenset, b: frozenset) -> float:
    """The highest Dice similarity two sets of these sizes can have (every element of the
    smaller one shared): an exact test before counting an intersection."""
    if not a or not b:
        return 1.0  # empty bodies score as alike (see _score)
    return 2 * min(len(a), len(b)) / (len(a) + len(b))


def match_siblings(old: list[Node], new: list[Node], watch: PairWatch | None = None) -> list[tuple[Node, Node, float]]:
    """Greedy best-first matching of two sibling lists.

    Siblings whose title is the same and unique on both sides pair first (when their
    bodies are not unrelated), then siblings whose number is (when their bodies are
    nearly the same), so the all-pairs comparison runs only on the rest.
    """
    if not old or not new:
        return []  # most sections have no subsections: nothing to count or pair
    pairs = _pair_unique_titles(old, new)
    old, new = _unpaired(old, new, pairs)
    pairs += _pair_unique_numbers(old, new)
    old, new = _unpaired(old, new, pairs)
    candidates = []
    for o in old:
        if watch is not None and watch.spend(len(new)):
            return pairs  # stopped: no pair from a search half done
        for n in new:
            title = title_similarity(o, n)
            same_number = bool(o.number_key) and o.number_key == n.number_key
            if not _may_pair(title, same_number, _dice_bound(o.shingles, n.shingles)):
                continue  # sizes too far apart for any threshold: no intersection to count
            score, body = _score(o, n, title)
            if _may_pair(title, same_number, body, score):
                position = abs(o.index / max(len(old), 1) - n.index / max(len(new), 1))
                candidates.append((score - 0.05 * position, o, n, body))
    candidates.sort(key=lambda c: -c[0])
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, o, n, body in candidates:
        if id(o) in used_old or id(n) in used_new:
            continue
        used_old.add(id(o))
        used_new.add(id(n))
        pairs.append((o, n, body))
    return pairs


def _unpaired(old: list[Node], new: list[Node], pairs: list[tuple[Node, Node, float]]) -> tuple[list[Node], list[Node]]:
    paired_old = {id(o) for o, _, _ in pairs}
    paired_new = {id(n) for _, n, _ in pairs}
    return [o for o in old if id(o) not in paired_old], [n for n in new if id(n) not in paired_new]


def _pair_unique_titles(old: list[Node], new: list[Node]) -> list[tuple[Node, Node, float]]:
    old_titles = Counter(o.title_key for o in old)
    new_by_title = {n.title_key: n for n in new}
    new_titles = Counter(n.title_key for n in new)
    pairs = []
    for o in old:
        n = new_by_title.get(o.title_key)
        if n is None or old_titles[o.title_key] > 1 or new_titles[o.title_key] > 1:
            continue
        body = _paired_body(o, n)
        # An area (a top-level section) titled alike and uniquely is one area however much of it
        # was rewritten: its figures then pair within it. Below it a unique title alone is weaker
        # evidence (「(1) 現状」): the body must agree a little, or a moved section keeps its move.
        if o.parent is None or body >= _SAME_TITLE_BODY:
            pairs.append((o, n, body))
    return pairs


def _pair_unique_numbers(old: list[Node], new: list[Node]) -> list[tuple[Node, Node, float]]:
    """Siblings carrying the same number, unique on both sides, with nearly the same body:
    a law's articles whose numbering held. Pairing them first keeps long documents linear."""
    old_numbers = Counter(o.number_key for o in old)
    new_numbers = Counter(n.number_key for n in new)
    new_by_number = {n.number_key: n for n in new}
    pairs = []
    for o in old:
        n = new_by_number.get(o.number_key)
        if not o.number_key or n is None or old_numbers[o.number_key] > 1 or new_numbers[o.number_key] > 1:
            continue
        body = _paired_body(o, n)
        if body >= _SAME_BODY or (o.title_key == n.title_key and body >= _BODY_ALONE):
            pairs.append((o, n, body))
    return pairs


def align_sections(
    old_doc: Document, new_doc: Document, stop: Callable[[], bool] | None = None,
) -> tuple[list[Match], list[Node], list[Node]]:
    """All matches (matched, added, deleted), and both node forests.

    ``stop``: whether the comparison's deadline has passed (read now and then, see PairWatch);
    once it has, sections not yet matched are left unmatched, for the engine not to compare."""
    old_roots, new_roots = build_nodes(old_doc), build_nodes(new_doc)
    matches: list[Match] = []
    matched_old: set[int] = set()
    matched_new: set[int] = set()
    watch = PairWatch(stop)

    def align(old: list[Node], new: list[Node]) -> None:
        pairs = match_siblings(old, new, watch)
        for o, n, body in pairs:
            matched_old.add(id(o))
            matched_new.add(id(n))
            matches.append(Match(o, n, similarity=body))
        _flag_moves(matches[-len(pairs):] if pairs else [])
        for o, n, _ in pairs:
            if not watch.stopped:
                align(o.children, n.children)

    align(old_roots, new_roots)
    if not watch.stopped:
        _match_across_parents(old_roots, new_roots, matches, matched_old, matched_new, align, watch)
    if not watch.stopped:
        _match_identical(old_roots, new_roots, matches, matched_old, matched_new, align)
    all_old = [n for root in old_roots for n in _walk(root)]
    all_new = [n for root in new_roots for n in _walk(root)]
    matches += [Match(None, n) for n in all_new if id(n) not in matched_new]
    matches += [Match(o, None) for o in all_old if id(o) not in matched_old]
    if not watch.stopped:
        _find_splits_and_merges(matches)
    for node in all_old + all_new:  # the shingles served alignment only: most of its memory
        for memo in ("own_shingles", "shingles"):
            node.__dict__.pop(memo, None)
    return matches, old_roots, new_roots


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _match_across_parents(old_roots, new_roots, matches, matched_old, matched_new, align, watch: PairWatch) -> None:
    """Sections left over under matched parents, matched anywhere by content."""

    def leftovers(roots: list[Node], matched: set[int]) -> list[Node]:
        out = []
        for root in roots:
            for node in _walk(root):
                parent_ok = node.parent is None or id(node.parent) in matched
                if id(node) not in matched and parent_ok and node.shingles:
                    out.append(node)
        return out

    old_left, new_left = leftovers(old_roots, matched_old), leftovers(new_roots, matched_new)
    partner = {id(m.old): m.new for m in matches if m.old is not None and m.new is not None}

    def compared_as_siblings(o: Node, n: Node) -> bool:
        # match_siblings compared these two already (two top-level sections, or children of
        # a matched pair), where a body similarity of _BODY_ALONE made them a candidate: both
        # still unmatched, theirs is below it, so below _MOVED_ACROSS too.
        if o.parent is None or n.parent is None:
            return o.parent is None and n.parent is None
        return partner.get(id(o.parent)) is n.parent

    candidates = []
    for o in old_left:
        if watch.spend(len(new_left)):
            return  # stopped: no match from a search half done
        for n in new_left:
            if _dice_bound(o.shingles, n.shingles) < _MOVED_ACROSS or compared_as_siblings(o, n):
                continue
            body = body_similarity(o, n)
            if body >= _MOVED_ACROSS:
                candidates.append((body, o, n))
    candidates.sort(key=lambda c: -c[0])
    for body, o, n in candidates:
        if id(o) in matched_old or id(n) in matched_new:
            continue
        matched_old.add(id(o))
        matched_new.add(id(n))
        matches.append(Match(o, n, similarity=body, moved=True))
        align(o.children, n.children)


def _match_identical(old_roots, new_roots, matches, matched_old, matched_new, align) -> None:
    """A section left over with the same title and the same own text as one on the other side
    is that section, whatever happened to its parent: never deleted and added again. Only for
    distinctive sections (once on each side, enough text): a section every area carries with
    the same boilerplate body is no evidence of where it went."""

    # Only a title some left-over section carries can pair: other sections' shingles (most of
    # a near-identical pair) need not be built. The count of each key still covers every section.
    left_old = {n.title_key for root in old_roots for n in _walk(root) if id(n) not in matched_old}
    left_new = {n.title_key for root in new_roots for n in _walk(root) if id(n) not in matched_new}
    titles = left_old & left_new
    if not titles:
        return

    def distinctive(roots: list[Node]) -> dict[tuple[str, frozenset[bytes]], Node]:
        nodes: dict[tuple[str, frozenset[bytes]], list[Node]] = {}
        for root in roots:
            for node in _walk(root):
                if node.title_key in titles and len(node.own_shingles) >= _IDENTICAL_MIN_SHINGLES:
                    nodes.setdefault((node.title_key, node.own_shingles), []).append(node)
        return {key: found[0] for key, found in nodes.items() if len(found) == 1}

    new_nodes = distinctive(new_roots)
    for key, o in distinctive(old_roots).items():
        n = new_nodes.get(key)
        if n is None or id(o) in matched_old or id(n) in matched_new:
            continue
        matched_old.add(id(o))
        matched_new.add(id(n))
        matches.append(Match(o, n, similarity=1.0, moved=True))
        align(o.children, n.children)


def _flag_moves(pairs: list[Match]) -> None:
    """Pairs off the longest increasing subsequence of new positions moved."""
    ordered = sorted(pairs, key=lambda m: m.old.index)  # type: ignore[union-attr]
    positions = [m.new.index for m in ordered]  # type: ignore[union-attr]
    keep = _longest_increasing(positions)
    for i, match in enumerate(ordered):
        if i not in keep:
            match.moved = True


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (O(n²), n = siblings)."""
    if not values:
        return set()
    best = [1] * len(values)
    previous = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    end = max(range(len(values)), key=lambda i: (best[i], -i))
    chain = set()
    while end != -1:
        chain.add(end)
        end = previous[end]
    return chain


def _find_splits_and_merges(matches: list[Match]) -> None:
    """An added section whose text mostly came from a matched sibling's old text was split off
    it; a deleted section whose text mostly went into a matched sibling was merged into it."""
    by_new_parent: dict[int, list[Match]] = {}
    by_old_parent: dict[int, list[Match]] = {}
    for m in matches:
        if m.old and m.new:
            by_new_parent.setdefault(id(m.new.parent), []).append(m)
            by_old_parent.setdefault(id(m.old.parent), []).append(m)
    for match in matches:
        # Siblings first: most added or deleted sections have none matched (a whole added area),
        # and then their shingles need not be built.
        if match.old is None and match.new and (siblings := by_new_parent.get(id(match.new.parent))):
            if len(match.new.own_shingles) >= 10:
                match.split_from = _best_container(match.new.own_shingles, [(m.old.own_shingles, m.old.path) for m in siblings])
        elif match.new is None and match.old and (siblings := by_old_parent.get(id(match.old.parent))):
            if len(match.old.own_shingles) >= 10:
                match.merged_into = _best_container(match.old.own_shingles, [(m.new.own_shingles, m.new.path) for m in siblings])


def _best_container(part: frozenset[bytes], wholes: list[tuple[frozenset[bytes], tuple[str, ...]]]) -> tuple[str, ...] | None:
    best, best_path = 0.0, None
    for whole, path in wholes:
        if len(whole) <= len(part):
            continue
        contained = len(part & whole) / len(part)
        if contained > best:
            best, best_path = contained, path
    return best_path if best >= 0.7 else None
