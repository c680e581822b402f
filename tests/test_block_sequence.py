"""Block opcodes: a valid edit script in near-linear time, as readable as difflib's."""

from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st

from versiondiff.compare.sequence import block_opcodes

keys = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]) | st.text(min_size=1, max_size=3), max_size=30)


def _apply(old: list[str], new: list[str], opcodes) -> list[str]:  # noqa: ANN001
    out: list[str] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            assert old[i1:i2] == new[j1:j2]
            out += old[i1:i2]
        elif op in ("insert", "replace"):
            out += new[j1:j2]
    return out


@given(keys, keys)
def test_opcodes_turn_old_into_new_and_cover_both_sides(old, new):
    opcodes = block_opcodes(old, new)
    assert _apply(old, new, opcodes) == new
    assert [o[1] for o in opcodes] == [0] + [o[2] for o in opcodes[:-1]] if opcodes else old == new == []
    assert (opcodes[-1][2], opcodes[-1][4]) == (len(old), len(new)) if opcodes else True


@given(keys, keys)
def test_as_many_blocks_stay_equal_as_difflib_finds_when_keys_are_unique(old, new):
    old, new = list(dict.fromkeys(old)), list(dict.fromkeys(new))  # paragraphs of a draft are unique
    ours = sum(o[2] - o[1] for o in block_opcodes(old, new) if o[0] == "equal")
    theirs = sum(o[2] - o[1] for o in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if o[0] == "equal")
    assert ours >= theirs


def test_a_long_list_with_scattered_edits_keeps_every_unchanged_item_equal():
    old = [f"施策{i}を進める。" for i in range(5000)]
    new = [f"施策{i}を{'強く' if i % 10 == 0 else ''}進める。" for i in range(5000)]
    opcodes = block_opcodes(old, new)
    assert sum(o[2] - o[1] for o in opcodes if o[0] == "equal") == 4500
    assert [o for o in opcodes if o[0] != "equal"][:2] == [("replace", 0, 1, 0, 1), ("replace", 10, 11, 10, 11)]
