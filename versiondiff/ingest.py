"""Adding a file to the store: read it, compare with the previous revision, commit.

Kept apart from ``store.py`` so that the store knows git and the normalizer,
and this module ties in the compare engine for the commit message.
"""

from __future__ import annotations

from pathlib import Path

from versiondiff.compare import compare_documents
from versiondiff.errors import NormalizeError, StoreError
from versiondiff.model import Document
from versiondiff.normalize import max_bytes_default, normalize_text
from versiondiff.render.text import figure_line
from versiondiff.store import AddResult, RevisionSummary, Store

_MAX_LISTED = 60


def add_file(
    store: Store, path: Path, slug: str, *, label: str | None = None, date: str | None = None,
    title: str | None = None, format: str | None = None,
) -> AddResult:
    data = _read(path)
    return store.add_revision(
        slug, data, path.name, label=label, date=date, title=title, format=format, describe=describe_changes
    )


def describe_changes(previous_markdown: str, document: Document) -> RevisionSummary:
    """The commit message body for a new revision: its changed figures against the previous one."""
    previous = normalize_text(previous_markdown, "markdown")
    comparison = compare_documents(previous, document)
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
    return RevisionSummary("\n".join(lines), len(changed), stats["sections_added"], stats["sections_deleted"])


def _read(path: Path) -> bytes:
    if not path.exists():
        raise NormalizeError(f"no such file: {path}")
    if path.is_dir():
        raise NormalizeError(f"is a directory, not a file: {path}")
    limit = max_bytes_default()
    if path.stat().st_size > limit:
        raise NormalizeError(f"file is too large: {path.stat().st_size:,} bytes (limit {limit:,})")
    try:
        return path.read_bytes()
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
