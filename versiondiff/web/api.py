"""JSON API mirroring the pages; ``compare`` returns the versiondiff.compare/1 contract."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request, url_for
from flask_babel import gettext

from versiondiff.web import security, service
from versiondiff.web.pages import _pair, _revisions_or_404, history_rows
from versiondiff.web.uploads import save_upload

api = Blueprint("api", __name__)


@api.get("/documents")
def documents():
    return jsonify([
        {"slug": d.slug, "title": d.title, "revisions": d.revisions, "latest": d.latest.as_json(),
         "url": url_for("api.revisions", slug=d.slug)}
        for d in service().store.documents()
    ])


@api.get("/documents/<slug>/revisions")
def revisions(slug: str):
    return jsonify([r.as_json() for r in _revisions_or_404(slug)])


@api.get("/documents/<slug>/compare/<pair>")
def compare(slug: str, pair: str):
    old, new = _pair(slug, pair)
    return Response(service().compare_json(old, new), mimetype="application/json")


@api.get("/documents/<slug>/history")
def history(slug: str):
    _title, rows = history_rows(slug)
    return jsonify([
        {"revision": r.as_json(), "present": s is not None,
         "heading": s.heading if s else None, "figures": [q.as_json() for q in figures]}
        for r, s, figures in rows
    ])


@api.post("/documents/<slug>/revisions")
def upload(slug: str):
    # A cross-site form cannot set this header, so the API needs no CSRF token. A bearer header
    # alone is not enough (a browser may resend cached credentials): it must hold the write token.
    if request.headers.get("X-Versiondiff") != "1" and not security.has_valid_write_token():
        abort(400, description=gettext(
            "API で書き込むには X-Versiondiff: 1 ヘッダー（または Authorization: Bearer WRITE_TOKEN）が必要です。"
        ))
    security.check_write_token()
    result = save_upload(slug)
    status = 201 if result.created else 200
    return jsonify({"created": result.created, "revision": result.revision.as_json()}), status
