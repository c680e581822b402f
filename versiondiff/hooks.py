"""Git integration where documents live: flag numeric edits before they are committed.

- ``staged_report``: every staged document compared with HEAD's version, one line per figure;
- ``figure_changes_between``: the same between two commits (release notes of a draft);
- ``install`` / ``uninstall``: pre-commit and commit-msg hooks that call ``versiondiff hook run``,
  refusing to overwrite a foreign hook unless forced, or chaining to it;
- the diff driver config, so ``git diff`` shows the section-aligned redline.

The policy comes from ``git config versiondiff.numericPolicy`` or ``[tool.versiondiff]``
``numeric-policy`` in the repository's ``pyproject.toml``: ``warn`` (default) or ``block``.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from versiondiff.compare import Comparison, compare_documents
from versiondiff.errors import NormalizeError, VersiondiffError
from versiondiff.i18n import N_, gettext_in
from versiondiff.i18n import gettext as _
from versiondiff.model import Document
from versiondiff.normalize import normalize

DEFAULT_PATTERNS = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm", "*.xml", "*.docx", "*.pdf")
MARKER = "# versiondiff-managed hook"
TRAILER = "Numeric-Change-Reviewed"
REVIEWED_HOOK_ID = "versiondiff-numbers-reviewed"  # the commit-msg hook in .pre-commit-hooks.yaml


class HookError(VersiondiffError):
    """A hook could not be installed or run."""


@dataclass
class FileChanges:
    path: str
    comparison: Comparison | None
    error: str | None = None
    document: Document | None = None  # the new side, for checks inside one revision

    @property
    def figures(self):  # noqa: ANN201
        return self.comparison.quantities if self.comparison else []


def _git(repo: Path, *args: str, binary: bool = False, check: bool = True) -> str | bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if check and result.returncode != 0:
        raise HookError(N_("git %(command)s が失敗しました: %(reason)s"), command=args[0], reason=result.stderr.decode(errors="replace").strip()[:300])
    return result.stdout if binary else result.stdout.decode("utf-8", errors="replace")


def repo_root(path: str | Path = ".") -> Path:
    result = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if result.returncode != 0:
        raise HookError(N_("%(path)s は git リポジトリの中ではありません"), path=path)
    return Path(result.stdout.strip())


def _tool_config(repo: Path) -> dict:
    pyproject = repo / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("versiondiff", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise HookError(N_("%(path)s の [tool.versiondiff] を読めません: %(reason)s"), path=pyproject, reason=error) from None


def policy(repo: Path) -> str:
    value = str(_git(repo, "config", "--get", "versiondiff.numericPolicy", check=False)).strip()
    value = value or str(_tool_config(repo).get("numeric-policy", "warn"))
    if value not in ("warn", "block"):
        raise HookError(N_("数値の方針 %(value)s は 'warn' でも 'block' でもありません"), value=repr(value))
    return value


def patterns(repo: Path) -> tuple[str, ...]:
    configured = str(_git(repo, "config", "--get", "versiondiff.patterns", check=False)).strip()
    if configured:
        return tuple(p.strip() for p in configured.split(",") if p.strip())
    from_toml = _tool_config(repo).get("patterns")
    return tuple(from_toml) if from_toml else DEFAULT_PATTERNS


def is_document(path: str, globs: tuple[str, ...]) -> bool:
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in globs)


def _blob(repo: Path, spec: str) -> bytes | None:
    result = subprocess.run(["git", "-C", str(repo), "cat-file", "blob", spec], capture_output=True)
    return result.stdout if result.returncode == 0 else None


def _compare_blobs(path: str, old: bytes | None, new: bytes | None) -> FileChanges:
    name = path.rsplit("/", 1)[-1]
    try:
        old_doc = normalize(old, name=name) if old and old.strip() else None
        new_doc = normalize(new, name=name) if new and new.strip() else None
    except NormalizeError as error:
        return FileChanges(path, None, str(error))
    if old_doc is None and new_doc is None:
        return FileChanges(path, None)
    comparison = compare_documents(old_doc or Document(), new_doc or Document(), old_name=path, new_name=path)
    return FileChanges(path, comparison, document=new_doc)


def staged_blobs(repo: Path) -> list[tuple[str, bytes | None, bytes | None]]:
    """(path, HEAD's bytes, staged bytes) of every staged document."""
    globs = patterns(repo)
    has_head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True).returncode == 0
    output = str(_git(repo, "diff", "--cached", "--name-only", "-z", "--no-renames", *(["HEAD"] if has_head else [])))
    return [
        (path, _blob(repo, f"HEAD:{path}") if has_head else None, _blob(repo, f":{path}"))
        for path in filter(None, output.split("\0"))
        if is_document(path, globs)
    ]


def staged_report(repo: Path) -> list[tuple[str, list[str], str | None]]:
    """For each staged document: its report lines (changed figures, then stale old values)
    and an error, computed in parallel worker processes when many documents are staged."""
    blobs = staged_blobs(repo)
    if len(blobs) < 4:
        return [report_lines(*blob) for blob in blobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(report_lines, *zip(*blobs, strict=True), chunksize=4))


def report_lines(path: str, old: bytes | None, new: bytes | None) -> tuple[str, list[str], str | None]:
    from versiondiff.ledger import figures_of, find_stale
    from versiondiff.render.text import figure_line, finding_message

    change = _compare_blobs(path, old, new)
    lines = [figure_line(q, path) for q in change.figures]
    if change.document is not None and change.comparison is not None and change.figures:
        lines += [f"{path}{stale_marker()}{finding_message(f)}" for f in find_stale(figures_of(change.document), change.comparison)]
    return path, lines, change.error


def stale_marker() -> str:
    """What separates the path from a stale value's message in a hook line (``: stale — ``)."""
    return _(": 古い値 — ")


def figure_changes_between(repo: Path, old_rev: str, new_rev: str, paths: list[str]) -> list[FileChanges]:
    globs = patterns(repo)
    output = str(_git(repo, "diff", "--name-only", "-z", "--no-renames", "--end-of-options", old_rev, new_rev, "--", *paths))
    return [
        _compare_blobs(path, _blob(repo, f"{old_rev}:{path}"), _blob(repo, f"{new_rev}:{path}"))
        for path in filter(None, output.split("\0"))
        if is_document(path, globs)
    ]


def message_acknowledges(message: str) -> bool:
    return bool(re.search(rf"^{TRAILER}:\s*\S", message, re.M | re.I))


# ---------------------------------------------------------------- install


def hooks_dir(repo: Path) -> Path:
    path = Path(str(_git(repo, "rev-parse", "--git-path", "hooks")).strip())
    return path if path.is_absolute() else repo / path


_HOOK_SCRIPT = """#!/bin/sh
{marker}
# Runs `versiondiff hook run {arguments}`: versiondiff on PATH first (a recreated or moved
# virtual environment keeps working once activated), else the interpreter the hook was
# installed from. Missing both, it warns and lets the commit through under the `warn`
# policy, and refuses it under `block`, in the committer's language (as versiondiff chooses it).
case "${{LANGUAGE:-${{LC_ALL:-${{LC_MESSAGES:-$LANG}}}}}}" in
  ja*|C|C.*|POSIX*) language=ja ;;
  en*|*:en*) language=en ;;
  *) language=ja ;;
esac
local_hook="$(dirname "$0")/$(basename "$0").local"
if [ -x "$local_hook" ]; then "$local_hook" "$@" || exit $?; fi
if command -v versiondiff >/dev/null 2>&1; then
  exec versiondiff hook run {arguments}
fi
fallback={fallback}
if [ -x "$fallback" ] && "$fallback" -c "import versiondiff" >/dev/null 2>&1; then
  exec "$fallback" -m versiondiff hook run {arguments}
fi
policy="$(git config --get versiondiff.numericPolicy)"
if [ -z "$policy" ] && [ -f pyproject.toml ] && grep -Eq '^[[:space:]]*numeric-policy[[:space:]]*=[[:space:]]*["'"'"']block' pyproject.toml; then
  policy=block
fi
if [ "$policy" = block ] && [ "$VERSIONDIFF_ALLOW" != 1 ]; then
  if [ "$language" = en ]; then echo "{missing_block_en}" >&2; else echo "{missing_block_ja}" >&2; fi
  exit 1
fi
if [ "$language" = en ]; then echo "{missing_warn_en}" >&2; else echo "{missing_warn_ja}" >&2; fi
exit 0
"""

_DIFF_SCRIPT = """#!/bin/sh
{marker}
# git's external diff driver (diff.versiondiff.command): versiondiff on PATH, else the
# interpreter it was installed from, else git's own diff of the two sides.
if command -v versiondiff >/dev/null 2>&1; then exec versiondiff gitdiff "$@"; fi
fallback={fallback}
if [ -x "$fallback" ] && "$fallback" -c "import versiondiff" >/dev/null 2>&1; then
  exec "$fallback" -m versiondiff gitdiff "$@"
fi
echo "(versiondiff not found on PATH nor at $fallback: plain diff)"
git diff --no-index --no-ext-diff -- "$2" "$5"
exit 0
"""
DIFF_DRIVER = "versiondiff-gitdiff"


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# What a hook says when it finds no versiondiff to run; "$fallback" is expanded by the script.
_MISSING_BLOCK = N_(
    "versiondiff: PATH にも $fallback にも見つかりません。数値を点検できず、このリポジトリは確認されていない"
    "数値の変更をコミットさせません。versiondiff を導入する（pip install versiondiff）か、VERSIONDIFF_ALLOW=1 "
    "を付けてコミットしてください。"
)
_MISSING_WARN = N_(
    "versiondiff: PATH にも $fallback にも見つかりません。数値は点検していません（点検するには versiondiff を導入してください）。"
)


def _script(arguments: str) -> str:
    messages = {
        f"{name}_{locale}": gettext_in(locale, message)
        for name, message in (("missing_block", _MISSING_BLOCK), ("missing_warn", _MISSING_WARN))
        for locale in ("ja", "en")
    }
    return _HOOK_SCRIPT.format(marker=MARKER, arguments=arguments, fallback=_shell_quote(sys.executable), **messages)


def install(repo: Path, *, force: bool = False, chain: bool = False, diff_driver: bool = False) -> list[str]:
    """Write the pre-commit hook (lists changed figures) and the commit-msg hook (enforces the
    ``block`` policy, reading the acknowledgement trailer): both always, so that the trailer
    the block message asks for is read whatever the policy is set to later."""
    directory = hooks_dir(repo)
    directory.mkdir(parents=True, exist_ok=True)
    done = []
    wanted = {"pre-commit": "--defer", "commit-msg": '--commit-msg "$1"'}
    for name, arguments in wanted.items():
        target = directory / name
        if target.exists() and MARKER not in target.read_text(errors="replace"):
            if chain:
                local = directory / f"{name}.local"
                if local.exists():
                    raise HookError(N_("%(path)s がすでにあります。削除するか --force を付けて導入してください"), path=local)
                target.rename(local)
            elif not force:
                raise HookError(
                    N_("%(path)s は versiondiff のフックではありません。両方を動かすには --chain、置き換えるには --force を付けてください"),
                    path=target,
                )
        target.write_text(_script(arguments), encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        done.append(str(target))
    if diff_driver:
        done += install_diff_driver(repo)
    return done


def uninstall(repo: Path) -> list[str]:
    directory = hooks_dir(repo)
    removed = []
    for name in ("pre-commit", "commit-msg"):
        target = directory / name
        if target.exists() and MARKER in target.read_text(errors="replace"):
            target.unlink()
            removed.append(str(target))
            local = directory / f"{name}.local"
            if local.exists():
                local.rename(target)  # give the chained hook its place back
    driver = directory / DIFF_DRIVER
    if driver.exists() and MARKER in driver.read_text(errors="replace"):
        driver.unlink()
        _git(repo, "config", "--unset", "diff.versiondiff.command", check=False)
        removed.append(str(driver))
    return removed


def trailer_will_be_read(repo: Path) -> bool:
    """Whether a commit-msg hook that checks the trailer runs after pre-commit — ours, or the
    pre-commit framework's with our commit-msg hook configured: only then may the pre-commit
    hook leave the decision to it (otherwise the trailer it asks for would never be read)."""
    hook = hooks_dir(repo) / "commit-msg"
    if not (hook.is_file() and os.access(hook, os.X_OK)):
        return False
    text = hook.read_text(errors="replace")
    if MARKER in text:
        return True
    config = repo / ".pre-commit-config.yaml"
    return "pre-commit" in text and config.is_file() and REVIEWED_HOOK_ID in config.read_text(errors="replace")


def install_diff_driver(repo: Path) -> list[str]:
    script = hooks_dir(repo) / DIFF_DRIVER
    script.write_text(_DIFF_SCRIPT.format(marker=MARKER, fallback=_shell_quote(sys.executable)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    command = _shell_quote(str(script))
    _git(repo, "config", "diff.versiondiff.command", command)
    attributes = repo / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    lines = [f"{glob} diff=versiondiff" for glob in patterns(repo) if f"{glob} diff=versiondiff" not in existing]
    if lines:
        with attributes.open("a", encoding="utf-8") as handle:
            if existing and not existing.endswith("\n"):
                handle.write("\n")
            handle.write("\n".join(lines) + "\n")
    return [f"git config diff.versiondiff.command {command}", str(attributes)]


def read_side(path: str) -> bytes | None:
    """A side of git's external diff: /dev/null means the file does not exist there."""
    if path == os.devnull or not Path(path).exists():
        return None
    return Path(path).read_bytes()
