"""Web hardening: the API's CSRF guard, tokens, CSV formulas, Japanese downloads, and the
security headers on every response, waitress' own error pages included."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from urllib.parse import quote

import pytest
from conftest import free_port

from versiondiff.render.csvfile import csv_cell
from versiondiff.store import Store
from versiondiff.web import create_app
from versiondiff.web.security import SECURITY_HEADERS, content_disposition

DRAFT = "# 1. 現状\n\n県内シェアは約26%。\n"


def _app(tmp_path, **config):
    Store.init(tmp_path / "s")
    return create_app({"STORE_PATH": str(tmp_path / "s"), "TESTING": True, "SECRET_KEY": "k", **config})


def _upload(client, headers: dict, text: str = DRAFT, slug: str = "doc"):
    body = {"file": (io.BytesIO(text.encode()), "a.md")}
    return client.post(f"/api/documents/{slug}/revisions", data=body, headers=headers, content_type="multipart/form-data")


def _assert_secure(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.status_code, name)


def test_any_authorization_header_does_not_skip_the_csrf_guard(tmp_path):
    client = _app(tmp_path).test_client()
    assert _upload(client, {"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 400
    assert _upload(client, {"Authorization": "Bearer anything"}).status_code == 400
    assert _upload(client, {"X-Versiondiff": "1"}).status_code == 201


def test_a_valid_write_token_uploads_without_the_custom_header(tmp_path):
    client = _app(tmp_path, WRITE_TOKEN="w-secret").test_client()
    assert _upload(client, {"Authorization": "Bearer wrong"}).status_code == 400
    assert _upload(client, {"Authorization": "Bearer w-secret"}).status_code == 201


def test_with_read_and_write_tokens_the_write_token_uploads(tmp_path):
    client = _app(tmp_path, WRITE_TOKEN="w-secret", READ_TOKEN="r-secret").test_client()
    assert _upload(client, {"Authorization": "Bearer w-secret"}).status_code == 201
    assert _upload(client, {"Authorization": "Bearer r-secret", "X-Versiondiff": "1"}, DRAFT + "追記\n").status_code == 403
    assert client.get("/api/documents", headers={"Authorization": "Bearer r-secret"}).status_code == 200
    assert client.get("/api/documents").status_code == 401


@pytest.mark.parametrize("token", ["トークン", "é", "\u00ff\u00fe"])
def test_non_ascii_tokens_are_refused_not_crashed(tmp_path, token):
    client = _app(tmp_path, WRITE_TOKEN="w-secret", READ_TOKEN="r-secret").test_client()
    assert client.get(f"/api/documents?token={quote(token)}").status_code == 401
    latin1 = token.encode("utf-8").decode("latin-1")  # how a raw UTF-8 header arrives
    assert client.get("/api/documents", headers={"Authorization": f"Bearer {latin1}"}).status_code == 401
    refused = _upload(client, {"Authorization": f"Bearer {latin1}", "X-Versiondiff": "1"})
    assert refused.status_code in (401, 403)


def test_non_ascii_csrf_value_is_a_400(tmp_path):
    client = _app(tmp_path).test_client()
    client.get("/")
    body = {"csrf": "偽トークン", "file": (io.BytesIO(DRAFT.encode()), "a.md")}
    assert client.post("/d/doc/upload", data=body, content_type="multipart/form-data").status_code == 400


def test_csv_cells_never_start_a_formula():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "＝1"):
        assert csv_cell(value).startswith("'")
    assert csv_cell("約26%") == "約26%" and csv_cell(None) == ""


def test_csv_export_neutralizes_every_cell(tmp_path):
    client = _app(tmp_path).test_client()
    old = "# =HYPERLINK(\"http://x\")\n\n@SUM 約26%。\n"
    assert _upload(client, {"X-Versiondiff": "1"}, old, "evil").status_code == 201
    assert _upload(client, {"X-Versiondiff": "1"}, old.replace("26", "25"), "evil").status_code == 201
    response = client.get("/d/evil/compare/~1..latest/figures.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) > 1
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


def test_japanese_names_download_with_rfc_6266(tmp_path):
    store = Store.init(tmp_path / "s")
    store.add_revision("ロードマップ", DRAFT.encode(), "計画案 \"最終\".md", label="第1版")
    store.add_revision("ロードマップ", DRAFT.replace("26", "25").encode(), "計画案.md", label="第2版")
    client = create_app({"STORE_PATH": str(tmp_path / "s"), "TESTING": True}).test_client()
    source = client.get("/d/ロードマップ/r/第1版/source")
    assert source.status_code == 200
    disposition = source.headers["Content-Disposition"]
    assert "filename*=UTF-8''" + quote('計画案 "最終".md', safe="") in disposition
    assert disposition.isascii() and '\\"' not in disposition
    for url in ("/d/ロードマップ/compare/第1版..第2版/figures.csv", "/d/ロードマップ/compare/第1版..第2版/export.html"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert quote("ロードマップ-第1版-第2版", safe="") in response.headers["Content-Disposition"]


def test_content_disposition_has_no_quotes_or_controls_in_the_fallback():
    header = content_disposition('a"b\\c\r\nd.txt')
    assert header.startswith('attachment; filename="a_b_c__d.txt"; ')
    assert "\r" not in header and "\n" not in header


def test_huge_back_reference_is_a_client_error_on_the_web(tmp_path):
    client = _app(tmp_path).test_client()
    _upload(client, {"X-Versiondiff": "1"})
    response = client.get("/d/doc/r/~" + "9" * 5000)
    assert response.status_code in (400, 404)
    _assert_secure(response)


@pytest.mark.parametrize(("method", "url"), [("get", "/no/such/page"), ("post", "/"), ("get", "/d/doc/r/nothing")])
def test_error_responses_carry_the_security_headers(tmp_path, method, url):
    response = getattr(_app(tmp_path).test_client(), method)(url)
    assert response.status_code >= 400
    _assert_secure(response)


@pytest.mark.parametrize(("language", "missing", "method"), [
    ("ja", "このアドレスのページはありません: /no/such/&lt;b&gt;page", "このページでは DELETE の要求は受け付けません。"),
    ("en", "There is no page at this address: /no/such/&lt;b&gt;page", "This page does not accept DELETE requests."),
])
def test_an_unknown_address_and_a_wrong_method_answer_in_the_readers_language(tmp_path, language, missing, method):
    client = _app(tmp_path).test_client()
    headers = {"Accept-Language": language}
    page = client.get("/no/such/<b>page", headers=headers)
    assert page.status_code == 404 and missing in page.data.decode()
    assert "requested URL was not found" not in page.data.decode()  # never Werkzeug's own English
    wrong = client.delete("/", headers=headers)
    assert wrong.status_code == 405 and method in wrong.data.decode()
    api = client.get("/api/nothing", headers=headers)
    assert api.status_code == 404 and api.get_json()["error"] == missing.replace("&lt;b&gt;page", "").replace("/no/such/", "/api/nothing")


def test_an_unexpected_exception_is_a_500_page_with_the_headers(tmp_path):
    app = _app(tmp_path, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("bug")

    response = app.test_client().get("/boom")
    assert response.status_code == 500 and b"Traceback" not in response.data
    _assert_secure(response)


def _raw_request(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(payload)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_waitress_own_errors_carry_the_security_headers(tmp_path):
    from versiondiff.web.server import create_server

    port = free_port()
    server = create_server(_app(tmp_path, TESTING=False), "127.0.0.1", port, threads=2, max_body=1024)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        time.sleep(0.2)
        too_large = _raw_request(port, b"POST /api/documents/x/revisions HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n")
        malformed = _raw_request(port, b"GARBAGE\r\n\r\n")
        for response in (too_large, malformed):
            head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            assert not head.startswith("HTTP/1.1 2"), head
            for name, value in SECURITY_HEADERS.items():
                assert f"{name}: {value}" in head, head
        assert too_large.startswith(b"HTTP/1.1 413")
    finally:
        server.close()


@pytest.mark.parametrize(("host", "port", "threads"), [("127.0.0.1", 5000, 0), ("127.0.0.1", 99999, 4), ("bad host", 5000, 4)])
def test_serve_refuses_bad_arguments(tmp_path, host, port, threads):
    from versiondiff.errors import VersiondiffError
    from versiondiff.web.server import create_server

    with pytest.raises(VersiondiffError):
        create_server(_app(tmp_path), host, port, threads, 1024)
