"""The waitress server of ``versiondiff serve``: limits, timeouts and security headers on the
error pages waitress writes itself (a malformed request, a body over the limit), which never
reach the Flask application."""

from __future__ import annotations

import ipaddress
import socket

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from versiondiff.errors import Phrase, VersiondiffError
from versiondiff.i18n import N_
from versiondiff.web.security import SECURITY_HEADERS

# Against slow clients off loopback: idle connections close after this many seconds.
CHANNEL_TIMEOUT = 30
MAX_THREADS = 256
# waitress writes responses above 1 MB to a temporary file first; a compare page of a long
# draft is a few MB, served from the cache many times a second: keep it in memory.
OUTBUF_IN_MEMORY = 16 * 1024 * 1024


class _SecureErrorTask(ErrorTask):
    def execute(self) -> None:
        self.response_headers.extend(SECURITY_HEADERS.items())
        super().execute()


class _SecureChannel(HTTPChannel):
    error_task_class = _SecureErrorTask


def create_server(app, host: str, port: int, threads: int, max_body: int):  # noqa: ANN001, ANN201
    """A waitress server refusing bodies over ``max_body`` before spooling them to disk."""
    check_listen(host, port, threads)
    options = {
        "host": host, "port": port, "threads": threads, "ident": "versiondiff",
        "max_request_body_size": max_body, "outbuf_overflow": OUTBUF_IN_MEMORY,
    }
    if not is_loopback(host):
        options.update(channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=10)
    sockets: dict = {}  # every listening server registers itself here (one per address)
    try:
        server = waitress.create_server(app, map=sockets, **options)
    except (OSError, ValueError) as error:
        raise VersiondiffError(
            N_("%(host)s:%(port)s で待ち受けられません: %(reason)s"), host=host, port=port, reason=_reason(error),
        ) from None
    for listener in sockets.values():
        listener.channel_class = _SecureChannel
    return server


def check_listen(host: str, port: int, threads: int) -> None:
    if not 1 <= threads <= MAX_THREADS:
        raise VersiondiffError(N_("--threads は 1 から %(max)s までにしてください（指定: %(n)s）"), max=MAX_THREADS, n=threads)
    if not 1 <= port <= 65535:
        raise VersiondiffError(N_("--port は 1 から 65535 までにしてください（指定: %(n)s）"), n=port)
    if not host or any(c.isspace() or not c.isprintable() for c in host) or len(host) > 253:
        raise VersiondiffError(N_("--host %(host)s はホスト名でもアドレスでもありません"), host=repr(host))
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise VersiondiffError(
            N_("%(host)s:%(port)s で待ち受けられません: %(reason)s"),
            host=host, port=port, reason=Phrase(N_("ホスト名またはアドレスが見つかりません")),
        ) from None


def _reason(error: Exception) -> str:
    text = getattr(error, "strerror", None) or str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"
