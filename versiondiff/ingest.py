"""Adding a file to the store: read it, compare with the previous revision, commit.

Kept apart from ``store.py`` so that the store knows git and the normalizer,
and this module ties in the compare engine for the commit message.
"""

from __future__ import annotations

from pathlib import Path

from versiondiff.errors import NormalizeError, StoreError
from versiondiff.normalize import max_bytes_default
from versiondiff.store import AddResult, Store


def add_file(
    store: Store, path: Path, slug: str, *, label: str | None = None, date: str | None = None,
    title: str | None = None, format: str | None = None,
) -> AddResult:
    data = _read(path)
    return store.add_revision(slug, data, path.name, label=label, date=date, title=title, format=format)


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
