"""Store sub-commands: init, add, docs, log, show, export, remote, verify, migrate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from versiondiff import cli
from versiondiff.cli_options import add_store_option, split_spec  # noqa: F401 - used by other sub-commands
from versiondiff.errors import NotFoundError
from versiondiff.i18n import N_, pgettext
from versiondiff.i18n import gettext as _
from versiondiff.normalize import FORMATS
from versiondiff.store import Revision, Store, default_store_path

if TYPE_CHECKING:
    from versiondiff.compare import Comparison
    from versiondiff.compare.budget import TimeLimit


def open_store(args: argparse.Namespace, create: bool = False) -> Store:
    return Store.open(args.store or default_store_path(), create=create)


def resolve_spec(store: Store, spec: str) -> Revision:
    slug, rev = split_spec(spec)
    return store.resolve(slug, rev)


def stored_comparison(
    old_spec: str, new_spec: str, args: argparse.Namespace, time_limit: TimeLimit | None = None,
) -> Comparison:
    """``diff slug@a slug@b``: the comparison through the shared cache that ``add`` and the web
    app fill; both specs name store revisions (``cli_options.is_store_spec``).
    ``VERSIONDIFF_DEBUG=1`` says on stderr whether the cache had it."""
    from versiondiff.stored import compare_stored

    store = open_store(args)
    old, new = resolve_spec(store, old_spec), resolve_spec(store, new_spec)
    comparison, source = compare_stored(store, old, new, time_limit)
    if os.environ.get("VERSIONDIFF_DEBUG"):
        where = {"shared": "from the shared cache", "computed": "computed, now in the shared cache"}[source]
        if comparison.limit is not None and source == "computed":
            where = "computed, cut short by the time limit: not shared"
        print(f"versiondiff: comparison {old_spec} → {new_spec}: {where}", file=sys.stderr)
    return comparison


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("版のストアを作る"))
    add_store_option(p)

    p = sub.add_parser("add", help=_("ファイルを正規化し、文書の最新版としてコミットする"))
    p.add_argument("file")
    p.add_argument("--doc", required=True, help=_("文書ID（例: roadmap）"))
    p.add_argument("--label", help=_("版ラベル（例: r2。slug/label のタグも付く）"))
    p.add_argument("--date", help=_("版の日付 YYYY-MM-DD（既定: 今日）"))
    p.add_argument("--title", help=_("文書の表題（既定: これまでの表題、なければ本文から）"))
    p.add_argument("--format", choices=FORMATS)
    add_store_option(p)

    p = sub.add_parser("docs", help=_("文書の一覧"))
    add_store_option(p)

    p = sub.add_parser("log", help=_("文書の版を新しい順に示す"))
    p.add_argument("doc")
    add_store_option(p)

    p = sub.add_parser("show", help=_("版の正規化した Markdown（または元のファイル）を出力する"))
    p.add_argument("spec", metavar="SLUG@REV")
    p.add_argument("--source", action="store_true", help=_("代わりに元のファイルをそのまま出力する"))
    add_store_option(p)

    p = sub.add_parser("export", help=_("版のファイルをフォルダーに書き出す"))
    p.add_argument("spec", metavar="SLUG@REV")
    p.add_argument("-o", "--output", required=True, type=Path)
    add_store_option(p)

    p = sub.add_parser("remote", help=_("ストアを普通の git リモートで共有する"))
    remote = p.add_subparsers(dest="remote_command", required=True, parser_class=cli.Parser, title=_("コマンド"))
    r = remote.add_parser("add")
    r.add_argument("name")
    r.add_argument("url")
    add_store_option(r)
    for name in ("push", "pull"):
        r = remote.add_parser(name)
        r.add_argument("name", nargs="?", default="origin")
        add_store_option(r)

    p = sub.add_parser("verify", help=_("どの版も元のファイルから同じ Markdown に正規化されるかを確かめる"))
    add_store_option(p)

    p = sub.add_parser(
        "migrate", help=_("古い versiondiff が正規化した版の Markdown を正規化し直して保存する（どの版も残る）")
    )
    add_store_option(p)


cli._EXTENSIONS.append(_register)


@cli.command("init")
def _init(args: argparse.Namespace) -> int:
    path = args.store or default_store_path()
    Store.init(path)
    print(_("ストアを用意しました: %(path)s", path=path))
    return 0


@cli.command("add")
def _add(args: argparse.Namespace) -> int:
    from versiondiff.ingest import add_file

    store = open_store(args, create=True)
    result = add_file(store, Path(args.file), args.doc, label=args.label, date=args.date, title=args.title, format=args.format)
    revision = result.revision
    if not result.created:
        print(_(
            "%(doc)s: 変更なし — %(file)s は最新版 %(revision)s とバイト単位で同一です",
            doc=args.doc, file=args.file, revision=revision.name,
        ))
        return 0
    names = {"doc": args.doc, "revision": revision.name, "commit": revision.short, "size": size_kb(revision.document_bytes)}
    if revision.changed_figures is None:
        print(_("%(doc)s@%(revision)s: %(commit)s を登録しました（Markdown %(size)s）", **names))
    else:
        print(_(
            "%(doc)s@%(revision)s: %(commit)s を登録しました（Markdown %(size)s、変わった数値 %(figures)s）",
            figures=revision.changed_figures, **names,
        ))
    return 0


@cli.command("docs")
def _docs(args: argparse.Namespace) -> int:
    infos = open_store(args).documents()
    if not infos:
        print(_("文書はまだありません（登録するには: versiondiff add FILE --doc SLUG）"))
        return 0
    rows = [[i.slug, str(i.revisions), i.latest.name, i.latest.date, i.title] for i in infos]
    _print_rows([pgettext("cli", "文書"), pgettext("cli", "版数"), pgettext("cli", "最新版"), pgettext("cli", "日付"), pgettext("cli", "表題")], rows)
    return 0


@cli.command("log")
def _log(args: argparse.Namespace) -> int:
    store = open_store(args)
    revisions = store.revisions(args.doc)
    if not revisions:
        raise NotFoundError(N_("ストアに文書 %(doc)s はありません"), doc=repr(args.doc))
    rows = [
        [r.short, r.label or "", r.date, size_kb(r.document_bytes), "" if r.changed_figures is None else str(r.changed_figures)]
        for r in revisions
    ]
    _print_rows([pgettext("cli", "版"), pgettext("cli", "ラベル"), pgettext("cli", "日付"), pgettext("cli", "大きさ"), pgettext("cli", "変わった数値")], rows)
    return 0


@cli.command("show")
def _show(args: argparse.Namespace) -> int:
    store = open_store(args)
    revision = resolve_spec(store, args.spec)
    if args.source:
        _name, data = store.read_source(revision)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(store.read_markdown(revision))
    return 0


@cli.command("export")
def _export(args: argparse.Namespace) -> int:
    store = open_store(args)
    for path in store.export(resolve_spec(store, args.spec), args.output):
        print(path)
    return 0


@cli.command("remote")
def _remote(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.remote_command == "add":
        store.remote_add(args.name, args.url)
        print(_("リモート %(name)s → %(url)s", name=args.name, url=args.url))
    elif args.remote_command == "push":
        store.push(args.name)
        print(_("%(name)s へ送りました", name=args.name))
    else:
        from versiondiff.ingest import describe_changes

        print(_("%(name)s から取り込みました: %(result)s", name=args.name, result=store.pull(args.name, describe=describe_changes)))
    return 0


@cli.command("verify")
def _verify(args: argparse.Namespace) -> int:
    from versiondiff.ingest import repair_ledgers

    store = open_store(args)
    problems = store.verify()
    for slug in repair_ledgers(store):
        print(_("%(doc)s: 数値の台帳が欠けているか読めなかったため、版の履歴から作り直してコミットしました", doc=slug))
    drift = store.worktree_drift()
    if drift.strip():
        print(_("注意: 作業ツリーが最後の版と異なります（次の書き込みで元に戻ります）:") + "\n" + drift)
    for problem in problems:
        print(problem)
    outdated = store.outdated()
    for revision, change in outdated:
        print(_(
            "%(rev)s: 古い versiondiff で正規化された版です。正規化し直すと表記だけが変わります: %(change)s",
            rev=f"{revision.slug}@{revision.name}", change=change,
        ))
    if outdated:
        print(_("%(n)s 版を正規化し直せます: `versiondiff migrate` を実行してください（版は失われません）", n=len(outdated)))
    if problems:
        print(_("問題が %(n)s 件見つかりました", n=len(problems)), file=sys.stderr)
        return 1
    suffix = _("（表記の違いを除く）") if outdated else ""
    print(_("ストアを検証しました: どの版も元のファイルから同じ Markdown に正規化されます") + suffix)
    return 0


@cli.command("migrate")
def _migrate(args: argparse.Namespace) -> int:
    store = open_store(args)
    problems = store.verify()
    if problems:
        for problem in problems:
            print(problem)
        print(_("移行しませんでした: まず `versiondiff verify` が報告する問題を直してください"), file=sys.stderr)
        return 1
    written = store.migrate()
    if written:
        print(_("%(n)s 版を正規化し直しました（保守用のコミット。どの版も残ります）", n=written))
    else:
        print(_("移行するものはありません"))
    return 0


def size_kb(size_bytes: int) -> str:
    """A document's size as the web timeline shows it: whole kilobytes, rounded up."""
    return f"{-(-size_bytes // 1024):,} KB"


def _print_rows(headers: list[str], rows: list[list[str]]) -> None:
    from versiondiff.render.text import _pad, _width

    widths = [max(_width(h), *(_width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
