"""Uploads from the form and the API: checked, normalized, committed."""

from __future__ import annotations

from flask import abort, request

from versiondiff.errors import StoreError
from versiondiff.ingest import add_bytes
from versiondiff.normalize import FORMATS
from versiondiff.store import AddResult, validate_name
from versiondiff.web import service

ACCEPTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def save_upload(slug: str) -> AddResult:
    validate_name(slug, "document slug")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, description="Choose a file to upload.")
    name = upload.filename
    if not name.lower().endswith(ACCEPTED):
        abort(400, description=f"Unsupported file type {name!r}: upload {', '.join(ACCEPTED)}.")
    data = upload.read()
    if not data.strip():
        abort(400, description="The uploaded file is empty.")
    label = request.form.get("label", "").strip() or None
    date = request.form.get("date", "").strip() or None
    fmt = request.form.get("format", "").strip() or None
    if fmt and fmt not in FORMATS:
        abort(400, description=f"Unknown format {fmt!r}.")
    try:
        return add_bytes(service().store, data, name, slug, label=label, date=date, format=fmt)
    except StoreError as error:
        abort(400, description=str(error))
