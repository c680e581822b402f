"""``versiondiff serve`` and ``versiondiff demo``: the web app on a production WSGI server."""

from __future__ import annotations

import argparse

from versiondiff import cli
from versiondiff.cli_store import add_store_option
from versiondiff.errors import VersiondiffError
from versiondiff.resources import samples_dir
from versiondiff.store import Store, default_store_path

SAMPLE_REVISIONS = (
    ("mirai-roadmap-r1.txt", "r1", "2030-01-15"),
    ("mirai-roadmap-r2.txt", "r2", "2030-03-02"),
    ("mirai-roadmap-r3.md", "r3", "2030-05-20"),
)
SAMPLE_SLUG = "mirai-roadmap"


def _register(sub: argparse._SubParsersAction) -> None:
    for name, text in (("serve", "serve the web viewer over a store"), ("demo", "load the sample drafts (if absent) and serve them")):
        p = sub.add_parser(name, help=text)
        add_store_option(p)
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
        p.add_argument("--port", type=int, default=5000)
        p.add_argument("--threads", type=int, default=8)


cli._EXTENSIONS.append(_register)


def load_samples(store: Store) -> bool:
    """Add the bundled sample drafts as three revisions, unless the document exists."""
    from versiondiff.ingest import add_bytes

    if store.revisions(SAMPLE_SLUG):
        return False
    for file_name, label, date in SAMPLE_REVISIONS:
        add_bytes(store, (samples_dir() / file_name).read_bytes(), file_name, SAMPLE_SLUG, label=label, date=date)
    return True


def _serve(args: argparse.Namespace) -> int:
    import waitress

    from versiondiff.web import create_app

    path = args.store or default_store_path()
    app = create_app({"STORE_PATH": str(path)})
    try:
        server = waitress.create_server(app, host=args.host, port=args.port, threads=args.threads, ident="versiondiff")
    except OSError as error:
        raise VersiondiffError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    print(f"versiondiff: serving {path} at http://{args.host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    server.run()
    return 0


@cli.command("serve")
def _serve_command(args: argparse.Namespace) -> int:
    Store.open(args.store or default_store_path())  # a clear error when there is no store
    return _serve(args)


@cli.command("demo")
def _demo(args: argparse.Namespace) -> int:
    store = Store.open(args.store or default_store_path(), create=True)
    if load_samples(store):
        print(f"versiondiff: loaded the sample drafts as {SAMPLE_SLUG}@r1, r2, r3")
    return _serve(args)
