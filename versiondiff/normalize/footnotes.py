"""Footnote marks as Japanese PDF extractions spell them, and their definitions.

Seen in the corpus: ``^{(*)2}``, ``^(*4)``, ``^{(*11)(*12)}``, ``(*3)``, ``(*)``,
``(**)``, ``(※1)``, ``※¹`` and superscript digits ``⁶⁸`` as references;
``(*)1)text``, ``(*1)text``, ``(*)1text``, ``※1 text``, ``¹³⁹ text`` as definitions,
often several on one line separated by ``、``. Each mark maps to a key such as
``*:2`` that ignores how the mark was written, so ``(*)2`` and ``(*2)`` match.
"""

from __future__ import annotations

import re

from versiondiff.normalize.inline import comparison_fold, split_folded

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")

# One label inside a mark or at the start of a definition.
_LABEL = (
    r"\(\*+\)\d{1,3}\)?"  # (*)2  (*)2)
    r"|\(\*+\d{0,3}\)"  # (*2)  (*)  (**)
    r"|\(※\d{0,2}\)"  # (※1)
    r"|※\d{1,2}(?!\d)"  # ※1
    rf"|※[{_SUPERSCRIPT}]+"  # ※¹
)
LABEL = re.compile(_LABEL)
# A definition line starts with a label (superscript digits need a following space).
DEFINITION_START = re.compile(rf"^(?:{_LABEL}|[{_SUPERSCRIPT}]+(?=\s))")
# Further definitions on the same line follow a comma or a space.
# Whitespace is consumed only from the start of its run (possessively), so a long run of
# blanks is scanned once, not once per position (quadratic on hostile input).
_NEXT_DEFINITION = re.compile(rf"(?:(?<=[、,，])\s*+|(?<!\s)\s++)(?={_LABEL})")

# References in running text.
CARET_MARK = re.compile(r"\^\{([^{}]{1,40})\}|\^\((\*+\d{0,3}|※\d{0,2})\)")
BARE_MARK = re.compile(r"\(\*+\d{0,3}\)|\(※\d{1,2}\)|※[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
SUPERSCRIPT_MARK = re.compile(rf"(?<![{_SUPERSCRIPT}※])[{_SUPERSCRIPT}]+")


def mark_key(label: str) -> str:
    """The spelling-independent key of one footnote label."""
    label = label.translate(_SUP_TO_DIGIT)
    digits = "".join(re.findall(r"\d+", label))
    if "※" in label:
        return f"※:{digits}"
    stars = label.count("*")
    return f"{'*' * stars}:{digits}" if stars else f"sup:{digits}"


def keys_in_caret(inner: str) -> list[str]:
    """Keys of the labels inside ``^{...}`` or ``^(...)``."""
    labels = LABEL.findall(inner)
    if not labels and re.fullmatch(r"\*+\d{0,3}|※\d{0,2}", inner):
        labels = [f"({inner})"]
    return [mark_key(label) for label in labels]


def split_definitions(line: str) -> list[tuple[str, str]]:
    """``'(*)1)A、(*)2)B'`` → ``[('*:1', 'A'), ('*:2', 'B')]``."""
    parts = [p for p in split_folded(_NEXT_DEFINITION, line) if p.strip()]
    definitions: list[tuple[str, str]] = []
    for part in parts:
        match = DEFINITION_START.match(comparison_fold(part.strip()))
        if not match:
            if definitions:  # a comma that was not followed by a label after all
                key, text = definitions[-1]
                definitions[-1] = (key, text + part)
            continue
        text = part.strip()[match.end() :].strip().rstrip("、,， ")
        definitions.append((mark_key(match.group()), text))
    return definitions
