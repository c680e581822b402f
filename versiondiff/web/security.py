"""Security for the web app: CSRF tokens on forms, an optional write token, strict headers."""

from __future__ import annotations

import hmac
import secrets

from flask import abort, current_app, request, session

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="The form expired or did not come from this site (CSRF check failed). Reload the page and try again.")


def _token_matches(setting: str, fallback: str) -> bool | None:
    """None when no token is configured; else whether the bearer header (or ``fallback``) matches."""
    expected = current_app.config.get(setting)
    if not expected:
        return None
    header = request.headers.get("Authorization", "")
    sent = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else fallback
    return bool(sent) and hmac.compare_digest(sent, expected)


def check_write_token() -> None:
    """Writes need ``VERSIONDIFF_WRITE_TOKEN`` when it is configured (form field or bearer header)."""
    if _token_matches("WRITE_TOKEN", request.form.get("token", "")) is False:
        abort(403, description="Uploading needs the write token of this server.")


def check_read_token() -> None:
    """Reads need ``VERSIONDIFF_READ_TOKEN`` when it is configured (``?token=`` or bearer header)."""
    if _token_matches("READ_TOKEN", request.args.get("token", "")) is False:
        abort(401, description="This server needs a read token.")


def add_security_headers(response):  # noqa: ANN001, ANN201
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
