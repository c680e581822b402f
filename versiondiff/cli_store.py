"""Store sub-commands: init, add, docs, log, show, export, remote, verify, migrate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from versiondiff import cli
from versiondiff.errors import StoreError
from versiondiff.normalize import FORMATS
from versiondiff.store import Revision, Store, default_store_path


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", type=Path, default=None,
        help="store location (default: $VERSIONDIFF_STORE or ./docs_store)",
    )


def open_store(args: argparse.Namespace, create: bool = False) -> Store:
    return Store.open(args.store or default_store_path(), create=create)


def split_spec(spec: str) -> tuple[str, str]:
    """``slug@rev`` → ``(slug, rev)``; a bare slug means its latest revision."""
    slug, _, rev = spec.partition("@")
    return slug, rev or "latest"


def resolve_spec(store: Store, spec: str) -> Revision:
    slug, rev = split_spec(spec)
    return store.resolve(slug, rev)


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a revision store")
    add_store_option(p)

    p = sub.add_parser("add", help="normalize a file and commit it as a document's newest revision")
    p.add_argument("file")
    p.add_argument("--doc", required=True, help="document slug, e.g. roadmap")
    p.add_argument("--label", help="revision label, e.g. r2 (also tagged slug/label)")
    p.add_argument("--date", help="revision date YYYY-MM-DD (default: today)")
    p.add_argument("--title", help="document title (default: kept, or taken from the text)")
    p.add_argument("--format", choices=FORMATS)
    add_store_option(p)

    p = sub.add_parser("docs", help="list documents")
    add_store_option(p)

    p = sub.add_parser("log", help="list a document's revisions, newest first")
    p.add_argument("doc")
    add_store_option(p)

    p = sub.add_parser("show", help="print a revision's canonical Markdown (or its original file)")
    p.add_argument("spec", metavar="SLUG@REV")
    p.add_argument("--source", action="store_true", help="print the original bytes instead")
    add_store_option(p)

    p = sub.add_parser("export", help="write a revision's files into a folder")
    p.add_argument("spec", metavar="SLUG@REV")
    p.add_argument("-o", "--output", required=True, type=Path)
    add_store_option(p)

    p = sub.add_parser("remote", help="share the store through a plain git remote")
    remote = p.add_subparsers(dest="remote_command", required=True, parser_class=cli._Parser)
    r = remote.add_parser("add")
    r.add_argument("name")
    r.add_argument("url")
    add_store_option(r)
    for name in ("push", "pull"):
        r = remote.add_parser(name)
        r.add_argument("name", nargs="?", default="origin")
        add_store_option(r)

    p = sub.add_parser("verify", help="check every revision re-normalizes identically from its source")
    add_store_option(p)

    p = sub.add_parser(
        "migrate", help="store re-normalized Markdown for revisions an older versiondiff normalized (keeps every revision)"
    )
    add_store_option(p)


cli._EXTENSIONS.append(_register)


@cli.command("init")
def _init(args: argparse.Namespace) -> int:
    path = args.store or default_store_path()
    Store.init(path)
    print(f"store ready at {path}")
    return 0


@cli.command("add")
def _add(args: argparse.Namespace) -> int:
    from versiondiff.ingest import add_file

    store = open_store(args, create=True)
    result = add_file(store, Path(args.file), args.doc, label=args.label, date=args.date, title=args.title, format=args.format)
    revision = result.revision
    if not result.created:
        print(f"{args.doc}: unchanged — {args.file} is byte-identical to the latest revision {revision.name}")
        return 0
    figures = "" if revision.changed_figures is None else f", {revision.changed_figures} changed figures"
    print(f"{args.doc}@{revision.name}: added {revision.short} ({revision.document_bytes:,} bytes of Markdown{figures})")
    return 0


@cli.command("docs")
def _docs(args: argparse.Namespace) -> int:
    infos = open_store(args).documents()
    if not infos:
        print("no documents yet (add one with: versiondiff add FILE --doc SLUG)")
        return 0
    rows = [[i.slug, str(i.revisions), i.latest.name, i.latest.date, i.title] for i in infos]
    _print_rows(["document", "revisions", "latest", "date", "title"], rows)
    return 0


@cli.command("log")
def _log(args: argparse.Namespace) -> int:
    store = open_store(args)
    revisions = store.revisions(args.doc)
    if not revisions:
        raise StoreError(f"no document {args.doc!r} in the store")
    rows = [
        [r.short, r.label or "", r.date, f"{r.document_bytes:,}", "" if r.changed_figures is None else str(r.changed_figures)]
        for r in revisions
    ]
    _print_rows(["revision", "label", "date", "bytes", "changed figures"], rows)
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
        print(f"remote {args.name} → {args.url}")
    elif args.remote_command == "push":
        store.push(args.name)
        print(f"pushed to {args.name}")
    else:
        from versiondiff.ingest import describe_changes

        print(f"pulled from {args.name}: {store.pull(args.name, describe=describe_changes)}")
    return 0


@cli.command("verify")
def _verify(args: argparse.Namespace) -> int:
    from versiondiff.ingest import repair_ledgers

    store = open_store(args)
    problems = store.verify()
    for slug in repair_ledgers(store):
        print(f"{slug}: figure ledger was missing or unreadable; rebuilt from the revision history and committed")
    drift = store.worktree_drift()
    if drift.strip():
        print("note: the checkout differs from the last revision (the next write restores it):\n" + drift)
    for problem in problems:
        print(problem)
    outdated = store.outdated()
    for revision, change in outdated:
        print(f"{revision.slug}@{revision.name}: normalized by an older versiondiff; re-normalizing would change spelling only: {change}")
    if outdated:
        print(f"{len(outdated)} revisions can be re-normalized: run `versiondiff migrate` (no revision is lost)")
    if problems:
        print(f"{len(problems)} problems found", file=sys.stderr)
        return 1
    print("store verified: every revision re-normalizes from its source" + (" (spelling aside)" if outdated else ""))
    return 0


@cli.command("migrate")
def _migrate(args: argparse.Namespace) -> int:
    store = open_store(args)
    problems = store.verify()
    if problems:
        for problem in problems:
            print(problem)
        print("migrate refused: fix the problems `versiondiff verify` reports first", file=sys.stderr)
        return 1
    written = store.migrate()
    print(f"re-normalized {written} revisions (store-maintenance commits; every revision kept)" if written else "nothing to migrate")
    return 0


def _print_rows(headers: list[str], rows: list[list[str]]) -> None:
    from versiondiff.render.text import _pad, _width

    widths = [max(_width(h), *(_width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
