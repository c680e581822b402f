"""The demo in a real headless chromium (Debian's), served by waitress on loopback.

Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, served

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SAMPLES = Path(__file__).resolve().parents[1] / "versiondiff" / "samples"


def _require_browser() -> None:
    if CHROMIUM and _has_playwright():
        return
    message = "browser tests need Debian's chromium and the playwright package (.ci/run installs both)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    store = tmp_path_factory.mktemp("browser") / "store"
    with served("demo", "--store", str(store)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 950}, locale="ja-JP")
        yield page
        browser.close()


def test_from_document_list_to_a_compare_view_and_back(server, page):
    page.goto(server + "/")
    page.screenshot(path=str(ARTIFACTS / "01-documents.png"), full_page=True)
    page.get_by_role("link", name="みらい市 スマート交通ロードマップ（素案）").click()
    assert page.locator("h1").inner_text() == "みらい市 スマート交通ロードマップ（素案）"
    page.locator("tr", has_text="r2").get_by_role("link", name="前版と比較").click()
    assert page.url.endswith("/compare/r1..r2")

    changed = page.locator("table.taisho ins.fig", has_text="約25%").first
    assert changed.is_visible()
    background = changed.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 226, 122)"  # the figure highlight, beside the underline
    assert changed.evaluate("e => getComputedStyle(e).textDecorationLine").startswith("underline")
    page.screenshot(path=str(ARTIFACTS / "02-compare.png"), full_page=True)

    page.get_by_text("インライン", exact=True).click()
    assert page.locator(".inline-view").is_visible()
    assert not page.locator("table.taisho").is_visible()
    assert page.locator(".inline-view ins.fig", has_text="約25%").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "03-inline.png"), full_page=True)
    page.get_by_text("対照表", exact=True).first.click()
    assert page.locator("table.taisho").first.is_visible()

    link = page.locator(".figures-by-area a", has_text="県内シェア").first
    target = link.get_attribute("href")
    link.click()
    assert page.url.endswith(target)
    row = page.locator(f"tr{target}")
    assert row.is_visible() and "約25%" in row.inner_text()
    assert row.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target highlight

    page.get_by_text("数値の変更のみ", exact=True).click()
    rows = page.locator("table.taisho tr.row")
    assert rows.count() > 0 and rows.count() == page.locator("table.taisho tr.row.hasfig").count()
    page.get_by_text("すべての変更", exact=True).click()

    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "04-print-preview.png"), full_page=True)
    assert not page.locator(".controls").is_visible()
    page.emulate_media(media="screen")


def test_upload_a_revision_through_the_form(server, page, tmp_path):
    draft = tmp_path / "mirai-r4.md"
    draft.write_text((SAMPLES / "mirai-roadmap-r3.md").read_text(encoding="utf-8").replace("約24%", "約23%"), encoding="utf-8")
    page.goto(server + "/d/mirai-roadmap")
    form = page.locator("form.upload")
    form.locator("input[type=file]").set_input_files(str(draft))
    form.locator("input[name=label]").fill("r4")
    form.get_by_role("button", name="登録").click()
    assert "版 r4 を登録しました" in page.locator(".flash").inner_text()
    first_row = page.locator("table.timeline tbody tr").first
    assert "r4" in first_row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "05-timeline-after-upload.png"), full_page=True)
    first_row.get_by_role("link", name="前版と比較").click()
    assert page.locator("table.taisho ins.fig", has_text="約23%").first.is_visible()


def test_figure_ledger_and_its_timeline_chart(server, page):
    page.goto(server + "/d/mirai-roadmap")
    page.get_by_role("link", name="数値の台帳（全版の目標・数値）").click()
    page.screenshot(path=str(ARTIFACTS / "06-figures.png"), full_page=True)
    page.locator("table.figures-ledger a", has_text="県内シェア").first.click()
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    assert chart.locator("circle").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "07-figure-chart.png"), full_page=True)


LONG_TARGETS_OLD = (
    "# 観光振興計画（素案）\n\n## 1. 目標\n\n"
    "- 市内の観光消費額を地域の事業者と連携して2030年までに倍増させ、宿泊を伴う滞在を大きく伸ばす。\n"
    "- 宿泊者数を約120万人とする。\n"
)


def test_a_long_change_entry_keeps_its_figure_badge_in_view(page, tmp_path):
    """The change list cuts an entry's text short, never its figure badge (the count a reviewer
    scans the list for)."""
    store = tmp_path / "store"
    for label, text in (("素案", LONG_TARGETS_OLD), ("修正案", LONG_TARGETS_OLD.replace("2030年までに倍増", "2031年までに3倍に"))):
        draft = tmp_path / f"{label}.md"
        draft.write_text(text, encoding="utf-8")
        assert run_cli("add", str(draft), "--doc", "kanko", "--label", label, "--store", str(store)).returncode == 0
    with served("serve", "--store", str(store)) as url:
        page.goto(url + "/d/kanko/compare/素案..修正案")
        entry = page.locator("nav.changes li", has=page.locator(".badge-fig")).first
        badge = entry.locator(".badge-fig").bounding_box()
        box = entry.bounding_box()
        page.screenshot(path=str(ARTIFACTS / "long-change-entry.png"))
        assert entry.locator(".badge-fig").inner_text() == "2"
        assert box["x"] <= badge["x"] and badge["x"] + badge["width"] <= box["x"] + box["width"] + 0.5
