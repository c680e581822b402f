"""Shared fixtures: the real corpus lives beside the project in ../shared/corpus."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT.parent / "shared" / "examples"
CONTRACT = ROOT.parent / "shared" / "contract" / "compare.schema.json"
OLD_ROADMAP = CORPUS / "000_0dddb960a8ba646a.txt"
NEW_ROADMAP = CORPUS / "001_3143894dff5fad24.txt"
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ../shared the tests that read the real drafts skip with the reason; the rest run."""
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the real drafts: corpus not found at {CORPUS} (clone beside ../shared)")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


def needs_shared(path: Path) -> Path:
    """A file of ../shared, or a skip that says why (a clone elsewhere runs the rest)."""
    if not path.exists():
        pytest.skip(f"needs {path} (clone the project beside ../shared to run this test)")
    return path


def checked_example() -> dict:
    """The checked expectation for 自動運転技術 in 000 → 001 (../shared/examples)."""
    import json

    return json.loads(needs_shared(EXAMPLES / "autonomous-driving-000-001.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def old_roadmap():
    from versiondiff.normalize import normalize_file

    return normalize_file(needs_shared(OLD_ROADMAP))


@pytest.fixture(scope="session")
def new_roadmap():
    from versiondiff.normalize import normalize_file

    return normalize_file(needs_shared(NEW_ROADMAP))


LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _set_locale(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


@pytest.fixture()
def english(monkeypatch):
    """Messages made in this process (``str(error)``, reports) follow its locale: English here."""
    _set_locale(monkeypatch, "en_US.UTF-8")


@pytest.fixture()
def japanese(monkeypatch):
    """This process's locale in Japanese, the language of the command line by default."""
    _set_locale(monkeypatch, "ja_JP.UTF-8")


def in_both_languages(error) -> tuple[str, str]:  # noqa: ANN001
    """An error's message in Japanese and in English, whatever this process's locale."""
    from functools import partial

    from versiondiff.i18n import gettext_in

    return error.in_language(partial(gettext_in, "ja")), error.in_language(partial(gettext_in, "en"))


def write_drafts(folder: Path, old: str, new: str, names: tuple[str, str] = ("old.md", "new.md")) -> tuple[Path, Path]:
    """Two revisions of a draft written as UTF-8 files in ``folder``."""
    paths = (folder / names[0], folder / names[1])
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(*args: str, timeout: float = 60) -> Iterator[str]:
    """``versiondiff <args> --port P`` (serve or demo) on loopback while the block runs: its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "versiondiff", *args, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    process.kill()
                    pytest.fail("the server did not start: " + process.stdout.read().decode(errors="replace"))
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: bytes | None = None):
    """Run the real console entry point in a subprocess, as a user would.

    Messages follow the locale (Japanese by default): the run is in English with
    ``LANG=en_US.UTF-8`` and none of the other locale variables, unless ``env`` sets one.
    """
    return subprocess.run(
        [sys.executable, "-m", "versiondiff", *args],
        cwd=cwd,
        env=cli_environment(env),
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def cli_environment(env: dict | None = None) -> dict:
    """This process's environment with the CLI's language fixed: English unless ``env`` says."""
    env = env or {}
    base = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    if not any(name in env for name in LOCALE_VARIABLES):
        base["LANG"] = "en_US.UTF-8"
    return {**base, **env}
