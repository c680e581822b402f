"""``versiondiff diff OLD NEW``: files in any input format, or store revisions ``slug@rev``."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from versiondiff import cli
from versiondiff.cli_options import add_store_option, is_store_spec, split_spec
from versiondiff.compare import Comparison, compare_documents
from versiondiff.compare.budget import TimeLimit, parse_seconds
from versiondiff.errors import CompareError, StoreError, VersiondiffError
from versiondiff.i18n import gettext as _
from versiondiff.model import Document
from versiondiff.normalize import FORMATS, normalize_file, normalize_text

EXIT_SAME, EXIT_CHANGED = 0, 1


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff", help=_("二つの版を比べる（ファイルまたは slug@rev）。終了コード 0 同じ、1 変更あり、2 エラー、3 時間の上限で打ち切り"),
        epilog=_(
            "終了コード: 0 変更なし、1 変更あり（--only numbers では数値の変更・追加・削除あり）、2 エラー、"
            "3 --time-limit で比較を打ち切った（報告は不完全: 比較していない節を一覧し、その数値は報告しない）。"
        ),
    )
    p.add_argument("old", help=_("ファイル、またはストアの SLUG@REV"))
    p.add_argument("new", help=_("ファイル、またはストアの SLUG@REV"))
    p.add_argument("--format", dest="output_format", choices=("text", "json", "markdown", "html"), default="text")
    p.add_argument("--input-format", choices=FORMATS, help=_("二つの入力ファイルの形式（既定: 自動判定）"))
    p.add_argument("--only", choices=("numbers",), help=_("変わった数値だけを示す"))
    p.add_argument("--show-formatting", action="store_true", help=_("書式だけが異なる段落も示す"))
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument("--pretty", action="store_true", help=_("JSON をインデントする（既定: 詰めて出力、速い）"))
    p.add_argument("-o", "--output", help=_("比較結果をこのファイルに書く"))
    p.add_argument(
        "--time-limit", metavar="SECONDS", type=_seconds, default=None,
        help=_("比較にかける時間の上限（秒、既定: 上限なし）。超えたら残りの節は比較せずに一覧し、終了コード 3"),
    )
    add_store_option(p)


cli._EXTENSIONS.append(_register)


def _seconds(text: str) -> float | None:
    try:
        return parse_seconds(text, "--time-limit")
    except VersiondiffError:
        raise argparse.ArgumentTypeError(_("秒数を指定してください（0 は上限なし）: %(value)s", value=text)) from None


def _stored_comparison(args: argparse.Namespace, time_limit: TimeLimit) -> Comparison | None:
    """Two store revisions: their comparison through the shared cache (None for files)."""
    if not (is_store_spec(args.old) and is_store_spec(args.new)):
        return None
    # Imported only for slug@rev: the store (and git) are slow to import.
    from versiondiff.cli_store import stored_comparison

    return stored_comparison(args.old, args.new, args, time_limit)


def load_side(spec: str, args: argparse.Namespace) -> tuple[Document, str, str | None]:
    """A file path if it exists, else ``slug@rev`` in the store."""
    path = Path(spec)
    if not is_store_spec(spec):
        return normalize_file(path, format=args.input_format), path.name, None
    # Imported only for slug@rev: the store (and git) are slow to import.
    from versiondiff.store import Store, default_store_path

    store = Store.open(args.store or default_store_path())
    slug, rev = split_spec(spec)
    revision = store.resolve(slug, rev)
    return normalize_text(store.read_markdown(revision), "markdown"), slug, revision.name


def render(
    comparison: Comparison, fmt: str, *, color: bool = False, only_numbers: bool = False, formatting: bool = False,
    pretty: bool = False,
) -> str:
    if fmt == "json":
        data = comparison.as_json(formatting=formatting)
        if only_numbers:
            data["sections"] = []
        if pretty:
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False) + "\n"  # a fresh tree: no cycle to check
    if fmt == "markdown":
        from versiondiff.render.markdown import render_markdown_report

        return render_markdown_report(comparison, only_numbers=only_numbers)
    if fmt == "html":
        from versiondiff.render.html import render_html

        return render_html(comparison, only_numbers=only_numbers)
    from versiondiff.render.text import render_text

    return render_text(comparison, color=color, only_numbers=only_numbers, formatting=formatting)


@cli.command("diff")
def _diff(args: argparse.Namespace) -> int:
    # One comparison, then the process ends: the cyclic collector would only rescan the
    # many small objects of both documents and the comparison while they are still in use
    # (two thirds of the time spent writing the JSON).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_diff(args)
    finally:
        if was_enabled:
            gc.enable()


def _run_diff(args: argparse.Namespace) -> int:
    try:
        time_limit = TimeLimit(args.time_limit)
        comparison = _stored_comparison(args, time_limit)
        if comparison is None:
            old, old_name, old_rev = load_side(args.old, args)
            new, new_name, new_rev = load_side(args.new, args)
            comparison = compare_documents(
                old, new, old_name=old_name, new_name=new_name, old_revision=old_rev, new_revision=new_rev, time_limit=time_limit,
            )
    except StoreError as error:
        raise CompareError(error.message, **error.variables) from None
    color = args.color == "always" or (
        args.color == "auto" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    only = args.only == "numbers"
    text = render(comparison, args.output_format, color=color, only_numbers=only, formatting=args.show_formatting, pretty=args.pretty)
    cli.write_output(text, args.output)
    if comparison.limit is not None:
        return cli.end_process(_cut_short(comparison, args))
    changed = bool(comparison.quantities) if only else comparison.has_changes
    return cli.end_process(EXIT_CHANGED if changed else EXIT_SAME)  # while the comparison is still held


def _cut_short(comparison: Comparison, args: argparse.Namespace) -> int:
    """Exit 3; say so on stderr unless the report itself (text or Markdown on standard output) opens with it."""
    from versiondiff.render.notice import EXIT_INCOMPLETE, limit_sentence, rerun_hint

    if args.output or args.output_format not in ("text", "markdown"):
        print(_("versiondiff: 注意: %(sentence)s", sentence=limit_sentence(comparison.limit)), file=sys.stderr)  # type: ignore[arg-type]
        print("  " + rerun_hint(), file=sys.stderr)
    return EXIT_INCOMPLETE
