"""``figures SLUG``, ``blame SLUG "context or value"``, ``check SLUG@REV``: the figure ledger."""

from __future__ import annotations

import argparse

from versiondiff import cli
from versiondiff.cli_store import add_store_option, open_store, resolve_spec
from versiondiff.compare import compare_documents
from versiondiff.errors import StoreError
from versiondiff.i18n import N_, pgettext
from versiondiff.i18n import gettext as _
from versiondiff.ingest import load_ledger
from versiondiff.ledger import Ledger, check_revision
from versiondiff.normalize import normalize_text
from versiondiff.render.text import finding_message, terminal_width, wrapped_table
from versiondiff.store import Revision, Store


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("figures", help=_("文書の数値の台帳: すべての目標・数値と変わった版"))
    p.add_argument("doc")
    p.add_argument("--at", default="latest", help=_("この版の時点で（既定: 最新版）"))
    p.add_argument("--grep", help=_("対象・節・値に TEXT を含む数値だけ"))
    add_store_option(p)
    p = sub.add_parser("blame", help=_("一つの数値の履歴（対象または値で探す）"))
    p.add_argument("doc")
    p.add_argument("needle", metavar="CONTEXT_OR_VALUE")
    add_store_option(p)
    p = sub.add_parser("check", help=_("一つの版の古い値の残存と食い違い（あれば終了コード 1）"))
    p.add_argument("spec", metavar="SLUG@REV")
    add_store_option(p)


cli._EXTENSIONS.append(_register)


def ledger_at(store: Store, spec: str) -> tuple[Revision, Ledger]:
    revision = resolve_spec(store, spec)
    return revision, load_ledger(store, revision)


def revision_name(ledger: Ledger, index: int) -> str:
    entry = ledger.revisions[index]
    return entry.get("label") or f"#{index + 1}"


@cli.command("figures")
def _figures(args: argparse.Namespace) -> int:
    store = open_store(args)
    _revision, ledger = ledger_at(store, f"{args.doc}@{args.at}")
    rows = []
    for line in ledger.current():
        values = line["values"]
        current, previous = values[-1], _previous_value(values)
        haystack = f"{line['context']} {' '.join(line['section'])} {current['text']}"
        if args.grep and args.grep not in haystack:
            continue
        changed_in = _changed_in(ledger, values)
        rows.append([
            line["context"] or "(注)", " › ".join(line["section"]), current["text"],
            previous["text"] if previous else "", changed_in,
        ])
    if not rows:
        print(_("%(text)s を含む数値はありません", text=repr(args.grep)) if args.grep else _("数値はありません"))
        return 0
    # The full section path (area first) wraps inside its column; values are never split.
    headers = [pgettext("cli", "対象"), pgettext("cli", "節"), pgettext("cli", "現在の値"), pgettext("cli", "前の値"), pgettext("cli", "変わった版")]
    print("\n".join(wrapped_table(headers, rows, terminal_width(), wrap_column=1, clip_columns={0: 30})))
    return 0


def _previous_value(values: list[dict]) -> dict | None:
    return values[-2] if len(values) > 1 else None


def _changed_in(ledger: Ledger, values: list[dict]) -> str:
    name = revision_name(ledger, values[-1]["revision"])
    return name if len(values) > 1 else name + " " + _("（初出）")


@cli.command("blame")
def _blame(args: argparse.Namespace) -> int:
    store = open_store(args)
    _revision, ledger = ledger_at(store, args.doc)
    lines = ledger.history(args.needle)
    if not lines:
        raise StoreError(N_("%(doc)s に %(needle)s に合う数値はありません"), doc=args.doc, needle=repr(args.needle))
    for line in lines:
        print(f"{line['context'] or '(注)'} — {' › '.join(line['section'])}")
        for number, value in enumerate(line["values"]):
            name = revision_name(ledger, value["revision"])
            date = ledger.revisions[value["revision"]].get("date", "")
            mark = "  " + (_("← 初出") if number == 0 else _("← 変更"))
            print(f"  {name:<10} {date:<10} {value['text']}{mark}")
        if line["last"] < len(ledger.revisions) - 1:
            print(f"  {revision_name(ledger, line['last'] + 1):<10} {'':<10} " + _("（消えた）"))
        print()
    return 0


@cli.command("check")
def _check(args: argparse.Namespace) -> int:
    store = open_store(args)
    revision = resolve_spec(store, args.spec)
    findings = check_findings(store, revision)
    for finding in findings:
        print(f"{finding_kind(finding.kind)}: {finding_message(finding)}")
    if not findings:
        print(_("%(spec)s: 古い値の残存・食い違いのある数値はありません", spec=args.spec))
        return 0
    return 1


def finding_kind(kind: str) -> str:
    """A finding's kind as the terminal says it (``stale`` in English)."""
    return {"stale": pgettext("cli", "古い値"), "contradiction": pgettext("cli", "食い違い")}.get(kind, kind)


def check_findings(store: Store, revision: Revision):  # noqa: ANN201
    document = normalize_text(store.read_markdown(revision), "markdown")
    history = store.revisions(revision.slug)
    position = history.index(revision)
    comparison = None
    if position + 1 < len(history):
        previous = normalize_text(store.read_markdown(history[position + 1]), "markdown")
        comparison = compare_documents(previous, document)
    return check_revision(document, comparison)
