"""``hook run|install|uninstall``, ``gitdiff`` (git's external diff driver) and ``changes``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from versiondiff import cli, hooks
from versiondiff.render.text import figure_line, render_text


def _register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hook", help="git hooks that flag numeric edits of staged documents")
    hook = p.add_subparsers(dest="hook_command", required=True, parser_class=cli._Parser)
    run = hook.add_parser("run", help="compare staged documents with HEAD and list changed figures")
    run.add_argument("--repo", default=".")
    run.add_argument("--commit-msg", metavar="FILE", help="check the commit message for the acknowledgement trailer")
    run.add_argument("--defer", action="store_true", help="warn only: the commit-msg hook enforces the policy")
    install = hook.add_parser("install", help="write pre-commit (and commit-msg) hooks")
    install.add_argument("--repo", default=".")
    install.add_argument(
        "--commit-msg", action="store_true",
        help="accepted for compatibility: the commit-msg hook that reads the trailer is always installed",
    )
    install.add_argument("--force", action="store_true", help="replace a hook versiondiff did not write")
    install.add_argument("--chain", action="store_true", help="keep a foreign hook and run it first")
    install.add_argument("--diff-driver", action="store_true", help="make git diff show versiondiff's redline")
    uninstall = hook.add_parser("uninstall", help="remove the hooks versiondiff installed")
    uninstall.add_argument("--repo", default=".")

    p = sub.add_parser("gitdiff", help="git external diff driver (diff.versiondiff.command)")
    p.add_argument("args", nargs="*", help="path old-file old-hex old-mode new-file new-hex new-mode")

    p = sub.add_parser("changes", help="figures changed between two commits: changes REV1..REV2 [-- paths]")
    p.add_argument("range", metavar="REV1..REV2")
    p.add_argument("paths", nargs="*")
    p.add_argument("--repo", default=".")


cli._EXTENSIONS.append(_register)


@cli.command("hook")
def _hook(args: argparse.Namespace) -> int:
    repo = hooks.repo_root(args.repo)
    if args.hook_command == "install":
        for line in hooks.install(repo, force=args.force, chain=args.chain, diff_driver=args.diff_driver):
            print(f"installed: {line}")
        return 0
    if args.hook_command == "uninstall":
        removed = hooks.uninstall(repo)
        print("\n".join(f"removed: {r}" for r in removed) if removed else "no versiondiff hook to remove")
        return 0
    return _run(repo, args)


def _run(repo: Path, args: argparse.Namespace) -> int:
    reports = hooks.staged_report(repo)
    figure_lines = [line for _, lines, _ in reports for line in lines if ": stale — " not in line]
    stale_lines = [line for _, lines, _ in reports for line in lines if ": stale — " in line]
    for path, _, error in reports:
        if error:
            print(f"versiondiff: {path}: not compared ({error})", file=sys.stderr)
    if not figure_lines and not stale_lines:
        return 0
    rule = hooks.policy(repo)
    counts = _counts(len(figure_lines), len(stale_lines))
    if not args.commit_msg:  # the pre-commit run shows the lines; commit-msg only decides
        print("\n".join(figure_lines + stale_lines))
    if rule == "warn" or os.environ.get("VERSIONDIFF_ALLOW") == "1":
        if not args.commit_msg:
            print(f"versiondiff: {counts} (policy {rule}: commit allowed)", file=sys.stderr)
        return 0
    if args.commit_msg:
        if hooks.message_acknowledges(_read_message(args.commit_msg)):
            return 0
    elif args.defer and hooks.trailer_will_be_read(repo):
        return 0  # the commit-msg hook decides once the message is written
    print(_blocked_message(counts, trailer_readable=bool(args.commit_msg)), file=sys.stderr)
    return 1


def _counts(figures: int, stale: int) -> str:
    text = f"{figures} figure{'' if figures == 1 else 's'} changed"
    if stale:
        text += f", {stale} stale value{'' if stale == 1 else 's'} (changed in one place, old value still elsewhere)"
    return text


def _read_message(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise hooks.HookError(f"cannot read the commit message {path}: {error.strerror}") from None


def _blocked_message(counts: str, *, trailer_readable: bool) -> str:
    head = f"versiondiff: {counts}; this repository blocks unreviewed numeric edits."
    if trailer_readable:
        return (
            f"{head}\nTo commit, end the commit message with the line\n"
            f"    {hooks.TRAILER}: <your name>\n"
            f'for example: git commit -m "出荷額を更新" -m "{hooks.TRAILER}: 田中"\n'
            "or commit once with VERSIONDIFF_ALLOW=1."
        )
    return (
        f"{head}\nNo commit-msg hook is installed, so a '{hooks.TRAILER}:' trailer cannot be read here.\n"
        "Run `versiondiff hook install` (or, with the pre-commit framework, add the "
        f"{hooks.REVIEWED_HOOK_ID} hook and run `pre-commit install --hook-type commit-msg`),\n"
        "or commit once with VERSIONDIFF_ALLOW=1."
    )


@cli.command("gitdiff")
def _gitdiff(args: argparse.Namespace) -> int:
    if len(args.args) < 7:
        raise hooks.HookError("gitdiff is called by git with 7 arguments (set diff.versiondiff.command)")
    path, old_file, _old_hex, _old_mode, new_file = args.args[:5]
    change = hooks._compare_blobs(path, hooks.read_side(old_file), hooks.read_side(new_file))
    print(f"diff --versiondiff a/{path} b/{path}")
    if change.error:
        print(f"(not compared: {change.error})")
    elif change.comparison:
        sys.stdout.write(render_text(change.comparison))
    return 0  # git treats a non-zero exit of a diff driver as a failure


@cli.command("changes")
def _changes(args: argparse.Namespace) -> int:
    old_rev, separator, new_rev = args.range.partition("..")
    if not separator or not old_rev:
        raise hooks.HookError("give a range REV1..REV2")
    if old_rev.startswith("-") or new_rev.startswith("-"):
        raise hooks.HookError(f"{args.range!r} is not a range of revisions (a revision never starts with '-')")
    repo = hooks.repo_root(args.repo)
    changes = hooks.figure_changes_between(repo, old_rev, new_rev or "HEAD", args.paths)
    found = 0
    for change in changes:
        if change.error:
            print(f"{change.path}: not compared ({change.error})")
            continue
        if change.figures:
            print(f"{change.path}  ({len(change.figures)} figures)")
            for q in change.figures:
                print("  " + figure_line(q))
            found += len(change.figures)
    if not found:
        print(f"no figure changed between {old_rev} and {new_rev or 'HEAD'}")
    return 0

