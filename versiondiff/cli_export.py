"""``versiondiff export-table``: the 新旧対照表 as a Word (.docx) or Excel (.xlsx) file."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from versiondiff import cli
from versiondiff.cli_options import add_store_option, is_store_spec, split_spec
from versiondiff.compare import compare_documents
from versiondiff.errors import CompareError, NormalizeError, StoreError
from versiondiff.i18n import N_
from versiondiff.i18n import gettext as _
from versiondiff.model import Document
from versiondiff.normalize import FORMATS, normalize_file, normalize_text
from versiondiff.normalize.decode import decode_text
from versiondiff.render.table_rows import (
    ExportError,
    Table,
    build_table,
    make_columns,
    parse_labels,
    parse_order,
)
from versiondiff.store import Revision, Store, default_store_path

EXPORT_FORMATS = ("docx", "xlsx")
TEXT_SOURCES = ("text", "markdown", "html")  # sources whose characters a table can quote


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-table", help=_("二つの版の新旧対照表を .docx（Word）または .xlsx（Excel）で書き出す"),
    )
    p.add_argument("specs", nargs="+", metavar="SLUG@OLD..NEW", help=_("ストアの SLUG@OLD..NEW、または二つのファイル OLD NEW"))
    p.add_argument("-o", "--output", required=True, help=_("書き出すファイル（.docx または .xlsx）"))
    p.add_argument("--format", dest="export_format", choices=EXPORT_FORMATS, help=_("既定: -o の拡張子から"))
    p.add_argument("--area", metavar="N|TITLE", help=_("この分野だけ（書かれたとおりの番号、または表題）"))
    p.add_argument("--changed-only", action="store_true", help=_("変更のある節だけ"))
    p.add_argument("--order", default="new-old", help=_("列の順: new-old（新が左、既定）または old-new"))
    p.add_argument(
        "--labels", metavar="NEW,OLD",
        help=_("列の見出し、新を先に（既定 改正後,改正前）、または shinkyu|kaisei|shusei|revision"),
    )
    p.add_argument("--title", help=_("表題欄の文書名（既定: ストアの表題）"))
    p.add_argument("--input-format", choices=FORMATS, help=_("二つの入力ファイルの形式（既定: 自動判定）"))
    add_store_option(p)


cli._EXTENSIONS.append(_register)


@cli.command("export-table")
def _export_table(args: argparse.Namespace) -> int:
    fmt = output_format(args.output, args.export_format)
    order = parse_order(args.order)
    new_label, old_label = parse_labels(args.labels)
    if len(args.specs) == 1:
        table = _table_from_store(args, order, new_label, old_label)
    elif len(args.specs) == 2:
        table = _table_from_files(args, order, new_label, old_label)
    else:
        raise ExportError(N_("SLUG@OLD..NEW か、二つのファイル OLD NEW を指定してください"))
    write_bytes(render_table(table, fmt), args.output)
    print(_("%(path)s を書き出しました（%(n)s行）", path=args.output, n=len(table.rows)))
    return 0


def output_format(output: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        raise ExportError(N_("%(path)s の形式が分かりません: 名前を .docx か .xlsx で終えるか、--format を指定してください"), path=repr(output))
    return suffix


def render_table(table: Table, fmt: str) -> bytes:
    if fmt == "xlsx":
        from versiondiff.render.xlsx_table import render_xlsx

        return render_xlsx(table)
    from versiondiff.render.docx_table import render_docx

    return render_docx(table)


def split_pair(spec: str) -> tuple[str, str, str]:
    """``slug@OLD..NEW`` → (slug, old, new)."""
    slug, at, pair = spec.partition("@")
    old, dots, new = pair.partition("..")
    if not at or not dots or not slug or not old or not new:
        raise ExportError(N_("比較は SLUG@OLD..NEW の形で指定します（例: roadmap@r1..r2。指定: %(spec)s）"), spec=repr(spec))
    return slug, old, new


def _table_from_store(args: argparse.Namespace, order: str, new_label: str, old_label: str) -> Table:
    slug, old_spec, new_spec = split_pair(args.specs[0])
    store = Store.open(args.store or default_store_path())
    old, new = store.resolve(slug, old_spec), store.resolve(slug, new_spec)
    comparison = compare_documents(
        _stored_document(store, old), _stored_document(store, new),
        old_name=slug, new_name=slug, old_revision=old.name, new_revision=new.name,
    )
    title = args.title or store_title(store, new)
    columns = make_columns((new_label, old_label), (new.name, new.date), (old.name, old.date), order)
    return build_table(
        comparison, title, columns, area=args.area, changed_only=args.changed_only,
        old_source=revision_source(store, old), new_source=revision_source(store, new),
    )


def revision_source(store: Store, revision: Revision) -> str | None:
    """The revision's source as text, for the author's own characters (None for DOCX, PDF)."""
    if revision.source_format not in TEXT_SOURCES:
        return None
    return _decoded(store.read_source(revision)[1])


def _decoded(data: bytes) -> str | None:
    try:
        return decode_text(data)[0]
    except NormalizeError:
        return None


def store_title(store: Store, revision: Revision) -> str:
    return str(store.read_meta(revision).get("title") or revision.slug)


def _table_from_files(args: argparse.Namespace, order: str, new_label: str, old_label: str) -> Table:
    sides = []
    for spec in args.specs:
        if is_store_spec(spec):
            sides.append(_store_side(args, spec))
        else:
            document = normalize_file(spec, format=args.input_format)
            source = _decoded(Path(spec).read_bytes()) if document.source_format in TEXT_SOURCES else None
            sides.append((document, Path(spec).name, "", source))
    (old_doc, old_name, old_date, old_source), (new_doc, new_name, new_date, new_source) = sides
    comparison = compare_documents(old_doc, new_doc, old_name=old_name, new_name=new_name)
    columns = make_columns((new_label, old_label), (new_name, new_date), (old_name, old_date), order)
    title = args.title or new_doc.title
    return build_table(
        comparison, title, columns, area=args.area, changed_only=args.changed_only,
        old_source=old_source, new_source=new_source,
    )


def _store_side(args: argparse.Namespace, spec: str) -> tuple[Document, str, str, str | None]:
    store = Store.open(args.store or default_store_path())
    slug, rev = split_spec(spec)
    try:
        revision = store.resolve(slug, rev)
    except StoreError as error:
        raise CompareError(error.message, **error.variables) from None
    return _stored_document(store, revision), revision.name, revision.date, revision_source(store, revision)


def _stored_document(store: Store, revision: Revision) -> Document:
    return normalize_text(store.read_markdown(revision), "markdown")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(data: bytes, output: str) -> None:
    """Write through a temporary file so that a failed export never leaves half a document."""
    target = Path(output)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a document is not
        os.replace(temporary, target)
    except OSError as error:
        raise ExportError(N_("%(path)s に書き込めません: %(reason)s"), path=output, reason=error.strerror) from None
