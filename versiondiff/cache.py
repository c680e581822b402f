"""The shared cache: parsed revisions, comparisons and rendered views, computed once for all processes.

By default a file-system cache in the store's folder (``<store>/.versiondiff-cache/``, excluded
from git): cachelib writes every entry to a temporary file and renames it into place, so any
number of processes on the machine share it safely. With ``VERSIONDIFF_CACHE_URL=redis://…``
the cache is a Redis server, shared by every worker on every machine.

Keys are content-addressed (git object ids) and carry a fingerprint of the code that computed
the value, so a deployment of new code never serves output of the old one and several stores
can share one Redis.
"""

from __future__ import annotations

import copyreg
import gc
import hashlib
import io
import logging
import os
import pickle
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from versiondiff.compare.align import Node
from versiondiff.errors import VersiondiffError
from versiondiff.i18n import N_

if TYPE_CHECKING:
    from cachelib import BaseCache, RedisCache

CACHE_DIR = ".versiondiff-cache"
CACHE_URL_ENV = "VERSIONDIFF_CACHE_URL"
_ENTRIES = 2000  # file-system cache: oldest entries are pruned beyond this many files
_TIMEOUT = 30 * 24 * 3600  # values never go stale (keys are content ids); this only frees space
_COMPRESS_ABOVE = 64 * 1024
_ZLIB, _RAW = b"z", b"r"
_PACKAGE = Path(__file__).resolve().parent
_log = logging.getLogger(__name__)


@cache
def fingerprint(*parts: str) -> str:
    """A short hash of the source files under ``parts`` (package-relative folders or files).

    Cached values are only valid for the code that computed them; hashing the code itself
    means nobody has to remember to bump a version number.
    """
    digest = hashlib.sha1()
    for part in parts:
        root = (_PACKAGE / part).resolve()
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".html", ".css", ".json", ".po"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def engine_version() -> str:
    """What a parsed document or a comparison depends on."""
    return fingerprint("model.py", "records.py", "normalize", "compare")


def view_version() -> str:
    """What a rendered page or API answer depends on as well."""
    templates = "../templates" if (_PACKAGE / "../templates").is_dir() else "templates"
    return engine_version() + fingerprint("render", "web", "i18n.py", "translations", templates)


def store_version() -> str:
    """What a git lookup memoized in the shared cache (a revision list, metadata) depends on."""
    return fingerprint("store.py")


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob: lets ``add`` key a comparison before committing."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def document_key(blob: str) -> str:
    return f"doc:{engine_version()}:{blob}"


def comparison_key(old_blob: str, new_blob: str) -> str:
    return f"cmp:{engine_version()}:{old_blob}:{new_blob}"


class SharedCache:
    """A cachelib backend with compact values and counters of what it served.

    A cache that fails (Redis down or unreachable) is left alone for ``_RETRY_AFTER`` seconds by
    every cache object of the process: one warning per outage instead of one per lookup, and no
    request waits for a connection timeout on each of its lookups.
    """

    def __init__(self, backend: BaseCache, where: str):
        self.backend = backend
        self.where = where
        self.hits = self.misses = self.stores = 0

    def get(self, key: str) -> object | None:
        raw = None
        if self._available():
            try:
                raw = self.backend.get(key)
            except Exception as error:  # noqa: BLE001 - a cache outage must only cost time, never a page
                self._failed("unreadable", error)
        if raw is None:
            self.misses += 1
            return None
        self.hits += 1
        return _loads(raw)

    def set(self, key: str, value: object) -> None:
        if not self._available():
            return
        try:
            self.backend.set(key, _dumps(value), timeout=_TIMEOUT)
            self.stores += 1
        except Exception as error:  # noqa: BLE001 - see get()
            self._failed("unwritable", error)

    def _available(self) -> bool:
        return time.monotonic() >= _down_until.get(self.where, 0.0)

    def _failed(self, what: str, error: Exception) -> None:
        if self._available():
            _log.warning("cache %s %s: %s (going without it for %.0f s)", self.where, what, error, _RETRY_AFTER)
        _down_until[self.where] = time.monotonic() + _RETRY_AFTER


_RETRY_AFTER = 30.0
_down_until: dict[str, float] = {}  # where → when to try a failed cache again (this process)


def open_cache(store_path: Path, url: str | None = None) -> SharedCache:
    """Redis when ``url`` (or ``$VERSIONDIFF_CACHE_URL``) is a redis:// URL, else the store's folder."""
    from cachelib import FileSystemCache

    url = url if url is not None else os.environ.get(CACHE_URL_ENV, "")
    if url:
        return SharedCache(_redis(url), url.split("@")[-1])
    folder = Path(store_path) / CACHE_DIR
    _exclude_from_git(Path(store_path), CACHE_DIR)
    try:
        backend = FileSystemCache(str(folder), threshold=_ENTRIES, default_timeout=_TIMEOUT)
    except OSError as error:  # a read-only store is still served, computing every comparison
        from cachelib import NullCache

        _log.warning("no shared cache in %s: %s", folder, error.strerror)
        return SharedCache(NullCache(), "none")
    return SharedCache(backend, str(folder))


def _redis(url: str) -> RedisCache:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise VersiondiffError(
            N_("%(variable)s は redis://、rediss://、unix:// のいずれかの URL にしてください（指定: %(url)s）"),
            variable=CACHE_URL_ENV, url=repr(url),
        )
    import redis
    from cachelib import RedisCache

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    return RedisCache(host=client, key_prefix="versiondiff:", default_timeout=_TIMEOUT)


def _exclude_from_git(store_path: Path, name: str) -> None:
    """The cache lives beside the documents but is never committed, cleaned or pushed."""
    exclude = store_path / ".git" / "info" / "exclude"
    line = f"/{name}/"
    try:
        text = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
        if line not in text.splitlines():
            exclude.parent.mkdir(parents=True, exist_ok=True)
            with exclude.open("a", encoding="utf-8") as handle:
                handle.write(("\n" if text and not text.endswith("\n") else "") + line + "\n")
    except OSError as error:  # a read-only store still serves pages, with the cache in place
        _log.warning("cannot exclude %s from git: %s", line, error)


# ---------------------------------------------------------------- values


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH  # looked up by type in C: no Python call per object
    with _collector_paused():
        pickler.dump(value)
    data = buffer.getvalue()
    if len(data) > _COMPRESS_ABOVE:  # less to send to Redis and to write to disk
        return _ZLIB + zlib.compress(data, 1)
    return _RAW + data


def _loads(raw: bytes) -> object:
    # Only values this module wrote are read: the cache folder and Redis are ours.
    data = zlib.decompress(raw[1:]) if raw[:1] == _ZLIB else raw[1:]
    with _collector_paused():
        return pickle.loads(data)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A comparison is ~100,000 objects: the cyclic garbage collector would otherwise run
    hundreds of times while they are made (half the time of loading one), finding nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reduce_node(node: Node) -> tuple:
    """Leaves out what alignment memoizes on section nodes (shingle sets): half the bytes,
    recomputed on demand by ``cached_property`` if a reader ever needs them."""
    state = {k: v for k, v in node.__dict__.items() if k not in _NODE_MEMOS}
    return (object.__new__, (Node,), state)


_NODE_MEMOS = frozenset({"title_key", "number_key", "own_shingles", "shingles"})
_DISPATCH = {**copyreg.dispatch_table, Node: _reduce_node}
