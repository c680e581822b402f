"""Interface language: Japanese by default, English when the browser or ``LANG`` asks.

Messages are written in Japanese in the code and templates (the readers of 新旧対照表 are
Japanese drafting offices) and translated through gettext catalogs in
``versiondiff/translations/<locale>/LC_MESSAGES/messages.po``. A ``.mo`` catalog is
compiled from its ``.po`` with Babel's own API the first time it is needed, so that a
fresh ``pip install -e .`` and CI need no build step.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT_LOCALE = "ja"
LOCALES = ("ja", "en")


def compile_catalogs(directory: Path = TRANSLATIONS) -> None:
    """Write each ``messages.mo`` next to its ``messages.po`` when missing or older."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        temporary = mo_path.with_suffix(f".mo.{os.getpid()}")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        temporary.replace(mo_path)  # atomic: two processes compiling at once both succeed


def locale_from_environment(environ: dict[str, str] | None = None) -> str:
    """The CLI's language: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` as gettext reads them."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX"):
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return code if code in LOCALES else DEFAULT_LOCALE
    return DEFAULT_LOCALE


@cache
def translations(locale: str) -> gettext.NullTranslations:
    if locale == DEFAULT_LOCALE:
        return gettext.NullTranslations()
    compile_catalogs()
    return gettext.translation("messages", localedir=str(TRANSLATIONS), languages=[locale], fallback=True)


def cli_gettext(message: str) -> str:
    """Translate a CLI or hook message into the language of the environment."""
    return translations(locale_from_environment()).gettext(message)


def init_app(app) -> None:  # noqa: ANN001
    """Flask-Babel on the web app: the locale from ``Accept-Language``, Japanese by default."""
    from flask import request
    from flask_babel import Babel

    compile_catalogs()

    def select_locale() -> str:
        return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE) or DEFAULT_LOCALE

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)

    from flask_babel import get_locale

    app.context_processor(lambda: {"current_locale": str(get_locale() or DEFAULT_LOCALE)})
