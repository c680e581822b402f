"""Parsed revisions and comparisons of stored revisions, read through the shared cache.

``add`` leaves the parsed documents and the comparison with the previous revision in the
shared cache (``versiondiff.cache``), and the web app leaves every comparison it computes
there; the command line reads them under the same keys (the blob ids of the Markdown a
revision shows and the engine's fingerprint), so nothing computed once is computed again.
"""

from __future__ import annotations

from typing import Literal

from versiondiff.cache import SharedCache, comparison_key, document_key, git_blob_id, open_cache
from versiondiff.compare import Comparison, compare_documents
from versiondiff.compare.budget import TimeLimit
from versiondiff.model import Document
from versiondiff.normalize import normalize_text
from versiondiff.store import Revision, Store

Source = Literal["shared", "computed"]


def stored_document(store: Store, revision: Revision, cache: SharedCache | None = None) -> Document:
    """A revision's parsed canonical Markdown: from the shared cache when ``add`` left it there."""
    return parsed_markdown(cache or open_cache(store.path), store.read_markdown(revision))


def compare_stored(
    store: Store, old: Revision, new: Revision, time_limit: TimeLimit | None = None,
) -> tuple[Comparison, Source]:
    """Two revisions of the store compared, and whether the shared cache had the comparison.

    A comparison cut short by ``time_limit`` is not shared (the web app keeps its own under
    the limit it was made with; see ``TimeLimit.admits``)."""
    time_limit = time_limit or TimeLimit()
    cache = open_cache(store.path)
    old_markdown, new_markdown = store.read_markdown(old), store.read_markdown(new)
    key = comparison_key(git_blob_id(old_markdown.encode("utf-8")), git_blob_id(new_markdown.encode("utf-8")))
    content = cache.get(key)
    source: Source = "shared"
    if not isinstance(content, Comparison) or not time_limit.admits(content):
        old_document, new_document = parsed_markdown(cache, old_markdown), parsed_markdown(cache, new_markdown)
        content, source = compare_documents(old_document, new_document, time_limit=time_limit), "computed"
        if content.limit is None:
            cache.set(key, content)
    # A cached comparison carries no names (twin documents share it): stamp this pair's.
    named = content.copy_with(old_name=old.slug, new_name=new.slug, old_revision=old.name, new_revision=new.name)
    return named, source


def parsed_markdown(cache: SharedCache, markdown: str) -> Document:
    """Canonical Markdown parsed once for all processes (keyed by its blob id)."""
    key = document_key(git_blob_id(markdown.encode("utf-8")))
    cached = cache.get(key)
    if isinstance(cached, Document):
        return cached
    document = normalize_text(markdown, "markdown")
    cache.set(key, document)
    return document
