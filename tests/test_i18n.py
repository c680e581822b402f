"""The interface speaks Japanese by default and English when the browser asks for it."""

from __future__ import annotations

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
