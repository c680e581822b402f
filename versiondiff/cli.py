"""The ``versiondiff`` command line. Every error is one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from versiondiff.errors import VersiondiffError
from versiondiff.model import Document, Section
from versiondiff.normalize import FORMATS, normalize_file

EXIT_ERROR = 2
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    def register(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        _COMMANDS[name] = function
        return function

    return register


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in our one-line style with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"versiondiff: error: {message}\n(see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="versiondiff", description=__doc__)
    parser.add_argument("--version", action="version", version="versiondiff 0.1.0")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("normalize", help="print the canonical Markdown of a draft")
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, help="input format (default: detected)")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.add_argument("--max-size", type=int, help="refuse files larger than this many bytes")

    p = sub.add_parser("outline", help="print the section tree of a draft")
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS)
    p.add_argument("--max-size", type=int)

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


# Other modules add their sub-commands here (store, diff, web, hooks).
_EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except VersiondiffError as error:
        print(f"versiondiff: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("versiondiff: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _load_extensions() -> None:
    """Import the modules that register sub-commands (kept lazy for a fast start)."""
    import importlib

    for module in ("versiondiff.cli_store", "versiondiff.cli_compare", "versiondiff.cli_web", "versiondiff.cli_hooks", "versiondiff.cli_ledger", "versiondiff.cli_export"):
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
            raise VersiondiffError(f"cannot write {output}: {error.strerror}") from None
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
    lines = [f"{document.source_format}: {len(document.sections)} top-level sections"]
    for ancestors, section in document.walk():
        lines.append(_outline_line(section, len(ancestors)))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _outline_line(section: Section, depth: int) -> str:
    subsections = len(section.children)
    size = section.text_size()
    extra = f"  [{size} chars" + (f", {subsections} subsections]" if subsections else "]")
    return "  " * depth + section.heading + extra

