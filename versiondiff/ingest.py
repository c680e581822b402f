"""Adding a file to the store: read it, compare with the previous revision, commit.

Kept apart from ``store.py`` so that the store knows git and the normalizer,
and this module ties in the compare engine for the commit message.
"""

from __future__ import annotations

from pathlib import Path

from versiondiff.compare import compare_documents
from versiondiff.ledger import Ledger, extend_ledger
from versiondiff.model import Document
from versiondiff.normalize import max_bytes_default, normalize_text
from versiondiff.render.text import figure_line
from versiondiff.store import AddResult, Revision, RevisionSummary, Store

LEDGER_FILE = "figures.json"

_MAX_LISTED = 60


def add_file(
    store: Store, path: Path, slug: str, *, label: str | None = None, date: str | None = None,
    title: str | None = None, format: str | None = None,
) -> AddResult:
    data = _read(path)
    return store.add_revision(
        slug, data, path.name, label=label, date=date, title=title, format=format, describe=describe_changes
    )


def describe_changes(store: Store, previous: Revision | None, document: Document, label: str | None, date: str) -> RevisionSummary:
    """Summarize a new revision against the previous one, and extend the figure ledger."""
    if previous is None:
        ledger = extend_ledger(None, "", label, date, document, None)
        return RevisionSummary("", None, None, None, files={LEDGER_FILE: ledger.to_json()})
    old = normalize_text(store.read_markdown(previous), "markdown")
    comparison = compare_documents(old, document)
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
        document = normalize_text(store.read_markdown(step), "markdown")
        comparison = compare_documents(previous_doc, document) if previous_doc is not None else None
        ledger = extend_ledger(ledger, revision.slug, step.label, step.date, document, comparison)
        previous_doc = document
    assert ledger is not None
    return ledger


def _read(path: Path) -> bytes:
    from versiondiff.normalize.reading import read_document_file

    return read_document_file(path, max_bytes_default())
