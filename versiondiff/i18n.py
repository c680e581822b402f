"""Interface language: Japanese by default; English when the browser (web) or the locale
environment (CLI and git hooks) asks for it.

Messages are written in Japanese in the code and templates (the readers of 新旧対照表 are
Japanese drafting offices) and translated through gettext catalogs in
``versiondiff/translations/<locale>/LC_MESSAGES/messages.po``. A ``.mo`` catalog is
compiled from its ``.po`` with Babel's own API the first time it is needed, so that a
fresh ``pip install -e .`` and CI need no build step.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT_LOCALE = "ja"
LOCALES = ("ja", "en")
# gettext's order: the first of these that is set decides (LANGUAGE may list several).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    return message


def compile_catalogs(directory: Path = TRANSLATIONS) -> Path:
    """Write each ``messages.mo`` from its ``messages.po`` when missing or older; return the
    directory holding them (a private cache when the installed package is read-only)."""
    try:
        _compile_into(directory, directory)
        return directory
    except OSError:
        cache = Path(tempfile.gettempdir()) / f"versiondiff-translations-{os.getuid()}"
        _compile_into(directory, cache)
        return cache


def _compile_into(source: Path, target: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = mo_path.with_suffix(f".mo.{os.getpid()}")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        temporary.replace(mo_path)  # atomic: two processes compiling at once both succeed


def init_app(app) -> None:  # noqa: ANN001
    """Flask-Babel on the web app: the locale from ``Accept-Language``, Japanese by default."""
    from flask import request
    from flask_babel import Babel

    directory = compile_catalogs()

    def select_locale() -> str:
        return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE) or DEFAULT_LOCALE

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(directory))
    Babel(app, locale_selector=select_locale)

    from flask_babel import get_locale

    app.context_processor(lambda: {"current_locale": str(get_locale() or DEFAULT_LOCALE)})


# ---------------------------------------------------------------- command line and git hooks


def cli_locale(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the locale environment asks for English, else Japanese.

    The variables are read in gettext's order and the first one set decides, so that
    ``LC_ALL=C.UTF-8`` wins over ``LANG=en_US.UTF-8`` as it does for every other program.
    ``C``/``POSIX`` (the default of containers and of git hooks run without a locale) and
    languages without a catalog get the source language, Japanese, as gettext would.
    """
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return _first_known(value.split(":"))
    return DEFAULT_LOCALE


def _first_known(entries: list[str]) -> str:
    for entry in entries:
        language = entry.split(".")[0].split("@")[0].split("_")[0].lower()
        if language in LOCALES:
            return language
        if language in ("c", "posix"):
            break
    return DEFAULT_LOCALE


@functools.lru_cache(maxsize=len(LOCALES))
def _catalog(locale: str) -> _gettext.NullTranslations:
    if locale == DEFAULT_LOCALE:
        return _gettext.NullTranslations()  # the messages are written in Japanese
    return _gettext.translation("messages", str(compile_catalogs()), languages=[locale], fallback=True)


def gettext(message: str, /, **variables: object) -> str:
    """The message in the locale's language, ``%(name)s`` filled in (Flask-Babel's signature)."""
    return gettext_in(cli_locale(), message, **variables)


def gettext_in(locale: str, message: str, /, **variables: object) -> str:
    """The message in a given language: for text written once and read later in either
    language (the git hook scripts choose between both when they run)."""
    text = _catalog(locale).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, number: int, /, **variables: object) -> str:
    """A message whose English form depends on ``number``; ``%(n)s`` is the number."""
    text = _catalog(cli_locale()).ngettext(singular, plural, number)
    return text % {"n": number, **variables}


def pgettext(context: str, message: str, /, **variables: object) -> str:
    """A short message (a badge, a column header) whose translation differs by ``context``:
    the CLI's lower-case ``added`` is not the web page's ``Added``."""
    text = _catalog(cli_locale()).pgettext(context, message)
    return text % variables if variables else text
