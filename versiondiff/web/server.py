"""The waitress server of ``versiondiff serve``: limits, timeouts and security headers on the
error pages waitress writes itself (a malformed request, a body over the limit), which never
reach the Flask application."""

from __future__ import annotations

import ipaddress
import socket

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from versiondiff.errors import VersiondiffError
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
        raise VersiondiffError(f"cannot listen on {host}:{port}: {_reason(error)}") from None
    for listener in sockets.values():
        listener.channel_class = _SecureChannel
    return server


def check_listen(host: str, port: int, threads: int) -> None:
    if not 1 <= threads <= MAX_THREADS:
        raise VersiondiffError(f"--threads must be between 1 and {MAX_THREADS}, not {threads}")
    if not 1 <= port <= 65535:
        raise VersiondiffError(f"--port must be between 1 and 65535, not {port}")
    if not host or any(c.isspace() or not c.isprintable() for c in host) or len(host) > 253:
        raise VersiondiffError(f"--host {host!r} is not a host name or address")
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise VersiondiffError(f"cannot listen on {host}:{port}: not a known host or address") from None


def _reason(error: Exception) -> str:
    text = getattr(error, "strerror", None) or str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"
