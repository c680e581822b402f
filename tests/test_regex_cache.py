"""Kept regular expressions (versiondiff/regex_cache.py): the kept program is the one ``re``
builds, read back on later starts; a damaged, foreign or unwritable file only costs the
usual compile, and nothing is written where bytecode would not be."""

from __future__ import annotations

import re
import sys

import pytest

from versiondiff import regex_cache
from versiondiff.compare.quantity_grammar import FIGURE
from versiondiff.compare.tokens import _PLAIN

PATTERNS = [(FIGURE.pattern, FIGURE.flags), (_PLAIN.pattern, _PLAIN.flags), (r"(?P<year>\d{4})年(?i:fy)?", 0)]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_cache, "_kept_path", lambda name: tmp_path / f"regex-{name}.marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_the_kept_program_is_the_one_re_compiles_first_and_read_back(kept, pattern, flags):
    expected = re.compile(pattern, flags)
    first = regex_cache.compile_kept("p", pattern, flags)
    assert (kept / "regex-p.marshal").exists()
    again = regex_cache.compile_kept("p", pattern, flags)
    for compiled in (first, again):
        assert compiled == expected  # same pattern, flags and program
        assert compiled.groupindex == expected.groupindex and compiled.groups == expected.groups


def test_a_kept_file_for_another_pattern_is_not_used(kept):
    regex_cache.compile_kept("p", r"[0-9]+円")
    compiled = regex_cache.compile_kept("p", r"[0-9]+%")
    assert compiled.pattern == r"[0-9]+%" and compiled.fullmatch("25%") and not compiled.fullmatch("25円")


def test_a_damaged_file_compiles_as_usual(kept):
    (kept / "regex-p.marshal").write_bytes(b"\x00not a program")
    assert regex_cache.compile_kept("p", r"約(\d+)兆円").fullmatch("約3兆円").group(1) == "3"


def test_nothing_is_written_where_bytecode_is_not(kept, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert regex_cache.compile_kept("p", r"\d+").fullmatch("12")
    assert not list(kept.iterdir())


def test_an_unwritable_place_compiles_as_usual(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(regex_cache, "_kept_path", lambda name: blocked / "sub" / f"regex-{name}.marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert regex_cache.compile_kept("p", r"\d+").fullmatch("12")
