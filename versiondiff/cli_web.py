"""``versiondiff serve`` and ``versiondiff demo``: the web app on a production WSGI server.

One process: waitress (threads). ``--workers N`` (N > 1): gunicorn with N worker processes,
each with its own app; they share comparisons through the shared cache (see docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path

from versiondiff import cli
from versiondiff.cli_store import add_store_option
from versiondiff.errors import VersiondiffError
from versiondiff.i18n import N_
from versiondiff.i18n import gettext as _
from versiondiff.resources import samples_dir
from versiondiff.store import Store, default_store_path

SAMPLE_REVISIONS = (
    ("mirai-roadmap-r1.txt", "r1", "2030-01-15"),
    ("mirai-roadmap-r2.txt", "r2", "2030-03-02"),
    ("mirai-roadmap-r3.md", "r3", "2030-05-20"),
)
SAMPLE_SLUG = "mirai-roadmap"


def _register(sub: argparse._SubParsersAction) -> None:
    commands = (("serve", N_("ストアの Web ビューアーを公開する")), ("demo", N_("見本の原稿を（なければ）登録して公開する")))
    for name, text in commands:
        p = sub.add_parser(name, help=_(text))
        add_store_option(p)
        p.add_argument("--host", default="127.0.0.1", help=_("待ち受けるアドレス（既定: ループバックのみ）"))
        p.add_argument("--port", type=int, default=5000)
        p.add_argument("--threads", type=int, default=8, help=_("ワーカープロセスごとのスレッド数"))
        p.add_argument("--workers", type=int, default=1, help=_("ワーカープロセスの数（2 以上で gunicorn を使う）"))


cli._EXTENSIONS.append(_register)


def load_samples(store: Store) -> bool:
    """Add the bundled sample drafts as three revisions, unless the document exists."""
    from versiondiff.ingest import add_bytes

    if store.revisions(SAMPLE_SLUG):
        return False
    for file_name, label, date in SAMPLE_REVISIONS:
        add_bytes(store, (samples_dir() / file_name).read_bytes(), file_name, SAMPLE_SLUG, label=label, date=date)
    return True


def _check_options(args: argparse.Namespace) -> None:
    from versiondiff.web.server import check_listen

    check_listen(args.host, args.port, args.threads)
    if args.workers < 1:
        raise VersiondiffError(N_("--workers は 1 以上にしてください（指定: %(n)s）"), n=args.workers)


def _serve(args: argparse.Namespace) -> int:
    _check_options(args)
    path = args.store or default_store_path()
    if args.workers > 1:
        return _serve_workers(args, path)
    from versiondiff.web import create_app, warm_worker
    from versiondiff.web.server import create_server

    app = create_app({"STORE_PATH": str(path)})
    warm_worker(app)
    try:
        server = create_server(app, args.host, args.port, args.threads, app.config["MAX_CONTENT_LENGTH"])
    except OSError as error:
        raise VersiondiffError(N_("%(host)s:%(port)s で待ち受けられません: %(reason)s"), host=args.host, port=args.port, reason=error.strerror) from None
    print(_("versiondiff: %(path)s を http://%(host)s:%(port)s/ で公開中（Ctrl-C で停止）", path=path, host=args.host, port=args.port), flush=True)
    server.run()
    return 0


def _serve_workers(args: argparse.Namespace, path: str | Path) -> int:
    """gunicorn's pre-fork server: each worker builds its own app after the fork."""
    from versiondiff.web.server import is_loopback

    try:
        from gunicorn.app.base import BaseApplication
    except ModuleNotFoundError:
        raise VersiondiffError(N_("--workers には gunicorn が必要です: pip install 'versiondiff[scale]'")) from None
    _check_free(args.host, args.port)  # gunicorn would retry for seconds, then log a traceback
    options = {
        "bind": f"{args.host}:{args.port}", "workers": args.workers, "threads": args.threads,
        "worker_class": "gthread", "timeout": 120, "graceful_timeout": 30, "accesslog": None,
        "keepalive": 30 if is_loopback(args.host) else 5,  # short when strangers can connect
        "proc_name": "versiondiff", "control_socket_disable": True,  # no socket in $HOME
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # control_socket_disable is new in gunicorn 24
                    self.cfg.set(key, value)

        def load(self):  # noqa: ANN202 - in each worker, after the fork: its start, not its first request
            from versiondiff.web import create_app, warm_worker

            app = create_app({"STORE_PATH": str(path)})
            warm_worker(app)
            return app

    print(_(
        "versiondiff: %(path)s を http://%(host)s:%(port)s/ でワーカー %(n)s 個により公開中（Ctrl-C で停止）",
        path=path, host=args.host, port=args.port, n=args.workers,
    ), flush=True)
    os.environ.setdefault("VERSIONDIFF_SECRET_KEY", _shared_secret())
    Server().run()
    return 0


def _shared_secret() -> str:
    """One CSRF secret for all workers: a form served by one must be accepted by another."""
    import secrets

    return secrets.token_hex(32)


def _check_free(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise VersiondiffError(N_("%(host)s:%(port)s で待ち受けられません: %(reason)s"), host=host, port=port, reason=error.strerror) from None


@cli.command("serve")
def _serve_command(args: argparse.Namespace) -> int:
    Store.open(args.store or default_store_path())  # a clear error when there is no store
    return _serve(args)


@cli.command("demo")
def _demo(args: argparse.Namespace) -> int:
    store = Store.open(args.store or default_store_path(), create=True)
    if load_samples(store):
        print(_("versiondiff: 見本の原稿を %(slug)s@r1, r2, r3 として登録しました", slug=SAMPLE_SLUG))
    return _serve(args)
