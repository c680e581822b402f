"""A character-for-character mapping applied only where its characters stand.

Every fold of versiondiff (widths, PDF glyph artefacts, odd spaces) maps a few hundred
characters and leaves the rest, while Japanese text holds only a handful of them per
paragraph. ``str.translate`` with a dict looks every character up, and a regex over *runs*
of them (``[…]+``) cannot use the regex engine's fast scan for a single character class (it
is two to three times slower to find nothing). So: one scan for any of the characters, and
a replacement per character found — in the common case one C-speed scan and nothing else.
A comparison folds the same text several times (a block is keyed, sketched and tokenized),
so results are remembered, a bounded number of them.
"""

from __future__ import annotations

import re

_REMEMBERED = 8192  # texts whose result a map keeps (emptied when full: memory stays bounded)


class CharacterMap:
    """``str.translate(table)`` for a table of a few characters, fast where they are rare."""

    def __init__(self, table: dict[int, int | str | None]):
        self._results: dict[str, str] = {}
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
            if len(self._results) >= _REMEMBERED:
                self._results.clear()
            self._results[text] = found
        return found

    def _replace(self, match: re.Match[str]) -> str:
        return self._replacement[match.group()]


def _as_text(value: int | str | None) -> str:
    if value is None:
        return ""
    return chr(value) if isinstance(value, int) else value
