"""Edits that change no figure: respellings of figures, and formatting noise of the raw text.

Respellings (on canonical Markdown lines): full width, commas, ％, 兆/億 rescaling,
kanji numerals, era years, PDF spacing. Formatting (on the raw source, as another PDF
converter would print it): re-wrapped lines, other bullets, renumbered footnote marks,
full-width digits, running headers and page numbers at page tops, spaced units.
A correct comparison reports nothing for either.
"""

from __future__ import annotations

import random
import re

from mutations import Case, Line, figures

from versiondiff.compare.quantities import Quantity

_FULL = str.maketrans("0123456789%,.", "０１２３４５６７８９％，．")
_KANJI = "〇一二三四五六七八九"


def _full_width(q: Quantity) -> str | None:
    return q.text.translate(_FULL) if re.search(r"[0-9]", q.text) else None


def _commas(q: Quantity) -> str | None:
    with_commas = re.search(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])", q.text)
    if with_commas:
        return q.text.replace(with_commas.group(), with_commas.group().replace(",", ""), 1)
    plain = re.search(r"(?<![0-9.,])[0-9]{4,}(?![0-9.,])", q.text)
    if plain and q.kind not in ("year", "date") and not q.text.startswith(("FY",)):
        return q.text.replace(plain.group(), f"{int(plain.group()):,}", 1)
    return None


def _percent(q: Quantity) -> str | None:
    return q.text.replace("%", "％") if "%" in q.text else None


def _rescale(q: Quantity) -> str | None:
    """7,300億円 ↔ 0.73兆円 (same value)."""
    match = re.fullmatch(r"(約|およそ)?([0-9][0-9,]*(?:\.[0-9]+)?)(兆|億)(円|ドル)(.*)", q.text)
    if not match:
        return None
    hedge, number, scale, unit, rest = match.groups()
    value = float(number.replace(",", ""))
    if scale == "兆":
        rescaled = value * 10000
        if rescaled != int(rescaled):
            return None
        written = f"{int(rescaled):,}億"
    else:
        if value < 1000:
            return None
        written = f"{value / 10000:.6f}".rstrip("0").rstrip(".") + "兆"
    return f"{hedge or ''}{written}{unit}{rest}"


def _kanji_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _KANJI[tens] + "十")) + (_KANJI[ones] if ones else "")


def _kanji(q: Quantity) -> str | None:
    """12か所 → 十二か所: small whole counts and periods."""
    match = re.fullmatch(r"(約)?([0-9]{1,2})(年間|か月|カ月|か国|か所|カ所|件|社|倍|割)", q.text)
    if not match or not 2 <= int(match.group(2)) <= 99:
        return None
    return f"{match.group(1) or ''}{_kanji_number(int(match.group(2)))}{match.group(3)}"


def _era(q: Quantity) -> str | None:
    """2025年度 → 令和7年度."""
    match = re.fullmatch(r"(20[0-9]{2})(年度|年)(.*)", q.text)
    if not match or q.upper is not None or not 2019 <= int(match.group(1)) <= 2099:
        return None
    year = int(match.group(1)) - 2018
    return f"令和{'元' if year == 1 else year}{match.group(2)}{match.group(3)}"


def _spacing(q: Quantity) -> str | None:
    """2030年 → 2030 年, 50% → 50 %: spaces a PDF converter leaves."""
    match = re.match(r"(.*?[0-9])(年|%|億円|兆円|万人|件)", q.text)
    return q.text.replace(match.group(), f"{match.group(1)} {match.group(2)}", 1) if match else None


RESPELLINGS = {"full width": _full_width, "commas": _commas, "％": _percent, "兆/億": _rescale,
               "kanji": _kanji, "era": _era, "spacing": _spacing}


def respell(lines: list[Line], rng: random.Random, count: int, case: Case) -> list[Line]:
    """Respell up to ``count`` figures, each in one way that keeps its value."""
    candidates = [(i, q) for i, line in enumerate(lines) for q in figures(line)]
    rng.shuffle(candidates)
    done: dict[int, int] = {}
    for index, quantity in candidates:
        if sum(done.values()) >= count:
            break
        if index in done:
            continue  # one per line: offsets of the others would move
        names = list(RESPELLINGS)
        rng.shuffle(names)
        for name in names:
            new = RESPELLINGS[name](quantity)
            if new and new != quantity.text and _fits(lines[index].text, quantity, new):
                line = lines[index]
                line.text = line.text[: quantity.start] + new + line.text[quantity.end :]
                done[index] = 1
                case.notes[f"respelled: {name}"] += 1
                break
    return lines


def _fits(text: str, quantity: Quantity, new: str) -> bool:
    """A kanji numeral must not run into a kanji numeral or digit beside it."""
    before = text[quantity.start - 1 : quantity.start]
    after = text[quantity.end : quantity.end + 1]
    return not (re.match(rf"[{_KANJI}十百千万億兆0-9]", before) and new[0] in _KANJI + "十令") and not re.match(r"[0-9]", after)


# ---------------------------------------------------------------- formatting noise of a raw text


def reformat(text: str, rng: random.Random, case: Case) -> str:
    """The same raw draft as another converter might print it."""
    text = _renumber_marks(text)
    text = re.sub(r"^- ・ ?", "● ", text, flags=re.M)
    text = re.sub(r"^・", rng.choice(["- ", "○ ", "■ "]), text, flags=re.M)
    text = re.sub(r"(?<=[0-9])(年|%)", lambda m: " " + m.group(1) if rng.random() < 0.3 else m.group(1), text)
    lines = []
    for line in text.split("\n"):
        lines.extend(_wrap(line) if len(line) > 60 and "\t" not in line and not line.startswith(("#", "|", "<")) else [line])
    lines = _page_furniture(lines, rng)
    case.notes["formatting: wrap, bullets, marks, spacing, width, headers, page numbers"] += 1
    return "\n".join(lines).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def _renumber_marks(text: str) -> str:
    text = re.sub(r"\(\*\)(\d+)", lambda m: f"(*){int(m.group(1)) + 7}", text)
    return re.sub(r"\(\*(\d+)\)", lambda m: f"(*{int(m.group(1)) + 7})", text)


def _wrap(line: str) -> list[str]:
    """Break between Japanese characters every ~40 characters, as a PDF converter does."""
    out, start = [], 0
    for i in range(40, len(line), 40):
        if "\u3040" <= line[i - 1] <= "\u9fff" and "\u3040" <= line[i] <= "\u9fff" and line[i] != "・":
            out.append(line[start:i])
            start = i
    out.append(line[start:])
    return out


_TOC_ENTRY = re.compile(r"(?:p\.|\t)\s*[0-9０-９]+$")


def _page_furniture(lines: list[str], rng: random.Random) -> list[str]:
    """A page break every ~12 lines, where a paragraph or bullet starts after a blank line:
    the page number, then the running header and its companion line at the next page's top.
    (Never before a heading or inside a table of contents: how a break there is read is the
    normalizer's matter, not a figure's.)"""
    out: list[str] = []
    page = 1
    since = 0
    for line in lines:
        heading = re.match(r"\s*(?:[0-9０-９]+\.|\([0-9０-９]+\)|[①-⑳]|#)", line)
        contents = _TOC_ENTRY.search(line) or _TOC_ENTRY.search(next((o for o in reversed(out) if o.strip()), ""))
        if since >= 12 and out and not out[-1].strip() and line.strip() and not heading and not contents:
            out += [f"- {page} -" if rng.random() < 0.5 else str(page), "", "ロードマップ(素案)", "検討資料", ""]
            page += 1
            since = 0
        out.append(line)
        since += 1
    return out
