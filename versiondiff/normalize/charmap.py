"""A character-for-character mapping applied only where its characters stand.

Every fold of versiondiff (widths, PDF glyph artefacts, odd spaces) maps a few hundred
characters and leaves the rest, while Japanese text holds only a handful of them per
paragraph. ``str.translate`` with a dict looks every character up, and a regex over *runs*
of them (``[…]+``) cannot use the regex engine's fast scan for a single character class (it
is two to three times slower to find nothing). So: one scan for any of the characters, and
a replacement per character found — in the common case one C-speed scan and nothing else.
A comparison folds the same text several times (a block is keyed, sketched and tokenized),
so results are remembered: texts of a paragraph's size, up to a budget of characters per map
(a long-running web worker keeps a few MB, never whole documents).
"""

from __future__ import annotations

import re

_LONGEST_REMEMBERED = 4_000  # characters: a whole document is folded once, a paragraph many times
_REMEMBERED_CHARACTERS = 1_000_000  # per map; emptied when full


class CharacterMap:
    """``str.translate(table)`` for a table of a few characters, fast where they are rare."""

    def __init__(self, table: dict[int, int | str | None]):
        self._results: dict[str, str] = {}
        self._remembered = 0  # characters of the texts in _results
        replacements = {chr(code): _as_text(value) for code, value in table.items()}
        self._replacement = {char: text for char, text in replacements.items() if text != char}
        self._any = re.compile("[" + "".join(re.escape(char) for char in sorted(self._replacement)) + "]")

    @property
    def characters(self) -> str:
        """Every character the map changes (identities in the table left out)."""
        return "".join(sorted(self._replacement))

    def __call__(self, text: str) -> str:
        found = self._results.get(text)
        if found is None:
            found = text if self._any.search(text) is None else self._any.sub(self._replace, text)
            if len(text) <= _LONGEST_REMEMBERED:
                self._remember(text, found)
        return found

    def _remember(self, text: str, result: str) -> None:
        if self._remembered + len(text) > _REMEMBERED_CHARACTERS:
            self._results.clear()
            self._remembered = 0
        self._results[text] = result
        self._remembered += len(text)

    def _replace(self, match: re.Match[str]) -> str:
        return self._replacement[match.group()]


def _as_text(value: int | str | None) -> str:
    if value is None:
        return ""
    return chr(value) if isinstance(value, int) else value
