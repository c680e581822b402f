"""Uploads from the form and the API: checked, normalized, committed."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext

from versiondiff.errors import StoreError
from versiondiff.ingest import add_bytes
from versiondiff.normalize import FORMATS
from versiondiff.store import AddResult, validate_name
from versiondiff.web import error_message, service

ACCEPTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def save_upload(slug: str) -> AddResult:
    validate_name(slug, "document slug")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description=gettext("アップロードするファイルを選んでください。"))
    name = upload.filename
    if not name.lower().endswith(ACCEPTED):
        abort(400, description=gettext(
            "%(name)s は扱えない種類のファイルです。次のいずれかをアップロードしてください: %(accepted)s。",
            name=repr(name), accepted=", ".join(ACCEPTED),
        ))
    data = upload.read()
    if not data.strip():
        abort(400, description=gettext("アップロードされたファイルが空です。"))
    label = request.form.get("label", "").strip() or None
    date = request.form.get("date", "").strip() or None
    fmt = request.form.get("format", "").strip() or None
    if fmt and fmt not in FORMATS:
        abort(400, description=gettext("形式 %(format)s は扱えません。", format=repr(fmt)))
    try:
        return add_bytes(service().store, data, name, slug, label=label, date=date, format=fmt)
    except StoreError as error:
        abort(400, description=error_message(error))
