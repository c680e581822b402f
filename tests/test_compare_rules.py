"""Compare-engine behaviours on small drafts written for these tests."""

from __future__ import annotations

from conftest import run_cli

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize_text

LONG_A = "路線バスの自動運転を市内全域で段階的に導入し、遠隔監視センターを整備する。運転手の確保が難しい路線から優先する。"
LONG_B = "物流ドローンの配送拠点を山間部に整備し、配送員の高齢化に備える。住民合意の仕組みを先に整える。"


def _doc(text: str):
    return normalize_text(text)


def test_a_section_split_in_two_is_recognized():
    old = _doc(f"1. 交通\n\n(1) 施策\n\n・{LONG_A}\n\n・{LONG_B}\n\n2. 目標\n\n3. 課題\n")
    new = _doc(f"1. 交通\n\n(1) 施策\n\n・{LONG_A}\n\n(2) 物流\n\n・{LONG_B}\n\n2. 目標\n\n3. 課題\n")
    comparison = compare_documents(old, new)
    added = [s for s in comparison.sections if s.status == "added"]
    assert [s.new.section.heading for s in added] == ["(2) 物流"]
    assert added[0].match.split_from == ("1. 交通", "(1) 施策")
    assert added[0].as_json()["split_from"] == ["1. 交通", "(1) 施策"]


def test_two_sections_merged_into_one_are_recognized():
    old = _doc(f"1. 交通\n\n(1) バス\n\n・{LONG_A}\n\n(2) 物流\n\n・{LONG_B}\n\n2. 目標\n\n3. 課題\n")
    new = _doc(f"1. 交通\n\n(1) バス\n\n・{LONG_A}\n\n・{LONG_B}\n\n2. 目標\n\n3. 課題\n")
    deleted = [s for s in compare_documents(old, new).sections if s.status == "deleted"]
    assert deleted[0].match.merged_into == ("1. 交通", "(1) バス")


def test_a_paragraph_moved_to_another_section_is_a_move():
    old = _doc(f"1. 交通\n\n・{LONG_A}\n\n2. 目標\n\n・{LONG_B}\n\n3. 課題\n\n・予算を確保する。\n")
    new = _doc(f"1. 交通\n\n・{LONG_A}\n\n2. 目標\n\n・目標を定める。\n\n3. 課題\n\n・予算を確保する。\n\n・{LONG_B}\n")
    comparison = compare_documents(old, new)
    moves = [(s.path, c) for s in comparison.sections for c in s.changes if c.op == "move"]
    assert len(moves) == 1
    path, change = moves[0]
    assert path == ("3. 課題",) and change.moved_from == ("2. 目標",)
    assert comparison.quantities == []


def test_renumbered_and_reordered_sections_are_matched_and_flagged():
    old = _doc("1. 交通\n\n・バスの運行。\n\n2. 観光\n\n・観光客の移動。\n\n3. 物流\n\n・ドローン配送。\n")
    new = _doc("1. 交通\n\n・バスの運行。\n\n2. 物流\n\n・ドローン配送。\n\n3. 観光案内\n\n・観光客の移動。\n")
    top = {s.new.section.title: s for s in compare_documents(old, new).sections}
    assert top["観光案内"].renamed and top["観光案内"].old.section.title == "観光"
    assert top["物流"].match.moved or top["観光案内"].match.moved
    assert not top["交通"].match.moved


def test_show_formatting_lists_respellings_that_are_not_changes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("1. 市場\n\n・市場規模は0.73兆円^{(*)2}。\n\n(*)2)IDC調査\n\n2. 目標\n", encoding="utf-8")
    b.write_text("1. 市場\n\n・市場規模は7,300億円^(*5)。\n\n(*5)IDC調査\n\n2. 目標\n", encoding="utf-8")
    plain = run_cli("diff", str(a), str(b))
    assert plain.returncode == 0 and "formatting" not in plain.stdout.decode()
    shown = run_cli("diff", str(a), str(b), "--show-formatting")
    assert shown.returncode == 0  # still no substantive change
    assert "(formatting only) 市場規模は0.73兆円[^1]。  ⇢  市場規模は7,300億円[^1]。" in shown.stdout.decode()


def test_deleted_and_inserted_english_keeps_its_spaces_in_the_redline():
    old = _doc("# 1. Scope\n\nThe rule applies to all contracts signed by the agency, effective October 1, 2019, in every state.\n")
    new = _doc("# 1. Scope\n\nThe rule applies to all contracts signed by the agency in every state and every territory.\n")
    changes = [c for s in compare_documents(old, new).sections for c in s.changes]
    deleted = "".join(seg.text for c in changes for seg in c.segments if seg.op == "-")
    inserted = "".join(seg.text for c in changes for seg in c.segments if seg.op == "+")
    assert "effective October 1, 2019," in deleted
    assert "every territory" in inserted
