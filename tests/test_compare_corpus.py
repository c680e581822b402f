"""The compare engine on the real roadmap pair and on every corpus file (issue: compare engine)."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import CONTRACT, CORPUS_FILES, EXAMPLES, NEW_ROADMAP, OLD_ROADMAP, run_cli

from versiondiff.compare import compare_documents
from versiondiff.normalize import normalize
from versiondiff.normalize.inline import compact_key

pytestmark = pytest.mark.corpus
_EXAMPLE = EXAMPLES / "autonomous-driving-000-001.json"
# Without ../shared the parametrized tests below collect empty and skip (see conftest).
EXPECTATION = (
    json.loads(_EXAMPLE.read_text(encoding="utf-8")) if _EXAMPLE.exists()
    else {"must_report": [], "must_report_added": [], "must_not_report": []}
)


@pytest.fixture(scope="module")
def roadmap_comparison(old_roadmap, new_roadmap):
    return compare_documents(old_roadmap, new_roadmap, old_name=OLD_ROADMAP.name, new_name=NEW_ROADMAP.name)


def _in_area(change, title: str) -> bool:
    return any(compact_key(path[0]).lstrip("0123456789.").startswith(title) for path in (change.old_section, change.new_section) if path)


def _strip_hedge(text: str) -> str:
    return text.removeprefix("約")


def _reported(comparison, old: str, new: str):
    return [
        q for q in comparison.quantities
        if q.status == "changed" and _in_area(q, "自動運転技術")
        and _strip_hedge(q.old.text).startswith(_strip_hedge(old)) and _strip_hedge(q.new.text).startswith(_strip_hedge(new))
    ]


@pytest.mark.parametrize("expected", EXPECTATION["must_report"], ids=lambda e: f"{e['old']}→{e['new']}")
def test_every_checked_figure_change_is_reported(roadmap_comparison, expected):
    found = _reported(roadmap_comparison, expected["old"], expected["new"])
    assert found, f"{expected['context']}: {expected['old']} → {expected['new']} not reported"
    assert any(q.in_footnote == expected.get("in_footnote", False) for q in found)
    where = expected["where"].split()[0]  # e.g. 1.(1)③
    numbers = re.findall(r"\d+\.|\(\d+\)|[①-⑳]", where)
    assert any(all(any(n in part for part in q.new_section) for n in numbers) for q in found), [q.new_section for q in found]


def test_the_shipment_share_and_export_figures_carry_their_context(roadmap_comparison):
    contexts: dict[tuple[str, str], list[str]] = {}
    for q in roadmap_comparison.quantities:
        if q.status == "changed":
            contexts.setdefault((q.old.text, q.new.text), []).append(q.context)
    assert contexts[("約70兆円", "約72兆円")] == ["我が国の自動車関連産業の製造品出荷額等"]
    assert "世界の自動車販売台数における我が国企業のシェア" in contexts[("約26%", "約25%")]
    assert contexts[("約21%", "約16%")][0].startswith("日本の輸出額")


def test_deltas_read_at_a_glance(roadmap_comparison):
    deltas = {(q.old.text, q.new.text): q.delta for q in roadmap_comparison.quantities if q.status == "changed"}
    assert deltas[("約26%", "約25%")] == "−1 pt"
    assert deltas[("約70兆円", "約72兆円")] == "+2兆円 (+2.9%)"


def test_added_target_year_is_reported(roadmap_comparison):
    for expected in EXPECTATION["must_report_added"]:
        assert any(
            q.status == "added" and q.new.text.startswith(expected["text"]) and _in_area(q, "自動運転技術")
            for q in roadmap_comparison.quantities
        ), expected


@pytest.mark.parametrize(
    "item", [i for i in EXPECTATION["must_not_report"] if re.search(r"\d", i["text"]) and " " not in i["text"]],
    ids=lambda i: i["text"],
)
def test_unchanged_figures_are_not_reported(roadmap_comparison, item):
    text = item["text"]
    hits = [
        q for q in roadmap_comparison.quantities
        if _in_area(q, "自動運転技術") and text in ((q.old.text if q.old else "") + "|" + (q.new.text if q.new else ""))
        and not (q.in_footnote and q.status == "added")
    ]
    assert not hits, [(q.status, q.context, q.old and q.old.text, q.new and q.new.text) for q in hits]


def test_footnote_marks_and_automation_levels_are_not_quantities(roadmap_comparison):
    for q in roadmap_comparison.quantities:
        for side in (q.old, q.new):
            if side:
                assert not re.fullmatch(r"\(?\*+\)?\d*\)?|L\d\+*|E2E|1:N", side.text), side.text


def test_wording_changes_show_in_the_redline(roadmap_comparison):
    area = [s for s in roadmap_comparison.sections if s.new and s.new.path[0] == "5. 自動運転技術"]
    inserted = " ".join(seg.text for s in area for c in s.changes for seg in c.segments if seg.op == "+")
    assert "が" in inserted  # 日産自動車Wayve社 → 日産自動車がWayve社
    assert "等" in inserted  # オーナーカーでは → オーナーカー等では
    bodies = [c.new or "" for s in area for c in s.changes if c.op == "insert"]
    assert any(b.startswith("経路が一定のバスやトラック等においては、モジュール型AIも活用し社会実装を促進") for b in bodies)


def test_roadmap_areas_align_across_renumbering_renaming_and_reordering(roadmap_comparison):
    top = [s for s in roadmap_comparison.sections if len(s.path) == 1]
    matched = {compact_key(s.old.section.title): s for s in top if s.old and s.new}
    assert set(matched) == {
        "クラウド・データセンター", "AI時代に対応した先進的サイバーセキュリティ製品・サービス",
        "クラウドネイティブに最適化された医療DX基盤", "自動運転技術(車両、システム)",
    }
    driving = matched["自動運転技術(車両、システム)"]
    assert driving.renamed and driving.new.section.number == "5." and driving.new.section.title == "自動運転技術"
    assert not matched["クラウドネイティブに最適化された医療DX基盤"].renamed
    # 000 has クラウド before AIサイバー; 001 has them the other way round: one of them moved.
    assert matched["クラウド・データセンター"].match.moved or matched["AI時代に対応した先進的サイバーセキュリティ製品・サービス"].match.moved
    assert not driving.match.moved
    deleted = {compact_key(s.old.section.title) for s in top if s.status == "deleted"}
    assert deleted == {"データプラットフォーム", "セキュリティの確保された政府・地方公共団体のDX基盤"}
    assert sum(1 for s in top if s.status == "added") == 30


def test_subsections_of_matched_areas_are_matched(roadmap_comparison):
    driving = [s for s in roadmap_comparison.sections if s.new and s.new.path[0] == "5. 自動運転技術" and s.old]
    titles = {s.new.section.heading for s in driving}
    assert {"1. 現状認識と目指す姿【目標】", "(1) 現状", "③ 経済的・戦略的な重要性"} <= titles


def test_json_output_follows_the_contract(roadmap_comparison):
    schema = json.loads(CONTRACT.read_text(encoding="utf-8"))
    jsonschema.validate(roadmap_comparison.as_json(), schema)


def test_cli_json_is_the_contract_and_exit_code_says_changed():
    result = run_cli("diff", str(OLD_ROADMAP), str(NEW_ROADMAP), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(CONTRACT.read_text(encoding="utf-8")))
    assert data["schema"] == "versiondiff.compare/1"


def _reformat(text: str) -> str:
    """The same draft as another converter might print it: re-wrapped, other bullets,
    renumbered footnotes, full-width digits."""
    lines = []
    for line in text.split("\n"):
        if len(line) > 60 and "\t" not in line and not line.startswith(("#", "|", "<")):
            lines.extend(_wrap(line))
        else:
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"^- ・ ?", "● ", text, flags=re.M)
    text = re.sub(r"^・", "- ", text, flags=re.M)
    text = re.sub(r"\(\*\)(\d+)", lambda m: f"(*){int(m.group(1)) + 7}", text)
    text = re.sub(r"\(\*(\d+)\)", lambda m: f"(*{int(m.group(1)) + 7})", text)
    return text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def _wrap(line: str) -> list[str]:
    """Break after a Japanese character every ~40 characters (where a PDF converter would)."""
    out, start = [], 0
    for i in range(40, len(line), 40):
        # A line starting with ・ reads as a bullet to anyone, so no converter breaks there.
        if "\u3040" <= line[i - 1] <= "\u9fff" and "\u3040" <= line[i] <= "\u9fff" and line[i] != "・":
            out.append(line[start:i])
            start = i
    out.append(line[start:])
    return out


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_a_draft_compared_with_itself_has_no_change(path):
    document = normalize(path.read_bytes(), name=path.name)
    comparison = compare_documents(document, document)
    assert not comparison.has_changes
    assert comparison.quantities == []


@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if not p.name.startswith("004")], ids=lambda p: p.name[:3])
def test_formatting_only_changes_are_no_change(path):
    text = path.read_text(encoding="utf-8")
    original = normalize(text.encode(), name=path.name)
    reformatted = normalize(_reformat(text).encode(), name=path.name)
    comparison = compare_documents(original, reformatted)
    assert comparison.quantities == [], [(q.status, q.old and q.old.text, q.new and q.new.text) for q in comparison.quantities][:5]
    changed = [(s.path, c.old, c.new) for s in comparison.sections for c in s.changes]
    assert changed == [] and not comparison.has_changes, changed[:3]


def test_blocks_move_only_within_their_own_area(roadmap_comparison):
    """Boilerplate every area carries (「(官民投資ロードマップの取りまとめまでに提示)」) never moves
    across areas, least of all out of a deleted one."""
    old_area_of = {s.new.path[0]: s.old.path[0] for s in roadmap_comparison.sections if s.old and s.new and len(s.path) == 1}
    moves = [(s.new.path[0], c.moved_from[0]) for s in roadmap_comparison.sections for c in s.changes if c.op == "move"]
    assert moves, "the pair has blocks reordered inside their sections"
    assert all(source in (area, old_area_of.get(area)) for area, source in moves), moves


def test_removed_figures_of_a_deleted_bullet_in_a_shared_area_are_reported(old_roadmap):
    """Seeded deletion: the bullet with the shipment, share and export figures taken out of 000."""
    text = OLD_ROADMAP.read_text(encoding="utf-8")
    line = next(li for li in text.split("\n") if "製造品出荷額等は約70兆円" in li)
    mutated = normalize(text.replace(line + "\n", "").encode(), name=OLD_ROADMAP.name)
    comparison = compare_documents(old_roadmap, mutated)
    removed = {(q.old.text, q.in_footnote) for q in comparison.quantities if q.status == "removed"}
    # 約26% still stands for the same share in 2.(1)① (世界の自動車販売台数の約26%のシェア): not removed.
    assert {("約70兆円", False), ("約21%", False), ("約8%", False), ("2024年時点", True)} <= removed
    assert ("約26%", False) not in removed
    assert all(q.status == "removed" and q.old_section[0].startswith("自動運転技術") for q in comparison.quantities)
