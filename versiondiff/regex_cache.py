"""Large regular expressions compiled once, kept like bytecode.

``re`` parses and compiles a pattern in pure Python at every start of a process: the figure
grammar's pattern (5,400 characters, two alternations of 180 units) takes ~15 ms, a tenth of
a ``versiondiff diff`` of a 400 KB draft. ``compile_kept`` keeps the compiled program next to
this module's bytecode, by the same rules (``sys.pycache_prefix``; nothing written when
``sys.dont_write_bytecode``), and later processes hand it to the regex engine directly.

The program is what ``re`` itself would build (its own parser and code generator), stored
with the pattern, flags and engine version it was built for; any difference, a missing or
unreadable file, or an interpreter without these internals compiles the usual way.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import re
import sys
from pathlib import Path

try:  # CPython's regex engine and compiler (re's own modules)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another interpreter: compile as usual
    _sre = None  # type: ignore[assignment]


def compile_kept(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its program read from the kept file ``name`` when there."""
    flags = int(flags)  # a RegexFlag is an int subclass, which marshal does not keep
    if _sre is None:
        return re.compile(pattern, flags)
    path = _kept_path(name)
    engine = (_sre.MAGIC, _sre.CODESIZE, sys.maxunicode)
    try:
        kept = marshal.loads(path.read_bytes()) if path else None
        if kept and kept[0] == engine and kept[1] == pattern and kept[2] == flags:
            return _sre.compile(pattern, *kept[3:])
    except Exception:  # noqa: BLE001 - a damaged or foreign file: compile as usual
        pass
    try:
        program = _program(pattern, flags)
        compiled = _sre.compile(pattern, *program)
        data = marshal.dumps((engine, pattern, flags, *program))
    except Exception:  # noqa: BLE001 - internals changed: compile as usual
        return re.compile(pattern, flags)
    if path and not sys.dont_write_bytecode:
        _write(path, data)
    return compiled


def _program(pattern: str, flags: int) -> tuple:
    """The arguments ``re._compiler.compile`` hands to the engine, built the same way."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses: plain ints marshal
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for key, index in groupindex.items():
        indexgroup[index] = key
    return flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup)


def _kept_path(name: str) -> Path | None:
    try:
        bytecode = Path(importlib.util.cache_from_source(__file__))
    except (NotImplementedError, ValueError):  # no bytecode cache for this interpreter
        return None
    return bytecode.with_name(f"regex-{name}.{sys.implementation.cache_tag}.marshal")


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all (a reader never sees half a file); a read-only place is fine."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
