"""HTML pages: documents, timeline, compare (新旧対照表), revision, section history, exports."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from versiondiff.i18n import N_
from versiondiff.render.areas import full_path
from versiondiff.render.csvfile import figures_csv
from versiondiff.render.html import LABELS, ORDERS, ViewOptions, build_view, print_css, render_html
from versiondiff.store import Revision, validate_name
from versiondiff.web import security, service
from versiondiff.web.uploads import save_upload

pages = Blueprint("pages", __name__)


@cache
def markdown_renderer():  # noqa: ANN202
    """The revision page's Markdown renderer, built on first use: importing it is a fifth of
    building the app, which every ``add`` does to pre-render the compare page (a served worker
    builds it at its start: ``warm_worker``)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    footnote_plugin(renderer)
    return renderer


def _revisions_or_404(slug: str) -> list[Revision]:
    validate_name(slug, "document slug")
    revisions = service().store.revisions(slug)
    if not revisions:
        abort(404, description=gettext("このストアに文書 %(slug)s はありません。", slug=repr(slug)))
    return revisions


def _pair(slug: str, pair: str) -> tuple[Revision, Revision]:
    old_spec, separator, new_spec = pair.partition("..")
    if not separator or not old_spec or not new_spec:
        abort(404, description=gettext("比較は OLD..NEW の形で指定します（例: r1..r2）。"))
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
        abort(400, description=gettext("比べる版を二つ選んでください。"))
    return redirect(url_for("pages.compare", slug=slug, pair=f"{old}..{new}"))


_OPTION_ARGS = ("area", "mode", "only", "show", "formatting", "labels", "order")
_COOKIE_AGE = 365 * 24 * 3600
LABEL_CHOICES = (("shinkyu", N_("新｜旧")), ("kaisei", N_("改正後｜改正前")), ("shusei", N_("修正案｜原案")), ("revision", N_("版名")))


def view_options() -> ViewOptions:
    """The compare view asked for: URL parameters first, then this browser's remembered choices."""
    args = request.args
    order = args.get("order") or request.cookies.get("vd_order") or "new-old"
    labels = args.get("labels") or request.cookies.get("vd_labels") or "shinkyu"
    if order not in ORDERS:
        abort(400, description=_one_of("order", ORDERS))
    if labels not in LABELS:
        abort(400, description=_one_of("labels", LABELS))
    area = args.get("area")
    if area is not None and not area.isdigit():
        abort(400, description=gettext("area には概要に示す分野の番号を指定します（?area=3）。"))
    return ViewOptions(
        order=order, labels=labels, area=int(area) if area is not None else None,
        show_all=args.get("show") == "all", only_numbers=args.get("only") == "numbers",
        formatting=args.get("formatting") == "1", mode="inline" if args.get("mode") == "inline" else "table",
    )


def _one_of(name: str, allowed) -> str:  # noqa: ANN001
    return gettext("%(name)s は次のいずれかです: %(choices)s。", name=name, choices=", ".join(allowed))


def _link_builder(slug: str, pair: str):  # noqa: ANN202
    current = {k: v for k, v in request.args.items() if k in _OPTION_ARGS}

    def link(**changes: str | int | None) -> str:
        merged = {**current, **changes}
        return url_for("pages.compare", slug=slug, pair=pair, **{k: v for k, v in merged.items() if v is not None})

    return link


def compare_meta(old: Revision, new: Revision) -> dict:
    """Title and dates for the title block: what a printed 新旧対照表 must carry."""
    meta = service().store.read_meta(new)
    return {"title": meta.get("title") or new.slug, "old_date": old.date, "new_date": new.date}


@pages.get("/d/<slug>/compare/<pair>")
def compare(slug: str, pair: str):
    old, new = _pair(slug, pair)
    options = view_options()
    link = _link_builder(slug, pair)
    here = link()
    swapped = "old-new" if options.new_first else "new-old"
    order_links = {"swap": url_for("pages.remember", order=swapped, next=link(order=None))}
    print_args = {k: v for k, v in (("order", options.order), ("labels", options.labels), ("area", options.area)) if v is not None}

    def render(comparison) -> str:  # noqa: ANN001
        from versiondiff.web.figures import figure_links

        view = build_view(comparison, options, compare_meta(old, new), gettext)
        if options.area is not None and view["focus"] is None and options.area != 0:
            abort(404, description=gettext("この比較に分野 %(area)s はありません。", area=options.area))
        links = figure_links(slug, comparison, service().ledger(new))
        by_id = {id(comparison.quantities[i]): line for i, line in links.items()}

        def history_url(quantity) -> str | None:  # noqa: ANN001
            line = by_id.get(id(quantity))
            return url_for("figures.figure_page", slug=slug, line_id=line) if line else None

        return render_template(
            "compare.html", view=view, slug=slug, pair=pair, old=old, new=new, link=link, order_links=order_links,
            label_choices=LABEL_CHOICES, history_url=history_url, print_args=print_args, full_path=full_path,
        )

    # The pair as typed comes first: the service shares only the timeline's spelling of it.
    variant = f"{pair}|{here}|{options}|{get_locale()}"
    return service().compare_page(old, new, variant, render)


@pages.get("/prefs")
def remember():
    """Remember the column order and labels in this browser (a cookie), then go back: no script needed."""
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        abort(400, description=gettext("next にはこのサイトのパスを指定してください。"))
    response = redirect(target, code=303)
    for name, allowed in (("order", ORDERS), ("labels", LABELS)):
        value = request.args.get(name)
        if value is None:
            continue
        if value not in allowed:
            abort(400, description=_one_of(name, allowed))
        response.set_cookie(f"vd_{name}", value, max_age=_COOKIE_AGE, httponly=True, samesite="Lax")
    return response


@pages.get("/d/<slug>/compare/<pair>/print.css")
def compare_print_css(slug: str, pair: str):
    """Page furniture for printing: the title and both revisions on top of every page."""
    old, new = _pair(slug, pair)
    options = view_options()
    meta = compare_meta(old, new)
    view = build_view(service().compare(old, new), options, meta, gettext)
    return Response(print_css(view["title"], view["sides"], gettext), mimetype="text/css")


@pages.get("/d/<slug>/compare/<pair>/export.html")
def compare_export(slug: str, pair: str):
    old, new = _pair(slug, pair)
    html = render_html(service().compare(old, new), options=view_options(), meta=compare_meta(old, new))
    name = f"{slug}-{old.name}-{new.name}.html"
    return Response(html, mimetype="text/html", headers={"Content-Disposition": security.content_disposition(name)})


@pages.get("/d/<slug>/compare/<pair>/figures.csv")
def compare_csv(slug: str, pair: str):
    old, new = _pair(slug, pair)
    name = f"{slug}-{old.name}-{new.name}-figures.csv"
    body = figures_csv(service().compare(old, new), gettext)
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": security.content_disposition(name)})


@pages.get("/d/<slug>/r/<rev>")
def revision(slug: str, rev: str):
    store = service().store
    _revisions_or_404(slug)
    current = store.resolve(slug, rev)
    document = service().document(current)
    markdown = markdown_renderer()
    tokens = markdown.parse(store.read_markdown(current))
    outline = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = f"h{len(outline)}"
            token.attrSet("id", anchor)
            outline.append((int(token.tag[1]), tokens[index + 1].content, anchor))
    body = markdown.renderer.render(tokens, markdown.options, {})
    meta = store.read_meta(current)
    findings, cut_short = service().findings(current)
    return render_template(
        "revision.html", slug=slug, revision=current, body=body, outline=outline, meta=meta, document=document, findings=findings,
        findings_cut_short=cut_short,
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
        abort(400, description=gettext("節を指定してください: ?section=TITLE"))
    rows = service().section_history(slug, title)
    if not any(section for _, section, _ in rows):
        abort(404, description=gettext("%(slug)s のどの版にも、表題が %(title)s の節はありません。", slug=slug, title=repr(title)))
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

