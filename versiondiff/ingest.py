"""Adding a file to the store: read it, compare with the previous revision, commit.

Kept apart from ``store.py`` so that the store knows git and the normalizer,
and this module ties in the compare engine for the commit message.

The heavy work (normalizing, parsing, comparing, extending the ledger) runs before the store's
write lock is taken; under the lock ``add_revision`` only checks that the document's latest
revision is still the one this file was compared with, and commits. When another writer got
there first the comparison is redone against the new latest revision. After the commit the
comparison and the parsed documents go into the shared cache (``versiondiff.cache``) and the
compare page and API answer of the two revisions are rendered into it, so no web worker, on
any machine, computes them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from versiondiff.cache import comparison_key, document_key, git_blob_id, open_cache
from versiondiff.compare import Comparison, compare_documents
from versiondiff.errors import NormalizeError, StoreError
from versiondiff.i18n import N_
from versiondiff.ledger import Ledger, extend_ledger
from versiondiff.model import Document
from versiondiff.normalize import max_bytes_default, normalize, normalize_text
from versiondiff.render.text import figure_line
from versiondiff.store import AddResult, Revision, RevisionSummary, Store, validate_name
from versiondiff.stored import parsed_markdown, stored_document

LEDGER_FILE = "figures.json"
LOCKED_PHASE = "git: commit under the write lock"  # the phase ``benchmarks/store.py`` reports as lock time
_log = logging.getLogger(__name__)

_MAX_LISTED = 60
_ATTEMPTS = 3  # comparisons redone outside the lock before comparing under it


def add_file(
    store: Store, path: Path, slug: str, *, label: str | None = None, date: str | None = None,
    title: str | None = None, format: str | None = None,
) -> AddResult:
    return add_bytes(store, _read(path), path.name, slug, label=label, date=date, title=title, format=format)


def add_bytes(
    store: Store, data: bytes, file_name: str, slug: str, *, label: str | None = None, date: str | None = None,
    title: str | None = None, format: str | None = None, phases: dict[str, float] | None = None,
) -> AddResult:
    """Normalize and compare ``data`` outside the write lock, then commit it as the newest revision.

    ``phases``, when given, receives the seconds spent in each step (for benchmarks).
    """
    clock = _Clock(phases)
    validate_name(slug, "document slug")
    if label is not None:
        validate_name(label, "revision label")
    date = date or dt.date.today().isoformat()  # the summary and the commit must agree on it
    try:
        parsed = normalize(data, format=format, name=file_name)
    except NormalizeError as error:
        raise StoreError(N_("%(name)s を登録できません: %(reason)s"), name=file_name, reason=error) from None
    clock.lap("normalize: source to canonical Markdown")
    # What the store keeps and every later reader parses is the canonical Markdown: compare that,
    # so the commit message, the ledger and the web viewer all see the same document.
    markdown = parsed.markdown.encode("utf-8")
    document = normalize_text(markdown.decode("utf-8"), "markdown")
    clock.lap("normalize: parse canonical Markdown")
    # The store commits ``parsed`` as it is: it would otherwise normalize the source again.
    options = {"label": label, "date": date, "title": title, "format": format, "document": parsed}
    sha256 = hashlib.sha256(data).hexdigest()
    for _ in range(_ATTEMPTS):
        revisions = store.revisions(slug)
        previous = revisions[0] if revisions else None
        if previous and previous.source_sha256 == sha256:  # the store answers "unchanged" at once
            return store.add_revision(slug, data, file_name, **options)
        if label and any(r.label == label for r in revisions):
            raise StoreError(N_("ラベル %(label)s は %(slug)s の別の版ですでに使われています"), label=repr(label), slug=slug)
        prepared = _Prepared.against(store, previous, document, markdown, clock)
        prepared.clock = clock
        prepared.summary = summarize(store, previous, document, label, date, prepared.comparison)
        clock.lap("summary and figure ledger")
        try:
            result = store.add_revision(slug, data, file_name, describe=prepared.describe, **options)
        except _LatestMoved:
            continue
        clock.lap(LOCKED_PHASE)
        if result.created:
            prepared.remember(store)
            clock.lap("shared cache: store parsed revisions and comparison")
            prepared.warm_views(store, result.revision, clock)
        return result
    # Other writers keep adding to this document: compare under the lock, as they do.
    return store.add_revision(slug, data, file_name, describe=describe_changes, **options)


class _Clock:
    def __init__(self, phases: dict[str, float] | None):
        self.phases = phases
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.phases is not None:
            self.phases[name] = self.phases.get(name, 0.0) + now - self.last
        self.last = now


class _LatestMoved(Exception):
    """Another writer added a revision of the document after it was compared."""


@dataclass
class _Prepared:
    """A new revision compared with the document's latest one, before the write lock."""

    previous: Revision | None
    old: Document | None
    document: Document
    old_blob: str | None
    new_blob: str
    comparison: Comparison | None
    summary: RevisionSummary | None = None
    clock: _Clock | None = None

    @classmethod
    def against(cls, store: Store, previous: Revision | None, document: Document, markdown: bytes, clock: _Clock) -> _Prepared:
        if previous is None:
            return cls(None, None, document, None, git_blob_id(markdown), None)
        old_markdown = store.read_markdown(previous)
        old_blob = git_blob_id(old_markdown.encode("utf-8"))
        old = parsed_markdown(open_cache(store.path), old_markdown)
        prepared = cls(previous, old, document, old_blob, git_blob_id(markdown), None)
        clock.lap("read previous revision")
        prepared.comparison = compare_documents(prepared.old, document)
        clock.lap("compare")
        return prepared

    def describe(self, store: Store, latest: Revision | None, _document: Document, label: str | None, date: str) -> RevisionSummary:
        """Runs under the write lock: only checks, the summary was made before."""
        if self.clock is not None:
            self.clock.lap("git: take the write lock, read the latest revision")
        if latest != self.previous or self.summary is None:
            raise _LatestMoved
        return self.summary

    def remember(self, store: Store) -> None:
        """Both parsed documents and the comparison, for every web worker that shows them."""
        cache = open_cache(store.path)
        cache.set(document_key(self.new_blob), self.document)
        if self.comparison is not None and self.old_blob is not None:  # the old one is cached already
            cache.set(comparison_key(self.old_blob, self.new_blob), self.comparison)

    def warm_views(self, store: Store, revision: Revision, clock: _Clock) -> None:
        """The compare page and API answer of this revision against the previous one, rendered
        now, so the first visitor of every web worker gets them from the cache."""
        if self.previous is None or self.comparison is None or self.old_blob is None:
            return
        from versiondiff.web.service import warm_compare_views

        try:
            key = comparison_key(self.old_blob, self.new_blob)
            warm_compare_views(store.path, self.previous, revision, self.comparison, key, lap=clock.lap)
        except Exception as error:  # noqa: BLE001 - the revision is committed; a cold page only costs time
            _log.warning("could not pre-render the compare views of %s@%s: %s", revision.slug, revision.name, error)


def describe_changes(store: Store, previous: Revision | None, document: Document, label: str | None, date: str) -> RevisionSummary:
    """Summarize a new revision against the previous one (compared here), and extend the figure ledger."""
    if previous is None:
        return summarize(store, None, document, label, date, None)
    old = stored_document(store, previous)
    return summarize(store, previous, document, label, date, compare_documents(old, document))


def summarize(
    store: Store, previous: Revision | None, document: Document, label: str | None, date: str,
    comparison: Comparison | None,
) -> RevisionSummary:
    """The commit message's summary of ``comparison`` and the extended figure ledger."""
    if previous is None or comparison is None:
        ledger = extend_ledger(None, "", label, date, document, None)
        return RevisionSummary("", None, None, None, files={LEDGER_FILE: ledger.to_json()})
    ledger = extend_ledger(load_ledger(store, previous), previous.slug, label, date, document, comparison)
    changed = [q for q in comparison.quantities if q.status == "changed"]
    stats = comparison.stats
    lines = [
        f"Sections: {stats['sections_added']} added, {stats['sections_deleted']} deleted, "
        f"{stats['sections_modified']} modified, {stats['sections_renamed']} renamed, {stats['sections_moved']} moved",
        f"Figures: {len(changed)} changed, {stats['quantities_added']} added, {stats['quantities_removed']} removed",
    ]
    if changed:
        lines.append("")
        lines += [f"- {figure_line(q)}" for q in changed[:_MAX_LISTED]]
        if len(changed) > _MAX_LISTED:
            lines.append(f"- … and {len(changed) - _MAX_LISTED} more")
    return RevisionSummary(
        "\n".join(lines), len(changed), stats["sections_added"], stats["sections_deleted"],
        files={LEDGER_FILE: ledger.to_json()},
    )


def load_ledger(store: Store, revision: Revision) -> Ledger:
    """The ledger as of a revision: stored with it, or rebuilt by replaying the history."""
    raw = store.read_file(revision, LEDGER_FILE)
    if not raw and store.resolve(revision.slug, "latest") == revision:
        raw = store.read_head_file(revision.slug, LEDGER_FILE)  # rebuilt after the revision by verify
    if raw:
        try:
            ledger = Ledger.from_json(raw)
            ledger.slug = revision.slug
            return ledger
        except (ValueError, KeyError):
            pass
    return rebuild_ledger(store, revision)


def repair_ledgers(store: Store) -> list[str]:
    """Rebuild and commit the ledger of every document whose latest revision lacks a valid one."""
    repaired = []
    for info in store.documents():
        raw = store.read_file(info.latest, LEDGER_FILE) or store.read_head_file(info.slug, LEDGER_FILE)
        try:
            if raw and Ledger.from_json(raw):
                continue
        except (ValueError, KeyError):
            pass
        ledger = rebuild_ledger(store, info.latest)
        store.commit_files(info.slug, {LEDGER_FILE: ledger.to_json()}, f"{info.slug}: rebuild figure ledger")
        repaired.append(info.slug)
    return repaired


def rebuild_ledger(store: Store, revision: Revision) -> Ledger:
    history = [r for r in reversed(store.revisions(revision.slug))]
    history = history[: history.index(revision) + 1] if revision in history else history
    ledger: Ledger | None = None
    previous_doc = None
    for step in history:
        document = stored_document(store, step)
        comparison = compare_documents(previous_doc, document) if previous_doc is not None else None
        ledger = extend_ledger(ledger, revision.slug, step.label, step.date, document, comparison)
        previous_doc = document
    assert ledger is not None
    return ledger


def _read(path: Path) -> bytes:
    from versiondiff.normalize.reading import read_document_file

    return read_document_file(path, max_bytes_default())
