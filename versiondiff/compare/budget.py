"""A time limit on one comparison, and what a comparison cut short by it reports.

``limits.py`` refuses a pair that is too large before the engine starts; some pairs of a
modest size are still slow (many rewritten blocks in one section, or many sections rewritten
whole, which alignment compares pair by pair). A server must not hold a worker for minutes,
so the engine checks a ``Deadline`` between sections, and alignment every few thousand pairs
of sections (``align.PairWatch``): once it has passed, the remaining sections are *not
compared* — listed by path with their text, never reported as deleted and added, and their
figures not reported at all. The ``LimitHit`` on
the ``Comparison`` says which limit stopped it, its value and how much was compared, so every
view can say that the result is incomplete and how to get the rest.

The clock is injected (``TimeLimit(clock=...)``): tests step a counter instead of waiting.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from versiondiff.errors import VersiondiffError
from versiondiff.records import FrozenRecord, set_field

if TYPE_CHECKING:
    from versiondiff.compare.align import Node
    from versiondiff.compare.engine import Comparison

NOT_COMPARED = "not_compared"  # the status of a section the engine did not reach
SECONDS_ENV = "VERSIONDIFF_COMPARE_SECONDS"
DEFAULT_WEB_SECONDS = 30.0  # the web app's bound; the command line has none unless asked
PREAMBLE_PATH: tuple[str, ...] = ()

Clock = Callable[[], float]
DEFAULT_CLOCK: Clock = time.monotonic  # read at each start: a test of the command line replaces it
# After the last section, moves and figures of the compared sections are still found: about 40 %
# of the section loop's time on the corpus pair (align 20 %, sections 55 %, moves and figures 25 %).
# Sections stop at this share of the limit, so that the whole comparison ends near the limit.
SECTIONS_SHARE = 0.7


class TimeLimit(FrozenRecord):
    """At most ``seconds`` of comparing (``None``: no limit), measured on ``clock``."""

    seconds: float | None
    clock: Clock | None  # None: DEFAULT_CLOCK
    sections_share: float
    _not_compared = frozenset({"clock"})

    def __init__(self, seconds: float | None = None, clock: Clock | None = None, sections_share: float = SECTIONS_SHARE):
        set_field(self, "seconds", seconds)
        set_field(self, "clock", clock)
        set_field(self, "sections_share", sections_share)

    def start(self) -> Deadline:
        """The deadline of the section loop: ``sections_share`` of the limit from now."""
        return Deadline(self.seconds, self.clock or DEFAULT_CLOCK, self.sections_share)

    def admits(self, comparison: Comparison) -> bool:
        """Whether a (cached) comparison answers a request under this limit: a complete one
        always does; one cut short only when it was allowed at least as long as this limit."""
        hit = comparison.limit
        if hit is None:
            return True
        return self.seconds is not None and hit.seconds >= self.seconds


class Deadline:
    """Started when a comparison starts; once passed it stays passed (one cut, never a gap)."""

    def __init__(self, seconds: float | None, clock: Clock, share: float = 1.0):
        self.seconds = seconds  # the limit as given (what every view reports)
        self._clock = clock
        self._end = None if seconds is None else clock() + seconds * share
        self._passed = False

    def passed(self) -> bool:
        if not self._passed and self._end is not None:
            self._passed = self._clock() >= self._end
        return self._passed


def parse_seconds(text: str, source: str) -> float | None:
    """``"30"`` → 30.0; ``"0"``, ``"none"`` or ``"off"`` → no limit; anything else is an error
    naming ``source`` (the option or variable it came from)."""
    value = text.strip().lower()
    if value in ("none", "off"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if seconds == 0:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        # The only message of budget.py a user reads: imported here, for the catalog's N_.
        from versiondiff.i18n import N_

        raise VersiondiffError(N_("%(variable)s は秒数で指定してください（0 は上限なし）: %(value)s"), variable=source, value=repr(text))
    return seconds


def web_time_limit() -> float | None:
    """The web app's limit: ``$VERSIONDIFF_COMPARE_SECONDS`` (0 for none), else 30 s."""
    raw = os.environ.get(SECONDS_ENV, "")
    return parse_seconds(raw, SECONDS_ENV) if raw.strip() else DEFAULT_WEB_SECONDS


# ---------------------------------------------------------------- inside the engine


def compare_in_time(items: Iterable[Any], deadline: Deadline, compare: Callable[[Any], Any], skip: Callable[[Any], Any]) -> list:
    """``compare(item)`` for each item while the deadline has not passed, ``skip(item)`` after."""
    return [skip(item) if deadline.passed() else compare(item) for item in items]


class NotCompared(FrozenRecord):
    """A section (or the preamble) the engine did not reach: its two sides as aligned, unaligned text."""

    old_path: tuple[str, ...] | None
    new_path: tuple[str, ...] | None
    old_title: str | None
    new_title: str | None
    old_text: str | None
    new_text: str | None

    def __init__(self, old_path: tuple[str, ...] | None, new_path: tuple[str, ...] | None, old_title: str | None,
                 new_title: str | None, old_text: str | None, new_text: str | None):
        set_field(self, "old_path", old_path)
        set_field(self, "new_path", new_path)
        set_field(self, "old_title", old_title)
        set_field(self, "new_title", new_title)
        set_field(self, "old_text", old_text)
        set_field(self, "new_text", new_text)

    @property
    def path(self) -> tuple[str, ...]:
        return self.new_path if self.new_path is not None else (self.old_path or ())

    def as_json(self) -> dict:
        def heading(path: tuple[str, ...] | None, title: str | None) -> dict | None:
            return None if path is None else {"path": list(path), "title": title or "", "level": len(path)}

        return {
            "old": heading(self.old_path, self.old_title), "new": heading(self.new_path, self.new_title),
            "old_text": self.old_text, "new_text": self.new_text,
        }


class LimitHit(FrozenRecord):
    """Which limit stopped a comparison, its value, and what was and was not compared."""

    seconds: float
    sections_compared: int
    sections: tuple[NotCompared, ...]
    kind: str

    def __init__(self, seconds: float, sections_compared: int, sections: tuple[NotCompared, ...], kind: str = "time"):
        set_field(self, "seconds", seconds)
        set_field(self, "sections_compared", sections_compared)
        set_field(self, "sections", sections)
        set_field(self, "kind", kind)

    @property
    def seconds_text(self) -> str:
        """The limit as people write it: ``30``, ``2.5``, ``0.000001`` (never ``1e-06``)."""
        return f"{self.seconds:.9f}".rstrip("0").rstrip(".")

    @property
    def sections_not_compared(self) -> int:
        return sum(1 for s in self.sections if s.path)

    @property
    def preamble_compared(self) -> bool:
        return all(s.path for s in self.sections)

    def as_json(self) -> dict:
        return {
            "hit": True, "kind": self.kind, "seconds": self.seconds,
            "sections_compared": self.sections_compared, "sections_not_compared": self.sections_not_compared,
            "preamble_compared": self.preamble_compared,
            "figures_complete": False,
            "not_compared": [s.as_json() for s in self.sections],
        }


def limit_hit(deadline: Deadline, sections: list, preamble_compared: bool, old_preamble: list, new_preamble: list) -> LimitHit | None:
    """The ``LimitHit`` of a finished comparison, ``None`` when the deadline never passed."""
    if not deadline.passed() or deadline.seconds is None:
        return None
    skipped = [_not_compared(s.old, s.new) for s in sections if s.status == NOT_COMPARED]
    if not preamble_compared and (old_preamble or new_preamble):
        skipped.insert(0, NotCompared(
            PREAMBLE_PATH, PREAMBLE_PATH, None, None, _text(old_preamble), _text(new_preamble),
        ))
    if not skipped:  # the deadline passed after the last section: nothing is missing
        return None
    compared = sum(1 for s in sections if s.status != NOT_COMPARED)
    return LimitHit(deadline.seconds, compared, tuple(skipped))


def _not_compared(old: Node | None, new: Node | None) -> NotCompared:
    def side(node: Node | None) -> tuple:
        if node is None:
            return None, None, None
        return tuple(node.path), node.section.heading, _text(node.section.blocks)

    old_path, old_title, old_text = side(old)
    new_path, new_title, new_text = side(new)
    return NotCompared(old_path, new_path, old_title, new_title, old_text, new_text)


def _text(blocks: Iterable) -> str:
    from versiondiff.compare.blocks import block_text

    return "\n\n".join(block_text(b) for b in blocks)
