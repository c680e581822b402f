"""HTML pages: documents, timeline, compare (新旧対照表), revision, section history, exports."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from versiondiff.render.html import build_view, render_html
from versiondiff.store import Revision, validate_name
from versiondiff.web import security, service
from versiondiff.web.uploads import save_upload

pages = Blueprint("pages", __name__)
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
footnote_plugin(_MARKDOWN)


def _revisions_or_404(slug: str) -> list[Revision]:
    validate_name(slug, "document slug")
    revisions = service().store.revisions(slug)
    if not revisions:
        abort(404, description=f"No document {slug!r} in this store.")
    return revisions


def _pair(slug: str, pair: str) -> tuple[Revision, Revision]:
    old_spec, separator, new_spec = pair.partition("..")
    if not separator or not old_spec or not new_spec:
        abort(404, description="A comparison is addressed as OLD..NEW, e.g. r1..r2.")
    store = service().store
    return store.resolve(slug, old_spec), store.resolve(slug, new_spec)


@pages.get("/")
def documents():
    infos = service().store.documents()
    return render_template("documents.html", documents=infos)


@pages.get("/d/<slug>")
def timeline(slug: str):
    revisions = _revisions_or_404(slug)
    meta = service().store.read_meta(revisions[0])
    return render_template("timeline.html", slug=slug, title=meta.get("title", slug), revisions=revisions)


@pages.get("/d/<slug>/compare")
def compare_picker(slug: str):
    old, new = request.args.get("old", ""), request.args.get("new", "")
    if not old or not new:
        abort(400, description="Pick two revisions to compare.")
    return redirect(url_for("pages.compare", slug=slug, pair=f"{old}..{new}"))


@pages.get("/d/<slug>/compare/<pair>")
def compare(slug: str, pair: str):
    old, new = _pair(slug, pair)
    only_numbers = request.args.get("only") == "numbers"

    def render(comparison) -> str:  # noqa: ANN001
        from versiondiff.web.figures import figure_links

        links = figure_links(slug, comparison, service().ledger(new))
        return render_template(
            "compare.html", view=build_view(comparison), slug=slug, pair=pair, old=old, new=new,
            only_numbers=only_numbers, figure_links=links,
        )

    return service().compare_page(old, new, f"{pair}|{only_numbers}", render)


@pages.get("/d/<slug>/compare/<pair>/export.html")
def compare_export(slug: str, pair: str):
    old, new = _pair(slug, pair)
    html = render_html(service().compare(old, new))
    name = f"{slug}-{old.name}-{new.name}.html"
    return Response(html, mimetype="text/html", headers={"Content-Disposition": security.content_disposition(name)})


@pages.get("/d/<slug>/compare/<pair>/figures.csv")
def compare_csv(slug: str, pair: str):
    old, new = _pair(slug, pair)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["status", "section_old", "section_new", "context", "old", "new", "delta", "in_footnote"])
    for q in service().compare(old, new).quantities:
        writer.writerow([security.csv_cell(cell) for cell in (
            q.status, " › ".join(q.old_section or ()), " › ".join(q.new_section or ()), q.context,
            q.old.text if q.old else "", q.new.text if q.new else "", q.delta, "yes" if q.in_footnote else "",
        )])
    name = f"{slug}-{old.name}-{new.name}-figures.csv"
    # A BOM so that Excel opens the Japanese text as UTF-8.
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv", headers={"Content-Disposition": security.content_disposition(name)})


@pages.get("/d/<slug>/r/<rev>")
def revision(slug: str, rev: str):
    store = service().store
    _revisions_or_404(slug)
    current = store.resolve(slug, rev)
    document = service().document(current)
    tokens = _MARKDOWN.parse(store.read_markdown(current))
    outline = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = f"h{len(outline)}"
            token.attrSet("id", anchor)
            outline.append((int(token.tag[1]), tokens[index + 1].content, anchor))
    body = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    meta = store.read_meta(current)
    findings = service().findings(current)
    return render_template(
        "revision.html", slug=slug, revision=current, body=body, outline=outline, meta=meta, document=document, findings=findings,
    )


@pages.get("/d/<slug>/r/<rev>/source")
def source(slug: str, rev: str):
    _revisions_or_404(slug)
    current = service().store.resolve(slug, rev)
    name, data = service().store.read_source(current)
    # Served as a download, never rendered: an HTML source must not run in our origin.
    return Response(data, mimetype="application/octet-stream", headers={"Content-Disposition": security.content_disposition(name)})


def history_rows(slug: str) -> tuple[str, list]:
    """The ``?section=`` of a history request and that section in every revision."""
    _revisions_or_404(slug)
    title = request.args.get("section", "").strip()
    if not title:
        abort(400, description="Name a section: ?section=TITLE")
    rows = service().section_history(slug, title)
    if not any(section for _, section, _ in rows):
        abort(404, description=f"No section titled {title!r} in any revision of {slug}.")
    return title, rows


@pages.get("/d/<slug>/history")
def history(slug: str):
    title, rows = history_rows(slug)
    figure = request.args.get("figure", "").strip()
    return render_template("history.html", slug=slug, title=title, rows=rows, figure=figure)


@pages.post("/upload")
def upload_new():
    security.check_csrf()
    security.check_write_token()
    slug = request.form.get("doc", "").strip()
    result = save_upload(slug)
    return redirect(url_for("pages.timeline", slug=slug, added=result.revision.name if result.created else "unchanged"), code=303)


@pages.post("/d/<slug>/upload")
def upload(slug: str):
    security.check_csrf()
    security.check_write_token()
    result = save_upload(slug)
    return redirect(url_for("pages.timeline", slug=slug, added=result.revision.name if result.created else "unchanged"), code=303)

