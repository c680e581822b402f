"""Moves only for text that means something where it stands; renames only when title words
change; identical sections never deleted and re-added (issue 11). Drafts written for these tests."""

from __future__ import annotations

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize_text

NOTE = "- (ロードマップの取りまとめまでに提示)"
BODY = {
    "観光": "- 観光地の交通手段を確保し、訪日客の地方周遊を後押しする。\n- 宿泊施設の人手不足に対応する。",
    "物流": "- 物流拠点の自動化を進め、トラック運転手の負担を減らす。\n- 共同配送の仕組みを整える。",
    "医療": "- 病院の情報システムをクラウドへ移行し、データ連携を進める。\n- 医療機関のサイバー対策を強化する。",
}


def _area(number: int, title: str, *blocks: str) -> str:
    return f"# {number}. {title}\n\n## (1) 施策\n\n" + "\n".join(blocks) + "\n\n"


def _moves(comparison):
    return [(s.path, c.moved_from, c.new) for s in comparison.sections for c in s.changes if c.op == "move"]


def test_boilerplate_of_a_deleted_area_is_not_moved_into_surviving_areas():
    old = _area(1, "観光", BODY["観光"], NOTE) + _area(2, "物流", BODY["物流"]) + _area(3, "医療", BODY["医療"], NOTE)
    new = _area(1, "物流", BODY["物流"], NOTE) + _area(2, "医療", BODY["医療"], NOTE)
    comparison = compare_documents(normalize_text(old), normalize_text(new))
    assert _moves(comparison) == []
    inserted = [(s.path, c.new) for s in comparison.sections for c in s.changes if c.op == "insert"]
    assert inserted == [(("1. 物流", "(1) 施策"), "(ロードマップの取りまとめまでに提示)")]
    deleted_area = [s for s in comparison.sections if s.status == "deleted" and s.path == ("1. 観光", "(1) 施策")]
    assert [c.op for c in deleted_area[0].changes] == ["delete", "delete", "delete"]


def test_boilerplate_reordered_inside_its_section_is_matched_there_first():
    old = _area(1, "観光", BODY["観光"], NOTE) + _area(2, "物流", NOTE, BODY["物流"])
    new = _area(1, "物流", BODY["物流"], NOTE)
    comparison = compare_documents(normalize_text(old), normalize_text(new))
    assert _moves(comparison) == [(("1. 物流", "(1) 施策"), ("1. 物流", "(1) 施策"), "(ロードマップの取りまとめまでに提示)")]


def test_a_distinctive_paragraph_moved_across_areas_is_a_move():
    moved = "- 地域の運行事業者と自治体が共同で遠隔監視センターを運営する。"
    old = _area(1, "観光", BODY["観光"], moved) + _area(2, "物流", BODY["物流"])
    new = _area(1, "観光", BODY["観光"]) + _area(2, "物流", BODY["物流"], moved)
    assert _moves(compare_documents(normalize_text(old), normalize_text(new))) == [
        (("2. 物流", "(1) 施策"), ("1. 観光", "(1) 施策"), "地域の運行事業者と自治体が共同で遠隔監視センターを運営する。")
    ]


def test_a_short_line_is_too_common_to_have_moved_across_areas():
    old = _area(1, "観光", BODY["観光"], "- 予算を確保。") + _area(2, "物流", BODY["物流"])
    new = _area(1, "観光", BODY["観光"]) + _area(2, "物流", BODY["物流"], "- 予算を確保。")
    comparison = compare_documents(normalize_text(old), normalize_text(new))
    assert _moves(comparison) == []
    assert sorted(c.op for s in comparison.sections for c in s.changes) == ["delete", "insert"]


def test_a_same_number_section_with_a_new_title_and_similar_body_is_renamed():
    old = _area(1, "観光", BODY["観光"]) + "## (2) 導入支援\n\n- 地方の交通事業者による車両更新を補助する。\n- 運行管理の人材を育てる。\n"
    new = _area(1, "観光", BODY["観光"]) + (
        "## (2) 環境整備\n\n- 地方の交通事業者による充電設備の整備を補助する。\n"
        "- 運行管理を担う人材を地域で確保する。\n- 国が標準仕様を示す。\n"
    )
    sections = compare_documents(normalize_text(old), normalize_text(new)).sections
    assert [s.status for s in sections if s.path[-1].startswith("(2)")] == ["modified"]
    renamed = [s for s in sections if s.renamed]
    assert [(s.old.section.title, s.new.section.title) for s in renamed] == [("導入支援", "環境整備")]


def test_renumbering_alone_is_not_a_rename():
    old = _area(1, "観光", BODY["観光"]) + _area(2, "物流", BODY["物流"])
    new = _area(1, "医療", BODY["医療"]) + _area(2, "観光", BODY["観光"]) + _area(3, "物流", BODY["物流"])
    sections = compare_documents(normalize_text(old), normalize_text(new)).sections
    assert not [s.path for s in sections if s.renamed]
    assert {s.new.section.heading for s in sections if s.old and s.new and len(s.path) == 1} == {"2. 観光", "3. 物流"}


def test_a_chapter_number_glued_into_the_title_is_not_a_rename():
    old = "# 第三章 雑則\n\n- 事業者は毎年度、報告書を提出する。\n"
    new = "# 第四章 雑則\n\n- 事業者は毎年度、報告書を提出する。\n"
    sections = compare_documents(normalize_text(old), normalize_text(new)).sections
    assert [(s.status, s.renamed) for s in sections] == [("unchanged", False)]


def test_an_identical_subsection_under_a_rewritten_area_is_not_deleted_and_added():
    kept = "## (9) 共通基盤\n\n- 全分野で使う認証基盤を国が整備し、事業者へ開放する。\n"
    old = "# 1. 観光\n\n" + BODY["観光"] + "\n\n" + kept
    new = "# 1. 先端医療\n\n" + BODY["医療"] + "\n\n" + kept
    sections = compare_documents(normalize_text(old), normalize_text(new)).sections
    common = [s for s in sections if s.path[-1] == "(9) 共通基盤"]
    assert [(s.status, bool(s.old), bool(s.new)) for s in common] == [("unchanged", True, True)]


def test_a_move_across_parents_needs_more_likeness_than_siblings_do():
    # The search across parents skips pairs of leftovers that sibling matching compared
    # already: sound only while it asks for at least the likeness siblings pair at.
    from versiondiff.compare import align

    assert align._MOVED_ACROSS >= align._BODY_ALONE
