"""The ``versiondiff`` command line. Every error is one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import os
import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path

from versiondiff.cli_parser import EXIT_ERROR, Parser
from versiondiff.errors import VersiondiffError
from versiondiff.i18n import N_
from versiondiff.i18n import gettext as _
from versiondiff.model import Document, Section
from versiondiff.normalize import FORMATS, normalize_file

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    def register(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        _COMMANDS[name] = function
        return function

    return register


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="versiondiff", description=_("versiondiff のコマンドライン。エラーはどれも標準エラーに一行、終了コード 2。"))
    parser.add_argument("--version", action="version", version="versiondiff 0.1.0", help=_("版を表示して終わる"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, title=_("コマンド"))

    p = sub.add_parser("normalize", help=_("原稿の正規化した Markdown を出力する"))
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, help=_("入力の形式（既定: 自動判定）"))
    p.add_argument("-o", "--output", help=_("標準出力の代わりにこのファイルに書く"))
    p.add_argument("--max-size", type=int, help=_("このバイト数より大きいファイルは断る"))

    p = sub.add_parser("outline", help=_("原稿の節の構成を出力する"))
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS)
    p.add_argument("--max-size", type=int)

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


# Other modules add their sub-commands here (store, diff, web, hooks).
_EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; ``argv`` None means this process is the program (console script, ``python -m``)."""
    global _OWNS_PROCESS
    _OWNS_PROCESS = argv is None
    _defer_import("git")
    _load_extensions(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except VersiondiffError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        print(_("versiondiff: 中断しました"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file system refusing a write, a full disk...
        where = f": {error.filename}" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}")
    except Exception as error:  # noqa: BLE001 - last resort: one line, never a traceback
        if os.environ.get("VERSIONDIFF_DEBUG"):
            raise
        return _fail(_("予期しない %(kind)s: %(error)s（詳細は VERSIONDIFF_DEBUG=1 で表示）", kind=type(error).__name__, error=error))


_OWNS_PROCESS = False


def end_process(code: int) -> int:
    """End the process at once with ``code`` when it runs only this command, as mypy does:
    the interpreter would otherwise free every object of both documents and their comparison
    one by one (~7 % of a diff's CPU) for the operating system to reclaim anyway. Called
    in-process (tests, a program calling ``main(argv)``), it returns ``code``."""
    if not _OWNS_PROCESS:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left: nothing to write to, as main() treats it
        code = 0
    os._exit(code)


def _fail(message: str) -> int:
    """One line on stderr, however long or multi-line the message is."""
    line = " ".join(message.split())
    print(_("versiondiff: エラー: %(message)s", message=line[:500]), file=sys.stderr)
    return EXIT_ERROR


def _defer_import(name: str) -> None:
    """Import a module on first use: ``versiondiff diff FILE FILE`` never needs GitPython (~45 ms).

    ``importlib.util.LazyLoader`` does not help here: a second ``import git`` reads the
    module's ``__spec__``, which loads it. This stand-in has its own empty spec and loads the
    real module only when an attribute is asked for.
    """
    if name not in sys.modules:
        sys.modules[name] = _DeferredModule(name)


class _DeferredModule(types.ModuleType):
    def __getattr__(self, attribute: str):  # noqa: ANN204
        import importlib

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


_EXTENSION_MODULES = ("versiondiff.cli_store", "versiondiff.cli_compare", "versiondiff.cli_web", "versiondiff.cli_hooks",
                      "versiondiff.cli_ledger", "versiondiff.cli_export")
# Commands whose module is known: a command line naming one imports only that module, so
# ``versiondiff diff FILE FILE`` does not import the store, the web app, hooks or exports.
_MODULE_OF = {"normalize": None, "outline": None, "diff": "versiondiff.cli_compare"}


def _load_extensions(argv: Sequence[str]) -> None:
    """Import the modules that register sub-commands (kept lazy for a fast start)."""
    import importlib

    name = argv[0] if argv else None
    modules = _EXTENSION_MODULES
    if name in _MODULE_OF:
        modules = tuple(m for m in (_MODULE_OF[name],) if m)
    for module in modules:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise


def write_output(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise VersiondiffError(N_("%(path)s に書き込めません: %(reason)s"), path=output, reason=error.strerror) from None
    else:
        sys.stdout.write(text)


def _load(args: argparse.Namespace) -> Document:
    return normalize_file(args.file, format=args.format, max_bytes=args.max_size)


@command("normalize")
def _normalize(args: argparse.Namespace) -> int:
    write_output(_load(args).markdown, args.output)
    return 0


@command("outline")
def _outline(args: argparse.Namespace) -> int:
    document = _load(args)
    lines = [_("%(format)s: 最上位の節 %(n)s", format=document.source_format, n=len(document.sections))]
    for ancestors, section in document.walk():
        lines.append(_outline_line(section, len(ancestors)))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _outline_line(section: Section, depth: int) -> str:
    subsections = len(section.children)
    size = section.text_size()
    if subsections:
        extra = "  " + _("[%(size)s文字、小節 %(n)s]", size=size, n=subsections)
    else:
        extra = "  " + _("[%(size)s文字]", size=size)
    return "  " * depth + section.heading + extra

