"""Records: classes of named fields, equal when their fields are equal.

What ``dataclasses`` gives the comparison path, without its cost at every start: a dataclass
writes its ``__init__``, ``__repr__``, ``__eq__`` (and, frozen, ``__hash__``, ``__setattr__``,
``__delattr__``) as source text and compiles each when its module is imported, ~0.45 ms a
class, and importing ``dataclasses`` imports ``inspect``. For the 30 classes a
``versiondiff diff`` reads that was ~20 ms of a ~330 ms comparison (``benchmarks/phases.py``).
A record declares its fields as annotations, as a dataclass does, and writes its own
``__init__``; equality, hashing, ``repr`` and ``copy_with`` come from here, reading all fields
with one ``operator.attrgetter`` (C code, as fast as the generated methods).

Modules off the comparison path (the store, the web app, the renderers) keep dataclasses.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

_R = TypeVar("_R", bound="Record")
_CLASS_SETTINGS = frozenset({"_fields", "_not_compared", "_not_shown", "_compared"})  # not fields
set_field = object.__setattr__  # how a frozen record's __init__ sets its fields


def _getter(names: list[str]) -> Callable[[Any], tuple]:
    """All ``names`` of a record as one tuple, read in C."""
    if not names:
        return lambda record: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    return operator.attrgetter(*names)


def _restore_slots(record: FrozenRecord, state: tuple[None, dict[str, object]]) -> None:
    for name, value in state[1].items():
        set_field(record, name, value)


class Record:
    """Mutable record: equal by its compared fields, unhashable (as a dataclass with ``eq``).

    A subclass lists in ``_not_compared`` the fields equality ignores (a dataclass's
    ``field(compare=False)``); ``repr`` shows those too, except ``_not_shown``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _not_compared: frozenset[str] = frozenset()
    _not_shown: frozenset[str] = frozenset()
    _compared: Callable[[Any], tuple] = staticmethod(lambda record: ())

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):  # a base's fields first, as a dataclass's
            for name in vars(klass).get("__annotations__", {}):
                if name not in _CLASS_SETTINGS and name not in fields:
                    fields.append(name)
        cls._fields = tuple(fields)
        cls._compared = staticmethod(_getter([name for name in fields if name not in cls._not_compared]))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared(self) == self._compared(other)

    __hash__ = None  # type: ignore[assignment]  # mutable: equal records may not stay equal

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields if name not in self._not_shown)
        return f"{type(self).__name__}({shown})"

    def copy_with(self: _R, **changes: Any) -> _R:
        """A new record with ``changes`` and every other field as here (``dataclasses.replace``)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)


class FrozenRecord(Record):
    """Immutable record: hashable by its compared fields; fields are set once, by ``set_field``
    in ``__init__``. Instances keep a ``__dict__`` unless the subclass declares slots, so
    pickling (the shared comparison cache) restores them without ``__setattr__``."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if vars(cls).get("__slots__"):
            cls.__setstate__ = _restore_slots  # type: ignore[attr-defined]  # unpickling sets no attribute

    def __hash__(self) -> int:
        return hash(self._compared(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")
