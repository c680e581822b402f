"""``Quantity``: one figure as written, with its value in base units."""

from __future__ import annotations

from versiondiff.records import FrozenRecord, set_field


class Quantity(FrozenRecord):
    """A figure: ``text`` as written at ``start:end`` of the text it was read from.

    ``value`` is in the base ``unit`` (``約72兆円`` → 7.2e13, ``円``); a range keeps its
    lower bound in ``value`` and its upper bound in ``upper`` (``2.4～3.0兆円`` →
    2.4e12..3.0e12). A placeholder (``○兆円``, ``xx億円``) has ``value`` None: not yet set.
    ``approx`` says the figure is hedged (約, 程度, 以上, 超…); ``bound`` says which
    inequality it states (``>=`` 以上, ``<=`` 以下/以内, ``<`` 未満/を下回る, ``>`` 超/を上回る);
    ``per`` is what a rate is counted per (``1,500億円/年`` → ``年``).
    """

    text: str
    value: float | None
    unit: str | None
    approx: bool
    start: int
    end: int
    upper: float | None
    kind: str  # amount, percent, points, rate, year, date, day, period, count, ratio, fraction, measure, number
    placeholder: bool
    per: str | None
    bound: str | None
    lower_text: str | None
    upper_text: str | None

    def __init__(self, text: str, value: float | None, unit: str | None, approx: bool, start: int, end: int,
                 upper: float | None = None, kind: str = "number", placeholder: bool = False, per: str | None = None,
                 bound: str | None = None, lower_text: str | None = None, upper_text: str | None = None):
        set_field(self, "text", text)
        set_field(self, "value", value)
        set_field(self, "unit", unit)
        set_field(self, "approx", approx)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "upper", upper)
        set_field(self, "kind", kind)
        set_field(self, "placeholder", placeholder)
        set_field(self, "per", per)
        set_field(self, "bound", bound)
        set_field(self, "lower_text", lower_text)
        set_field(self, "upper_text", upper_text)

    def as_json(self) -> dict:
        record: dict = {"text": self.text, "value": self.value, "unit": self.unit, "approx": self.approx, "kind": self.kind}
        for name in ("upper", "per", "bound"):
            if getattr(self, name) is not None:
                record[name] = getattr(self, name)
        if self.placeholder:
            record["placeholder"] = True
        return record

    def twin(self) -> Quantity:
        """An equal figure that is another object (a copy without ``__init__``'s checks: fields as they are)."""
        twin = object.__new__(Quantity)
        twin.__dict__.update(self.__dict__)
        return twin

    def same_value(self, other: Quantity) -> bool:
        """Equal however spelled; a placeholder equals only another placeholder of the same unit."""
        if self.unit != other.unit or self.per != other.per:
            return False
        if self.placeholder or other.placeholder:
            return self.placeholder and other.placeholder
        return self.bound == other.bound and _close(self.value, other.value) and _close(self.upper, other.upper)

    def same_statement(self, other: Quantity) -> bool:
        """The same value stated as firmly: 約11% → 11% keeps the value but drops the hedge, and a
        reviewer must see that (約11% → 11%程度 only moves the hedge: the same statement)."""
        return self.same_value(other) and self.approx == other.approx

    def key(self) -> str:
        """A string equal for equal values, whatever the spelling: what token diffs compare."""
        if self.placeholder:
            return f"?|{self.unit}|{self.per}"
        return f"{self.value!r}|{self.upper!r}|{self.unit}|{self.per}|{self.bound}"


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
