"""Reading a revision's file from disk with its limits checked before any byte is read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from versiondiff.errors import NormalizeError
from versiondiff.i18n import N_


def read_document_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or one clear ``NormalizeError``.

    Devices (``/dev/zero``), FIFOs and sockets are refused before reading: they have no size
    and may never end. The file is opened non-blocking because opening a FIFO for reading
    otherwise waits for a writer forever.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _open_error(path, error) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise NormalizeError(N_("ファイルではなくディレクトリです: %(path)s"), path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NormalizeError(N_("通常のファイルではありません（デバイス、FIFO またはソケット）: %(path)s"), path=str(path))
        if info.st_size > limit:
            raise NormalizeError(
                N_("ファイルが大きすぎます: %(size)s バイト（上限 %(limit)s）"), size=f"{info.st_size:,}", limit=f"{limit:,}",
            )
        data = _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise NormalizeError(N_("%(path)s を読めません: %(reason)s"), path=str(path), reason=error.strerror) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # the file grew after the size check
        raise NormalizeError(N_("ファイルが大きすぎます: %(limit)s バイトを超えています"), limit=f"{limit:,}")
    return data


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _open_error(path: Path, error: OSError) -> NormalizeError:
    if error.errno == errno.ENOENT:
        return NormalizeError(N_("ファイルがありません: %(path)s"), path=str(path))
    if error.errno == errno.ENAMETOOLONG:
        return NormalizeError(N_("ファイル名が長すぎます: %(name)s…"), name=str(path)[:80])
    return NormalizeError(N_("%(path)s を読めません: %(reason)s"), path=str(path), reason=error.strerror)
