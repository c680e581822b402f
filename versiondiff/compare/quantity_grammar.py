"""The grammar of a figure in Japanese (and English) policy text.

A figure is: an optional hedge (約), currency mark ($, US$, €) or era (令和), a numeral
(Arabic, kanji or mixed: 1兆2千億, 一万二千, 二〇三〇; or a placeholder ○, ●, xx), then
optionally an English scale (million), a fraction (分の一), a unit (円, %, か国, 年度…),
a date tail (年4月1日), a range's upper bound (～3.0兆円), a per-unit (/年), a
point in time (時点, 末), a hedge (程度, 強) and an inequality (以上, を上回る).

The text is read through a width-folded copy of the same length, so ``start``/``end``
are offsets into the text as given and ``text`` is the figure as written.

Everything that is a number but not a figure is refused by named rules below: note
marks, article and item numbers, law numbers, URLs, phone numbers, version names,
kanji words (一部, 十分). Every pattern is possessive or bounded, and the scanner
always moves forward past what it read, so reading is linear in the text's length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from versiondiff.compare.numerals import (
    ERAS,
    KANJI_DIGITS,
    era_year,
    fold_width,
    has_scale,
    leading_scale,
    parse_numeral,
)
from versiondiff.compare.quantity_model import Quantity
from versiondiff.compare.units import (
    CURRENCY_MARKS,
    KANJI_UNITS,
    ONE_UNITS,
    PER_PREFIXES,
    PER_UNITS,
    UNITS,
)
from versiondiff.records import Record


def _alternation(words: Iterable[str]) -> str:
    """Longest first; a Latin word must not run on into more letters (3 months is not 3 m).

    The guard stands once after the alternation, not after each Latin word (~150 lookaheads
    were a third of this module's compile time at every start): a word ending in a letter or
    digit must not be followed by one; any other word passes its first branch. A word failing
    it lets the next (shorter) word be tried, as a guard of its own would."""
    words = sorted(words, key=len, reverse=True)
    alternation = "|".join(re.escape(word) for word in words)
    if not any(word[-1].isascii() and word[-1].isalnum() for word in words):
        return alternation
    return f"(?:{alternation})(?:(?<![A-Za-z0-9])|(?![A-Za-z0-9]))"


_KD = "〇零一二三四五六七八九十百千"
_NUM = r"[0-9]++(?:,[0-9]{3}(?![0-9]))*+(?:\.[0-9]++)?+"
_NUMERAL = rf"(?:{_NUM}|[{_KD}])(?:{_NUM}|[{_KD}万億兆]|[ ](?=[万億兆]))*+"  # 1,200 億: PDF spacing
_PLACEHOLDER = r"(?:[○●◯]++|(?<![A-Za-z])[xX]{1,4}+)(?:\.(?:[○●◯]++|[xX]{1,4}+))?+(?:百万|千万|[千万億兆])?"
_SMALL = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[○●◯〇xX]{1,2}"
_ERA = r"令和|平成|昭和|大正|明治|(?<![A-Za-z])[RH](?=[0-9])"
_CURRENCY = _alternation(CURRENCY_MARKS)
_ENGLISH_SCALE = r"thousand|million|billion|trillion|mn|bn|tn"  # £1.2bn, €500mn (m and k are units too: not scales)
_ENGLISH_SCALES = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12}
_UNIT = _alternation(UNITS)
_PER = _alternation(PER_UNITS)
_NOT_BEFORE = rf"(?<![0-9{_KD}万億兆])(?<![0-9][.,])"  # never inside 1,200 or 3.5
# Laws write a decimal with 「・」 (年十四・六パーセント, 一・五倍); before other words 「二・三年」 is
# "two or three years", no decimal.
_KANJI_DECIMAL = r"[〇一二三四五六七八九十百千]++・[〇一二三四五六七八九]++(?=[ ]?(?:パーセント|%|倍))"


def _figure(n: str) -> str:
    """One numeral with what binds to it; ``n`` suffixes the group names (the upper bound's are 2)."""
    return (
        rf"(?:(?P<currency{n}>{_CURRENCY})[ ]?)?"
        rf"(?:(?P<era{n}>{_ERA})[ ]?)?"
        rf"(?P<fy{n}>(?<![A-Za-z])FY[ ]?(?=[0-9]{{4}}))?"
        rf"{_NOT_BEFORE}(?P<num{n}>{_KANJI_DECIMAL}|{_NUMERAL}|{_PLACEHOLDER}|(?<=[和成正治])元(?=年))"
        rf"(?:[ ]?(?P<scale{n}>{_ENGLISH_SCALE})(?![A-Za-z]))?"
        rf"(?:[ ]?(?:(?P<fraction{n}>分の[ ]?(?P<numerator{n}>{_NUMERAL}))|(?P<unit{n}>{_UNIT})))?"
        rf"(?:(?<=年)[ ]?(?P<month{n}>{_SMALL})[ ]?月(?:[ ]?(?P<day{n}>{_SMALL})[ ]?日)?"
        rf"|(?<=月)[ ]?(?P<dayonly{n}>{_SMALL})[ ]?日"
        rf"|(?<=割)[ ]?(?P<bu{n}>[0-9]|[一二三四五六七八九])分)?"
        rf"(?:(?<=分)(?P<rin{n}>[0-9]|[一二三四五六七八九])厘)?"
    )


_AFTER_WORD = r"(?=[のとでがにをはもや、。,.)）」』\]\s]|$)"
# Compiling this pattern is ~7 ms of every start: the lookahead lets most positions fail at once.
FIGURE = re.compile(
    rf"(?=[約およ概お最少▲△−\-マ氷$€¥£URHGEJ令平昭大明F0-9{_KD}○●◯xX])"  # fails fast where no figure can start
    r"(?:(?P<hedge>約|およそ|概ね|おおむね|最大で|最大|最低でも|最低|少なくとも)[ ]?)?"
    # A minus: ▲ and △ as in budgets, −, a hyphen only where it cannot join a label or a range
    # (after a space, a bracket, punctuation or 比: -196℃, 前年比-2.5%), and the words マイナス and 氷点下 (below zero).
    r"(?P<sign>(?:[▲△−]|(?:(?<!\S)|(?<=[(「『、。:=比]))-|マイナス[ ]?|氷点下[ ]?)(?=[0-9]))?"
    + _figure("")
    + r"(?P<range>[ ]?(?P<separator>[〜~\-‐―–]|から)[ ]?(?:約)?" + _figure("2") + ")?"
    + rf"(?:[ ]?/[ ]?(?P<per>{_PER}))?"
    r"(?P<point>時点|末|初頭|半ば|前半|後半)?"
    rf"(?P<suffix>程度|前後|余り|近く|規模|ほど|くらい|ぐらい|頃|ごろ|(?:強|弱|余){_AFTER_WORD})?"
    r"(?P<bound>以上|以下|未満|以内|超え|超|を上回る|を下回る|を超える)?"
)
# Figures named by a word: 過半数 (more than half), 半数 (half), 倍増 (to double), 半減 (to halve;
# 半減期 is a half-life). Not after a numeral (「2倍増」 is the figure 2倍) nor 数 (数倍増: several times).
# 半分 is not read: drafts use it to describe (黒字の半分に相当する4.8兆円, a survey's 「半分程度」
# answer), where it would only cut the name of the figure after it.
# Every alternative opens with its own character (the lookbehind follows it), so a search skips
# to 過, 半, 倍 or ゼ at once: texts with 半導体 are searched often.
NAMED = re.compile(
    rf"過半数|過半(?=を|に|の|と|が)|半数(?P<bound>以上|以下|未満|超)?"
    rf"|倍(?<![0-9{_KD}万億兆数何]倍)増|半(?<![0-9{_KD}万億兆数何]半)減(?!期)"
    r"|ゼロ(?!から)"  # a target of none (ゼロから: from scratch); see _zero_is_a_word
)
_NAMED_RATIOS = {"倍増": 2.0, "半減": 0.5}  # what the thing becomes, times itself
_NAMED_HINTS = ("半", "倍増", "ゼロ")  # every named figure holds one of these
_BOUNDS = {"以上": ">=", "以下": "<=", "以内": "<=", "未満": "<", "を下回る": "<",
           "超え": ">", "超": ">", "を上回る": ">", "を超える": ">"}

# Not figures: masked before reading (one character each, so offsets stay).
_MASKS = re.compile(
    r"(?<![A-Za-z0-9])(?:https?://|www\.)[^\s<>\"'()（）「」、。]++"  # URLs
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++"  # e-mail
    r"|\(0[0-9]{1,4}\)[ ]?[0-9]{1,4}-[0-9]{3,4}"  # (03)1234-5678
    r"|(?<![0-9A-Za-z\-])\+?[0-9]++(?:[\-‐][0-9]++){2,}+"  # 03-1234-5678, 3-1-2, 1-1-1-…
)
_FOOTNOTE_REF = re.compile(r"\[\^[0-9]++\]")  # [^3]: blanked, so the figure before it stands alone
_MONTHS = {name: number for number, names in enumerate((
    ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
    ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"),
    ("December", "Dec"),
), start=1) for name in names}
# June 2025, June 1, 2025, 1 June 2025, Sept. 2025: read as 2025年6月 / 2025年6月1日 are.
_ENGLISH_DATE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<day>[0-9]{1,2})[ ]+)?(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
    r"(?:[ ]+(?P<day2>[0-9]{1,2})(?:st|nd|rd|th)?,?)?[ ]+(?P<year>[0-9]{4})(?![0-9A-Za-z])"
)
_ISO_DATE = re.compile(r"(?<![0-9A-Za-z\-/.])([0-9]{4})([\-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9\-/.])")
# Every ISO date holds one of these; the date pattern opens with a lookbehind, tried at every position.
_ISO_HINT = re.compile(r"[0-9]{4}[\-/.]")
# 補助率1/2, 負担率2/3以内: a rate written as a fraction with a slash (elsewhere 1/2 may be a date).
_SLASH_RATE = re.compile(
    r"(?:(?<=率)|(?<=率 ))(?P<num>[0-9]{1,2})/(?P<den>[0-9]{1,2})(?![0-9/.])(?P<tail>以上|以下|未満|以内|超)?"
)
# 約1/3, 1/3程度, 1/10以下: a slash fraction anywhere, where a hedge or a bound says it is one (a
# date is never 約3/4 nor 3/4程度; a bare 3/4 or 3/4に stays unread).
_SLASH_FRACTION = re.compile(
    r"(?:(?P<hedge>約|およそ|概ね|おおむね|最大で|最大|最低でも|最低|少なくとも)[ ]?)?"
    r"(?<![0-9A-Za-z/.\-])(?P<num>[0-9]{1,2})/(?P<den>[0-9]{1,3})(?![0-9/.])"
    r"(?:[ ]?(?P<tail>程度|前後|以上|以下|未満|以内|超|強|弱))?"
)
_HEDGE_TAILS = frozenset({"程度", "前後", "強", "弱"})
# Every slash fraction holds one: most slashes stand in rates (億円/年) and URLs, and the fraction
# pattern (no literal to look for first) would be tried at every position of their texts.
_SLASH_HINT = re.compile(r"[0-9]/[0-9]")
# R7.4.1, H31.3.31, 令和7.4.1: a date as government forms abbreviate it (read as 2025年4月1日 is).
_ERA_DATE = re.compile(r"(?<![0-9A-Za-z])(令和|平成|昭和|R|H)([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{1,2})(?![0-9.])")

# What stands right before a number that is a mark or a label, not an amount.
_NOTE_BEFORE = re.compile(r"(?:[※*^]|注|注釈|脚注)[ ({\[*)]*\)?$|\[\^$")
_CITATION_BEFORE = re.compile(r"\[$")  # [3] cites a source; [3か所] states a figure
_LABEL_BEFORE = re.compile(
    r"(?:第|図|(?<![代発公])表|図表|資料|別紙|別添|別表|参考|様式|附則|その"  # 表3, not 比例代表176議席
    r"|(?<![A-Za-z])(?:No\.?|no\.?|Vol\.?|p\.|pp\.|ver\.?|Ver\.?)"  # a word of its own: not over 1,000, casino 5
    r"|レベル|フェーズ|ステップ|バージョン|ステージ|タイプ|パート|モデル|ウェーブ|ラウンド|#)[ ]?$"
)
# 令和二年法律第四十五号, 令和3年第12号: the number of a law (令和8年度第1期 states a period).
_LAW_AFTER = re.compile(rf"(?:法律|政令|省令|府令|条例|規則|告示|訓令)?第[ ]?[0-9{_KD}]+[ ]?号")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9.\-/]*)[ ]$")
_LABEL_WORDS = {"version", "ver", "v", "no", "level", "phase", "step", "type", "model", "chapter", "section",
                "article", "figure", "fig", "table", "page", "p", "pp", "item", "annex", "iso", "jis"}
_PLACE_AFTER = re.compile(r"[市町村区郡県島線橋]")


def _cjk_word_at(text: str, position: int = 0) -> bool:
    """A kanji, a katakana, ー or 々 at ``position`` (a word goes on there). Compared by code
    point: a regex class of these ranges takes ~2 ms to compile at every start."""
    if position >= len(text):
        return False
    char = text[position]
    return "\u4e00" <= char <= "\u9fff" or "\u30a0" <= char <= "\u30ff" or char == "々"


# Every figure holds one of these: a text without any is read at the cost of one scan.
_NUMERAL_CHAR = re.compile(rf"[0-9{_KD}○●◯xX元{''.join(hint[0] for hint in _NAMED_HINTS)}]")
# Every English date names a month by one of these; most texts hold none, and the date
# pattern (no literal to look for first) would be tried at every position.
_MONTH_HINT = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# What each of _MASKS's alternatives must contain (a URL, an e-mail, a phone or a label).
_MASK_HINTS = ("-", "‐", "@", "://", "www.", "(0")


def read_figures(text: str) -> list[Quantity]:
    """Every figure in ``text``, in reading order."""
    folded = fold_width(text)
    if not _NUMERAL_CHAR.search(folded):
        return []
    iso = list(_ISO_DATE.finditer(folded)) if _ISO_HINT.search(folded) else []
    era = list(_ERA_DATE.finditer(folded)) if "." in folded else []
    slash_rates = list(_SLASH_RATE.finditer(folded)) if "率" in folded and "/" in folded else []
    english = list(_ENGLISH_DATE.finditer(folded)) if _MONTH_HINT.search(folded) else []
    masked = _blank(_blank(_blank(folded, iso), era), slash_rates)
    hedged = ([m for m in _SLASH_FRACTION.finditer(masked) if m.group("hedge") or m.group("tail")]
              if "/" in masked and _SLASH_HINT.search(masked) else [])
    masked = _blank(masked, hedged)
    figures = [*_iso_dates(text, iso), *_era_dates(text, era), *_slash_fractions(text, slash_rates + hedged),
               *_english_dates(text, english)]
    if iso and english:  # blanking an ISO date may let an English date match where it did not
        masked = _ENGLISH_DATE.sub(lambda m: "\x00" * len(m.group()), masked)
    else:
        masked = _blank(masked, english)
    if any(hint in masked for hint in _MASK_HINTS):
        masked = _MASKS.sub(lambda m: "\x00" * len(m.group()), masked)
    if "[^" in masked:
        masked = _FOOTNOTE_REF.sub(lambda m: " " * len(m.group()), masked)
    position = 0
    while True:
        match = FIGURE.search(masked, position)
        if match is None:
            break
        figure, end = _read(match, text, masked)
        if figure and _within_float_range(figure):
            if not figure.unit and figure.end == end and _is_amount(match):
                figure, end = _with_latin_unit(figure, text, masked)
            figures.append(figure)
        position = max(end, match.start() + 1)
    if any(hint in masked for hint in _NAMED_HINTS):
        figures += _named(text, masked, figures)
    return sorted(figures, key=lambda q: q.start)


def _blank(text: str, matches: list[re.Match[str]]) -> str:
    """``text`` with every match replaced by NULs of its length (the matches do not overlap)."""
    if not matches:
        return text
    parts = []
    position = 0
    for match in matches:
        parts += [text[position : match.start()], "\x00" * (match.end() - match.start())]
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def _within_float_range(figure: Quantity) -> bool:
    """A numeral of hundreds of digits is noise, not a figure: its value would be Infinity."""
    return all(v is None or math.isfinite(v) for v in (figure.value, figure.upper))


def _iso_dates(text: str, matches: list[re.Match[str]]) -> Iterator[Quantity]:
    for match in matches:
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if 1 <= month <= 12 and 1 <= day <= 31:
            value = float(year * 10000 + month * 100 + day)
            yield Quantity(text[match.start() : match.end()], value, "年月日", False, match.start(), match.end(), kind="date")


def _era_dates(text: str, matches: list[re.Match[str]]) -> Iterator[Quantity]:
    for match in matches:
        year, month, day = int(match.group(2)), int(match.group(3)), int(match.group(4))
        if year >= 1 and 1 <= month <= 12 and 1 <= day <= 31:
            value = float((ERAS[match.group(1)] + year) * 10000 + month * 100 + day)
            yield Quantity(text[match.start() : match.end()], value, "年月日", False, match.start(), match.end(), kind="date")


def _slash_fractions(text: str, matches: list[re.Match[str]]) -> Iterator[Quantity]:
    for match in matches:
        numerator, denominator = int(match.group("num")), int(match.group("den"))
        if denominator:
            tail = match.group("tail") or ""
            bound = _BOUNDS.get(tail)
            approx = bound is not None or tail in _HEDGE_TAILS or bool(match.groupdict().get("hedge"))
            yield Quantity(text[match.start() : match.end()], numerator / denominator, "fraction", approx,
                           match.start(), match.end(), kind="fraction", bound=bound)


def _english_dates(text: str, matches: list[re.Match[str]]) -> Iterator[Quantity]:
    for match in matches:
        day = int(match.group("day") or match.group("day2") or 0)
        if match.group("day") and match.group("day2") or day > 31:
            continue
        value = float(int(match.group("year")) * 10000 + _MONTHS[match.group("month")] * 100 + day)
        yield Quantity(text[match.start() : match.end()], value, "年月日", False, match.start(), match.end(), kind="date")


def _zero_is_a_word(masked: str, end: int) -> bool:
    """待機児童ゼロ, 排出をゼロにする, ネットゼロ: ゼロ standing as a word. Not a word's first part
    (ゼロエミッション, ゼロ金利, ゼロ・トラスト, ゼロベース). Tested in code: a class over the kanji range
    costs ~1 ms to compile at every start."""
    after = masked[end : end + 1]
    return not (_cjk_word_at(after) or after == "・" or (after.isascii() and after.isalnum()))


def _named(text: str, masked: str, read: list[Quantity]) -> Iterator[Quantity]:
    """過半数 is a threshold: more than half; 倍増 and 半減 are ratios (2倍, 0.5倍): 倍増 → 3倍 is one
    target changed. A word inside a figure read already (2倍増) is that figure."""
    taken = [(q.start, q.end) for q in read]
    for match in NAMED.finditer(masked):
        if any(start <= match.start() < end for start, end in taken):
            continue
        word = match.group()
        if word == "ゼロ":
            if _zero_is_a_word(masked, match.end()):
                yield Quantity(text[match.start() : match.end()], 0.0, None, False, match.start(), match.end())
            continue
        if word in _NAMED_RATIOS:
            yield Quantity(text[match.start() : match.end()], _NAMED_RATIOS[word], "倍", False, match.start(), match.end(),
                           kind="ratio")
            continue
        bound = ">" if word.startswith("過半") else _BOUNDS.get(match.group("bound") or "")
        yield Quantity(text[match.start() : match.end()], 0.5, "fraction", bound is not None, match.start(), match.end(),
                       kind="fraction", bound=bound)


def _read(match: re.Match[str], text: str, masked: str) -> tuple[Quantity | None, int]:
    """The figure a match reads, and where reading resumes.

    A range that is not one (``5%から10%に``: a change, not a range; ``3-12``: a label)
    is cut back to its first figure, and reading resumes at the second.
    """
    has_range = match.group("range") is not None
    if has_range and not _is_range(match, masked):
        end = _first_end(match)
        return _reading(match, masked, end, with_range=False, text=text), end
    return _reading(match, masked, match.end(), with_range=has_range, text=text), match.end()


def _first_end(match: re.Match[str]) -> int:
    return max(match.end(g) for g in ("num", "scale", "fraction", "unit", "month", "day", "dayonly", "bu", "rin")
               if match.group(g) is not None)


def _is_range(match: re.Match[str], masked: str) -> bool:
    unit1, unit2 = match.group("unit"), match.group("unit2")
    if unit1 and unit2 and UNITS[unit1][0] != UNITS[unit2][0]:
        return False
    if match.group("separator") == "から":
        return _RANGE_END.match(masked, match.end()) is not None
    if match.group("separator") in "-‐" and not (unit1 or unit2 or match.group("currency")):
        return False  # 3-12 is a label, not a range
    return not match.group("fraction") and not match.group("fraction2")


def _reading(match: re.Match[str], masked: str, end: int, *, with_range: bool, text: str) -> Quantity | None:
    start = match.start()
    if _refused_by_context(match, masked, start, end):
        return None
    lower = _Bound.of(match, "")
    upper = _Bound.of(match, "2") if with_range else None
    if lower is None or (with_range and upper is None):
        return None
    unit_written = (upper.unit if upper and upper.unit else None) or lower.unit
    if upper and not lower.unit and not has_scale(lower.numeral) and upper.scale is not None:
        lower = lower.scaled(upper.scale)
    if not _acceptable(lower, upper, unit_written, match, masked, start, end):
        return None
    whole = end == match.end()  # else cut back: the tail (per, hedge, bound) belonged to the second figure
    suffix = match.group("suffix") if whole else None
    bound = _BOUNDS.get(match.group("bound") or "") if whole else None
    per = PER_UNITS[match.group("per")] if whole and match.group("per") else _per_prefix(masked, start, lower)
    return _quantity(text, start, end, lower, upper, unit_written, match, suffix, bound, per)


_ONE = Decimal(1)


class _Bound(Record):
    """One numeral of a figure with what is written beside it (unit, currency, era, date tail)."""

    # One or two per figure read: not frozen (a frozen __init__ costs 4x), never changed.
    __slots__ = ("numeral", "value", "unit", "kind", "placeholder", "scale", "text_end", "factor")
    numeral: str
    value: Decimal | None  # in the written unit; times ``factor`` in the base unit
    unit: str | None  # base unit
    kind: str
    placeholder: bool
    scale: Decimal | None  # the scale it lends a range's lower bound (3.0兆 → 1e12)
    text_end: int
    factor: Decimal

    def __init__(self, numeral: str, value: Decimal | None, unit: str | None, kind: str, placeholder: bool,
                 scale: Decimal | None, text_end: int, factor: Decimal = _ONE):
        self.numeral = numeral
        self.value = value
        self.unit = unit
        self.kind = kind
        self.placeholder = placeholder
        self.scale = scale
        self.text_end = text_end
        self.factor = factor

    @classmethod
    def of(cls, match: re.Match[str], n: str) -> _Bound | None:
        numeral = match.group("num" + n)
        placeholder = _is_placeholder(numeral)
        value = None if placeholder else _numeral_value(match, n, numeral)
        if value is None and not placeholder:
            return None
        unit, factor, kind = _unit_of(match, n)
        scale = leading_scale(numeral) if not placeholder else None
        if match.group("scale" + n):
            english = _ENGLISH_SCALES[match.group("scale" + n)]
            value = None if value is None else value * Decimal(10) ** english
        value = _add_bu_rin(match, n, value)
        value, unit, kind, placeholder = _date_tail(match, n, value, unit, kind, placeholder)
        return cls(numeral, value, unit, kind, placeholder, scale, match.end("num" + n), factor)

    def scaled(self, scale: Decimal) -> _Bound:
        return self.copy_with(value=None if self.value is None else self.value * scale, scale=scale)


def _add_bu_rin(match: re.Match[str], n: str, value: Decimal | None) -> Decimal | None:
    """2割5分 = 2.5割; 年五分五厘 = 5.5分: tenths and hundredths of the unit before them."""
    if value is None:
        return None
    bu, rin = match.group("bu" + n), match.group("rin" + n)
    if bu:
        value += _small_digit(bu) / 10
    if rin:
        value += _small_digit(rin) / (100 if bu or match.group("unit" + n) == "割" else 10)
    return value


def _small_digit(digit: str) -> Decimal:
    return Decimal(KANJI_DIGITS[digit] if digit in KANJI_DIGITS else int(digit))


def _is_placeholder(numeral: str) -> bool:
    core = numeral.rstrip("千万億兆百")
    return bool(core) and all(c in "○●◯〇xX." for c in core) and core.strip(".") != ""


def _numeral_value(match: re.Match[str], n: str, numeral: str) -> Decimal | None:
    era = match.group("era" + n)
    if era:
        return era_year(era, numeral) if (match.group("unit" + n) or "").startswith("年") else None
    value = parse_numeral(numeral)
    if value is not None and match.group("fraction" + n):
        numerator = parse_numeral(match.group("numerator" + n))
        return None if numerator is None or not value else numerator / value
    return value


def _unit_of(match: re.Match[str], n: str) -> tuple[str | None, Decimal, str]:
    if match.group("fraction" + n):
        return "fraction", Decimal(1), "fraction"
    currency = match.group("currency" + n)
    written = match.group("unit" + n)
    if currency:
        if written and UNITS[written][0] != CURRENCY_MARKS[currency]:
            return None, Decimal(1), "number"  # $5% is not a figure
        return CURRENCY_MARKS[currency], Decimal(1), "amount"
    if match.group("fy" + n):
        return "年度", Decimal(1), "year"
    if written is None:
        return None, Decimal(1), "number"
    if written == "分" and _percent_bu(match, n):
        return "%", Decimal(1), "percent"
    base, factor, kind = UNITS[written]
    return base, factor, kind


def _percent_bu(match: re.Match[str], n: str) -> bool:
    """年五分 (five percent a year): 分 after 年 is a hundredth, not a minute."""
    before = match.string[max(0, match.start("num" + n) - 2) : match.start("num" + n)]
    return before.endswith(("年", "年利", "利率"))


def _date_tail(
    match: re.Match[str], n: str, value: Decimal | None, unit: str | None, kind: str, placeholder: bool,
) -> tuple[Decimal | None, str | None, str, bool]:
    """2024年4月1日 is one figure, so a changed day is one change. Every date has the unit 年月日
    and the value yyyymmdd, a part not written being 0: 2024年4月 = 20240400, 4月1日 = 401."""
    month, day, day_only = match.group("month" + n), match.group("day" + n), match.group("dayonly" + n)
    if month is None and day_only is None:
        return value, unit, kind, placeholder
    parts = [month, day] if month is not None else [day_only]
    if placeholder or any(p is not None and _is_placeholder(p) for p in parts):
        return None, "年月日", "date", True
    if month is not None:
        days = parse_numeral(day) if day is not None else Decimal(0)
        return value * 10000 + parse_numeral(month) * 100 + days, "年月日", "date", False
    return value * 100 + parse_numeral(day_only), "年月日", "date", False


def _with_latin_unit(figure: Quantity, text: str, masked: str) -> tuple[Quantity, int]:
    """An amount followed by a Latin word no unit table knows (約300万TEU, 1,000PV) takes it as
    its unit: shown with the figure, and two such figures of other units never pair.

    After a space (PDF text spaces 約300万 TEU) only an upper-case abbreviation is a unit, so a
    respaced figure reads as before, while English words (1,000 and 2,000) stay words."""
    word = _LATIN_UNIT.match(masked, figure.end) or _SPACED_LATIN_UNIT.match(masked, figure.end)
    if word is None:
        return figure, figure.end
    end = word.end()
    return figure.copy_with(text=text[figure.start : end], end=end, unit=word.group("unit")), end


_LATIN_UNIT = re.compile(r"(?P<unit>[A-Za-z]{1,10})(?![A-Za-z0-9_])")
_SPACED_LATIN_UNIT = re.compile(r"[ ](?P<unit>[A-Z]{2,10})(?![A-Za-z0-9_])")


def _is_amount(match: re.Match[str]) -> bool:
    """A numeral no name is written like: hedged (約), grouped by a thousands comma, or scaled
    by a kanji (万, 億, 兆)."""
    numeral = match.group("num")
    return bool(match.group("hedge")) or "," in numeral or has_scale(numeral)


def _refused_by_context(match: re.Match[str], masked: str, start: int, end: int) -> bool:
    """Marks, labels and names: ※1, 第3条, (1), L4, 5G, ISO 27001, 1:N, 3.1.1, 令和二年法律第四十五号."""
    before = masked[max(0, start - 12) : start]
    after = masked[end : end + 2]
    if _NOTE_BEFORE.search(before) or _LABEL_BEFORE.search(before):
        return True
    if _CITATION_BEFORE.search(before) and not match.group("unit"):
        return True
    if before[-1:] and (before[-1].isascii() and (before[-1].isalnum() or before[-1] in "_/.") or before[-1] == "\x00"):
        # L4, Web3, GX2040 are names; GDP600兆円 states an amount (a unit and a scale, comma or hedge).
        return not (before[-1].isalpha() and match.group("unit") and _is_amount(match))
    if _LABEL_TAIL.search(before):
        return True  # the tail of a label 3-12 whose head was not a range
    if after[:1] and (after[0].isascii() and (after[0].isalpha() or after[0] == "_") or after[0] == "\x00"):
        # 5G, 4K, x86 name things; 約300万TEU, 1,000PV count in a unit we do not know: an amount
        # (a hedge, a thousands comma or a kanji scale) is read as the number it states.
        return not (after[0].isalpha() and not match.group("unit") and _is_amount(match))
    if (_RATIO_BEFORE.search(before) or _RATIO_AFTER.match(after)) and not match.group("unit"):
        return True  # 1:N, 16:9, 10:00 (but 時点:10兆円, 2024年時点:… and R6:12件 are figures)
    if _DOTTED_AFTER.match(after):
        return True  # 3.1.1, 2024/4/1
    if match.group("era") and _LAW_AFTER.match(masked, end):
        return True  # 令和二年法律第四十五号 names a law
    return False


def _acceptable(lower: _Bound, upper: _Bound | None, unit: str | None, match: re.Match[str], masked: str,
                start: int, end: int) -> bool:
    numeral = lower.numeral
    kanji_only = not _DIGIT.search(numeral) and not lower.placeholder
    before = masked[max(0, start - 1) : start]
    after = masked[end : end + 1]
    if lower.placeholder or (upper and upper.placeholder):
        if masked[lower.text_end : lower.text_end + 1] == " " or _runs_on(match, masked, end):
            return False  # ● 人材交流, ○人口増加: bullets before words
        return bool(unit) or has_scale(numeral)  # ○ alone is a bullet, x alone a letter
    if (before in ("数", "何", "幾") and not _counted_by_noun(numeral, masked, start)) or after == "数":
        return False  # 数十万人, 十数件: no figure is stated
    if match.group("fraction"):
        return True
    if kanji_only and (_runs_on(match, masked, end) or not _kanji_figure(numeral, unit, match, masked, start, end)):
        return False
    if _heads_compound(match, masked, end):
        return False
    if unit == "分" and not match.group("rin") and _KANJI_DIGITS.fullmatch(numeral):
        return False  # 十分 (enough), 五分五分: kanji minutes are not written in drafts
    if unit == "つ" and lower.value == 1:
        return False  # 1つ reads as 一つ (one of, a): a word like 一つの, while 3つの柱 → 4つの柱 counts
    if lower.value == 1 and _PER_ONE.match(masked, end):
        return False  # 1人当たり: the denominator of a rate, not a figure
    if unit is None and not _bare_figure(lower, match, masked, start, end):
        return False
    return True


def _counted_by_noun(numeral: str, masked: str, start: int) -> bool:
    """利用者数500万人, 企業数約3,000社: 数 closing a noun (者数, 企業数) says what an Arabic figure
    counts; 数 opening a word (数十万人, には数百億円) makes a vague amount, no figure."""
    return numeral[:1].isdigit() and start >= 2 and _cjk_word_at(masked, start - 2)


def _kanji_figure(numeral: str, unit: str | None, match: re.Match[str], masked: str, start: int, end: int) -> bool:
    base = UNITS[unit][0] if unit in UNITS else unit
    written = match.group("unit")
    if match.group("era"):
        return True
    if _PLACE_AFTER.match(masked, end):
        return False  # 四日市, 千歳市: place names
    if written is None:
        return any(c in "万億兆" for c in numeral) and not _cjk_word_at(masked, end)
    if numeral == "一" and base not in ONE_UNITS:
        return False  # 一人ひとり, 一日も早く, 一つ: words
    return base in KANJI_UNITS or written == "分"


def _runs_on(match: re.Match[str], masked: str, end: int) -> bool:
    """二人羽織, ○人口, 三社会: a one-kanji counter running on into a word is part of the word."""
    written = match.group("unit2") or match.group("unit")
    return bool(written) and len(written) == 1 and written not in "円年月日割倍分%" and _cjk_word_at(masked, end)


def _kanji_word(text: str) -> bool:
    """Two kanji or more and nothing else: 業務, 事業者 (a counter that is a noun), not 人 or か所."""
    return len(text) >= 2 and all("\u4e00" <= char <= "\u9fff" for char in text)


def _heads_compound(match: re.Match[str], masked: str, end: int) -> bool:
    """A counter that is a noun itself heading a compound names a thing, it counts nothing:
    3-154業務領域 (a field of work, after a figure number), while 20業務の, 20業務等 count tasks."""
    written = match.group("unit2") or match.group("unit")
    return (bool(written) and UNITS[written][2] == "count" and _kanji_word(written)
            and _cjk_word_at(masked, end)
            and masked[end] not in _COUNTER_SUFFIXES)


# What the checks above look for, compiled once (a pattern string is looked up in re's cache
# at every call: a few thousand calls per comparison).
_RANGE_END = re.compile(r"まで|の間|にかけて")  # 5%から10%まで is a range, 5%から10%に a change
_LABEL_TAIL = re.compile(r"[0-9][\-‐]\Z")  # the last two characters
_RATIO_BEFORE = re.compile(r"[0-9A-Za-z]:$")
_RATIO_AFTER = re.compile(r":[0-9A-Za-z]")
_DOTTED_AFTER = re.compile(r"[./][0-9]")
_DIGIT = re.compile(r"[0-9]")
_KANJI_DIGITS = re.compile(rf"[{_KD}]+")
_PER_ONE = re.compile(r"当たり|あたり|につき|ごと")
_NAME_HYPHEN = re.compile(r"[A-Za-z][\-‐]$")
_HEDGES_AT_END = re.compile(r"(?:約|およそ|概ね|最大|[ 、])+$")
_COUNTER_SUFFIXES = "等分増減余弱強超程以未前後規"  # 20業務等, 100世帯分, 30拠点増: still a count
_NON_SPACE = re.compile(r"\S")  # searched, not sliced: a paragraph of bare numbers stays linear
_MEASURE_NOUN_ENDS = "率比値額数量度高"  # 出生率, 倍率, 目標値, 総額, 件数, 生産量, 満足度, 売上高


def _bare_figure(lower: _Bound, match: re.Match[str], masked: str, start: int, end: int) -> bool:
    """A number with no unit counts in a table cell or prose when it cannot be a label."""
    before = masked[max(0, start - 1) : start]
    after = masked[end : end + 1]
    if _cjk_word_at(after):
        return False  # 3次元, 12条: a counter this grammar does not know names something else
    # 年間1,000の閲覧 is a rate, 出生率1.8 and 満足度4.2 measure what the noun names: not names.
    named = _cjk_word_at(before) and before not in _MEASURE_NOUN_ENDS and _per_prefix(masked, start, lower) is None
    if named or _NAME_HYPHEN.search(masked[max(0, start - 2) : start]):
        return False  # 基本方針2024, コード3.0, IMT-2030: a number in a name
    if after in (".", ")", "]", "-", "‐", "\\") or (before in ("(", "[") and after in (")", "]", "")):
        return False  # 12. (12) [12]: list and note numbers
    if match.group("scale") or has_scale(lower.numeral):
        return True
    if match.group("hedge") or match.group("bound") or match.group("suffix"):
        return True
    if _NON_SPACE.search(masked, 0, start) is None and _NON_SPACE.search(masked, end) is None:
        return True  # the whole text, a table cell (拠点数 | 5 | 8): a value, however small
    value = lower.value or 0
    if value < 10 and "." not in lower.numeral:
        return False  # a lone digit is more often a list number than an amount
    word = _WORD_BEFORE.search(masked[max(0, start - 24) : start])
    if word and (word.group(1)[0].isupper() or word.group(1).lower().rstrip(".") in _LABEL_WORDS):
        return False  # ISO 27001, Society 5.0, Windows 11
    return True


def _per_prefix(masked: str, start: int, lower: _Bound) -> str | None:
    """年間約1,200万人, 毎年4件, 年五分: a rate counted per year."""
    head = masked[max(0, start - 6) : start]
    head = _HEDGES_AT_END.sub("", head)
    for word, per in PER_PREFIXES.items():
        if head.endswith(word) and not _NUMERAL_END.search(head[: -len(word)]):
            return per
    if head.endswith("年") and not _NUMERAL_END.search(head[:-1]) and lower.unit == "%":
        return "年"  # 年五分, 年5%
    if (head.endswith("月") and lower.kind == "amount" and not _NUMERAL_END.search(head[:-1])
            and (len(head) == 1 or not _cjk_word_at(head[-2]))):
        return "月"  # 児童手当 月1万5千円 (not 今月, 4月: a word or a date before it)
    return None


_NUMERAL_END = re.compile(rf"[0-9{_KD}万億兆○●◯元][ ]?$")  # 「4 年間で」: PDF spacing after the numeral


def _quantity(
    text: str, start: int, end: int, lower: _Bound, upper: _Bound | None, unit: str | None,
    match: re.Match[str], suffix: str | None, bound: str | None, per: str | None,
) -> Quantity:
    factor = (upper.factor if upper and upper.unit else lower.factor)
    kind = upper.kind if upper and upper.unit else lower.kind
    if match.group("era") is None and kind == "year" and lower.value is not None and lower.value < 1000:
        kind = "period"  # 三十年, 10年: a span, not a calendar year
    if lower.unit == "年月日":
        unit = lower.unit
    sign = -1 if match.group("sign") else 1
    value = None if lower.value is None else float(sign * lower.value * factor)
    upper_value = None
    if upper is not None and upper.value is not None:
        upper_value = float(upper.value * factor)
    placeholder = lower.placeholder or bool(upper and upper.placeholder)
    if placeholder:
        value = upper_value = None
    if unit is None and (match.group("scale") or has_scale(lower.numeral)):
        unit = ""  # 5万 without a unit still counts
    approx = bool(match.group("hedge") or suffix or bound)
    figure_text = text[start:end]
    lower_text = upper_text = None
    if upper is not None:
        lower_text = text[match.start("num") : lower.text_end]
        upper_text = text[match.start("num2") : end]
    return Quantity(
        figure_text, value, unit, approx, start, end, upper=upper_value,
        kind="rate" if per else kind, placeholder=placeholder, per=per, bound=bound,
        lower_text=lower_text, upper_text=upper_text,
    )


__all__ = ["FIGURE", "ERAS", "read_figures"]
