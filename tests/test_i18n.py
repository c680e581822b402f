"""The interface speaks Japanese by default and English when the browser asks for it."""

from __future__ import annotations

import io

import pytest

from versiondiff.cli_web import SAMPLE_SLUG, load_samples
from versiondiff.i18n import compile_catalogs
from versiondiff.store import Store
from versiondiff.web import create_app

COMPARE = f"/d/{SAMPLE_SLUG}/compare/r1..r2"


@pytest.fixture()
def client(tmp_path):
    store = Store.init(tmp_path / "store")
    load_samples(store)
    return create_app({"STORE_PATH": str(tmp_path / "store"), "TESTING": True, "SECRET_KEY": "test"}).test_client()


def test_japanese_by_default(client):
    page = client.get(COMPARE).data.decode()
    assert '<html lang="ja">' in page
    assert "数値の変更のみ" in page and "変更一覧" in page and "（傍線部分は改正部分）" in page
    assert "新（r2" in page


def test_english_when_the_browser_asks(client):
    page = client.get(COMPARE, headers={"Accept-Language": "en-GB,en;q=0.9"}).data.decode()
    assert '<html lang="en">' in page
    assert "Figures only" in page and "Changes" in page and "(underlined parts are amended)" in page
    assert "数値の変更のみ" not in page
    assert "New（r2" in page  # the column label; document text stays as written
    assert "みらい市" in page


def test_a_browser_preferring_japanese_gets_japanese(client):
    page = client.get(COMPARE, headers={"Accept-Language": "ja,en;q=0.5"}).data.decode()
    assert "数値の変更のみ" in page


def test_pages_in_both_languages_are_cached_apart(client):
    client.get(COMPARE)
    english = client.get(COMPARE, headers={"Accept-Language": "en"}).data.decode()
    assert "Figures only" in english


def test_csv_headers_follow_the_language(client):
    japanese = client.get(COMPARE + "/figures.csv").data.decode("utf-8-sig").splitlines()[0]
    english = client.get(COMPARE + "/figures.csv", headers={"Accept-Language": "en"}).data.decode("utf-8-sig").splitlines()[0]
    assert japanese.startswith("状態,分野,旧の節,新の節")
    assert english.startswith("Status,Area,Old section,New section")


def test_catalogs_compile_from_the_po_files_alone(tmp_path):
    source = compile_catalogs()
    assert (source / "en" / "LC_MESSAGES" / "messages.mo").exists()


# ---------------------------------------------------------------- error messages


def _error_page(client, url: str, language: str):
    response = client.get(url, headers={"Accept-Language": language})
    return response.status_code, response.data.decode()


@pytest.mark.parametrize(
    ("url", "japanese", "english"),
    [
        ("/d/no-such-doc/compare/r1..r2", "ストアに文書 &#39;no-such-doc&#39; はありません", "no document &#39;no-such-doc&#39; in the store"),
        (f"/d/{SAMPLE_SLUG}/compare/r1..r9", f"版 {SAMPLE_SLUG}@r9 はありません", f"unknown revision {SAMPLE_SLUG}@r9"),
        (f"/d/{SAMPLE_SLUG}/compare/~9..r2", f"{SAMPLE_SLUG}@~9: この文書の版は 3 個しかありません", f"{SAMPLE_SLUG}@~9: the document has only 3 revisions"),
        (f"/d/{SAMPLE_SLUG}/r/1999-01-01", f"版 {SAMPLE_SLUG}@1999-01-01 はありません", f"unknown revision {SAMPLE_SLUG}@1999-01-01"),
    ],
)
def test_an_unknown_document_or_revision_is_404_in_the_readers_language(client, url, japanese, english):
    status, page = _error_page(client, url, "ja")
    assert status == 404 and '<html lang="ja">' in page
    assert japanese in page and english not in page
    status, page = _error_page(client, url, "en-US,en;q=0.9")
    assert status == 404 and '<html lang="en">' in page
    assert english in page and japanese not in page


def test_the_message_of_a_404_is_escaped(client):
    status, page = _error_page(client, f"/d/{SAMPLE_SLUG}/compare/r1..<em>x", "ja")
    assert status == 404
    assert f"版 {SAMPLE_SLUG}@&lt;em&gt;x はありません" in page and "<em>x" not in page


def test_the_api_answers_an_unknown_revision_in_the_readers_language(client):
    url = f"/api/documents/{SAMPLE_SLUG}/compare/r1..zz"
    japanese = client.get(url, headers={"Accept-Language": "ja"})
    english = client.get(url, headers={"Accept-Language": "en"})
    assert japanese.status_code == english.status_code == 404
    assert japanese.get_json() == {"error": f"版 {SAMPLE_SLUG}@zz はありません", "status": 404}
    assert english.get_json() == {"error": f"unknown revision {SAMPLE_SLUG}@zz", "status": 404}


def test_a_bad_date_or_ambiguous_request_is_400_not_404(client):
    status, page = _error_page(client, f"/d/{SAMPLE_SLUG}/compare/r1..2030-02-30", "ja")
    assert status == 400 and "日付 &#39;2030-02-30&#39; は YYYY-MM-DD 形式の正しい日付ではありません" in page
    status, page = _error_page(client, f"/d/{SAMPLE_SLUG}/compare/r1..2030-02-30", "en")
    assert status == 400 and "date &#39;2030-02-30&#39; is not a date in YYYY-MM-DD form" in page


def test_a_bad_upload_is_400_in_the_readers_language(client):
    def upload(language: str):  # noqa: ANN202
        body = {"file": (io.BytesIO(b"\x00\x01\x02binary\x00" * 64), "<b>draft</b>.txt")}
        return client.post(
            f"/api/documents/{SAMPLE_SLUG}/revisions", data=body, content_type="multipart/form-data",
            headers={"X-Versiondiff": "1", "Accept-Language": language},
        )

    japanese, english = upload("ja"), upload("en")
    assert japanese.status_code == english.status_code == 400
    assert japanese.get_json()["error"] == (
        "<b>draft</b>.txt を登録できません: バイナリファイルです: NUL バイトを含み、UTF-16 のテキストでもありません"
    )
    assert english.get_json()["error"] == (
        "cannot add <b>draft</b>.txt: binary file: it contains NUL bytes and is not UTF-16 text"
    )
    page = client.post(
        f"/d/{SAMPLE_SLUG}/upload", data={"csrf": _csrf(client), "file": (io.BytesIO(b"\x00\x01\x02binary\x00" * 64), "<b>x</b>.txt")},
        content_type="multipart/form-data", headers={"Accept-Language": "ja"},
    )
    assert page.status_code == 400
    assert "&lt;b&gt;x&lt;/b&gt;.txt を登録できません: バイナリファイルです" in page.data.decode()
    assert "<b>x</b>" not in page.data.decode()


def _csrf(client) -> str:
    import re

    page = client.get(f"/d/{SAMPLE_SLUG}").data.decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_the_servers_language_does_not_decide_the_pages(client, monkeypatch):
    """The web follows the browser, whatever locale the server was started in."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    status, page = _error_page(client, f"/d/{SAMPLE_SLUG}/compare/r1..r9", "ja")
    assert status == 404 and f"版 {SAMPLE_SLUG}@r9 はありません" in page
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    status, page = _error_page(client, f"/d/{SAMPLE_SLUG}/compare/r1..r9", "en")
    assert status == 404 and f"unknown revision {SAMPLE_SLUG}@r9" in page


def test_an_error_keeps_its_japanese_source_and_is_translated_when_shown(monkeypatch):
    import functools
    import pickle

    from versiondiff.errors import NotFoundError, StoreError, VersiondiffError
    from versiondiff.i18n import N_, gettext_in

    error = StoreError(N_("%(name)s を登録できません: %(reason)s"), name="a.md", reason=VersiondiffError(N_("ファイルが空です")))
    assert error.message == "%(name)s を登録できません: %(reason)s" and error.variables["name"] == "a.md"
    assert error.in_language(functools.partial(gettext_in, "en")) == "cannot add a.md: file is empty"  # nested, same language
    assert error.in_language(functools.partial(gettext_in, "ja")) == "a.md を登録できません: ファイルが空です"
    monkeypatch.setenv("LANGUAGE", "en")
    assert str(error) == "cannot add a.md: file is empty"
    copy = pickle.loads(pickle.dumps(NotFoundError(N_("版 %(slug)s@%(spec)s はありません"), slug="a", spec="r9")))
    assert isinstance(copy, NotFoundError) and str(copy) == "unknown revision a@r9"
    assert str(VersiondiffError("already final, 100% as written")) == "already final, 100% as written"
