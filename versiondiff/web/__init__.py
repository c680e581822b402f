"""The web redline viewer: ``create_app(config)`` builds the Flask application.

Views are thin: they read from the store through ``Service`` and render templates;
no diff logic lives here.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from werkzeug.exceptions import HTTPException

from versiondiff.compare.budget import SECONDS_ENV, TimeLimit, web_time_limit
from versiondiff.errors import NormalizeError, NotFoundError, StoreError, VersiondiffError
from versiondiff.i18n import N_
from versiondiff.resources import templates_dir
from versiondiff.store import Store, default_store_path
from versiondiff.web import security
from versiondiff.web.service import Service

DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024


def _time_limit_from_environment() -> float | None:
    """``$VERSIONDIFF_COMPARE_SECONDS``; a bad value stops the server with one line in the
    language of the command that starts it (as ``diff --time-limit`` says it)."""
    try:
        return web_time_limit()
    except VersiondiffError:
        raise VersiondiffError(
            N_("%(variable)s は秒数で指定してください（0 は上限なし）: %(value)s"),
            variable=SECONDS_ENV, value=os.environ.get(SECONDS_ENV, ""),
        ) from None


def create_app(config: dict | None = None) -> Flask:
    templates = templates_dir()
    app = Flask(__name__, template_folder=str(templates), static_folder=str(templates / "static"))
    app.config.update(
        STORE_PATH=str(default_store_path()),
        MAX_CONTENT_LENGTH=DEFAULT_UPLOAD_LIMIT,
        SECRET_KEY=os.environ.get("VERSIONDIFF_SECRET_KEY") or secrets.token_hex(32),
        WRITE_TOKEN=os.environ.get("VERSIONDIFF_WRITE_TOKEN") or None,
        READ_TOKEN=os.environ.get("VERSIONDIFF_READ_TOKEN") or None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    config = config or {}
    if "COMPARE_SECONDS" not in config:  # seconds of comparing per page; None: no limit
        app.config["COMPARE_SECONDS"] = _time_limit_from_environment()
    app.config.update(config)
    # COMPARE_CLOCK: tests step a counter instead of waiting (see compare/budget.py).
    time_limit = TimeLimit(app.config["COMPARE_SECONDS"], app.config.get("COMPARE_CLOCK"))
    app.extensions["versiondiff"] = Service(Store.open(Path(app.config["STORE_PATH"]), create=True), time_limit=time_limit)

    from versiondiff.i18n import init_app as init_i18n
    from versiondiff.web.api import api
    from versiondiff.web.exports import exports
    from versiondiff.web.figures import figures
    from versiondiff.web.pages import pages

    init_i18n(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # the JSON view shows Japanese, not \uXXXX
    app.register_blueprint(pages)
    app.register_blueprint(figures)
    app.register_blueprint(api, url_prefix="/api")
    app.register_blueprint(exports)
    app.before_request(security.check_read_token)
    app.after_request(security.add_security_headers)
    app.wsgi_app = security.SecurityHeadersMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    app.jinja_env.bytecode_cache = _template_cache()
    app.jinja_env.globals["csrf_token"] = security.csrf_token
    app.jinja_env.globals["write_token_required"] = bool(app.config["WRITE_TOKEN"])
    _register_errors(app)
    return app


def warm_worker(app: Flask) -> None:
    """What every worker would otherwise do in its first requests: compile the templates
    (loaded from the bytecode cache after the first worker on the machine compiled them) and
    build the revision page's Markdown renderer."""
    from versiondiff.web.pages import markdown_renderer

    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)
    markdown_renderer()


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates shared by every worker on the machine (a fresh worker's first page
    would otherwise spend most of its time compiling); a full or read-only disk only costs time."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            logging.getLogger(__name__).warning("cannot keep a compiled template: %s", error)


def _template_cache() -> _TemplateCache | None:
    try:
        return _TemplateCache()  # a private folder in the temporary directory, checked to be ours
    except (OSError, RuntimeError) as error:  # RuntimeError: that folder is not safely ours
        logging.getLogger(__name__).warning("templates are compiled in every worker: %s", error)
        return None


def service() -> Service:
    from flask import current_app

    return current_app.extensions["versiondiff"]


def error_message(error: VersiondiffError) -> str:
    """An error's message in the request's language (the browser's ``Accept-Language``), not
    the server's locale."""
    return error.in_language(gettext)


# Pages for the errors Flask raises by itself (an address that matches no route, a method a
# route does not take): the reader's language, as every other page.
_HTTP_MESSAGES = {
    400: N_("要求を読めませんでした。"),
    404: N_("このアドレスのページはありません: %(path)s"),
    405: N_("このページでは %(method)s の要求は受け付けません。"),
}


def _http_message(error: HTTPException) -> str:
    message = _HTTP_MESSAGES.get(error.code or 500)
    if message is None:
        return gettext("要求を処理できませんでした（%(code)s %(name)s）。", code=error.code, name=error.name)
    return gettext(message, path=request.path, method=request.method)


def _register_errors(app: Flask) -> None:
    def respond(status: int, message: str):  # noqa: ANN202
        if request.path.startswith("/api/"):
            return jsonify({"error": message, "status": status}), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # noqa: ANN202
        if error.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            return respond(413, gettext("アップロードが大きすぎます: 上限は %(limit)s MB です。", limit=limit))
        if error.description == type(error).description:  # Werkzeug's own English words, not ours
            return respond(error.code or 500, _http_message(error))
        return respond(error.code or 500, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):  # noqa: ANN202
        # Anything else is our bug: a short page (with the security headers), no traceback.
        app.logger.exception("unexpected error on %s", request.path)
        return respond(500, gettext("内部エラーのため、要求を処理できませんでした。"))

    @app.errorhandler(VersiondiffError)
    def domain_error(error: VersiondiffError):  # noqa: ANN202
        # Decided by the error's type, never by its words (which follow the reader's language).
        if isinstance(error, NotFoundError):
            status = 404
        elif isinstance(error, (StoreError, NormalizeError)):
            status = 400
        else:
            status = 422
        return respond(status, error_message(error))
