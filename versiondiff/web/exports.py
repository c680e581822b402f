"""Downloads of the 新旧対照表 as Word and Excel files.

``/d/<slug>/compare/<old>..<new>.docx`` and ``.xlsx``, with the same options as the
CLI: ``?area=N|TITLE``, ``?changed=1``, ``?order=new-old|old-new``, ``?labels=改正後,改正前``
(or a named set); without them, the order and labels the compare page remembered
(cookies ``vd_order``, ``vd_labels``).
The comparison comes from the service's cache, the file from the same renderers the
CLI uses; a rendered file is cached beside the compare pages.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, request
from flask_babel import gettext

from versiondiff.render.table_rows import (
    LABEL_SETS,
    ORDERS,
    ExportError,
    build_table,
    make_columns,
    parse_labels,
    parse_order,
)
from versiondiff.store import Revision, validate_name
from versiondiff.web import error_message, service

exports = Blueprint("exports", __name__)

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_ASCII_ONLY = re.compile(r"[^A-Za-z0-9._-]+")


@exports.get("/d/<slug>/compare/<old>..<new>.docx")
def compare_docx(slug: str, old: str, new: str) -> Response:
    return _download(slug, old, new, "docx")


@exports.get("/d/<slug>/compare/<old>..<new>.xlsx")
def compare_xlsx(slug: str, old: str, new: str) -> Response:
    return _download(slug, old, new, "xlsx")


def _download(slug: str, old_spec: str, new_spec: str, fmt: str) -> Response:
    validate_name(slug, "document slug")
    store = service().store
    old, new = store.resolve(slug, old_spec), store.resolve(slug, new_spec)
    options = _options()
    variant = "|".join([fmt, *(str(v) for v in options.values())])

    def render(comparison) -> bytes:  # noqa: ANN001
        from versiondiff.cli_export import render_table, revision_source

        title = str(store.read_meta(new).get("title") or slug)
        columns = make_columns(options["labels"], (new.name, new.date), (old.name, old.date), options["order"])
        try:
            table = build_table(
                comparison, title, columns, area=options["area"], changed_only=options["changed"],
                old_source=revision_source(store, old), new_source=revision_source(store, new),
            )
        except ExportError as error:
            abort(400, description=error_message(error))
        return render_table(table, fmt)

    data = service().compare_page(old, new, variant, render)
    name = download_name(slug, old, new, options["area"], fmt)
    fallback = _ASCII_ONLY.sub("_", f"taisho_{slug}_{old.name}-{new.name}.{fmt}")
    return Response(data, mimetype=MIMETYPES[fmt], headers={"Content-Disposition": content_disposition(name, fallback)})


def _options() -> dict:
    """The query's export options; anything malformed is a 400 with the reason."""
    try:
        area = request.args.get("area", "").strip() or None
        if area is not None and len(area) > 200:
            abort(400, description=gettext("area の指定が長すぎます"))
        changed = request.args.get("changed", "")
        if changed not in ("", "0", "1"):
            abort(400, description=gettext("changed は 1（変更のある節だけ）か 0 です"))
        return {
            "area": area,
            "changed": changed == "1",
            "order": parse_order(request.args.get("order") or _remembered("vd_order", ORDERS)),
            "labels": parse_labels(request.args.get("labels") or _remembered("vd_labels", LABEL_SETS)),
        }
    except ExportError as error:
        abort(400, description=error_message(error))


def _remembered(cookie: str, allowed) -> str | None:  # noqa: ANN001
    """The column order or label set the compare page remembered in this browser, if valid.

    A stale or foreign cookie is ignored rather than refused: the reader did not type it.
    """
    value = request.cookies.get(cookie)
    return value if value in allowed else None


def download_name(slug: str, old: Revision, new: Revision, area: str | None, fmt: str) -> str:
    parts = ["新旧対照表", slug, f"{old.name}-{new.name}"] + ([area] if area else [])
    return _UNSAFE_IN_NAME.sub("_", "_".join(parts))[:150] + f".{fmt}"


def content_disposition(name: str, fallback: str) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and ``filename*`` in UTF-8 for the rest."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
