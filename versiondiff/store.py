"""The revision store: a git repository holding every revision of every document.

Layout of a document ``<slug>``::

    <slug>/document.md          canonical Markdown (what comparisons read)
    <slug>/source/<file name>   the original bytes, never altered
    <slug>/meta.json            title, source format and name, label, date, sizes
    <slug>/renormalized/<commit>.md
                                canonical Markdown of an older revision, re-normalized by
                                ``migrate`` (a store-maintenance commit; the revision's own
                                commit is never rewritten)

One commit per revision, with trailers ``Revision-Label``, ``Revision-Date``,
``Source-Format``, ``Source-SHA256`` (and ``Document-Bytes``); an annotated tag
``<slug>/<label>`` when a label is given.

Crash safety: a commit is built with plumbing on a private index file, then the
branch and the label tag move together in one ``git update-ref --stdin``
transaction that checks the branch's old value. A writer killed at any point
leaves either the whole revision or nothing. Writers take an ``flock`` on a file
in ``.git`` (the kernel releases it when a process dies); the lock holder clears
stale git ``*.lock`` files and re-syncs the working tree to ``HEAD``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import git

from versiondiff.errors import NormalizeError, NotFoundError, Phrase, StoreError
from versiondiff.i18n import N_
from versiondiff.model import Document
from versiondiff.normalize import FORMATS, normalize

BRANCH = "main"
_RENORMALIZED = "renormalized"  # migrated copies of older revisions' canonical Markdown
# Where pull fetches the remote's branch and tags before merging them (never published).
_INCOMING = "refs/versiondiff/incoming/main"
_INCOMING_TAGS = "refs/versiondiff/incoming-tags/"
LOCK_TIMEOUT = 120.0
_TRAILERS = (
    "Revision-Label", "Revision-Date", "Source-Format", "Source-SHA256", "Document-Bytes",
    "Changed-Figures", "Sections-Added", "Sections-Deleted",
)
_IDENTITY = {
    "GIT_AUTHOR_NAME": "versiondiff",
    "GIT_AUTHOR_EMAIL": "versiondiff@localhost",
    "GIT_COMMITTER_NAME": "versiondiff",
    "GIT_COMMITTER_EMAIL": "versiondiff@localhost",
}
_NAME_RULES = Phrase(N_(
    "名前は文字・数字と「-」「_」「.」で100文字以内とし、文字か数字で始め、「..」を含めず、"
    "「.」や「.lock」で終えないでください"
))
# What validate_name() checks, as its messages name it.
_NAME_KINDS = {
    "document slug": N_("文書ID"),
    "revision label": N_("版のラベル"),
    "remote name": N_("リモート名"),
}
_NAME = re.compile(r"^[^\W_][\w.\-]{0,99}$")


def default_store_path() -> Path:
    return Path(os.environ.get("VERSIONDIFF_STORE") or "docs_store")


def validate_name(value: str, what: str) -> str:
    """Check a slug or label (``what``: "document slug", "revision label" or "remote name");
    the error names the rule it breaks."""
    kind = Phrase(_NAME_KINDS.get(what, what))
    if not value:
        raise StoreError(N_("%(what)s が空です。%(rules)s"), what=kind, rules=_NAME_RULES)
    problem = _name_problem(value)
    if problem:
        raise StoreError(problem, what=kind, value=repr(value), rules=_NAME_RULES)
    return value


def _name_problem(value: str) -> str | None:
    if any(unicodedata.category(c).startswith("C") for c in value):
        return N_("%(what)s %(value)s に制御文字が含まれています。%(rules)s")
    if "/" in value or "\\" in value:
        return N_("%(what)s %(value)s にパスの区切り文字が含まれています。%(rules)s")
    if ".." in value:
        return N_("%(what)s %(value)s に「..」が含まれています。%(rules)s")
    if value.startswith("."):
        return N_("%(what)s %(value)s が「.」で始まっています。%(rules)s")
    if value.endswith((".", ".lock")):
        return N_("%(what)s %(value)s が「.」か「.lock」で終わっています。%(rules)s")
    if re.search(r"[\s~^:?*\[@{}]", value):
        return N_("%(what)s %(value)s に git の参照名で使えない文字が含まれています。%(rules)s")
    if not _NAME.match(value):
        return N_("%(what)s %(value)s は名前に使えません。%(rules)s")
    return None


def _validate_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise StoreError(N_("日付 %(value)s は YYYY-MM-DD 形式の正しい日付ではありません"), value=repr(value)) from None


def _create_repository(path: Path) -> git.Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch=BRANCH)
    with repo.config_writer() as config:
        config.set_value("core", "hooksPath", os.devnull)  # never run hooks of our own
        config.set_value("core", "symlinks", "false")
        config.set_value("core", "quotePath", "false")
        config.set_value("gc", "auto", "0")  # gc would race with concurrent writers
    # The project's own README and .gitignore live in the default docs_store/ folder.
    exclude = Path(repo.git_dir) / "info" / "exclude"
    exclude.parent.mkdir(exist_ok=True)
    exclude.write_text("/README.md\n/.gitignore\n", encoding="utf-8")
    return repo


_MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; UTF-8 Japanese takes 3 a character


def _safe_file_name(name: str) -> str:
    """The original file's base name, stripped of anything that could escape its folder and
    short enough in bytes for any file system (keeping its suffix, which names the format)."""
    base = re.sub(r"[\x00-\x1f/\\]", "_", Path(name).name).lstrip(".") or "source"
    if len(base.encode("utf-8", "surrogateescape")) <= _MAX_NAME_BYTES:
        return base
    suffix = Path(base).suffix if len(Path(base).suffix) <= 10 else ""
    stem = base[: len(base) - len(suffix)].encode("utf-8", "surrogateescape")
    # Cut at a byte budget; "ignore" drops a character the cut split in two.
    stem_text = stem[: _MAX_NAME_BYTES - len(suffix.encode("utf-8", "surrogateescape"))].decode("utf-8", "ignore")
    return (stem_text + suffix) or "source"


def _summarize_git_error(stderr: str) -> str | Phrase:
    """git's stderr (often several lines of fatal:, error: and hint:) as one short line."""
    text = stderr.strip().removeprefix("stderr:").strip().strip("'")  # GitPython's wrapping
    lines = [line.strip() for line in text.splitlines()]
    useful = [line for line in lines if line and not line.startswith("hint:")]
    return " / ".join(useful)[:300] or Phrase(N_("（メッセージなし）"))


@dataclass(frozen=True)
class Revision:
    slug: str
    commit: str
    label: str | None
    date: str
    source_format: str
    source_sha256: str
    document_bytes: int
    committed: str
    changed_figures: int | None = None
    sections_added: int | None = None
    sections_deleted: int | None = None

    @property
    def short(self) -> str:
        return self.commit[:10]

    @property
    def name(self) -> str:
        return self.label or self.short

    def as_json(self) -> dict:
        return {**asdict(self), "name": self.name}


@dataclass(frozen=True)
class RevisionSummary:
    """What changed against the previous revision, as the commit message records it."""

    body: str
    changed_figures: int | None
    sections_added: int | None
    sections_deleted: int | None
    files: dict[str, bytes] = field(default_factory=dict)  # more files for <slug>/, same commit


# describe(store, previous, document, label, date): the commit message summary and extra files.
Describe = Callable[["Store", Revision | None, Document, str | None, str], RevisionSummary]


@dataclass(frozen=True)
class DocumentInfo:
    slug: str
    title: str
    revisions: int
    latest: Revision


@dataclass(frozen=True)
class AddResult:
    revision: Revision
    created: bool  # False when the same bytes were already the latest revision


class Store:
    """The only place that touches the store's git repository."""

    def __init__(self, repo: git.Repo):
        self.repo = repo
        self.path = Path(repo.working_tree_dir or repo.git_dir)
        self._local = threading.local()  # this thread's object quarantine, if any

    # ------------------------------------------------------------ opening

    @classmethod
    def init(cls, path: str | Path) -> Store:
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(N_("%(path)s にストアを作成できません: 同じ名前のファイルがあります"), path=str(path))
        if (path / ".git").exists():
            return cls.open(path)
        try:
            return cls(_create_repository(path))
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreError(N_("%(path)s にストアを作成できません: %(reason)s"), path=str(path), reason=reason) from None
        except git.GitCommandError as error:
            reason = _summarize_git_error(str(error.stderr or ""))
            raise StoreError(N_("%(path)s にストアを作成できません: %(reason)s"), path=str(path), reason=reason) from None

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> Store:
        path = Path(path)
        if not (path / ".git").is_dir():
            if create:
                return cls.init(path)
            if not path.exists():
                raise StoreError(N_("%(path)s にストアがありません（作成: versiondiff init --store %(path)s）"), path=str(path))
            raise StoreError(N_("%(path)s は versiondiff のストアではありません（git リポジトリがありません）"), path=str(path))
        try:
            repo = git.Repo(path)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(N_("%(path)s は versiondiff のストアではありません（git リポジトリが壊れています）"), path=str(path)) from None
        if Path(repo.working_tree_dir or "").resolve() != path.resolve():
            raise StoreError(N_("%(path)s は別の git リポジトリの中にあり、独立したストアではありません"), path=str(path))
        store = cls(repo)
        store._check_access()
        return store

    def _check_access(self) -> None:
        """git refuses repositories of another user (safe.directory); without this check such
        a store would look empty instead of saying why."""
        try:
            self._git("rev-parse", "--git-dir")
        except StoreError as error:
            if "dubious ownership" in str(error.variables.get("reason", "")):
                raise StoreError(
                    N_(
                        "%(path)s のストアは別のユーザー（uid %(uid)s）のもので、git が読み込みを拒否しています。"
                        "信頼できる場合は: git config --global --add safe.directory %(resolved)s"
                    ),
                    path=str(self.path), uid=self.path.stat().st_uid, resolved=str(self.path.resolve()),
                ) from None
            raise

    # ------------------------------------------------------------ git helpers

    def _git(self, *args: str, input: bytes | None = None, env: dict | None = None, binary: bool = False):
        stdin = None
        if input is not None:
            try:
                stdin = tempfile.TemporaryFile()
                stdin.write(input)
                stdin.seek(0)
            except OSError as error:
                raise StoreError(
                    N_("git %(command)s が失敗しました: 入力を一時ファイルに書けません（%(reason)s）"),
                    command=args[0], reason=error.strerror,
                ) from None
        try:
            return self.repo.git.execute(
                ["git", "-c", f"core.hooksPath={os.devnull}", *args],
                istream=stdin,
                env={**_IDENTITY, **getattr(self._local, "objects_env", {}), **(env or {})},
                stdout_as_string=not binary,
                strip_newline_in_stdout=not binary,
            )
        except git.GitCommandError as error:
            reason = _summarize_git_error(str(error.stderr or ""))
            raise StoreError(N_("git %(command)s が失敗しました: %(reason)s"), command=args[0], reason=reason) from None
        except OSError as error:  # git missing, or no space for its input or output
            reason = error.strerror or str(error)
            raise StoreError(N_("git %(command)s が失敗しました: %(reason)s"), command=args[0], reason=reason) from None
        finally:
            if stdin is not None:
                stdin.close()

    def _head(self) -> str | None:
        try:
            return self._git("rev-parse", "--verify", "-q", f"refs/heads/{BRANCH}")
        except StoreError:
            return None

    def _blob(self, data: bytes) -> str:
        return self._git("hash-object", "-w", "--stdin", input=data)

    # ------------------------------------------------------------ writing

    @contextlib.contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        lock_path = Path(self.repo.git_dir) / "versiondiff.lock"
        try:
            handle = open(lock_path, "a+")  # noqa: SIM115 - closed by the with below
        except OSError as error:
            raise StoreError(
                N_("ストアのロックファイル %(path)s を開けません: %(reason)s（ストアが読み取り専用ではありませんか）"),
                path=str(lock_path), reason=error.strerror,
            ) from None
        with handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            N_("ストアが使用中です: 別の書き込みが %(seconds)s 秒間ロックを保持しています"),
                            seconds=f"{timeout:.0f}",
                        ) from None
                    time.sleep(0.02)
            try:
                self._recover()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """Under the lock no other versiondiff writer runs: git lock files left behind are stale."""
        git_dir = Path(self.repo.git_dir)
        for stale in [git_dir / "index.lock", git_dir / "HEAD.lock", *(git_dir / "refs").rglob("*.lock")]:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        for leftover in git_dir.glob("versiondiff-index-*"):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        for quarantine in git_dir.glob("versiondiff-objects-*"):  # of a writer killed mid-commit
            shutil.rmtree(quarantine, ignore_errors=True)
        self._sync_worktree()

    def _sync_worktree(self) -> None:
        if self._head():
            self._git("reset", "-q", "--hard", f"refs/heads/{BRANCH}")
            self._git("clean", "-q", "-f", "-d", "-e", "/README.md", "-e", "/.gitignore")

    def add_revision(
        self,
        slug: str,
        data: bytes,
        file_name: str,
        *,
        label: str | None = None,
        date: str | None = None,
        title: str | None = None,
        format: str | None = None,
        describe: Describe | None = None,
        document: Document | None = None,
    ) -> AddResult:
        """Normalize ``data`` and commit it as the newest revision of ``slug``.

        ``describe(store, previous, document, label, date)`` may summarize the change for the
        commit message and add files (the figure ledger) to the same commit; it runs under
        the write lock, so ``previous`` is exactly the revision this one follows.
        ``document``: ``normalize(data, format=format, name=file_name)`` when the caller has
        already made it (normalizing a long draft takes a large share of an add).
        """
        validate_name(slug, "document slug")
        if label is not None:
            validate_name(label, "revision label")
        date = _validate_date(date) if date else dt.date.today().isoformat()
        if document is None:
            try:
                document = normalize(data, format=format, name=file_name)
            except NormalizeError as error:
                raise StoreError(N_("%(name)s を登録できません: %(reason)s"), name=file_name, reason=error) from None
        sha256 = hashlib.sha256(data).hexdigest()
        with self.write_lock():
            latest = self._latest_or_none(slug)
            if latest and latest.source_sha256 == sha256:
                return AddResult(latest, created=False)
            if label and self._tag_exists(slug, label):
                raise StoreError(N_("ラベル %(label)s は %(slug)s の別の版ですでに使われています"), label=repr(label), slug=slug)
            summary = describe(self, latest, document, label, date) if describe else None
            previous_meta = self.read_meta(latest) if latest else None
            with self._quarantine():
                commit = self._commit_revision(slug, data, file_name, document, label, date, title, sha256, summary, previous_meta)
            self._sync_worktree()
        return AddResult(self._revision_at(slug, commit), created=True)

    def _commit_revision(
        self, slug: str, data: bytes, file_name: str, document: Document, label: str | None,
        date: str, title: str | None, sha256: str, summary: RevisionSummary | None, previous_meta: dict | None,
        *, onto: str | None = None,
    ) -> str:
        """Commit a revision on the branch head, or only build it on ``onto`` (refs untouched)."""
        markdown = document.markdown.encode("utf-8")
        source_name = _safe_file_name(file_name)
        meta = {
            "slug": slug,
            "title": title or (previous_meta or {}).get("title") or document.title or slug,
            "source_name": source_name,
            "source_format": document.source_format,
            "label": label,
            "date": date,
            "document_bytes": len(markdown),
            "sections": len(document.sections),
        }
        meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        head = onto or self._head()
        index = Path(self.repo.git_dir) / f"versiondiff-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            if head:
                self._git("read-tree", head, env=env)
                self._git("rm", "-r", "-q", "-f", "--cached", "--ignore-unmatch", f"{slug}/source", env=env)
            extra = [(f"{slug}/{name}", content) for name, content in (summary.files if summary else {}).items()]
            for path, content in (
                (f"{slug}/document.md", markdown),
                (f"{slug}/source/{source_name}", data),
                (f"{slug}/meta.json", meta_bytes),
                *extra,
            ):
                self._git("update-index", "--add", "--cacheinfo", f"100644,{self._blob(content)},{path}", env=env)
            tree = self._git("write-tree", env=env)
        finally:
            with contextlib.suppress(FileNotFoundError):
                index.unlink()
        message = _commit_message(slug, label, date, document.source_format, sha256, len(markdown), summary)
        parents = ["-p", head] if head else []
        commit = self._git("commit-tree", tree, *parents, input=message.encode("utf-8"))
        if onto is None:
            self._move_refs(slug, label, commit, head, message)
        return commit

    def commit_files(self, slug: str, files: dict[str, bytes], message: str) -> str:
        """Commit derived files of a document (e.g. a rebuilt ledger) without a new revision."""
        validate_name(slug, "document slug")
        with self.write_lock():
            head = self._head()
            if not head:
                raise StoreError(N_("ストアにはまだ版がありません"))
            with self._quarantine():
                commit = self._commit_files(slug, files, message, head)
                self._move_refs(slug, None, commit, head, message)
            self._sync_worktree()
        return commit

    @contextlib.contextmanager
    def _quarantine(self) -> Iterator[None]:
        """Objects written inside go to a private directory and join the store only when its
        refs move (``_update_refs``): a write that fails leaves no dangling objects behind."""
        private = Path(tempfile.mkdtemp(prefix="versiondiff-objects-", dir=self.repo.git_dir))
        self._local.objects_env = {
            "GIT_OBJECT_DIRECTORY": str(private),
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(Path(self.repo.git_dir, "objects").resolve()),
        }
        try:
            yield
        finally:
            self._local.objects_env = {}
            shutil.rmtree(private, ignore_errors=True)

    def _update_refs(self, lines: list[str]) -> None:
        """One ``update-ref`` transaction, after moving quarantined objects into the store;
        if the transaction fails the objects it would have referenced are removed again."""
        moved = self._release_quarantine()
        try:
            self._git("update-ref", "--stdin", input="\n".join(["start", *lines, "prepare", "commit", ""]).encode("utf-8"))
        except StoreError:
            for path in moved:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            raise

    def _release_quarantine(self) -> list[Path]:
        env = getattr(self._local, "objects_env", {})
        if not env:
            return []
        private, objects = Path(env["GIT_OBJECT_DIRECTORY"]), Path(env["GIT_ALTERNATE_OBJECT_DIRECTORIES"])
        moved = []
        for source in sorted(private.glob("[0-9a-f][0-9a-f]/*")):
            target = objects / source.parent.name / source.name
            if target.exists():
                continue
            target.parent.mkdir(exist_ok=True)
            os.replace(source, target)
            moved.append(target)
        self._local.objects_env = {}  # later commands read the objects from the store itself
        return moved

    def _commit_files(self, slug: str, files: dict[str, bytes], message: str, head: str) -> str:
        index = Path(self.repo.git_dir) / f"versiondiff-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            self._git("read-tree", head, env=env)
            for name, content in files.items():
                self._git("update-index", "--add", "--cacheinfo", f"100644,{self._blob(content)},{slug}/{name}", env=env)
            tree = self._git("write-tree", env=env)
        finally:
            with contextlib.suppress(FileNotFoundError):
                index.unlink()
        return self._git("commit-tree", tree, "-p", head, input=(message.strip() + "\n").encode("utf-8"))

    def _move_refs(self, slug: str, label: str | None, commit: str, head: str | None, message: str) -> None:
        """Branch and tag move in one transaction, or not at all."""
        zero = "0" * 40
        lines = [f"update refs/heads/{BRANCH} {commit} {head or zero}"]
        if label:
            lines.append(f"create refs/tags/{slug}/{label} {self._tag_object(slug, label, commit)}")
        self._update_refs(lines)
        if not head:
            self._git("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")

    def _tag_object(self, slug: str, label: str, commit: str) -> str:
        return self._git(
            "mktag",
            input=(
                f"object {commit}\ntype commit\ntag {slug}/{label}\n"
                f"tagger versiondiff <versiondiff@localhost> {int(time.time())} +0000\n\n"
                f"{slug} revision {label}\n"
            ).encode(),
        )

    def _tag_exists(self, slug: str, label: str) -> bool:
        try:
            self._git("rev-parse", "--verify", "-q", f"refs/tags/{slug}/{label}")
            return True
        except StoreError:
            return False

    # ------------------------------------------------------------ reading

    def documents(self, tip: str | None = None) -> list[DocumentInfo]:
        """Every document with its latest revision (as of the commit ``tip``, default the branch)."""
        head = tip or self._head()
        if not head:
            return []
        infos = []
        for slug in sorted(name for name, _ in self._tree_entries(head, directories=True)):
            try:
                validate_name(slug, "document slug")
            except StoreError:
                continue  # a folder committed by other means, not a document
            revisions = self.revisions(slug, tip=head)
            if not revisions:
                continue
            meta = self.read_meta(revisions[0])
            infos.append(DocumentInfo(slug, meta.get("title") or slug, len(revisions), revisions[0]))
        return infos

    def revisions(self, slug: str, tip: str = BRANCH) -> list[Revision]:
        """Every revision of a document, newest first (as of the commit ``tip``)."""
        validate_name(slug, "document slug")
        if not self._head():
            return []
        fields = ["%H", "%cI"] + [f"%(trailers:key={t},valueonly,separator=%x2C)" for t in _TRAILERS]
        output = self._git("log", "--format=" + "%x1f".join(fields) + "%x1e", tip, "--", f"{slug}/document.md")
        return [self._parse_revision(slug, record) for record in output.split("\x1e") if record.strip()]

    def _parse_revision(self, slug: str, record: str) -> Revision:
        fields = [f.strip() for f in (record.strip("\n").split("\x1f") + [""] * 10)[:10]]
        commit, committed, label, date, fmt, sha, size, figures, added, deleted = fields

        def number(value: str) -> int | None:
            return int(value) if value.isdigit() else None

        return Revision(
            slug=slug, commit=commit, label=label or None, date=date, source_format=fmt,
            source_sha256=sha, document_bytes=int(size or 0), committed=committed,
            changed_figures=number(figures), sections_added=number(added), sections_deleted=number(deleted),
        )

    def _latest_or_none(self, slug: str) -> Revision | None:
        revisions = self.revisions(slug)
        return revisions[0] if revisions else None

    def _revision_at(self, slug: str, commit: str, tip: str = BRANCH) -> Revision:
        return next(r for r in self.revisions(slug, tip=tip) if r.commit == commit)

    def resolve(self, slug: str, spec: str = "latest") -> Revision:
        """``latest``, ``~N`` (N before latest), a label, a commit prefix, or a date (YYYY-MM-DD)."""
        revisions = self.revisions(slug)
        if not revisions:
            raise NotFoundError(N_("ストアに文書 %(doc)s はありません"), doc=repr(slug))
        spec = spec or "latest"
        if spec == "latest":
            return revisions[0]
        if re.fullmatch(r"~\d+", spec):
            # Compared as text first: int() refuses more than 4,300 digits.
            back = int(spec[1:]) if len(spec) <= 10 else len(revisions)
            if back >= len(revisions):
                raise NotFoundError(
                    N_("%(slug)s@%(spec)s: この文書の版は %(n)s 個しかありません"), slug=slug, spec=_short(spec), n=len(revisions),
                )
            return revisions[back]
        by_label = [r for r in revisions if r.label == spec]
        if by_label:
            return by_label[0]
        if re.fullmatch(r"[0-9a-f]{4,40}", spec):
            by_commit = [r for r in revisions if r.commit.startswith(spec)]
            if len(by_commit) == 1:
                return by_commit[0]
            if len(by_commit) > 1:
                raise StoreError(N_("%(slug)s@%(spec)s: このコミットの接頭辞に合う版が複数あります"), slug=slug, spec=spec)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec):
            spec = _validate_date(spec)
            dated = [r for r in revisions if r.date and r.date <= spec]
            if dated:
                return max(dated, key=lambda r: r.date)
        raise NotFoundError(N_("版 %(slug)s@%(spec)s はありません"), slug=slug, spec=_short(spec))

    def read_markdown(self, revision: Revision) -> str:
        """The revision's canonical Markdown: its re-normalized copy after ``migrate``, else its own."""
        path = f"{revision.slug}/{_RENORMALIZED}/{revision.commit}.md"
        if path in self._renormalized_paths(revision.slug):
            return self._git("cat-file", "blob", f"{BRANCH}:{path}", binary=True).decode("utf-8")
        return self._git("cat-file", "blob", f"{revision.commit}:{revision.slug}/document.md", binary=True).decode("utf-8")

    def content_id(self, revision: Revision, tip: str = BRANCH) -> str:
        """The git blob id of the Markdown ``read_markdown`` returns (as of the commit ``tip``):
        what a parsed document or a comparison of this revision is cached under."""
        return self.renormalized_ids(revision.slug, tip).get(revision.commit) or self.document_id(revision)

    def document_id(self, revision: Revision) -> str:
        """The blob id of the revision's own document.md (never changes)."""
        return self._git("rev-parse", "--verify", f"{revision.commit}:{revision.slug}/document.md")

    def renormalized_ids(self, slug: str, tip: str = BRANCH) -> dict[str, str]:
        """``{commit: blob id}`` of the document's re-normalized copies as of the commit ``tip``."""
        listing = self._git("ls-tree", "-z", tip, "--", f"{slug}/{_RENORMALIZED}/", binary=True).decode("utf-8", "surrogateescape")
        copies = {}
        for record in listing.split("\0"):
            header, _, path = record.partition("\t")
            fields = header.split()
            if len(fields) == 3 and fields[1] == "blob" and path.endswith(".md"):
                copies[path.rsplit("/", 1)[-1].removesuffix(".md")] = fields[2]
        return copies

    def _renormalized_paths(self, slug: str) -> set[str]:
        """Paths of the document's migrated copies on the branch (one git call; none: empty)."""
        listing = self._git("ls-tree", "--name-only", BRANCH, "--", f"{slug}/{_RENORMALIZED}/")
        return set(listing.split("\n")) - {""}

    def read_meta(self, revision: Revision) -> dict:
        raw = self._git("cat-file", "blob", f"{revision.commit}:{revision.slug}/meta.json", binary=True)
        return json.loads(raw.decode("utf-8"))

    def read_source(self, revision: Revision) -> tuple[str, bytes]:
        entries = self._tree_entries(f"{revision.commit}:{revision.slug}/source")
        if not entries:
            raise StoreError(N_("%(slug)s@%(name)s には元のファイルがありません"), slug=revision.slug, name=revision.name)
        name, object_id = entries[0]
        return name, self._git("cat-file", "blob", object_id, binary=True)

    def _tree_entries(self, tree: str, directories: bool = False) -> list[tuple[str, str]]:
        """``(name, object id)`` of a tree's blobs (or sub-trees), read NUL-separated: git
        C-quotes names holding ``"``, DEL or control characters in its line output."""
        raw = self._git("ls-tree", "-z", tree, binary=True).decode("utf-8", "surrogateescape")
        wanted = "tree" if directories else "blob"
        entries = []
        for record in raw.split("\0"):
            header, tab, name = record.partition("\t")
            fields = header.split()
            if tab and len(fields) == 3 and fields[1] == wanted:
                entries.append((name, fields[2]))
        return entries

    def read_file(self, revision: Revision, name: str) -> bytes | None:
        """Another file of a revision's folder (e.g. figures.json), or None."""
        try:
            return self._git("cat-file", "blob", f"{revision.commit}:{revision.slug}/{name}", binary=True)
        except StoreError:
            return None

    def read_head_file(self, slug: str, name: str) -> bytes | None:
        """A file of a document's folder as the branch head has it (derived files committed later)."""
        try:
            return self._git("cat-file", "blob", f"refs/heads/{BRANCH}:{slug}/{name}", binary=True)
        except StoreError:
            return None

    def export(self, revision: Revision, directory: str | Path) -> list[Path]:
        """Write a revision's document.md, meta.json and source file into ``directory``."""
        out = Path(directory)
        name, data = self.read_source(revision)
        written = []
        try:
            out.mkdir(parents=True, exist_ok=True)
            for file_name, content in (
                ("document.md", self.read_markdown(revision).encode("utf-8")),
                ("meta.json", json.dumps(self.read_meta(revision), ensure_ascii=False, indent=2).encode("utf-8")),
                (name, data),
            ):
                target = out / file_name
                target.write_bytes(content)
                written.append(target)
        except OSError as error:
            raise StoreError(N_("%(path)s に書き出せません: %(reason)s"), path=str(out), reason=error.strerror) from None
        return written

    # ------------------------------------------------------------ checking

    def verify(self) -> list[Phrase]:
        """Problems in the committed revisions: a document.md that does not re-normalize from
        its source, source bytes that do not match their checksum, malformed metadata.
        Empty when the store is sound."""
        problems: list[Phrase] = []
        for info in self.documents():
            for revision in self.revisions(info.slug):
                problems.extend(self._verify_revision(revision))
        return problems

    def outdated(self) -> list[tuple[Revision, str]]:
        """Revisions whose canonical Markdown an older normalizer wrote (before canonical text
        kept the author's characters): re-normalizing their source changes only spelling.
        Each comes with what would change (lines and a first example)."""
        found = []
        for info in self.documents():
            for revision in self.revisions(info.slug):
                change = self._renormalization(revision)
                if change and change[1] is not None:
                    found.append((revision, change[1]))
        return found

    def migrate(self) -> int:
        """Store the re-normalized Markdown of every outdated revision, one store-maintenance
        commit per document. Revisions and their commits stay untouched (never rewritten, so
        labels, remotes and history keep working); views read the new copy. Only a copy that
        compares as no change against the stored one is written. Returns how many were."""
        written = 0
        with self.write_lock():
            for info in self.documents():
                files = {}
                for revision in self.revisions(info.slug):
                    change = self._renormalization(revision)
                    if change and change[1] is not None:
                        files[f"{_RENORMALIZED}/{revision.commit}.md"] = change[0].encode("utf-8")
                if not files:
                    continue
                head = self._head()
                assert head is not None  # documents() found revisions
                message = (
                    f"{info.slug}: store maintenance: re-normalized {len(files)} revisions\n\n"
                    "Canonical Markdown now keeps the author's characters (widths, brackets, spacing).\n\n"
                    "Store-Maintenance: renormalize"
                )
                with self._quarantine():
                    commit = self._commit_files(info.slug, files, message, head)
                    self._update_refs([f"update refs/heads/{BRANCH} {commit} {head}"])
                written += len(files)
            self._sync_worktree()
        return written

    def _renormalization(self, revision: Revision) -> tuple[str, str | None] | None:
        """``(markdown, summary)`` when re-normalizing the source changes the stored Markdown:
        summary says what changes when the change is spelling only, None when the meaning
        differs (a problem for ``verify``). None when nothing would change or the source fails."""
        try:
            meta = self.read_meta(revision)
            name, data = self.read_source(revision)
            fmt = meta.get("source_format") or revision.source_format
            expected = normalize(data, name=name, format=fmt if fmt in FORMATS else None).markdown
        except (StoreError, ValueError, NormalizeError):
            return None
        stored = self.read_markdown(revision)
        return None if expected == stored else (expected, _spelling_change(stored, expected))

    def worktree_drift(self) -> str:
        """Files of the checkout that differ from the last revision (the next write restores them)."""
        return self._git("status", "--porcelain", "--untracked-files=no")

    def _verify_revision(self, revision: Revision) -> list[Phrase]:
        where = f"{revision.slug}@{revision.name}"
        try:
            meta = self.read_meta(revision)
            name, data = self.read_source(revision)
        except (StoreError, ValueError) as error:
            return [Phrase(N_("%(rev)s: メタデータか原本を読めません（%(error)s）"), rev=where, error=error)]
        problems = []
        for key in ("slug", "title", "source_format", "source_name"):
            if not isinstance(meta.get(key), str):
                problems.append(Phrase(N_("%(rev)s: meta.json に %(key)s がありません"), rev=where, key=repr(key)))
        if not revision.source_sha256:
            problems.append(Phrase(N_("%(rev)s: コミットに versiondiff の記録行がありません（versiondiff の外で編集されましたか）"), rev=where))
        elif hashlib.sha256(data).hexdigest() != revision.source_sha256:
            problems.append(Phrase(N_("%(rev)s: 原本のバイト列が Source-SHA256 と一致しません"), rev=where))
        try:
            # The format recorded at add time: detection could read the bytes otherwise.
            fmt = meta.get("source_format") or revision.source_format
            expected = normalize(data, name=name, format=fmt if fmt in FORMATS else None).markdown
        except NormalizeError as error:
            return problems + [Phrase(N_("%(rev)s: 原本が正規化できなくなっています（%(error)s）"), rev=where, error=error)]
        stored = self.read_markdown(revision)
        # A spelling-only difference is an older normalizer's output: outdated(), not a problem.
        if expected != stored and _spelling_change(stored, expected) is None:
            problems.append(Phrase(N_("%(rev)s: document.md の内容が原本を正規化したものと違います"), rev=where))
        return problems

    # ------------------------------------------------------------ remotes

    def remote_add(self, name: str, url: str) -> None:
        validate_name(name, "remote name")
        self._git("remote", "add", name, url)

    def push(self, remote: str = "origin") -> str:
        """Publish the branch and the labels on it in one atomic push: all refs or none.
        A tag whose revision is not on the branch is never published."""
        head = self._head()
        if not head:
            raise StoreError(N_("ストアにはプッシュする版がありません"))
        tags = self._git("for-each-ref", "--merged", head, "--format=%(refname)", "refs/tags/").split()
        refspecs = [f"refs/heads/{BRANCH}:refs/heads/{BRANCH}", *(f"{tag}:{tag}" for tag in tags)]
        try:
            return self._git("push", "--atomic", "--porcelain", remote, *refspecs)
        except StoreError:
            if self._remote_is_ahead(remote, head):
                raise StoreError(
                    N_("%(remote)s にはこのストアにない版があります。versiondiff remote pull %(remote)s を実行してから、もう一度プッシュしてください"),
                    remote=remote,
                ) from None
            raise

    def _remote_is_ahead(self, remote: str, head: str) -> bool:
        listed = self._git("ls-remote", "--heads", remote, f"refs/heads/{BRANCH}").split()
        if not listed:
            return False
        try:
            self._git("cat-file", "-e", f"{listed[0]}^{{commit}}")
        except StoreError:
            return True  # a commit this store has never seen
        return not self._is_ancestor(listed[0], head)

    def pull(self, remote: str = "origin", describe: Describe | None = None) -> Phrase:
        """Take the remote's revisions. Local revisions the remote lacks are replayed on top of
        them (re-committed with their labels, the ledger extended by ``describe``), so the
        result can be pushed; branch and tags move in one transaction."""
        with self.write_lock():
            if not self._git("ls-remote", "--heads", remote, f"refs/heads/{BRANCH}"):
                return Phrase(N_("%(remote)s にはまだ版がありません"), remote=remote)
            self._git("fetch", "-q", "--no-tags", remote, f"+refs/heads/{BRANCH}:{_INCOMING}", f"+refs/tags/*:{_INCOMING_TAGS}*")
            try:
                with self._quarantine():
                    summary = self._merge_incoming(describe)
            finally:
                self._drop_incoming()
            self._sync_worktree()
        return summary

    def _merge_incoming(self, describe: Describe | None) -> Phrase:
        incoming = self._git("rev-parse", "--verify", _INCOMING)
        head = self._head()
        remote_tags = self._refs(_INCOMING_TAGS)
        local_tags = self._refs("refs/tags/")
        if head is None or self._is_ancestor(head, incoming):
            new_head, moved, replayed = incoming, {}, 0
        elif self._is_ancestor(incoming, head):
            new_head, moved, replayed = head, {}, 0
        else:
            new_head, moved, replayed = self._replay(head, incoming, remote_tags, describe)
        lines = [f"update refs/heads/{BRANCH} {new_head} {head or '0' * 40}"]
        for name, (old_object, new_object) in moved.items():
            lines.append(f"update refs/tags/{name} {new_object} {old_object}")
        for name, tag_object in remote_tags.items():
            if name in moved:
                continue
            if name not in local_tags:
                lines.append(f"create refs/tags/{name} {tag_object}")
            elif local_tags[name] != tag_object:
                raise StoreError(
                    N_("ラベル %(name)s はこのストアとリモートで別の版を指しています。どちらかの名前を変えてください"), name=name,
                )
        self._update_refs(lines)
        if head is None:
            self._git("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        fetched = int(self._git("rev-list", "--count", f"{head}..{incoming}") if head else self._git("rev-list", "--count", incoming))
        if replayed:
            return Phrase(N_("%(n)s 件のコミットを取り込み、手元の %(replayed)s 版をその上に載せ直しました"), n=fetched, replayed=replayed)
        return Phrase(N_("%(n)s 件のコミットを取り込みました"), n=fetched)

    def _replay(
        self, head: str, incoming: str, remote_tags: dict[str, str], describe: Describe | None,
    ) -> tuple[str, dict[str, tuple[str, str]], int]:
        """Re-commit the revisions of ``incoming..head`` on ``incoming``; return the new tip,
        the label tags to move ``{slug/label: (old, new)}`` and how many revisions were replayed."""
        tip, moved, replayed = incoming, {}, 0
        for commit in self._git("rev-list", "--reverse", "--topo-order", f"{incoming}..{head}").split():
            slug = self._revision_slug(commit)
            if slug is None:
                continue  # a derived-files commit (rebuilt ledger): the replay extends the ledger anew
            revision = self._revision_at(slug, commit, tip=commit)
            previous = next(iter(self.revisions(slug, tip=tip)), None)
            label = revision.label
            if previous and previous.source_sha256 == revision.source_sha256:
                # The remote already has these bytes as its latest revision: the label follows it.
                if label:
                    old_tag = self._git("rev-parse", "--verify", f"refs/tags/{slug}/{label}")
                    new_tag = remote_tags.get(f"{slug}/{label}") or self._tag_object(slug, label, previous.commit)
                    moved[f"{slug}/{label}"] = (old_tag, new_tag)
                continue
            if label and f"{slug}/{label}" in remote_tags:
                raise StoreError(
                    N_("ラベル %(slug)s/%(label)s はこのストアとリモートの両方で使われています。何も変更していません"),
                    slug=slug, label=label,
                )
            meta = self.read_meta(revision)
            name, data = self.read_source(revision)
            fmt = meta.get("source_format") or revision.source_format
            document = normalize(data, format=fmt if fmt in FORMATS else None, name=name)
            summary = describe(self, previous, document, label, revision.date) if describe else None
            previous_meta = self.read_meta(previous) if previous else None
            tip = self._commit_revision(
                slug, data, name, document, label, revision.date, meta.get("title"),
                revision.source_sha256, summary, previous_meta, onto=tip,
            )
            if label:
                old_tag = self._git("rev-parse", "--verify", f"refs/tags/{slug}/{label}")
                moved[f"{slug}/{label}"] = (old_tag, self._tag_object(slug, label, tip))
            replayed += 1
        return tip, moved, replayed

    def _revision_slug(self, commit: str) -> str | None:
        """The document a commit added a revision of (None for commits of derived files)."""
        trailers = self._git("log", "-1", "--format=%(trailers:key=Source-SHA256,valueonly)", commit)
        if not trailers.strip():
            return None
        paths = self._git("diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", commit).split("\0")
        slugs = {path.split("/", 1)[0] for path in paths if path.endswith("/document.md")}
        return slugs.pop() if len(slugs) == 1 else None

    def _is_ancestor(self, ancestor: str, descendant: str) -> bool:
        try:
            self._git("merge-base", "--is-ancestor", ancestor, descendant)
            return True
        except StoreError:
            return False

    def _refs(self, prefix: str) -> dict[str, str]:
        """``{name below prefix: object id}`` of the refs under ``prefix``."""
        output = self._git("for-each-ref", "--format=%(objectname) %(refname)", prefix)
        refs = {}
        for line in output.splitlines():
            object_id, _, name = line.partition(" ")
            refs[name.removeprefix(prefix)] = object_id
        return refs

    def _drop_incoming(self) -> None:
        refs = [_INCOMING, *(_INCOMING_TAGS + name for name in self._refs(_INCOMING_TAGS))]
        lines = ["start", *(f"delete {ref}" for ref in refs), "prepare", "commit", ""]
        with contextlib.suppress(StoreError):
            self._git("update-ref", "--stdin", input="\n".join(lines).encode("utf-8"))


def _short(spec: str) -> str:
    """A revision spec as quoted in an error: a hostile one can be thousands of characters."""
    return spec if len(spec) <= 60 else spec[:60] + "…"


def _commit_message(
    slug: str, label: str | None, date: str, fmt: str, sha256: str, size: int, summary: RevisionSummary | None
) -> str:
    subject = f"{slug}: add revision {label}" if label else f"{slug}: add revision of {date}"
    trailers = [
        *([f"Revision-Label: {label}"] if label else []),
        f"Revision-Date: {date}",
        f"Source-Format: {fmt}",
        f"Source-SHA256: {sha256}",
        f"Document-Bytes: {size}",
    ]
    if summary and summary.changed_figures is not None:
        trailers += [
            f"Changed-Figures: {summary.changed_figures}",
            f"Sections-Added: {summary.sections_added}",
            f"Sections-Deleted: {summary.sections_deleted}",
        ]
    parts = [subject]
    if summary and summary.body.strip():
        parts.append(summary.body.strip())
    parts.append("\n".join(trailers))
    return "\n\n".join(parts) + "\n"


def _spelling_change(stored: str, expected: str) -> str | None:
    """What re-normalizing changes when it changes spelling only (compared as versiondiff
    compares revisions: no change, no figure), else None."""
    # Imported here: the store must not need the compare engine to load.
    from versiondiff.compare.engine import compare_documents
    from versiondiff.normalize import normalize_text

    comparison = compare_documents(normalize_text(stored, "markdown"), normalize_text(expected, "markdown"))
    if comparison.has_changes or comparison.quantities:
        return None
    return _spelling_summary(stored, expected)


def _spelling_summary(stored: str, expected: str) -> str:
    """``N lines re-spelled, e.g. '- (1) 現状' → '- （１） 現状'``: what re-normalizing changes."""
    import difflib

    old_lines, new_lines = stored.splitlines(), expected.splitlines()
    changed = [
        (old_lines[i1:i2], new_lines[j1:j2])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    count = sum(max(len(a), len(b)) for a, b in changed)
    first_old, first_new = (changed[0][0][:1] or [""])[0], (changed[0][1][:1] or [""])[0]
    return f"{count} lines re-spelled, e.g. {first_old[:60]!r} → {first_new[:60]!r}"
