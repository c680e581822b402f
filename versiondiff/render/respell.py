"""The author's own characters for canonical text of stores made before issue 13.

Canonical text now keeps the author's characters, so for a revision normalized since then
``respell`` gives back the string unchanged. Revisions stored earlier (before ``versiondiff
migrate``) hold folded text (（ → (, ７ → 7, ，→ , between digits); a 新旧対照表 handed in
quotes each revision as its author wrote it. ``Speller`` finds a canonical string in the
revision's source text — both compared by the same folded key, spaces and emphasis marks
aside — and gives back the source's character for every character of the string. The
length never changes, so run boundaries and underlines stay exactly where the comparison
put them; text that cannot be found (a reader rewrote it, the source is binary) is left as is.
"""

from __future__ import annotations

from versiondiff.normalize.inline import fold_width

_IGNORED = set("*_")  # Markdown emphasis: in a source, never in canonical text
_SAME_KEY = {"，": ",", "．": "."}  # a digit separator folds only between digits
_SHORTEST = 2  # a lone character could be anywhere: not worth a guess


def _key(char: str) -> str:
    if char.isspace() or char in _IGNORED:
        return ""
    folded = fold_width(_SAME_KEY.get(char, char))
    return folded if len(folded) == 1 else char


class Speller:
    """Respells canonical strings of one revision with its source's characters."""

    def __init__(self, source: str):
        keys: list[str] = []
        self._origins: list[int] = []
        for index, char in enumerate(source):
            key = _key(char)
            if key:
                keys.append(key)
                self._origins.append(index)
        self._keys = "".join(keys)
        self._source = source
        self._cursor = 0  # strings come mostly in reading order: look after the last one first

    def respell(self, text: str) -> str:
        keyed = [(index, _key(char)) for index, char in enumerate(text)]
        keyed = [(index, key) for index, key in keyed if key]
        needle = "".join(key for _, key in keyed)
        if len(needle) < _SHORTEST:
            return text
        at = self._keys.find(needle, self._cursor)
        if at < 0:
            at = self._keys.find(needle)
        if at < 0:
            return text
        self._cursor = at + len(needle)
        chars = list(text)
        for offset, (index, _) in enumerate(keyed):
            chars[index] = self._source[self._origins[at + offset]]
        return "".join(chars)
