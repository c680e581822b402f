"""Security for the web app: CSRF tokens on forms, optional read and write tokens, strict
headers on every response (Flask's, and those the WSGI server writes itself), safe downloads."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import quote

from flask import abort, current_app, request, session
from flask_babel import gettext

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    if not _same(request.form.get("csrf", ""), session.get("csrf", "")):
        abort(400, description=gettext(
            "フォームの有効期限が切れたか、このサイトのフォームではありません（CSRF の確認に失敗）。"
            "ページを読み込み直して、もう一度送ってください。"
        ))


def _same(sent: str, expected: str) -> bool:
    """Constant-time comparison of any text: ``compare_digest`` raises on non-ASCII ``str``."""
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None


def _configured(setting: str) -> str | None:
    return current_app.config.get(setting) or None


def has_valid_write_token() -> bool:
    """Whether the request carries the configured write token as a bearer header."""
    expected = _configured("WRITE_TOKEN")
    return bool(expected) and _same(bearer_token() or "", expected)


def check_write_token() -> None:
    """Writes need ``VERSIONDIFF_WRITE_TOKEN`` when it is configured (form field or bearer header)."""
    expected = _configured("WRITE_TOKEN")
    if not expected:
        return
    sent = bearer_token()
    if not _same(sent if sent is not None else request.form.get("token", ""), expected):
        abort(403, description=gettext("アップロードには、このサーバーの書き込みトークンが必要です。"))


def check_read_token() -> None:
    """Reads need ``VERSIONDIFF_READ_TOKEN`` when it is configured (``?token=`` or bearer header).
    The write token also grants reading: a client holding it must be able to upload."""
    expected = _configured("READ_TOKEN")
    if not expected:
        return
    sent = bearer_token()
    sent = sent if sent is not None else request.args.get("token", "")
    writer = _configured("WRITE_TOKEN")
    if not (_same(sent, expected) or (writer and _same(sent, writer))):
        abort(401, description=gettext("このサーバーを見るには読み取りトークンが必要です。"))


def add_security_headers(response):  # noqa: ANN001, ANN201
    response.headers.update(SECURITY_HEADERS)
    return response


def content_disposition(file_name: str) -> str:
    """An attachment header for any file name (RFC 6266): an ASCII fallback for old clients
    and the exact UTF-8 name in ``filename*``; quotes and control characters never reach it."""
    fallback = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in file_name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


class SecurityHeadersMiddleware:
    """Adds the security headers to every response the Flask app produces, including those
    built outside Flask's own request handling (a crash while finalizing a response)."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def secure_start(status: str, headers: list[tuple[str, str]], exc_info=None):  # noqa: ANN001, ANN202
            present = {name.lower() for name, _ in headers}
            headers = headers + [(k, v) for k, v in SECURITY_HEADERS.items() if k.lower() not in present]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return self.app(environ, secure_start)
