"""What the web layer asks of the store and the engine: no diff logic lives in a view.

Two cache levels: a small in-process LRU in front of the shared cache (``versiondiff.cache``:
the store's folder or Redis), so that a comparison computed by any worker, on any machine,
or by ``versiondiff add`` is computed once.

- parsed documents and comparisons are keyed by content: the ``document.md`` blob ids and the
  engine's code fingerprint. A cached comparison carries no names; the document's slug and the
  revision names are stamped on it per request, so two documents with equal contents share the
  work but never each other's answer.
- rendered pages and API answers are keyed by everything they show: the slug, both revision
  commits (labels and dates live in the commit), the address as typed, the view options and
  the fingerprint of the engine, renderers and templates.
- git lookups (revision lists, metadata, blob ids) are memoized by the branch's current value,
  read from the ref without running git, so they are invalidated the moment the branch moves.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from git.refs import SymbolicReference

from versiondiff.cache import (
    SharedCache,
    comparison_key,
    document_key,
    open_cache,
    store_version,
    view_version,
)
from versiondiff.compare import Comparison, compare_documents
from versiondiff.compare.budget import TimeLimit
from versiondiff.compare.quantities import Quantity
from versiondiff.compare.tokens import tokenize
from versiondiff.limits import check_comparable
from versiondiff.model import Document, Section
from versiondiff.normalize import normalize_text
from versiondiff.normalize.inline import compact_key
from versiondiff.store import BRANCH, Revision, Store

# Where a compare answer came from: "local" (this process's memory), "shared" (the shared
# cache), "rendered" (rendered here from a cached comparison) or "computed" (compared here).
CACHE_HEADER = "X-Versiondiff-Cache"
_OBJECT_ID = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256 repositories


class _LRU:
    """Least recently used entries, at most ``size`` of them and, for byte strings (rendered
    pages), at most ``max_bytes`` together: a long draft's compare page is a few MB."""

    def __init__(self, size: int, max_bytes: int | None = None):
        self.size = size
        self.max_bytes = max_bytes
        self.items: OrderedDict = OrderedDict()
        self.bytes = 0
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
            if key in self.items:
                self.bytes -= _weight(self.items.pop(key))
            self.items[key] = value
            self.bytes += _weight(value)
            while len(self.items) > 1 and (
                len(self.items) > self.size or (self.max_bytes is not None and self.bytes > self.max_bytes)
            ):
                self.bytes -= _weight(self.items.popitem(last=False)[1])


def _weight(value: object) -> int:
    return len(value) if isinstance(value, bytes) else 0


class SnapshotStore(Store):
    """A Store whose read lookups are memoized per value of the branch.

    A cached page would otherwise still run several git processes (log, rev-parse) per request.
    The branch value is read from the ref files (no subprocess), so the memo is exact: any
    add, pull or repair moves the branch and the next lookup reads git again. Lookups are
    shared through the shared cache too (keyed by the branch value or the commit, both
    immutable names of their answer): a fresh worker serves a page another process has
    rendered without starting git at all.
    """

    def __init__(self, repo, shared: SharedCache | None = None) -> None:  # noqa: ANN001
        super().__init__(repo)
        self._memo = _LRU(512)
        self.shared = shared
        self._ref_file = Path(repo.common_dir) / "refs" / "heads" / BRANCH

    def branch_value(self) -> str | None:
        # Read a few times per request: the loose ref file directly (what git itself reads first),
        # GitPython's reader for the rest (packed refs after a gc or a clone).
        try:
            with open(self._ref_file, "rb") as handle:
                value = handle.read(80).strip()
            if _OBJECT_ID.fullmatch(value):
                return value.decode("ascii")
        except OSError:
            pass
        try:
            return SymbolicReference.dereference_recursive(self.repo, f"refs/heads/{BRANCH}")
        except (ValueError, OSError):  # no branch yet, or a ref format GitPython cannot read
            return None

    def _head(self) -> str | None:
        # What ``rev-parse refs/heads/main`` answers, read from the ref files without a process.
        return self.branch_value() or super()._head()

    def _memoized(  # noqa: ANN202
        self, key: tuple[str, ...], compute: Callable[[], object], share: bool = False, share_empty: bool = False,
    ):
        """``compute()`` once per process, and with ``share`` once for all: ``key`` must name the
        answer for good (a commit id, never "the branch")."""
        value = self._memo.get(key)
        if value is not None:
            return value
        shared_key = f"git:{store_version()}:{':'.join(key)}" if share and self.shared is not None else None
        value = self.shared.get(shared_key) if shared_key else None
        if value is None:
            value = compute()
            # Empty answers (an unknown slug) stay out: strangers' typos must not crowd out pages.
            if shared_key and (value or share_empty):
                self.shared.set(shared_key, value)
        self._memo.put(key, value)
        return value

    def revisions(self, slug: str, tip: str = BRANCH) -> list[Revision]:
        # Listed as of the commit read, not "the branch": a writer moving it meanwhile must not
        # put the next commit's list under this one's key.
        head = self.branch_value() if tip == BRANCH else (tip if _OBJECT_ID.fullmatch(tip.encode()) else None)
        if head is None:
            return super().revisions(slug, tip=tip)
        compute = lambda: super(SnapshotStore, self).revisions(slug, tip=head)  # noqa: E731
        return list(self._memoized(("revisions", head, slug), compute, share=True))

    def documents(self, tip: str | None = None):  # noqa: ANN201
        head = tip or self.branch_value()
        if head is None:
            return super().documents()
        return list(self._memoized(("documents", head), lambda: super(SnapshotStore, self).documents(tip=head), share=True))

    def read_meta(self, revision: Revision) -> dict:
        # A commit never changes: its metadata can be kept for the life of the process.
        compute = lambda: super(SnapshotStore, self).read_meta(revision)  # noqa: E731
        return dict(self._memoized(("meta", revision.commit, revision.slug), compute, share=True))

    def blob_id(self, revision: Revision) -> str:
        """The id of the Markdown ``read_markdown`` returns: after ``migrate`` (which moves the
        branch, not the revision's commit) that is the re-normalized copy. Only which copies exist
        depends on the branch; a commit's own document.md id is kept for good."""
        head = self.branch_value()
        if head is None:  # a ref format only git reads: nothing to key a memo on
            return self.content_id(revision)
        copies = self._memoized(
            ("renormalized", head, revision.slug), lambda: self.renormalized_ids(revision.slug, head),
            share=True, share_empty=True,  # asked only for revisions that exist
        )
        if revision.commit in copies:
            return copies[revision.commit]
        compute = lambda: self.document_id(revision)  # noqa: E731
        return self._memoized(("document", revision.commit, revision.slug), compute, share=True)


@dataclass
class Service:
    store: Store
    shared: SharedCache | None = None
    time_limit: TimeLimit = TimeLimit()  # a comparison cut short is cached with its limit

    def __post_init__(self) -> None:
        if self.shared is None:
            self.shared = open_cache(self.store.path)
        if not isinstance(self.store, SnapshotStore):
            self.store = SnapshotStore(self.store.repo, self.shared)
        # Per worker memory in front of the shared cache; a long draft's comparison takes tens
        # of MB in memory, so few are kept: the shared cache has the rest.
        self.comparisons = _LRU(8)  # content-keyed, names stamped per request
        self.documents = _LRU(16)
        self.pages = _LRU(256, max_bytes=64 * 2**20)  # rendered pages and API answers: no per-user data
        self.computed = 0  # comparisons this process computed itself
        view_version()  # hash the code once at start, not in a worker's first request

    # ------------------------------------------------------------ compare views

    def compare_page(
        self, old: Revision, new: Revision, variant: str, render: Callable[[Comparison], str | bytes],
    ) -> bytes:
        """The rendered compare view (or a Word/Excel file) of one document's two revisions, as addressed.

        ``variant`` is ``"<pair as typed>|<options>"``. Only the address the timeline links
        (``<old name>..<new name>``) goes to the shared cache: the other spellings of a pair
        (dates, ``~1``, commit prefixes) are endless and would only crowd it out.
        """
        key = f"page:{self._pair_key(old, new)}:{variant}"
        canonical = variant.partition("|")[0] == f"{old.name}..{new.name}"
        incomplete: list[bool] = []  # a page of a comparison cut short by the time limit is never kept

        def rendered() -> bytes:
            comparison = self.compare(old, new)
            incomplete.append(comparison.limit is not None)
            return _as_bytes(render(comparison))

        page, source = self._two_level(self.pages, key, rendered, share=canonical, keep=lambda _: not any(incomplete))
        _report(source)
        return page

    def compare_json(self, old: Revision, new: Revision) -> bytes:
        """The versiondiff.compare/1 answer as compact JSON (UTF-8)."""
        key = f"json:{self._pair_key(old, new)}"
        incomplete: list[bool] = []

        def encode() -> bytes:
            comparison = self.compare(old, new)
            incomplete.append(comparison.limit is not None)
            return json.dumps(comparison.as_json(), ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")

        text, source = self._two_level(self.pages, key, encode, keep=lambda _: not any(incomplete))
        _report(source)
        return text

    def _pair_key(self, old: Revision, new: Revision) -> str:
        """What a view of two revisions shows: their commits (names, dates) and their Markdown
        (which ``migrate`` replaces without a new commit of the revision)."""
        blobs = f"{self.store.blob_id(old)}:{self.store.blob_id(new)}"
        return f"{view_version()}:{old.slug}:{old.commit}:{new.commit}:{blobs}"

    def compare(self, old: Revision, new: Revision) -> Comparison:
        key = comparison_key(self.store.blob_id(old), self.store.blob_id(new))
        content, _ = self._two_level(self.comparisons, key, lambda: self._compute(old, new), keep=self.time_limit.admits)
        return content.copy_with(
            old_name=old.slug, new_name=new.slug, old_revision=old.name, new_revision=new.name,
        )

    def _compute(self, old: Revision, new: Revision) -> Comparison:
        before, after = self.document(old), self.document(new)
        check_comparable(before, after)
        self.computed += 1
        _note_computed()
        return compare_documents(before, after, time_limit=self.time_limit)

    def blob_id(self, revision: Revision) -> str:
        return self.store.blob_id(revision)

    def document(self, revision: Revision) -> Document:
        key = document_key(self.store.blob_id(revision))
        value, _ = self._two_level(
            self.documents, key, lambda: normalize_text(self.store.read_markdown(revision), "markdown"),
        )
        return value

    def _two_level(
        self, local: _LRU, key: str, compute: Callable[[], object], share: bool = True,
        keep: Callable[[object], bool] = lambda value: True,
    ) -> tuple:
        """``keep``: whether a value may answer from the cache and be stored in it (a comparison cut
        short by a lower time limit may not answer; the page of one cut short is not stored)."""
        value = local.get(key)
        if value is not None and keep(value):
            return value, "local"
        value = self.shared.get(key) if share else None
        source = "shared"
        if value is None or not keep(value):
            value, source = compute(), "computed"
            if not keep(value):
                return value, source
            if share:
                self.shared.set(key, value)
        local.put(key, value)
        return value, source

    # ------------------------------------------------------------ per revision

    def _cached(self, key: tuple, compute):  # noqa: ANN001, ANN202
        value = self.documents.get(key)
        if value is None:
            value = compute()
            self.documents.put(key, value)
        return value

    def ledger(self, revision: Revision):  # noqa: ANN201
        from versiondiff.ingest import load_ledger

        return self._cached(("ledger", revision.slug, revision.commit), lambda: load_ledger(self.store, revision))

    def findings(self, revision: Revision) -> tuple[list, bool]:
        """Stale and contradictory figures of a revision (against the one before it), and whether
        the check stopped short: the comparison with the revision before hit the time limit, so
        figures of the sections it did not reach are unchecked."""
        from versiondiff.ledger import check_revision

        key = ("findings", revision.slug, revision.commit)
        found = self.documents.get(key)
        if found is not None:
            return found
        history = self.store.revisions(revision.slug)
        position = history.index(revision)
        previous = history[position + 1] if position + 1 < len(history) else None
        comparison = self.compare(previous, revision) if previous else None
        cut_short = comparison is not None and comparison.limit is not None
        found = (check_revision(self.document(revision), comparison), cut_short)
        if not cut_short:  # a later request may find the whole comparison (computed by `add` or a CLI run)
            self.documents.put(key, found)
        return found

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


def warm_compare_views(
    store_path: Path, old: Revision, new: Revision, comparison: Comparison, key: str,
    lap: Callable[[str], None] = lambda _phase: None,
) -> None:
    """Render the compare page of two consecutive revisions, as the timeline links it, and its
    API answer into the shared cache, from a comparison already made (by ``add``).

    The views render through the app itself (its test client), so what is cached is exactly what
    a request would produce. Inside a request of an app over the same store, that app is used.
    """
    from flask import current_app, has_app_context

    if has_app_context() and Path(current_app.config["STORE_PATH"]).resolve() == Path(store_path).resolve():
        app = current_app._get_current_object()
    else:
        from versiondiff.web import create_app

        app = create_app({"STORE_PATH": str(store_path)})
    lap("render: build the web app")
    app.extensions["versiondiff"].comparisons.put(key, comparison)
    token = app.config.get("READ_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = app.test_client()
    pair = f"{old.name}..{new.name}"
    for kind, url in (("compare page", f"/d/{new.slug}/compare/{pair}"), ("API answer", f"/api/documents/{new.slug}/compare/{pair}")):
        client.get(url, headers=headers)
        lap(f"render: {kind} into the shared cache")


def _note_computed() -> None:
    from flask import g, has_request_context

    if has_request_context():
        g.versiondiff_computed = True


def _report(source: str) -> None:
    """Tell the client (and operators with curl -I) which cache level answered."""
    from flask import after_this_request, g, has_request_context

    if not has_request_context():
        return
    if source == "computed" and not g.get("versiondiff_computed"):
        source = "rendered"

    @after_this_request
    def add_header(response):  # noqa: ANN001, ANN202
        response.headers[CACHE_HEADER] = source
        return response


def _as_bytes(rendered: str | bytes) -> bytes:
    # Pages are kept as UTF-8 bytes: encoding a 2.6 MB page again would be half of a warm request.
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
