"""Every change names its area: panel, change list, table, ledger, CSV, JSON, CLI, hook, commit.

Two drafts of our own share one skeleton of subsections (1. 現状 › (1) 市場) under each
area: without the area a path means nothing. The area クラウド keeps its heading unchanged
while its subsection changes, right after the dropped area データ基盤 — the case where a
navigator that hides unchanged headings shows the subsection under the wrong area.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from conftest import run_cli, write_drafts

from versiondiff.ingest import add_file
from versiondiff.store import Store
from versiondiff.web import create_app

OLD = """地域交通白書（案）

# データ基盤

## 1. 現状

### (1) 市場

データ基盤の市場は約10兆円。

# クラウド

## 1. 現状

### (1) 市場

クラウドの市場は約5兆円で、運賃収受の仕組みを整える[^1]。

[^1]: 2024年時点。
"""
NEW = """地域交通白書（案）

# クラウド

## 1. 現状

### (1) 市場

クラウドの市場は約6兆円で、運賃收受の仕組みを整える[^1]。

[^1]: 2024年時点。

# 2. 港湾

## 1. 現状

### (1) 市場

港湾の取扱量は約3億トン。
"""
CLOUD_PATH = "クラウド › 1. 現状 › (1) 市場"


@pytest.fixture()
def drafts(tmp_path):
    return write_drafts(tmp_path, OLD, NEW)


@pytest.fixture()
def store_path(tmp_path, drafts):
    path = tmp_path / "store"
    store = Store.init(path)
    add_file(store, drafts[0], "hakusho", label="v1", date="2030-01-10")
    add_file(store, drafts[1], "hakusho", label="v2", date="2030-02-20")
    return path


@pytest.fixture()
def client(store_path):
    app = create_app({"STORE_PATH": str(store_path), "TESTING": True, "SECRET_KEY": "test"})
    return app.test_client()


def _page(client, url: str = "/d/hakusho/compare/v1..v2") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.data.decode()


def test_the_change_list_puts_a_subsection_under_its_own_area(client):
    page = _page(client)
    changes = page[page.index('class="changes'):]
    entries = re.findall(r'<li class="(area|op-\w+)"><a href="#([\w]+)">(.*?)</a>', changes)
    areas = [text for kind, _, text in entries if kind == "area"]
    assert areas == ["クラウド"]  # the kept area, shown although its heading is unchanged
    assert entries[0][0] == "area" and "約5兆円" in entries[1][2] and "約6兆円" in entries[1][2]


def test_row_headers_carry_the_full_path_with_the_area(client):
    page = _page(client)
    table = page[page.index('<table class="taisho"'):]
    assert f"<th>{CLOUD_PATH}</th>" in table
    assert '<tr class="area-row"><th colspan="3">クラウド' in table


def test_the_figures_panel_names_the_area(client):
    page = _page(client)
    panel = page[page.index('class="figures-by-area"'):page.index('class="other-areas"')]
    assert '<h3><a href="#area' in panel and ">クラウド</a>" in panel
    assert f'title="{CLOUD_PATH}"' in panel


def test_csv_rows_carry_area_and_full_paths(client):
    body = client.get("/d/hakusho/compare/v1..v2/figures.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["状態", "分野", "旧の節", "新の節"]
    changed = next(r for r in rows if r[0] == "変更")
    assert changed[1] == "クラウド" and changed[2] == CLOUD_PATH and changed[3] == CLOUD_PATH
    added = next(r for r in rows if r[0] == "追加")
    assert added[1] == "2. 港湾" and added[3] == "2. 港湾 › 1. 現状 › (1) 市場"


def test_json_changes_carry_the_area_in_their_path_and_show_japanese(client):
    response = client.get("/api/documents/hakusho/compare/v1..v2")
    assert "\\u" not in response.data.decode()  # Japanese as written, not \\uXXXX escapes
    data = json.loads(response.data)
    changed = next(q for q in data["quantities"] if q["status"] == "changed")
    assert changed["section"]["new"] == ["クラウド", "1. 現状", "(1) 市場"]


def test_ledger_page_rows_carry_the_area(client):
    page = _page(client, "/d/hakusho/figures")
    assert f"<td>{CLOUD_PATH}</td>" in page


def test_cli_lines_and_figure_table_carry_the_area(drafts):
    out = run_cli("diff", str(drafts[0]), str(drafts[1])).stdout.decode()
    assert f"§ {CLOUD_PATH}  [modified]" in out
    assert "§ データ基盤  [area deleted]" in out and "figures: 約10兆円" in out
    table = out[out.index("Changed figures"):]
    assert f"\n{CLOUD_PATH}\n  changed" in table


def test_cli_ledger_table_carries_the_area(store_path):
    out = run_cli("figures", "hakusho", "--store", str(store_path), env={"COLUMNS": "200"}).stdout.decode()
    assert CLOUD_PATH in out


def test_commit_body_lists_figures_with_their_area(store_path):
    message = subprocess.run(["git", "-C", str(store_path), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
    assert f"- {CLOUD_PATH} — クラウドの市場: 約5兆円 → 約6兆円" in message


def test_hook_line_carries_the_area(tmp_path):
    repo = tmp_path / "drafts"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "hakusho.md").write_text(OLD, encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    (repo / "hakusho.md").write_text(OLD.replace("約5兆円", "約6兆円"), encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    out = run_cli("hook", "run", "--repo", str(repo)).stdout.decode()
    assert f"hakusho.md: {CLOUD_PATH} — クラウドの市場: 約5兆円 → 約6兆円 (+1兆円 (+20%))" in out.splitlines()
