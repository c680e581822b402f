"""``hook run|install|uninstall``, ``gitdiff`` (git's external diff driver) and ``changes``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from versiondiff import cli, hooks
from versiondiff.i18n import N_, ngettext
from versiondiff.i18n import gettext as _
from versiondiff.render.text import figure_line, render_text


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hook", help=_("ステージした文書の数値の変更を知らせる git フック"))
    hook = p.add_subparsers(dest="hook_command", required=True, parser_class=cli.Parser, title=_("コマンド"))
    run = hook.add_parser("run", help=_("ステージした文書を HEAD と比べ、変わった数値を示す"))
    run.add_argument("--repo", default=".")
    run.add_argument("--commit-msg", metavar="FILE", help=_("コミットメッセージに確認済みのトレーラーがあるかを確かめる"))
    run.add_argument("--defer", action="store_true", help=_("警告だけ: 方針は commit-msg フックが守らせる"))
    install = hook.add_parser("install", help=_("pre-commit（と commit-msg）フックを書く"))
    install.add_argument("--repo", default=".")
    install.add_argument(
        "--commit-msg", action="store_true",
        help=_("互換のために受け付けます: トレーラーを読む commit-msg フックは常に導入されます"),
    )
    install.add_argument("--force", action="store_true", help=_("versiondiff が書いたのではないフックを置き換える"))
    install.add_argument("--chain", action="store_true", help=_("ほかのフックを残し、先に実行する"))
    install.add_argument("--diff-driver", action="store_true", help=_("git diff に versiondiff の見え消しを表示させる"))
    uninstall = hook.add_parser("uninstall", help=_("versiondiff が導入したフックを外す"))
    uninstall.add_argument("--repo", default=".")

    p = sub.add_parser("gitdiff", help=_("git の外部 diff ドライバー（diff.versiondiff.command）"))
    p.add_argument("args", nargs="*", help=_("path old-file old-hex old-mode new-file new-hex new-mode"))

    p = sub.add_parser("changes", help=_("二つのコミットの間で変わった数値: changes REV1..REV2 [-- paths]"))
    p.add_argument("range", metavar="REV1..REV2")
    p.add_argument("paths", nargs="*")
    p.add_argument("--repo", default=".")


cli._EXTENSIONS.append(_register)


@cli.command("hook")
def _hook(args: argparse.Namespace) -> int:
    repo = hooks.repo_root(args.repo)
    if args.hook_command == "install":
        for line in hooks.install(repo, force=args.force, chain=args.chain, diff_driver=args.diff_driver):
            print(_("導入しました: %(hook)s", hook=line))
        return 0
    if args.hook_command == "uninstall":
        removed = hooks.uninstall(repo)
        lines = [_("削除しました: %(hook)s", hook=r) for r in removed]
        print("\n".join(lines) if lines else _("削除する versiondiff のフックはありません"))
        return 0
    return _run(repo, args)


def _run(repo: Path, args: argparse.Namespace) -> int:
    reports = hooks.staged_report(repo)
    stale = hooks.stale_marker()
    figure_lines = [line for _path, lines, _error in reports for line in lines if stale not in line]
    stale_lines = [line for _path, lines, _error in reports for line in lines if stale in line]
    for path, _lines, error in reports:
        if error:
            print(_("versiondiff: %(path)s: 比較できませんでした（%(error)s）", path=path, error=error), file=sys.stderr)
    if not figure_lines and not stale_lines:
        return 0
    rule = hooks.policy(repo)
    counts = _counts(len(figure_lines), len(stale_lines))
    if not args.commit_msg:  # the pre-commit run shows the lines; commit-msg only decides
        print("\n".join(figure_lines + stale_lines))
    if rule == "warn" or os.environ.get("VERSIONDIFF_ALLOW") == "1":
        if not args.commit_msg:
            print(_("versiondiff: %(counts)s（方針 %(rule)s: コミットを許可）", counts=counts, rule=rule), file=sys.stderr)
        return 0
    if args.commit_msg:
        if hooks.message_acknowledges(_read_message(args.commit_msg)):
            return 0
    elif args.defer and hooks.trailer_will_be_read(repo):
        return 0  # the commit-msg hook decides once the message is written
    print(_blocked_message(counts, trailer_readable=bool(args.commit_msg)), file=sys.stderr)
    return 1


def _counts(figures: int, stale: int) -> str:
    text = ngettext("変わった数値 %(n)s件", "変わった数値 %(n)s件", figures)
    if stale:
        text += ngettext(
            "、古い値の残存 %(n)s件（一か所で変えた値の古い値がほかに残っている）",
            "、古い値の残存 %(n)s件（一か所で変えた値の古い値がほかに残っている）", stale,
        )
    return text


def _read_message(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise hooks.HookError(N_("コミットメッセージ %(path)s を読めません: %(reason)s"), path=path, reason=error.strerror) from None


def _blocked_message(counts: str, *, trailer_readable: bool) -> str:
    head = _("versiondiff: %(counts)s。このリポジトリは確認されていない数値の変更をコミットさせません。", counts=counts)
    if trailer_readable:
        return head + "\n" + _(
            "コミットするには、コミットメッセージの最後に次の行を書いてください:\n"
            "    %(trailer)s: <確認した人の名前>\n"
            '例: git commit -m "出荷額を更新" -m "%(trailer)s: 田中"\n'
            "または一度だけ VERSIONDIFF_ALLOW=1 を付けてコミットしてください。",
            trailer=hooks.TRAILER,
        )
    return head + "\n" + _(
        "commit-msg フックが導入されていないため、ここでは '%(trailer)s:' の行を読めません。\n"
        "`versiondiff hook install` を実行するか（pre-commit フレームワークでは %(hook_id)s フックを加えて "
        "`pre-commit install --hook-type commit-msg` を実行）、\n"
        "一度だけ VERSIONDIFF_ALLOW=1 を付けてコミットしてください。",
        trailer=hooks.TRAILER, hook_id=hooks.REVIEWED_HOOK_ID,
    )


@cli.command("gitdiff")
def _gitdiff(args: argparse.Namespace) -> int:
    if len(args.args) < 7:
        raise hooks.HookError(N_("gitdiff は git から 7 個の引数で呼ばれます（diff.versiondiff.command を設定してください）"))
    path, old_file, _old_hex, _old_mode, new_file = args.args[:5]
    change = hooks._compare_blobs(path, hooks.read_side(old_file), hooks.read_side(new_file))
    print(f"diff --versiondiff a/{path} b/{path}")
    if change.error:
        print(_("（比較できませんでした: %(error)s）", error=change.error))
    elif change.comparison:
        sys.stdout.write(render_text(change.comparison))
    return 0  # git treats a non-zero exit of a diff driver as a failure


@cli.command("changes")
def _changes(args: argparse.Namespace) -> int:
    old_rev, separator, new_rev = args.range.partition("..")
    if not separator or not old_rev:
        raise hooks.HookError(N_("範囲を REV1..REV2 の形で指定してください"))
    if old_rev.startswith("-") or new_rev.startswith("-"):
        raise hooks.HookError(N_("%(range)s は版の範囲ではありません（版は '-' で始まりません）"), range=repr(args.range))
    repo = hooks.repo_root(args.repo)
    changes = hooks.figure_changes_between(repo, old_rev, new_rev or "HEAD", args.paths)
    found = 0
    for change in changes:
        if change.error:
            print(_("%(path)s: 比較できませんでした（%(error)s）", path=change.path, error=change.error))
            continue
        if change.figures:
            print(f"{change.path}  " + _("（数値 %(n)s件）", n=len(change.figures)))
            for q in change.figures:
                print("  " + figure_line(q))
            found += len(change.figures)
    if not found:
        print(_("%(old)s と %(new)s の間で変わった数値はありません", old=old_rev, new=new_rev or "HEAD"))
    return 0

