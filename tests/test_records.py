"""Records behave as the dataclasses they replaced on the comparison path: equal by their
compared fields, frozen ones immutable and hashable, copies and pickles field for field."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from versiondiff.compare.engine import BlockChange
from versiondiff.compare.figures import Reading
from versiondiff.compare.quantity_model import Quantity
from versiondiff.compare.redline import Segment
from versiondiff.compare.tokens import Token
from versiondiff.model import Block, Document, Section


def test_equal_by_fields_and_only_within_one_class():
    assert Block("paragraph", "約26%") == Block("paragraph", "約26%")
    assert Block("paragraph", "約26%") != Block("paragraph", "約25%")
    assert Block("paragraph", "x") != SameFieldsOtherClass("paragraph", "x")
    assert Token("a", "Ta") == Token("a", "Ta") and Token("a", "Ta") != Token("a", "Tb")


class SameFieldsOtherClass:  # the same field values in another class: never equal
    def __init__(self, kind: str, text: str):
        self.kind, self.text = kind, text


def test_fields_not_compared_are_ignored_by_equality_and_hash():
    one = Reading("市場規模", "市場規模12兆円", statement="市場規模12兆円。")
    other = Reading("市場規模", "市場規模12兆円", statement="別の文。", sentence_keys={"k": 1})
    assert one == other and hash(one) == hash(other)
    left = BlockChange("insert", None, "x", new_block=Block("paragraph", "x"))
    right = BlockChange("insert", None, "x", new_block=Block("paragraph", "y"))
    assert left == right
    assert "new_block" not in repr(left)


def test_frozen_records_refuse_changes_and_hash_by_value():
    block = Block("paragraph", "約70兆円")
    with pytest.raises(AttributeError, match="immutable"):
        block.text = "約72兆円"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del block.text  # type: ignore[misc]
    assert len({block, Block("paragraph", "約70兆円")}) == 1


def test_mutable_records_are_unhashable_as_dataclasses_with_eq():
    with pytest.raises(TypeError):
        hash(Token("a", "Ta"))


def test_copy_with_changes_only_the_named_fields():
    section = Section("目標", 2, "(1)", (Block("paragraph", "2030年"),))
    moved = section.copy_with(level=3)
    assert (moved.title, moved.level, moved.number, moved.blocks) == ("目標", 3, "(1)", section.blocks)
    assert section.level == 2


def test_defaults_are_fresh_per_record():
    one, two = Document(), Document()
    one.footnotes["1"] = "出典"
    assert two.footnotes == {}


@pytest.mark.parametrize("record", [
    Block("table", rows=(("項目", "2030年"),)),
    Quantity("約26%", 26.0, "%", True, 0, 4, kind="percent"),
    Segment("=", (Token("約", "T約"),)),  # slotted and frozen: restored past __setattr__
    Token("約26%", "Q26", footnote="1"),
])
def test_pickles_as_it_was(record):
    copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == record and type(copy) is type(record)


def test_a_comparison_from_the_command_line_imports_no_dataclasses(tmp_path):
    """The point of records: ``versiondiff diff`` of two text extracts (the benchmark's case)
    starts without compiling dataclass methods. (Markdown input imports markdown-it, which
    uses dataclasses itself.)"""
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("1. 目標\n\n2030年に約26%。\n", encoding="utf-8")
    new.write_text("1. 目標\n\n2030年に約25%。\n", encoding="utf-8")
    probe = (
        "import sys; from versiondiff import cli\n"
        f"try: cli.main(['diff', {str(old)!r}, {str(new)!r}, '--format', 'json', '-o', {str(tmp_path / 'out.json')!r}])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('dataclasses', 'inspect') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out.json").read_text(encoding="utf-8").count("約25%") >= 1
