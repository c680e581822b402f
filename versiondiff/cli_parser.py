"""The command line's parser in the reader's language: argparse's own words (「usage:」, its
section titles, its usage errors) are English, so a Japanese user read 「the following arguments
are required: --doc」 inside a Japanese error line. Titles and the help option are ours; argparse's
error messages are matched against its templates and said again through our catalog (whose
English is argparse's own text, so an English locale reads exactly what argparse would say)."""

from __future__ import annotations

import argparse
import re

from versiondiff.i18n import N_
from versiondiff.i18n import gettext as _

EXIT_ERROR = 2  # every error of the command line: usage, input, store

# argparse's templates (Python 3.11) as patterns, each with our message and its variables.
_ERRORS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"the following arguments are required: (.+)"), N_("次の引数が必要です: %(names)s"), ("names",)),
    (re.compile(r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)"),
     N_("引数 %(name)s: %(value)s は選べません（選べるもの: %(choices)s）"), ("name", "value", "choices")),
    (re.compile(r"unrecognized arguments: (.+)"), N_("知らない引数です: %(names)s"), ("names",)),
    (re.compile(r"argument (\S+): expected one argument"), N_("引数 %(name)s には値が一つ要ります"), ("name",)),
    (re.compile(r"argument (\S+): expected at least one argument"), N_("引数 %(name)s には値が一つ以上要ります"), ("name",)),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), N_("引数 %(name)s: %(value)s は %(kind)s として読めません"),
     ("name", "kind", "value")),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), N_("引数 %(name)s は %(other)s と一緒には使えません"),
     ("name", "other")),
    (re.compile(r"one of the arguments (.+) is required"), N_("引数 %(names)s のどれかが必要です"), ("names",)),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), N_("オプション %(name)s は %(matches)s のどれか決まりません"),
     ("name", "matches")),
]


def usage_error(message: str) -> str:
    """argparse's error ``message`` in the reader's language (as written when no template fits)."""
    for pattern, ours, names in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return _(ours, **dict(zip(names, match.groups(), strict=True)))
    return message


class HelpFormatter(argparse.HelpFormatter):
    """「使い方:」 before the usage line (argparse writes 「usage:」 whatever the language)."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001
        super().add_usage(usage, actions, groups, _("使い方: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse in the reader's language that reports usage errors in our one-line style with
    exit code 2."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        # The titles argparse gives its two default groups (no public way to name them).
        self._positionals.title = _("位置引数")
        self._optionals.title = _("オプション")
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("このヘルプを表示して終わる"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, _("versiondiff: エラー: %(message)s\n（%(prog)s --help を参照）",
                                message=usage_error(message), prog=self.prog) + "\n")
