"""One exception type per domain; the CLI turns each into one line and exit code 2.

A message is written in Japanese, marked for the catalog with ``N_`` and translated only when
it is shown, so that the same error reads in the CLI's locale on a terminal and in the
browser's language on a web page::

    raise StoreError(N_("版 %(slug)s@%(spec)s はありません"), slug=slug, spec=spec)

``str(error)`` is the message in the command line's language; ``error.in_language(gettext)``
in the language of any gettext function (the web passes Flask-Babel's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

Gettext = Callable[..., str]


class _Translated:
    """A Japanese ``message`` with ``%(name)s`` variables, translated only when shown."""

    message: str
    variables: Mapping[str, object]

    def in_language(self, gettext: Gettext) -> str:
        """The message translated by ``gettext`` (e.g. Flask-Babel's: the browser's language)."""
        return _translate(gettext, self.message, self.variables)

    def __str__(self) -> str:
        """The message in the language of the command line's locale."""
        return _translate(_cli_gettext(), self.message, self.variables)


class Phrase(_Translated):
    """Text written in Japanese and translated when shown, with ``%(name)s`` variables; a
    variable may itself be a ``Phrase`` or an error (translated in the same language)."""

    def __init__(self, message: str, /, **variables: object) -> None:
        self.message = message
        self.variables = variables

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, **{self.variables!r})"


class VersiondiffError(_Translated, Exception):
    """Base class of every error versiondiff reports to its user.

    ``message`` is the Japanese source (a catalog msgid with ``%(name)s`` placeholders) or an
    already final text; ``variables`` fill the placeholders."""

    def __init__(self, message: str, /, **variables: object) -> None:
        super().__init__(message)
        self.message = message
        self.variables = variables

    def __reduce__(self):  # noqa: ANN204 - keeps the variables across pickling (worker processes)
        return _rebuild, (type(self), self.message, self.variables)


def _rebuild(cls: type[VersiondiffError], message: str, variables: Mapping[str, object]) -> VersiondiffError:
    return cls(message, **variables)


class NormalizeError(VersiondiffError):
    """An input could not be read or normalized (empty, binary, undecodable, too large...)."""


class StoreError(VersiondiffError):
    """The revision store refused an operation (bad slug, unknown revision, not a store...)."""


class NotFoundError(StoreError):
    """What was asked for is not in the store: an unknown document, revision or label (the web
    answers 404)."""


class CompareError(VersiondiffError):
    """Two revisions could not be compared."""


def _cli_gettext() -> Gettext:
    from versiondiff.i18n import gettext  # the catalog is read only when a message is shown

    return gettext


def _translate(gettext: Gettext, message: str, variables: Mapping[str, object]) -> str:
    values = {
        name: value.in_language(gettext) if isinstance(value, (Phrase, VersiondiffError)) else value
        for name, value in variables.items()
    }
    return gettext(message, **values) if values else gettext(message)
