"""The compare page a reviewer reads: area pages, column order and labels, reading aids, print furniture."""

from __future__ import annotations

import re

import pytest
from test_reviewer_areas import NEW, OLD

from versiondiff.ingest import add_file
from versiondiff.store import Store
from versiondiff.web import create_app

URL = "/d/hakusho/compare/v1..v2"
# A kept area that gains a whole subsection with figures: it must fold without hiding them.
GROWN = NEW.replace("# 2. 港湾", "## 2. 目標\n\n### (1) 台数\n\n2030年に約300台。\n\n売上は約2兆円。\n\n# 2. 港湾", 1)


@pytest.fixture()
def client(tmp_path):
    store = Store.init(tmp_path / "store")
    for label, text, date in (("v1", OLD, "2030-01-10"), ("v2", NEW, "2030-02-20"), ("v3", GROWN, "2030-03-30")):
        path = tmp_path / f"{label}.md"
        path.write_text(text, encoding="utf-8")
        add_file(store, path, "hakusho", label=label, date=date, title="地域交通白書")
    app = create_app({"STORE_PATH": str(tmp_path / "store"), "TESTING": True, "SECRET_KEY": "test"})
    return app.test_client()


def _get(client, url: str, **kwargs) -> str:  # noqa: ANN003
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.data[:300]
    return response.data.decode()


def _column_headers(page: str) -> list[str]:
    head = re.search(r'<tr class="cols">(.*?)</tr>', page).group(1)
    return re.findall(r'<th scope="col">(.*?)</th>', head)


def test_title_block_names_the_document_both_revisions_and_dates(client):
    page = _get(client, URL)
    block = page[page.index('<header class="title-block">'):page.index("</header>", page.index('<header class="title-block">'))]
    assert "地域交通白書" in block and "傍線部分は改正部分" in block
    assert "新（v2・2030-02-20）" in block and "旧（v1・2030-01-10）" in block


def test_new_is_left_by_default_and_old_left_on_request(client):
    assert _column_headers(_get(client, URL))[:2] == ["新（v2・2030-02-20）", "旧（v1・2030-01-10）"]
    assert _column_headers(_get(client, URL + "?order=old-new"))[:2] == ["旧（v1・2030-01-10）", "新（v2・2030-02-20）"]


def test_the_order_is_remembered_by_a_cookie_set_through_a_link(client):
    response = client.get("/prefs?order=old-new&next=" + URL)
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    assert "vd_order=old-new" in response.headers["Set-Cookie"]
    assert _column_headers(_get(client, URL))[0].startswith("旧")
    assert _column_headers(_get(client, URL + "?order=new-old"))[0].startswith("新")  # the URL wins


@pytest.mark.parametrize("query", ["next=//evil.example/", "next=https://evil.example/", "order=sideways&next=/"])
def test_the_preference_route_refuses_foreign_targets_and_unknown_values(client, query):
    assert client.get("/prefs?" + query).status_code == 400


@pytest.mark.parametrize(("labels", "left"), [("kaisei", "改正後（v2"), ("shusei", "修正案（v2"), ("revision", "v2・2030-02-20")])
def test_labels_are_chosen_by_a_parameter(client, labels, left):
    assert _column_headers(_get(client, f"{URL}?labels={labels}"))[0].startswith(left)


def test_bad_parameters_are_400_and_an_unknown_area_404(client):
    assert client.get(URL + "?order=x").status_code == 400
    assert client.get(URL + "?area=abc").status_code == 400
    assert client.get(URL + "?area=99").status_code == 404


def test_the_default_page_shows_kept_areas_and_one_line_per_dropped_or_new_area(client):
    page = _get(client, URL)
    assert page.count('<table class="taisho"') == 1  # クラウド only
    other = page[page.index('class="other-areas"'):]
    assert re.search(r'<a href="[^"]*area=\d+">データ基盤</a> <span class="size">15文字・数値 1</span>', other)
    assert re.search(r'<a href="[^"]*area=\d+">2. 港湾</a>', other)


def test_an_area_page_shows_that_area_alone_with_its_text(client):
    page = _get(client, URL)
    area = re.search(r'href="([^"]*area=\d+)">2. 港湾</a>', page).group(1).replace("&amp;", "&")
    alone = _get(client, area)
    assert alone.count('<table class="taisho"') == 1
    assert "港湾の取扱量は" in alone and "クラウドの市場" not in alone


def test_changes_are_numbered_with_previous_and_next_anchors(client):
    page = _get(client, "/d/hakusho/compare/v1..v3")
    navs = re.findall(r'<td class="nav"><a class="stop" href="#([\w]+)"[^>]*>(\d+)</a>(.*?)</td>', page)
    assert [int(n) for _, n, _ in navs] == list(range(1, len(navs) + 1)) and len(navs) >= 2
    assert f'class="next" href="#{navs[1][0]}"' in navs[0][2]
    assert f'class="prev" href="#{navs[0][0]}"' in navs[1][2]


def test_a_folded_new_subsection_still_lists_its_figures(client):
    page = _get(client, "/d/hakusho/compare/v2..v3")
    folded = page[page.index('<details class="collapsed'):page.index("</details>")]
    assert "約300台" in folded and "約2兆円" in folded
    assert re.search(r"<summary>節を追加：2 段落・\d+文字・数値 \d+", folded)


def test_a_replaced_word_marks_its_changed_character(client):
    page = _get(client, URL)
    assert '<del class="chg">運賃<mark class="ch">収</mark>受</del>' in page
    assert '<ins class="chg">運賃<mark class="ch">收</mark>受</ins>' in page


def test_markdown_marks_never_show_raw(client):
    page = _get(client, URL)
    assert "[^1]" not in page and "**" not in page
    assert '<sup class="fn" title="2024年時点。">注</sup>' in page


def test_filters_are_links_that_keep_the_other_choices(client):
    page = _get(client, URL + "?labels=kaisei")
    assert f'href="{URL}?labels=kaisei&amp;only=numbers"' in page
    assert f'href="{URL}?labels=kaisei&amp;mode=inline"' in page


def test_print_stylesheet_puts_the_title_on_every_page_and_cannot_be_broken_out_of(client):
    css = _get(client, URL + "/print.css")
    assert "@top-center" in css and "content:" in css
    assert "地域交通白書" in css
    from versiondiff.render.html import css_string

    escaped = css_string('a"}</style><script>x')
    assert '"' not in escaped[1:-1] and "}" not in escaped and "<" not in escaped


def test_the_standalone_export_has_the_title_block_and_print_furniture(client):
    html = _get(client, URL + "/export.html")
    assert "傍線部分は改正部分" in html and "counter(pages)" in html and "@top-center" in html


def test_the_preamble_has_its_own_page_where_it_is_open(tmp_path):
    store = Store.init(tmp_path / "store")
    for label, lines in (("v1", ["白書（案）", "2030年1月", "目次", "第1章", "第2章"]), ("v2", ["白書（改訂案）", "2030年3月", "目次", "第1章", "第2章", "第3章", "第4章", "付録"])):
        path = tmp_path / f"{label}.md"
        path.write_text("\n\n".join(lines) + "\n\n# 交通\n\n本文は約5兆円。\n", encoding="utf-8")
        add_file(store, path, "w", label=label)
    client = create_app({"STORE_PATH": str(tmp_path / "store"), "TESTING": True, "SECRET_KEY": "t"}).test_client()
    folded = _get(client, "/d/w/compare/v1..v2")
    assert '<details class="collapsed preamble">' in folded and 'href="/d/w/compare/v1..v2?area=0"' in folded
    alone = _get(client, "/d/w/compare/v1..v2?area=0")
    assert "<details" not in alone.split('id="area0"')[1] and "第3章" in alone


_TABLE = "# 1. 交通\n\n| 項目 | 目標値 |\n| --- | --- |\n| 台数 | 約5万台 |\n{extra}"


def _table_store(tmp_path, extra_new: str):  # noqa: ANN202
    store = Store.init(tmp_path / "store")
    for label, extra in (("v1", "| 路線数 | 約100路線 |\n"), ("v2", extra_new)):
        path = tmp_path / f"{label}.md"
        path.write_text(_TABLE.format(extra=extra), encoding="utf-8")
        add_file(store, path, "t", label=label)
    return create_app({"STORE_PATH": str(tmp_path / "store"), "TESTING": True, "SECRET_KEY": "test"}).test_client()


def _grid(cell_html: str) -> list[tuple[str, list[str]]]:
    """(row class, cell texts) of the first grid in ``cell_html``."""
    table = re.search(r'<table class="cells">(.*?)</table>', cell_html, re.S).group(1)
    return [(cls or "", [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd]>(.*?)</t[hd]>", row)])
            for cls, row in re.findall(r'<tr(?: class="([^"]*)")?>(.*?)</tr>', table, re.S)]


@pytest.mark.parametrize("mode", ["", "?mode=inline"])
def test_an_edited_table_is_shown_as_a_grid_with_its_deleted_row_marked_whole(tmp_path, mode):
    page = _get(_table_store(tmp_path, ""), "/d/t/compare/v1..v2" + mode)
    row = page[page.index('id="s0c0"'):]
    grids = re.findall(r'<table class="cells">.*?</table>', row, re.S)
    old_grid = _grid(grids[-1] if not mode else grids[0])
    assert old_grid == [("", ["項目", "目標値"]), ("", ["台数", "約5万台"]), ("row-del", ["路線数", "約100路線"])]
    assert "<th>項目</th>" in grids[0]  # the header row as headers


def test_a_changed_cell_is_marked_in_its_cell_and_the_change_list_names_the_change_only(tmp_path):
    page = _get(_table_store(tmp_path, "| 路線数 | 約120路線 |\n"), "/d/t/compare/v1..v2")
    grids = re.findall(r'<table class="cells">.*?</table>', page[page.index('id="s0c0"'):], re.S)
    new_grid = _grid(grids[0])  # new on the left by default
    assert new_grid[2] == ("", ["路線数", "約120路線"])
    assert '<ins class="chg fig">約120路線</ins>' in grids[0]
    changes = page[page.index('<nav class="changes'):]
    changes = changes[: changes.index("</nav>")]
    assert "約100路線 → 約120路線" in changes and "項目" not in changes
