"""The reviewer's compare page on the real corpus pair, in Debian's chromium behind waitress.

A store holds 000 (6 areas) and 001 (34 areas); the page must open on the changes that
matter. Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from conftest import NEW_ROADMAP, OLD_ROADMAP, run_cli, served
from test_browser import ARTIFACTS, CHROMIUM, _require_browser

pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.slow]
HEIGHT_BEFORE = 285_428  # the compare page of 000 → 001 before the summary-first design
COMPARE = "/d/roadmap/compare/000..001"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    store = tmp_path_factory.mktemp("reviewer") / "store"
    for spec in (("init",), ("add", str(OLD_ROADMAP), "--doc", "roadmap", "--label", "000", "--date", "2026-04-06"),
                 ("add", str(NEW_ROADMAP), "--doc", "roadmap", "--label", "001", "--date", "2026-05-20")):
        result = run_cli(*spec, "--store", str(store))
        assert result.returncode == 0, result.stderr.decode()
    with served("serve", "--store", str(store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def test_first_screen_shows_the_eight_changed_figures_of_the_driving_area(server, page):
    page.goto(server + COMPARE)
    page.screenshot(path=str(ARTIFACTS / "r01-compare-first-screen-1400.png"))
    area = page.locator(".fig-area", has=page.locator("h3", has_text="自動運転技術"))
    rows = area.locator("tr.fig-changed")
    assert rows.count() == 8
    for index in range(8):
        box = rows.nth(index).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900, f"changed figure {index + 1} is below the first screen"
    assert "約70兆円" in area.inner_text() and "約72兆円" in area.inner_text()


def test_a_figure_never_breaks_across_lines(server, browser):
    context = browser.new_context(viewport={"width": 800, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(server + COMPARE)
    page.locator(".summary a", has_text="自動運転技術").click()  # that area's own page, on a narrow screen
    assert "area=" in page.url
    broken = page.evaluate(
        "Array.from(document.querySelectorAll('.fig, .num')).filter(e => e.getClientRects().length > 1).map(e => e.textContent)"
    )
    assert page.locator(".fig").count() > 10 and broken == []
    context.close()


def test_default_page_is_a_tenth_of_the_old_height_and_lists_dropped_and_new_areas(server, page):
    page.goto(server + COMPARE)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= HEIGHT_BEFORE / 10, height
    summary = page.locator(".summary").inner_text()
    assert re.search(r"維持\s*4", summary) and re.search(r"削除\s*2", summary) and re.search(r"新規\s*30", summary)
    new_areas = page.locator(".other-areas details").nth(1).locator("li")
    assert new_areas.count() == 30
    assert re.search(r"8\. 量子通信・ネットワーク [\d,]+文字・数値 \d+", new_areas.nth(3).inner_text())
    # Only kept areas have rows in the table on the default page.
    assert page.locator("table.taisho:not(.preamble)").count() == 4


def test_an_area_link_opens_that_area_alone(server, page):
    page.goto(server + COMPARE)
    page.locator(".other-areas a", has_text="海底ケーブル").first.click()
    assert re.search(r"\?area=\d+$", page.url)
    assert page.locator("table.taisho").count() == 1
    assert "6. 海底ケーブル" in page.locator("table.taisho thead").inner_text()
    assert page.locator("table.taisho ins.chg").count() > 0
    page.screenshot(path=str(ARTIFACTS / "r02-area-page.png"))


def test_previous_and_next_links_walk_through_the_changes(server, page):
    page.goto(server + COMPARE)
    first = page.locator("table.taisho td.nav a.next").first
    first.click()
    target = page.url.split("#")[1]
    row = page.locator(f"#{target}")
    assert row.locator("td.nav a.stop").inner_text() == "2"
    assert row.is_visible()
    row.locator("a.prev").click()
    assert page.locator(f"#{page.url.split('#')[1]}").locator("td.nav a.stop").inner_text() == "1"


def test_inline_mode_links_land_on_their_rows(server, page):
    page.goto(server + COMPARE + "?mode=inline")
    link = page.locator(".fig-area a", has_text="日本の輸出額").first
    anchor = link.get_attribute("href")
    link.click()
    target = page.locator(anchor)
    assert target.is_visible() and "約16%" in target.inner_text()
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 900
    page.screenshot(path=str(ARTIFACTS / "r03-inline-landed.png"))


def test_at_800_pixels_the_redline_comes_first_and_nothing_overflows(server, browser):
    context = browser.new_context(viewport={"width": 800, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(server + COMPARE)
    page.screenshot(path=str(ARTIFACTS / "r04-compare-800.png"))
    doc = page.locator("main.doc").bounding_box()
    changes = page.locator("nav.changes").bounding_box()
    assert doc["y"] < changes["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    context.close()


def test_keyboard_focus_is_visible(server, page):
    page.goto(server + COMPARE)
    for _ in range(4):
        page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert style not in ("none", "")


def test_column_order_is_new_old_by_default_and_the_switch_is_remembered(server, page):
    page.goto(server + COMPARE)
    headers = page.locator("table.taisho thead tr.cols th").all_inner_texts()
    assert headers[0].startswith("新") and headers[1].startswith("旧")
    page.locator(".controls a", has_text="列の順").click()
    assert page.locator("table.taisho thead tr.cols th").first.inner_text().startswith("旧")
    page.goto(server + COMPARE)  # remembered by this browser
    assert page.locator("table.taisho thead tr.cols th").first.inner_text().startswith("旧")
    page.goto(server + COMPARE + "?labels=kaisei&order=new-old")
    assert page.locator("table.taisho thead tr.cols th").first.inner_text().startswith("改正後")


def test_print_has_the_title_and_page_numbers_on_every_page(server, page):
    from pypdf import PdfReader

    page.goto(server + COMPARE)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "r05-print-preview.png"))
    pdf = page.pdf(format="A4", landscape=True, print_background=False, prefer_css_page_size=True)
    (ARTIFACTS / "r06-compare-changed-areas.pdf").write_bytes(pdf)
    # NFKC: the PDF's text layer spells some kanji as Kangxi radicals (⾃ for 自).
    pages = [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in PdfReader(io.BytesIO(pdf)).pages]
    total = len(pages)
    assert 1 < total <= 60  # today's whole-document print was 281 pages
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text, f"page {number} has no page number"
        assert "新旧対照表" in text and "001" in text and "000" in text, f"page {number} has no title"
    areas = ("クラウド", "医療DX", "自動運転", "サイバーセキュリティ", "前文")
    for number, sheet in enumerate(pages[2:], start=3):  # the table pages repeat their area in the header
        head = "\n".join(sheet.splitlines()[:6])
        assert any(area in head for area in areas), f"page {number} does not say which area it shows"
    first = pages[0]
    assert "傍線部分は改正部分" in first and "2026-05-20" in first and "2026-04-06" in first


def test_one_area_prints_on_its_own_with_numbered_pages(server, page):
    from pypdf import PdfReader

    page.goto(server + COMPARE)
    page.locator(".summary a", has_text="自動運転技術").click()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    (ARTIFACTS / "r07-area-driving.pdf").write_bytes(pdf)
    pages = [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in PdfReader(io.BytesIO(pdf)).pages]
    assert 1 <= len(pages) <= 20
    assert all(f"{n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert all("自動運転技術" in text for text in pages)  # the area heads every page
    assert "海底ケーブル" not in "".join(pages)
