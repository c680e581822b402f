"""Every page and API route of the web viewer through Flask's test client."""

from __future__ import annotations

import io
import json
import re

import jsonschema
import pytest
from conftest import CONTRACT

from versiondiff.cli_web import SAMPLE_SLUG, load_samples
from versiondiff.store import Store
from versiondiff.web import create_app


@pytest.fixture()
def app(tmp_path):
    store = Store.init(tmp_path / "store")
    load_samples(store)
    return create_app({"STORE_PATH": str(tmp_path / "store"), "TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture()
def client(app):
    return app.test_client()


def _csrf(client, url: str) -> str:
    page = client.get(url).data.decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_documents_page_lists_the_sample_with_its_latest_figures(client):
    page = client.get("/").data.decode()
    assert 'lang="ja"' in page
    assert "みらい市 スマート交通ロードマップ（素案）" in page
    assert f'href="/d/{SAMPLE_SLUG}"' in page
    assert '<span class="badge badge-fig">5</span>' in page  # r2 → r3 changed five figures


def test_timeline_lists_revisions_newest_first_with_changes(client):
    page = client.get(f"/d/{SAMPLE_SLUG}").data.decode()
    assert page.index(">r3<") < page.index(">r2<") < page.index(">r1<")
    assert "+3 / −4" in page  # r3 added an area of 3 sections and dropped one of 4
    assert f'/d/{SAMPLE_SLUG}/compare/r2..r3' in page


def test_picker_redirects_to_the_permalink(client):
    response = client.get(f"/d/{SAMPLE_SLUG}/compare?old=r1&new=r3")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/d/{SAMPLE_SLUG}/compare/r1..r3")


def test_compare_view_shows_the_taisho_table_and_changed_figures(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r2").data.decode()
    assert "新旧対照表" in page
    assert '<del class="chg fig">約26%</del>' in page and '<ins class="chg fig">約25%</ins>' in page
    assert 'class="badge badge-renamed">改名</span>' in page
    assert 'class="badge badge-moved">移動</span>' in page
    panel = page[page.index('class="figures-by-area"'):]
    anchor = re.search(r'<a href="#(s\d+c\d+)"[^>]*>県内シェア</a>', panel).group(1)
    assert f'id="{anchor}"' in page


def test_compare_is_cached_by_blob_ids(app, client):
    service = app.extensions["versiondiff"]
    client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r2")
    computed = service.computed
    client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r2")
    commits = [r.commit[:12] for r in service.store.revisions(SAMPLE_SLUG)]
    client.get(f"/d/{SAMPLE_SLUG}/compare/{commits[2]}..{commits[1]}")  # same pair, other names
    assert service.computed == computed  # computed once for the pair of contents (by the add)
    assert service.pages.hits >= 1


@pytest.mark.corpus  # the contract lives in ../shared
def test_api_compare_follows_the_contract(client):
    data = client.get(f"/api/documents/{SAMPLE_SLUG}/compare/r1..r3").get_json()
    jsonschema.validate(data, json.loads(CONTRACT.read_text(encoding="utf-8")))
    assert any(q["old"] and q["new"] and (q["old"]["text"], q["new"]["text"]) == ("約26%", "約24%") for q in data["quantities"])


def test_api_documents_revisions_and_history(client):
    documents = client.get("/api/documents").get_json()
    assert documents[0]["slug"] == SAMPLE_SLUG and documents[0]["revisions"] == 3
    revisions = client.get(f"/api/documents/{SAMPLE_SLUG}/revisions").get_json()
    assert [r["label"] for r in revisions] == ["r3", "r2", "r1"]
    history = client.get(f"/api/documents/{SAMPLE_SLUG}/history?section=経済的重要性").get_json()
    shares = [[f["text"] for f in row["figures"] if f["unit"] == "%"] for row in history]
    assert shares == [["約26%"], ["約25%"], ["約24%"]]


def test_revision_page_renders_markdown_with_outline_and_source_link(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/r/r2").data.decode()
    assert '<h1 id="h0">1. 自動運転バス</h1>' in page
    assert f'href="/d/{SAMPLE_SLUG}/r/r2/source"' in page
    source = client.get(f"/d/{SAMPLE_SLUG}/r/r2/source")
    assert source.headers["Content-Type"] == "application/octet-stream"
    assert "attachment" in source.headers["Content-Disposition"]


def test_section_history_page_shows_the_target_over_revisions(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/history?section=経済的重要性&figure=%").data.decode()
    assert page.index("約26%") < page.index("約25%") < page.index("約24%")


def test_exports_csv_and_standalone_html(client):
    csv = client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r2/figures.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert "県内シェア,約26%,約25%,−1 pt" in csv.data.decode("utf-8-sig")
    html = client.get(f"/d/{SAMPLE_SLUG}/compare/r1..r2/export.html").data.decode()
    assert "<style>" in html and "@page { size: A4 landscape" in html


@pytest.mark.parametrize(
    "url",
    ["/d/unknown", f"/d/{SAMPLE_SLUG}/compare/r1..r9", f"/d/{SAMPLE_SLUG}/r/nope", "/api/documents/unknown/revisions",
     f"/api/documents/{SAMPLE_SLUG}/compare/r1..zz", f"/d/{SAMPLE_SLUG}/compare/r1", f"/d/{SAMPLE_SLUG}/history?section=存在しない節"],
)
def test_unknown_documents_and_revisions_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Traceback" not in response.data


def test_upload_through_the_form_adds_a_revision(client, tmp_path):
    token = _csrf(client, f"/d/{SAMPLE_SLUG}")
    text = "# 1. 自動運転バス\n\n- 県内シェアは約23%。\n"
    response = client.post(
        f"/d/{SAMPLE_SLUG}/upload",
        data={"csrf": token, "label": "r4", "file": (io.BytesIO(text.encode()), "r4.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).data.decode()
    assert "版 r4 を登録しました" in page and ">r4<" in page


@pytest.mark.parametrize(
    ("data", "message", "japanese"),
    [
        ({"label": "r4"}, "Choose a file", "アップロードするファイルを選んでください。"),
        ({"file": (b"", "empty.md")}, "empty", "アップロードされたファイルが空です。"),
        ({"file": (b"MZ\x90\x00binary", "virus.exe")}, "Unsupported file type", "&#39;virus.exe&#39; は扱えない種類のファイルです。"),
        ({"file": (bytes(range(256)) * 8, "x.txt")}, "binary file", "x.txt を登録できません: バイナリファイルです"),
        ({"file": ("本文".encode(), "x.md"), "label": "r1"}, "already used", "ラベル &#39;r1&#39; は mirai-roadmap の別の版ですでに使われています"),
        ({"file": ("本文".encode(), "x.md"), "label": "../x"}, "path separator", "版のラベル &#39;../x&#39; にパスの区切り文字が含まれています。"),
    ],
)
def test_bad_uploads_are_400_with_a_clear_message_in_the_readers_language(client, data, message, japanese):
    def post(language: str):  # noqa: ANN202
        form = {"csrf": _csrf(client, f"/d/{SAMPLE_SLUG}"), **data}
        if "file" in form:
            form["file"] = (io.BytesIO(form["file"][0]), form["file"][1])
        return client.post(
            f"/d/{SAMPLE_SLUG}/upload", data=form, content_type="multipart/form-data", headers={"Accept-Language": language},
        )

    english = post("en")
    assert english.status_code == 400
    assert message in english.data.decode()
    in_japanese = post("ja")
    assert in_japanese.status_code == 400
    assert japanese in in_japanese.data.decode()


def test_upload_without_csrf_token_is_refused(client):
    response = client.post(f"/d/{SAMPLE_SLUG}/upload", data={"file": (io.BytesIO(b"x"), "x.md")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "CSRF" in response.data.decode()


def test_oversized_upload_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    for language, message in (("en", "The upload is too large: the limit is 0 MB."), ("ja", "アップロードが大きすぎます: 上限は 0 MB です。")):
        response = client.post(
            f"/d/{SAMPLE_SLUG}/upload", data={"file": (io.BytesIO(b"a" * 5000), "big.md")},
            content_type="multipart/form-data", headers={"Accept-Language": language},
        )
        assert response.status_code == 413
        assert message in response.data.decode()


def test_write_token_guards_uploads_when_configured(tmp_path):
    Store.init(tmp_path / "s")
    app = create_app({"STORE_PATH": str(tmp_path / "s"), "TESTING": True, "WRITE_TOKEN": "sekrit"})
    client = app.test_client()
    body = {"file": (io.BytesIO("# 章\n\n本文\n".encode()), "a.md")}
    refused = client.post("/api/documents/doc/revisions", data=dict(body), headers={"X-Versiondiff": "1"}, content_type="multipart/form-data")
    assert refused.status_code == 403
    body = {"file": (io.BytesIO("# 章\n\n本文\n".encode()), "a.md")}
    accepted = client.post("/api/documents/doc/revisions", data=body, headers={"Authorization": "Bearer sekrit"}, content_type="multipart/form-data")
    assert accepted.status_code == 201
    assert client.get("/api/documents").get_json()[0]["slug"] == "doc"  # reads stay open


def test_api_upload_needs_a_header_a_cross_site_form_cannot_send(client):
    response = client.post(f"/api/documents/{SAMPLE_SLUG}/revisions", data={"file": (io.BytesIO(b"# x\n\ny\n"), "a.md")}, content_type="multipart/form-data")
    assert response.status_code == 400


def test_document_text_is_escaped_everywhere(client):
    evil = (
        "# 1. 自動運転バス\n\n- <script>alert('x')</script> と <img src=x onerror=alert(1)> と "
        "[link](javascript:alert(1)) と <b>raw</b>。県内シェアは約22%。\n"
    )
    token = _csrf(client, f"/d/{SAMPLE_SLUG}")
    client.post(f"/d/{SAMPLE_SLUG}/upload", data={"csrf": token, "label": "evil", "file": (io.BytesIO(evil.encode()), "evil.md")}, content_type="multipart/form-data")
    for url in (f"/d/{SAMPLE_SLUG}/r/evil", f"/d/{SAMPLE_SLUG}/compare/r3..evil", f"/d/{SAMPLE_SLUG}/compare/r3..evil/export.html"):
        page = client.get(url).data.decode()
        assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page, url
        assert "onerror=alert" not in page or "&lt;img" in page


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src" not in csp or "'unsafe-inline'" not in csp
    assert "default-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_figures_page_lists_the_ledger_sorted_and_filtered(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/figures").data.decode()
    assert "数値の台帳" in page and "<strong>約24%</strong>" in page
    filtered = client.get(f"/d/{SAMPLE_SLUG}/figures?section=物流ドローン&sort=changed").data.decode()
    assert "約350件" in filtered and "約24%" not in filtered
    assert client.get(f"/d/{SAMPLE_SLUG}/figures?sort=nonsense").status_code == 400


def test_figure_history_page_draws_the_values_across_revisions(client):
    figures = client.get(f"/api/documents/{SAMPLE_SLUG}/figures").get_json()["figures"]
    share = next(f for f in figures if f["context"] == "県内シェア" and len(f["values"]) == 3)
    page = client.get(f"/d/{SAMPLE_SLUG}/figures/{share['id']}").data.decode()
    assert '<svg class="chart"' in page and page.count('<circle') == 3
    assert page.index("約26%") < page.index("約25%") < page.index("約24%")
    assert client.get(f"/d/{SAMPLE_SLUG}/figures/99999").status_code == 404


def test_compare_view_links_each_changed_figure_to_its_history(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/compare/r2..r3").data.decode()
    assert f'href="/d/{SAMPLE_SLUG}/figures/' in page and "この数値の履歴" in page


def test_revision_page_and_api_show_the_checks(client):
    page = client.get(f"/d/{SAMPLE_SLUG}/r/r3").data.decode()
    assert "古い値が残っている" in page and "県内シェア" in page
    findings = client.get(f"/api/documents/{SAMPLE_SLUG}/check/r3").get_json()
    assert findings[0]["kind"] == "stale" and findings[0]["second"]["text"] == "約25%"
    assert "見つかりませんでした" in client.get(f"/d/{SAMPLE_SLUG}/r/r1").data.decode()


def test_serve_on_a_port_in_use_is_a_clear_error(tmp_path):
    import socket

    from conftest import run_cli

    Store.init(tmp_path / "s")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--store", str(tmp_path / "s"), "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
