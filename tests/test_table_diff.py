"""An edited table's redline (compare/table_diff.py): it reads back as both tables, rows pair by
their header, and a long run of edited rows is diffed row by row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from versiondiff.compare.blocks import ROW_BREAK, index_columns, tokenize_block
from versiondiff.compare.redline import DELETE, EQUAL, INSERT
from versiondiff.compare.table_diff import diff_table
from versiondiff.model import Block

HEAD = ("項目", "目標値")
rows = st.lists(st.tuples(st.sampled_from(["台数", "路線数", "便数", "拠点数", "", "合計"]),
                          st.sampled_from(["約5万台", "12路線", "300便", "―", "2030年", "約5万台 (見込み)"])),
                max_size=8)


def _tokens(body: list[tuple[str, str]]):
    return tokenize_block(Block("table", "", rows=(HEAD, *body)), {})


def _sides(segments):
    old = [t.key for s in segments if s.op in (EQUAL, DELETE)
           for t in (s.old_tokens if s.op == EQUAL and s.old_tokens is not None else s.tokens) if t.key]
    new = [t.key for s in segments if s.op in (EQUAL, INSERT) for t in s.tokens if t.key]
    return old, new


@settings(max_examples=300, deadline=None)
@given(rows, rows)
def test_the_redline_reads_back_as_both_tables(old_rows, new_rows):
    old, new = _tokens(old_rows), _tokens(new_rows)
    assert _sides(diff_table(old, new)) == ([t.key for t in old if t.key], [t.key for t in new if t.key])


def test_an_edited_row_keeps_its_header_and_an_inserted_row_stands_whole():
    old = _tokens([("台数", "約5万台"), ("路線数", "12路線"), ("便数", "300便")])
    new = _tokens([("台数", "約5万台"), ("拠点数", "8拠点"), ("路線数", "14路線"), ("便数", "300便")])
    changed = [(s.op, "".join(t.text for t in s.tokens).strip(" |\n")) for s in diff_table(old, new) if s.op != EQUAL]
    assert changed == [(INSERT, "拠点数 | 8拠点"), (DELETE, "12路線"), (INSERT, "14路線")]


def test_every_row_of_a_long_table_edited_is_one_edit_a_row():
    old = _tokens([(f"{2000 + i}年度", f"{i + 1}億円") for i in range(400)])
    new = _tokens([(f"{2000 + i}年度", f"{i + 2}億円") for i in range(400)])
    segments = diff_table(old, new)
    edits = [s for s in segments if s.op == DELETE]
    assert len(edits) == 400  # one deleted value a row, never one run across rows
    assert not any(t.key == ROW_BREAK.key for s in segments if s.op != EQUAL for t in s.tokens)


def test_a_row_inserted_above_a_numbered_table_renumbers_the_rows_below_in_place():
    def numbered(body: list[tuple[str, str]]) -> Block:
        return Block("table", "", rows=(("No.", *HEAD), *((str(i), *row) for i, row in enumerate(body, 1))))

    body = [("台数", "約5万台"), ("路線数", "12路線"), ("便数", "300便")]
    old, new = numbered(body), numbered([("拠点数", "8拠点"), *body])
    segments = diff_table(tokenize_block(old, {}), tokenize_block(new, {}), index_columns(old), index_columns(new))
    changed = [(s.op, "".join(t.text for t in s.tokens).strip(" |\n")) for s in segments if s.op != EQUAL]
    assert changed == [(INSERT, "1 | 拠点数 | 8拠点"), (DELETE, "1"), (INSERT, "2"), (DELETE, "2"), (INSERT, "3"),
                       (DELETE, "3"), (INSERT, "4")]
