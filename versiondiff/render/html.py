"""HTML redline: a 新旧対照表 that opens on what changed, area by area.

``build_view`` turns a ``Comparison`` into the page model of ``templates/_compare_body.html``
(used by the web app and by the standalone file of ``versiondiff diff --format html``):
a summary of the areas (kept, renamed, moved, dropped, new), the figure changes of the
shown areas grouped by area, then the table of changes with numbered rows and
previous/next links. What is shown is chosen here, on the server, so that every filter is
a link that works without JavaScript and the page holds only what it shows. Every piece
of document text reaches the page through Jinja's autoescaping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from versiondiff.compare.engine import Comparison, QuantityChange, SectionChange
from versiondiff.i18n import N_
from versiondiff.render.areas import Area, full_path, group_areas
from versiondiff.render.pieces import Piece, Row, change_row
from versiondiff.render.text import section_badges
from versiondiff.resources import templates_dir

__all__ = ["Piece", "Row", "ViewOptions", "build_view", "render_html", "LABELS", "ORDERS"]

# Column labels of a 新旧対照表: the new text first, as drafting offices print it.
LABELS: dict[str, tuple[str, str]] = {
    "shinkyu": (N_("新"), N_("旧")),
    "kaisei": (N_("改正後"), N_("改正前")),
    "shusei": (N_("修正案"), N_("原案")),
    "revision": ("", ""),  # the two revision labels alone
}
ORDERS = ("new-old", "old-new")
_PREAMBLE_OPEN = 3  # a longer preamble (a table of contents) is one line that opens on request


@dataclass(frozen=True)
class ViewOptions:
    order: str = "new-old"
    labels: str = "shinkyu"
    area: int | None = None  # one area's own page; None: the changed kept areas
    show_all: bool = False  # unchanged sections too
    only_numbers: bool = False
    formatting: bool = False
    mode: str = "table"  # table | inline

    @property
    def new_first(self) -> bool:
        return self.order != "old-new"


@dataclass
class Side:
    """One column of the table: its label, revision and date."""

    label: str
    revision: str
    date: str

    @property
    def header(self) -> str:
        revision = "・".join(part for part in (self.revision, self.date) if part)
        if not self.label:
            return revision
        return f"{self.label}（{revision}）" if revision else self.label


@dataclass
class SectionView:
    anchor: str
    status: str
    badges: list[str]
    old_heading: str
    new_heading: str
    old_path: str
    new_path: str
    level: int
    rows: list[Row]
    figures: list[QuantityChange]
    formatting: list[tuple[str, str]]
    collapsed: bool = False  # an added or deleted subsection: one line that opens on request
    size: int = 0
    number: int = 0  # the change number when collapsed
    previous: str = ""
    next: str = ""

    @property
    def path(self) -> str:
        return self.new_path or self.old_path

    @property
    def changed(self) -> bool:
        return bool(self.badges)


@dataclass
class AreaView:
    area: Area
    sections: list[SectionView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"area{self.area.number}"

    @property
    def figures_by_status(self) -> dict[str, list[QuantityChange]]:
        grouped: dict[str, list[QuantityChange]] = {"changed": [], "added": [], "removed": []}
        for quantity in self.area.figures:
            grouped.setdefault(quantity.status, []).append(quantity)
        return grouped


def build_view(
    comparison: Comparison, options: ViewOptions | None = None, meta: dict | None = None,
    translate: Callable[[str], str] = str,
) -> dict:
    options = options or ViewOptions()
    areas = group_areas(comparison)
    shown = _shown_areas(areas, options)
    views = [AreaView(area, _section_views(comparison, area, options)) for area in shown]
    preamble = _preamble_view(comparison, options) if options.area in (None, 0) else None
    stops = _number_changes(views, preamble)
    return {
        "comparison": comparison,
        "options": options,
        "sides": _sides(comparison, options, meta or {}, translate),
        "title": (meta or {}).get("title") or comparison.new_name,
        "areas": areas,
        "kept": [a for a in areas if a.status == "kept"],
        "dropped": [a for a in areas if a.status == "deleted"],
        "added": [a for a in areas if a.status == "added"],
        "shown": views,
        "focus": next((a for a in areas if a.number == options.area), None),
        "preamble": preamble,
        "stops": stops,
        "figures": comparison.quantities,
        "stats": comparison.stats,
        "full_path": full_path,
    }


def _sides(comparison: Comparison, options: ViewOptions, meta: dict, translate: Callable[[str], str]) -> list[Side]:
    new_label, old_label = (translate(label) if label else "" for label in LABELS.get(options.labels, LABELS["shinkyu"]))
    new = Side(new_label, comparison.new_revision or comparison.new_name, meta.get("new_date", ""))
    old = Side(old_label, comparison.old_revision or comparison.old_name, meta.get("old_date", ""))
    return [new, old] if options.new_first else [old, new]


def _shown_areas(areas: list[Area], options: ViewOptions) -> list[Area]:
    if options.area is not None:
        return [a for a in areas if a.number == options.area]
    # The default page: kept areas that changed; dropped and new areas are one line each.
    return [a for a in areas if a.status == "kept" and (a.changed or options.show_all)]


def _section_views(comparison: Comparison, area: Area, options: ViewOptions) -> list[SectionView]:
    index_of = {id(s): i for i, s in enumerate(comparison.sections)}
    views = []
    for section in area.sections:
        view = _section_view(index_of[id(section)], section, area, options)
        if options.only_numbers and not view.figures:
            continue
        if view.status in ("added", "deleted") and not view.rows and not options.show_all:
            continue  # a heading without text of its own: its subsections carry its path
        if view.changed or options.show_all or (options.formatting and view.formatting):
            views.append(view)
    return views


def _section_view(index: int, section: SectionChange, area: Area, options: ViewOptions) -> SectionView:
    anchor = f"s{index}"
    rows = [change_row(f"{anchor}c{n}", c, _moved_note(c.moved_from)) for n, c in enumerate(section.changes)]
    if options.only_numbers:
        rows = [r for r in rows if r.figures]
    node = section.new or section.old
    whole = section.status in ("added", "deleted")
    return SectionView(
        anchor=anchor,
        status=section.status,
        badges=section_badges(section),
        old_heading=section.old.section.heading if section.old else "",
        new_heading=section.new.section.heading if section.new else "",
        old_path=full_path(section.old.path) if section.old else "",
        new_path=full_path(section.new.path) if section.new else "",
        level=len(node.path) if node else 1,
        rows=rows,
        figures=[q for q in area.figures if q.anchor.startswith(anchor + "c")],
        formatting=section.formatting if options.formatting else [],
        # Inside a kept area a whole added or deleted subsection is one line; on the
        # page of an added or dropped area its text is the subject and stays open.
        collapsed=whole and area.status == "kept",
        size=node.section.text_size() if node else 0,
    )


def _preamble_view(comparison: Comparison, options: ViewOptions) -> SectionView | None:
    """Lines before the first heading (title page, table of contents): folded when long."""
    rows = [change_row(f"p{i}", c, "") for i, c in enumerate(comparison.preamble)]
    if options.only_numbers:
        rows = [r for r in rows if r.figures]
    if not rows:
        return None
    figures = [q for q in comparison.quantities if not q.section]
    return SectionView(
        anchor="preamble", status="modified", badges=["modified"], old_heading="", new_heading="",
        old_path=full_path(()), new_path=full_path(()), level=1, rows=rows, figures=figures, formatting=[],
        # Open on its own page (?area=0).
        collapsed=len(rows) > _PREAMBLE_OPEN and options.area is None, size=sum(len(p.text) for r in rows for p in r.inline),
    )


def _moved_note(moved_from: tuple[str, ...] | None) -> str:
    return "移動元：" + full_path(moved_from) if moved_from else ""


def _number_changes(areas: list[AreaView], preamble: SectionView | None) -> list[dict]:
    """Number every shown change and link each to the one before and after it (anchors, no script)."""
    stops: list[dict] = []
    sections = [(None, preamble)] if preamble else []
    sections += [(view, section) for view in areas for section in view.sections]
    targets: list = []
    for view, section in sections:
        if section.collapsed:
            targets.append((view, section))
        else:
            targets += [(view, row) for row in section.rows]
    for number, (view, target) in enumerate(targets, start=1):
        target.number = number
        target.previous = targets[number - 2][1].anchor if number > 1 else ""
        target.next = targets[number][1].anchor if number < len(targets) else ""
        stops.append({"number": number, "anchor": target.anchor, "area": view.area if view else None, "target": target})
    return stops


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(comparison: Comparison, *, only_numbers: bool = False, options: ViewOptions | None = None, meta: dict | None = None) -> str:
    """A standalone page an editor can mail: CSS inlined, no script, no external resource."""
    css = (templates_dir() / "static" / "versiondiff.css").read_text(encoding="utf-8")
    options = options or ViewOptions(only_numbers=only_numbers)
    view = build_view(comparison, options, meta)
    css += "\n" + print_css(view["title"], view["sides"])
    template = environment().get_template("compare_standalone.html")
    # Not escaped as HTML: escaping turned the stylesheet's quotes into &#34; and the browser
    # dropped those rules (the layout's grid areas, the CJK font list). Our own file, and the
    # title only as a css_string, which escapes every character that could close <style>.
    return template.render(view=view, inline_css=Markup(css), only_numbers=options.only_numbers)


def print_css(title: str, sides: list[Side], translate: Callable[[str], str] = str) -> str:
    """The page furniture of a printed table: title and revisions on top of every page."""
    heading = f"{translate('新旧対照表')}　{title}　{sides[0].header} ／ {sides[1].header}"
    return "@media print { @page { @top-center { content: " + css_string(heading) + "; } } }\n"


def css_string(text: str) -> str:
    """A CSS string literal that no document text can break out of."""
    escaped = "".join(c if c.isalnum() or c in " 　・（）／()/-.,:" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'
