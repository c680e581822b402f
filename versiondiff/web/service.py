"""What the web layer asks of the store and the engine: no diff logic lives in a view.

Comparisons are cached by the pair of ``document.md`` blob ids, so a compare view is
computed once per pair of contents however the revisions are addressed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from versiondiff.compare import Comparison, compare_documents
from versiondiff.compare.quantities import Quantity
from versiondiff.compare.tokens import tokenize
from versiondiff.model import Document, Section
from versiondiff.normalize import normalize_text
from versiondiff.normalize.inline import compact_key
from versiondiff.store import Revision, Store


class _LRU:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):  # noqa: ANN001, ANN201
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                self.hits += 1
                return self.items[key]
            self.misses += 1
            return None

    def put(self, key, value) -> None:  # noqa: ANN001
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


@dataclass
class Service:
    store: Store

    def __post_init__(self) -> None:
        self.comparisons = _LRU(64)
        self.documents = _LRU(64)
        self.pages = _LRU(32)  # rendered compare pages: they hold no per-user data

    def compare_page(self, old: Revision, new: Revision, variant: str, render) -> str:  # noqa: ANN001
        """The rendered compare view, cached by the blob ids of both sides."""
        key = (self.blob_id(old), self.blob_id(new), old.name, new.name, variant)
        cached = self.pages.get(key)
        if cached is None:
            cached = render(self.compare(old, new))
            self.pages.put(key, cached)
        return cached

    def blob_id(self, revision: Revision) -> str:
        return self.store._git("rev-parse", f"{revision.commit}:{revision.slug}/document.md")

    def document(self, revision: Revision) -> Document:
        key = self.blob_id(revision)
        cached = self.documents.get(key)
        if cached is None:
            cached = normalize_text(self.store.read_markdown(revision), "markdown")
            self.documents.put(key, cached)
        return cached

    def compare(self, old: Revision, new: Revision) -> Comparison:
        key = (self.blob_id(old), self.blob_id(new))
        cached = self.comparisons.get(key)
        if cached is None:
            cached = compare_documents(
                self.document(old), self.document(new),
                old_name=old.slug, new_name=new.slug, old_revision=old.name, new_revision=new.name,
            )
            self.comparisons.put(key, cached)
        return cached

    def _cached(self, key: tuple, compute):  # noqa: ANN001, ANN202
        value = self.documents.get(key)
        if value is None:
            value = compute()
            self.documents.put(key, value)
        return value

    def ledger(self, revision: Revision):  # noqa: ANN201
        from versiondiff.ingest import load_ledger

        return self._cached(("ledger", revision.commit), lambda: load_ledger(self.store, revision))

    def findings(self, revision: Revision):  # noqa: ANN201
        """Stale and contradictory figures of a revision (against the one before it)."""
        from versiondiff.ledger import check_revision

        def compute():  # noqa: ANN202
            history = self.store.revisions(revision.slug)
            position = history.index(revision)
            previous = history[position + 1] if position + 1 < len(history) else None
            comparison = self.compare(previous, revision) if previous else None
            return check_revision(self.document(revision), comparison)

        return self._cached(("findings", revision.commit), compute)

    def section_history(self, slug: str, title: str) -> list[tuple[Revision, Section | None, list[Quantity]]]:
        """One section (matched by its title, numbering aside) in every revision, oldest first."""
        key = compact_key(title)
        history = []
        for revision in reversed(self.store.revisions(slug)):
            section = next((s for _, s in self.document(revision).walk() if compact_key(s.title) == key), None)
            figures = []
            if section is not None:
                for _, sub in section.walk():
                    for block in sub.blocks:
                        figures += [t.quantity for t in tokenize(block.text) if t.quantity]
            history.append((revision, section, figures))
        return history
