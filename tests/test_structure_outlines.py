"""``versiondiff outline`` of every corpus file shows the sections a reader sees (issue 11)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, run_cli

pytestmark = pytest.mark.corpus


def _outline(name: str) -> list[str]:
    result = run_cli("outline", str(CORPUS / name))
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode().splitlines()


def _titles(lines: list[str], indent: int) -> list[str]:
    """Titles at one depth (two spaces per level), without the size note."""
    prefix = "  " * indent
    return [
        line.strip().split("  [")[0]
        for line in lines[1:]
        if line.startswith(prefix) and not line.startswith(prefix + " ")
    ]


def _areas(lines: list[str]) -> list[list[str]]:
    """Each top-level section with its lines below it."""
    areas: list[list[str]] = []
    for line in lines[1:]:
        if not line.startswith(" "):
            areas.append([])
        areas[-1].append(line)
    return areas


def test_old_roadmap_closes_each_area_with_its_vision_block():
    lines = _outline("000_0dddb960a8ba646a.txt")
    areas = _areas(lines)
    assert len(areas) == 6
    for area in areas:
        children = [line.strip().split("  [")[0] for line in area if line.startswith("  ") and line[2] != " "]
        assert children[:3] == [
            "1. 現状認識と目指す姿【目標】",
            "2. 勝ち筋の特定と官民投資の具体像、定量的インパクト【道筋】",
            "3. 官民投資促進に向けた課題と政策パッケージ【政策手段】",
        ]
        assert children[3] == "「官民投資ロードマップ」の実行により実現が見込まれる未来社会のイメージ"
        vision = area[area.index(next(x for x in area if "未来社会" in x)) + 1 :]
        assert [line.strip()[:1] for line in vision] == ["①", "②", "③"]


def test_new_roadmap_ends_each_area_with_its_summary_page():
    lines = _outline("001_3143894dff5fad24.txt")
    areas = _areas(lines)
    assert len(areas) == 34
    for area in areas:
        children = [line.strip().split("  [")[0] for line in area if line.startswith("  ") and line[2] != " "]
        assert children[-1] == "方向性", area[0]
    driving = next(a for a in areas if a[0].startswith("5. 自動運転技術"))
    policy = next(line for line in driving if "② 導入環境の整備への支援" in line)
    size = int(policy.split("[")[1].split(" chars")[0])
    assert size < 1000, "the summary page is no longer counted into the last policy subsection"


def test_slide_deck_keeps_its_reference_page_as_a_top_level_section():
    titles = _titles(_outline("002_d334963f0420fe60.txt"), 0)
    assert titles[:5] == [
        "① デジタルインフラの整備",
        "② エネルギーインフラのデジタル化",
        "③ 交通・物流インフラのデジタル化",
        "④ データ連携基盤の構築",
        "⑤ 次世代計算能力（次世代データ処理能力）基盤の整備",
    ]
    assert titles[5].startswith("(参考) 主要国におけるデジタル基盤等")


def test_research_report_keeps_its_four_numbered_chapters():
    lines = _outline("003_2a231ee40087f7f5.txt")
    assert _titles(lines, 0) == ["1. 調査研究の概要", "2. 調査研究手法", "3. 調査研究結果", "4. 参考文献一覧"]
    assert "  1.1. 背景" in [line.split("  [")[0] for line in lines]


def test_markdown_strategy_keeps_its_seven_heading_sections():
    titles = _titles(_outline("004_a42354bcee9af2dc.txt"), 0)
    assert len(titles) == 7
    assert titles[0] == "ICTグローバル戦略について"
    assert titles[-1] == "ICTの海外展開の推進"
