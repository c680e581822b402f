"""Figure ledger pages: the figures of a document, one figure's history with a chart."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext

from versiondiff.ledger import sparkline_points
from versiondiff.normalize.inline import compact_key
from versiondiff.web import service
from versiondiff.web.pages import _revisions_or_404

figures = Blueprint("figures", __name__)
_SORTS = {
    "context": lambda line: line["context"],
    "section": lambda line: line["section"],
    "current": lambda line: (line["values"][-1]["value"] or 0),
    "changed": lambda line: -_last_change(line),
}


def _last_change(line: dict) -> int:
    return line["values"][-1]["revision"]


def _previous_text(line: dict) -> str:
    return line["values"][-2]["text"] if len(line["values"]) > 1 else ""


def _ledger(slug: str):  # noqa: ANN202
    revisions = _revisions_or_404(slug)
    return service().ledger(revisions[0])


def _line_or_404(slug: str, line_id: int) -> tuple[object, dict]:
    ledger = _ledger(slug)
    line = next((line for line in ledger.lines if line["id"] == line_id), None)
    if line is None:
        abort(404, description=gettext("%(slug)s の数値の台帳に #%(id)s の数値はありません。", slug=slug, id=line_id))
    return ledger, line


def _rows(slug: str) -> tuple[object, list[dict]]:
    ledger = _ledger(slug)
    lines = ledger.current()
    section = request.args.get("section", "").strip()
    if section:
        lines = [line for line in lines if any(compact_key(section) in compact_key(part) for part in line["section"])]
    sort = request.args.get("sort", "section")
    if sort not in _SORTS:
        abort(400, description=gettext("並べ替えは次のいずれかで指定してください: %(choices)s。", choices=", ".join(_SORTS)))
    return ledger, sorted(lines, key=_SORTS[sort])


@figures.get("/d/<slug>/figures")
def figures_page(slug: str):
    ledger, lines = _rows(slug)
    areas = sorted({line["section"][0] for line in ledger.current() if line["section"]})
    return render_template(
        "figures.html", slug=slug, ledger=ledger, lines=lines, areas=areas, last_change=_last_change, previous_text=_previous_text,
        sort=request.args.get("sort", "section"), section=request.args.get("section", ""),
    )


@figures.get("/d/<slug>/figures/<int:line_id>")
def figure_page(slug: str, line_id: int):
    ledger, line = _line_or_404(slug, line_id)
    points = sparkline_points(line, len(ledger.revisions))
    return render_template("figure.html", slug=slug, ledger=ledger, line=line, points=points)


@figures.get("/api/documents/<slug>/figures")
def figures_api(slug: str):
    ledger, lines = _rows(slug)
    return jsonify({"revisions": ledger.revisions, "figures": lines})


@figures.get("/api/documents/<slug>/figures/<int:line_id>")
def figure_api(slug: str, line_id: int):
    ledger, line = _line_or_404(slug, line_id)
    return jsonify({"revisions": ledger.revisions, "figure": line})


PARTIAL_CHECK_HEADER = "X-Versiondiff-Check"


@figures.get("/api/documents/<slug>/check/<rev>")
def check_api(slug: str, rev: str):
    _revisions_or_404(slug)
    revision = service().store.resolve(slug, rev)
    findings, cut_short = service().findings(revision)
    response = jsonify([finding.as_json() for finding in findings])
    if cut_short:
        # The answer stays a list (its clients read one); what it leaves out is said beside it.
        response.headers[PARTIAL_CHECK_HEADER] = "partial: the comparison with the previous revision hit its time limit"
    return response


def figure_links(slug: str, comparison, ledger) -> dict[int, int]:  # noqa: ANN001
    """For each changed figure of a comparison (by index), the ledger line it belongs to."""
    by_place: dict[tuple[tuple[str, ...], str], int] = {}
    for line in ledger.lines:
        for value in line["values"]:
            by_place[(tuple(value["section"]), value["text"])] = line["id"]
    links = {}
    for index, change in enumerate(comparison.quantities):
        side, path = (change.new, change.new_section) if change.new else (change.old, change.old_section)
        line_id = by_place.get((tuple(path or ()), side.text)) if side else None
        if line_id:
            links[index] = line_id
    return links
