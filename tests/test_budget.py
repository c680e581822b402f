"""A time limit per comparison: sections not reached are listed as not compared, never as
deleted or added, their figures are not reported, and every view says the result is incomplete.

The clock is injected (``Ticks``: the engine reads it once per section, and alignment once
every ``PairWatch.PAIRS_PER_READ`` pairs of sections it compares), so the limit is hit after a
known amount of work whatever the machine's speed.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CONTRACT, ROOT, needs_shared, run_cli, write_drafts

from versiondiff import cli
from versiondiff.compare import budget, compare_documents
from versiondiff.compare.budget import NOT_COMPARED, TimeLimit
from versiondiff.normalize import normalize_text
from versiondiff.render.html import render_html
from versiondiff.render.markdown import render_markdown_report
from versiondiff.render.text import render_text

EXTENSION = ROOT / "docs" / "compare-limit.schema.json"

OLD = """前書きの文。

# 1. 目標

出荷額の目標を約26%とする。

# 2. 投資

官民の投資額は約70兆円とする。

## (1) 内訳

国費は約3兆円を見込む。

# 3. 人材

デジタル人材を10万人育成する。

# 4. 廃止する施策

補助金は年間約500億円とする。
"""

NEW = (
    OLD.replace("約26%", "約25%").replace("約70兆円", "約72兆円").replace("10万人", "12万人")
    .replace("# 4. 廃止する施策\n\n補助金は年間約500億円とする。\n", "# 4. 新しい拠点\n\n拠点を全国に30か所整備する。\n")
    .replace("前書きの文。", "前書きの文章。")
)


class Ticks:
    """A clock that advances ``step`` seconds every time it is read.

    Sections stop at ``SECTIONS_SHARE`` of the limit; read at that pace, a limit of N + 0.5
    seconds lets exactly N sections through."""

    def __init__(self, step: float = budget.SECTIONS_SHARE) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def documents():
    return normalize_text(OLD, "markdown"), normalize_text(NEW, "markdown")


def cut_after(sections: int):
    """A comparison whose limit passes after ``sections`` sections (one clock reading each)."""
    old, new = documents()
    return compare_documents(old, new, old_name="plan", new_name="plan", time_limit=TimeLimit(sections + 0.5, Ticks()))


def extension_schema() -> dict:
    return json.loads(EXTENSION.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- engine and JSON


def test_sections_after_the_limit_are_not_compared_and_not_deleted_or_added():
    comparison = cut_after(2)
    statuses = [(s.path, s.status) for s in comparison.sections]
    assert statuses[:2] == [(("1. 目標",), "modified"), (("2. 投資",), "modified")]
    assert {status for _, status in statuses[2:]} == {NOT_COMPARED}
    assert not any(s.changes for s in comparison.sections if s.status == NOT_COMPARED)
    limit = comparison.limit
    assert (limit.kind, limit.seconds, limit.sections_compared, limit.sections_not_compared) == ("time", 2.5, 2, 4)
    assert not limit.preamble_compared


def _rewritten_draft(sections: int, seed: int) -> str:
    """Sections whose titles and bodies share nothing with the other side's: alignment must
    compare every pair of them (quadratic) before it knows that none matches."""
    import random

    words = "政策投資地域産業人材育成技術開発計画推進支援事業制度環境整備強化活用促進基盤構築"
    rng = random.Random(seed)

    def text(n: int) -> str:
        return "".join(rng.choice(words) for _ in range(n))

    return "\n\n".join(f"# {text(6)}\n\n{text(50)}を約{i + 1}兆円とする。" for i in range(sections))


def test_alignment_of_many_rewritten_sections_stops_at_the_limit_too():
    from versiondiff.compare.align import PairWatch

    old = normalize_text(_rewritten_draft(120, 1), "markdown")
    new = normalize_text(_rewritten_draft(120, 2), "markdown")
    ticks = Ticks()
    comparison = compare_documents(old, new, time_limit=TimeLimit(1.5, ticks))
    reads = round(ticks.now / ticks.step)
    # 14,400 pairs to compare; the clock is read every PairWatch.PAIRS_PER_READ pairs and the
    # deadline (70 % of 1.5 ticks after the start) passes at the second read: alignment stops there.
    assert reads <= 3 < 120 * 120 / PairWatch.PAIRS_PER_READ
    assert {s.status for s in comparison.sections} == {NOT_COMPARED}
    assert comparison.quantities == []  # never "120 figures removed, 120 added"
    limit = comparison.limit
    assert (limit.sections_compared, limit.sections_not_compared) == (0, 240)
    whole = compare_documents(old, new)  # without a limit: every pair compared, none matches
    assert [s.status for s in whole.sections].count("added") == 120


def test_sections_stop_early_enough_to_leave_time_for_moves_and_figures():
    old, new = documents()
    comparison = compare_documents(old, new, time_limit=TimeLimit(7, Ticks(step=1.0)))
    assert comparison.limit.seconds == 7  # the limit as given...
    assert comparison.limit.sections_compared == 4  # ...but the sections stopped at 4.9 s of it


def test_no_figure_is_reported_for_a_section_not_compared():
    comparison = cut_after(2)
    reported = {(q.old.text if q.old else None, q.new.text if q.new else None) for q in comparison.quantities}
    assert reported == {("約26%", "約25%"), ("約70兆円", "約72兆円")}  # not 10万人, 約500億円 or 30か所
    assert comparison.stats["quantities_removed"] == comparison.stats["quantities_added"] == 0


def test_a_limit_never_reached_changes_nothing():
    old, new = documents()
    free = compare_documents(old, new).as_json()
    bounded = compare_documents(old, new, time_limit=TimeLimit(1000.5, Ticks())).as_json()
    free["stats"].pop("seconds"), bounded["stats"].pop("seconds")
    assert "limit" not in bounded
    assert bounded == free
    assert {q["new"]["text"] for q in free["quantities"] if q["new"]} >= {"12万人", "30か所"}


def test_json_of_a_cut_comparison_follows_the_contract_and_the_extension():
    data = cut_after(2).as_json()
    jsonschema.validate(data, extension_schema())
    jsonschema.validate(data, json.loads(needs_shared(CONTRACT).read_text(encoding="utf-8")))
    assert [s["new"]["path"] for s in data["sections"]] == [["1. 目標"], ["2. 投資"]]
    limit = data["limit"]
    assert (limit["hit"], limit["figures_complete"], limit["sections_not_compared"]) == (True, False, 4)
    skipped = {tuple((item["new"] or item["old"])["path"]): item for item in limit["not_compared"]}
    assert set(skipped) == {(), ("2. 投資", "(1) 内訳"), ("3. 人材",), ("4. 新しい拠点",), ("4. 廃止する施策",)}
    assert skipped[("3. 人材",)]["old_text"] == "デジタル人材を10万人育成する。"
    assert skipped[("3. 人材",)]["new_text"] == "デジタル人材を12万人育成する。"
    assert skipped[("4. 廃止する施策",)]["new"] is None  # only in the old revision, and said so: not "deleted"


def test_the_extension_rejects_a_limit_that_claims_complete_figures():
    data = cut_after(1).as_json()
    data["limit"]["figures_complete"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, extension_schema())


# ---------------------------------------------------------------- reports


def english(monkeypatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def japanese(monkeypatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_text_report_opens_with_the_notice_and_lists_what_was_not_compared(monkeypatch):
    japanese(monkeypatch)
    text = render_text(cut_after(2), width=200)
    first = text.splitlines()[0]
    assert first.startswith("注意: 比較は時間の上限（2.5秒）で打ち切られました: 2節を比較し、4節は比較していません")
    listed = text[text.index("比較していない節:"):text.index("versiondiff: plan → plan")]
    assert "- 3. 人材" in listed and "- 4. 廃止する施策 （旧のみ）" in listed and "- （前文）" in listed
    assert "[削除]" not in text and "[追加]" not in text and "削除された分野" not in text
    assert "変更された数値（2件、比較した節のみ。一覧は不完全です）" in text


def test_text_report_never_says_no_figure_changed_when_cut_short(monkeypatch):
    english(monkeypatch)
    text = render_text(cut_after(0), width=200)
    assert text.startswith("Note: the comparison stopped at the time limit (0.5 s)")
    assert "No figure changed." not in text
    assert "No figure changed in the sections compared; figures of the sections not compared were not checked." in text


def test_markdown_report_opens_with_the_notice(monkeypatch):
    english(monkeypatch)
    report = render_markdown_report(cut_after(2))
    assert report.startswith("> **Note: the comparison stopped at the time limit (2.5 s)")
    assert "> - 3\\. 人材" in report or "> - 3. 人材" in report
    assert "Incomplete: only the figures of the sections compared are listed." in report
    assert "## 3. 人材" not in report


def test_standalone_html_has_the_banner_with_the_unaligned_text():
    page = render_html(cut_after(2))
    banner = page[page.index('class="limit-notice"'):page.index("</section>", page.index('class="limit-notice"'))]
    assert "比較は途中までです" in banner
    assert "<code>versiondiff diff plan plan</code>" in banner
    assert "デジタル人材を10万人育成する。" in banner and "デジタル人材を12万人育成する。" in banner
    assert "数値の変更はありません。" not in page


def test_reports_of_a_complete_comparison_carry_no_notice(monkeypatch):
    english(monkeypatch)
    old, new = documents()
    comparison = compare_documents(old, new, time_limit=TimeLimit(1000.5, Ticks()))
    assert comparison.limit is None
    assert render_text(comparison).startswith("versiondiff: old → new")
    assert 'class="limit-notice"' not in render_html(comparison)


# ---------------------------------------------------------------- command line


@pytest.fixture()
def pair(tmp_path) -> tuple[str, str]:
    old, new = write_drafts(tmp_path, OLD, NEW)
    return str(old), str(new)


@pytest.fixture()
def ticking(monkeypatch):
    """The command line's clock, in this process: one second per reading."""
    monkeypatch.setattr(budget, "DEFAULT_CLOCK", Ticks())


def test_only_numbers_cut_short_exits_3_with_a_japanese_notice(pair, ticking, monkeypatch, capsys):
    japanese(monkeypatch)
    code = cli.main(["diff", *pair, "--only", "numbers", "--time-limit", "2.5"])
    out = capsys.readouterr().out
    assert code == 3
    assert out.splitlines()[0].startswith("注意: 比較は時間の上限（2.5秒）で打ち切られました")
    assert "数値の一覧は比較した節の分だけです" in out.splitlines()[0] + out.splitlines()[1]


def test_json_cut_short_exits_3_and_says_so_on_stderr_in_english(pair, ticking, monkeypatch, capsys):
    english(monkeypatch)
    code = cli.main(["diff", *pair, "--format", "json", "--time-limit", "2.5"])
    captured = capsys.readouterr()
    assert code == 3
    assert json.loads(captured.out)["limit"]["sections_compared"] == 2
    assert captured.err.startswith("versiondiff: note: the comparison stopped at the time limit (2.5 s)")
    assert "--time-limit" in captured.err.splitlines()[1]


def test_a_comparison_within_its_limit_exits_as_before(pair, ticking, monkeypatch, capsys):
    japanese(monkeypatch)
    assert cli.main(["diff", *pair, "--only", "numbers", "--time-limit", "1000"]) == 1
    assert "注意" not in capsys.readouterr().out


def test_the_real_command_cut_short_exits_3_in_japanese_by_default_and_in_english(pair):
    """A nanosecond: the alignment alone outlasts it on any machine, so not one section is compared."""
    japanese_run = run_cli("diff", *pair, "--only", "numbers", "--time-limit", "0.000000001", env={"LANG": "C.UTF-8"})
    assert japanese_run.returncode == 3
    assert japanese_run.stdout.decode().startswith("注意: 比較は時間の上限（0.000000001秒）で打ち切られました: 0節を比較し、6節は比較していません")
    english_run = run_cli("diff", *pair, "--format", "json", "--time-limit", "0.000000001")
    assert english_run.returncode == 3
    assert english_run.stderr.decode().startswith("versiondiff: note: the comparison stopped at the time limit")
    assert json.loads(english_run.stdout)["quantities"] == []


def test_time_limit_option_is_checked_and_documented(pair):
    bad = run_cli("diff", *pair, "--time-limit", "soon")
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines()[0] == (
        "versiondiff: error: argument --time-limit: expected a number of seconds (0 for no limit): soon"
    )
    helped = run_cli("diff", "--help", env={"LANG": "en_US.UTF-8", "COLUMNS": "200"}).stdout.decode()
    assert "--time-limit SECONDS" in helped and "3 the comparison was cut short by --time-limit" in helped
    generous = run_cli("diff", *pair, "--time-limit", "0")  # 0: no limit
    assert generous.returncode == 1 and "Note:" not in generous.stdout.decode()


# ---------------------------------------------------------------- web


REVISIONS = (("r1", OLD), ("r2", OLD.replace("前書きの文。", "前書き。")), ("r3", NEW))


def make_store(path: Path) -> Path:
    from versiondiff.ingest import add_bytes
    from versiondiff.store import Store

    store = Store.init(path)
    for label, text in REVISIONS:
        add_bytes(store, text.encode("utf-8"), f"plan-{label}.md", "plan", label=label)
    return path


def web_app(store: Path, seconds: float | None, clock=None):  # noqa: ANN001, ANN201
    from versiondiff.web import create_app

    return create_app({
        "STORE_PATH": str(store), "TESTING": True, "SECRET_KEY": "test", "COMPARE_SECONDS": seconds, "COMPARE_CLOCK": clock,
    })


def test_compare_page_cut_short_has_the_banner_first(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 2.5, Ticks()).test_client()
    page = client.get("/d/plan/compare/r1..r3").data.decode()
    banner_at = page.index('class="limit-notice"')
    assert banner_at < page.index('class="controls') < page.index('class="figures-by-area"')
    assert "2節を比較したところで止めました。残りの4節は比較していません。" in page
    assert "<code>versiondiff diff plan@r1 plan@r3</code>" in page
    assert "比較した節のみ・不完全" in page
    assert "10万人" not in page[page.index('class="figures-by-area"'):page.index("</section>", page.index('class="figures-by-area"'))]


def test_compare_page_banner_follows_the_browser_language(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 0.5, Ticks()).test_client()
    page = client.get("/d/plan/compare/r1..r3", headers={"Accept-Language": "en"}).data.decode()
    assert "The comparison is incomplete" in page
    assert "No figure changed in the sections compared" in page
    assert "No figure changed." not in page


def test_area_summary_of_a_comparison_stopped_before_any_section_names_no_kept_area(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 0.5, Ticks()).test_client()
    page = client.get("/d/plan/compare/r1..r3").data.decode()
    summary = page[page.index('class="area-line"'):]
    summary = summary[:summary.index("</p>")]
    assert "維持 <b>0</b>" in summary and "（）" not in summary


def test_api_answer_cut_short_carries_the_limit(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 2.5, Ticks()).test_client()
    data = client.get("/api/documents/plan/compare/r1..r3").get_json()
    jsonschema.validate(data, extension_schema())
    assert data["limit"]["sections_compared"] == 2 and data["limit"]["seconds"] == 2.5


def test_a_cut_comparison_is_recomputed_under_a_higher_limit(tmp_path):
    store = make_store(tmp_path / "store")
    short = web_app(store, 2.5, Ticks()).test_client()
    assert "limit" in short.get("/api/documents/plan/compare/r1..r3").get_json()
    longer = web_app(store, 1000.5, Ticks())  # same store, same shared cache
    data = longer.test_client().get("/api/documents/plan/compare/r1..r3").get_json()
    assert "limit" not in data
    assert longer.extensions["versiondiff"].computed == 1
    again = web_app(store, 2.5, Ticks()).test_client().get("/api/documents/plan/compare/r1..r3").get_json()
    assert "limit" not in again  # the complete comparison now in the cache answers every limit


def test_consecutive_revisions_compared_by_add_are_complete_under_any_limit(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 0.5, Ticks()).test_client()
    page = client.get("/d/plan/compare/r2..r3").data.decode()
    assert 'class="limit-notice"' not in page
    assert "12万人" in page


def test_revision_page_says_its_figure_check_is_partial_when_the_comparison_was_cut_short(tmp_path):
    import shutil

    from versiondiff.cache import CACHE_DIR

    store = make_store(tmp_path / "store")
    shutil.rmtree(store / CACHE_DIR)  # the complete comparison `add` made is lost: the page computes its own
    app = web_app(store, 2.5, Ticks())
    page = app.test_client().get("/d/plan/r/r3").data.decode()
    assert "数値の点検は途中までです" in page
    english = app.test_client().get("/d/plan/r/r3", headers={"Accept-Language": "en"}).data.decode()
    assert "The figure check is partial" in english
    api = app.test_client().get("/api/documents/plan/check/r3")
    assert api.status_code == 200 and isinstance(api.get_json(), list)
    assert api.headers["X-Versiondiff-Check"].startswith("partial")  # the API says so too
    whole_app = web_app(store, None)
    whole = whole_app.test_client().get("/d/plan/r/r3").data.decode()
    assert "数値の点検は途中までです" not in whole
    assert "X-Versiondiff-Check" not in whole_app.test_client().get("/api/documents/plan/check/r3").headers


def test_a_bad_limit_in_the_environment_is_one_clear_error(tmp_path, monkeypatch):
    from versiondiff.errors import VersiondiffError
    from versiondiff.web import create_app

    monkeypatch.setenv("VERSIONDIFF_COMPARE_SECONDS", "fast")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(VersiondiffError, match="VERSIONDIFF_COMPARE_SECONDS must be a number of seconds .*, not fast"):
        create_app({"STORE_PATH": str(tmp_path / "store")})
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")  # the server's command speaks Japanese: so does its error
    with pytest.raises(VersiondiffError, match="VERSIONDIFF_COMPARE_SECONDS は秒数で指定してください.*: fast"):
        create_app({"STORE_PATH": str(tmp_path / "store")})
    monkeypatch.setenv("VERSIONDIFF_COMPARE_SECONDS", "0")
    assert create_app({"STORE_PATH": str(tmp_path / "store")}).config["COMPARE_SECONDS"] is None


def test_figure_csv_cut_short_lists_the_sections_whose_figures_are_unknown(tmp_path):
    client = web_app(make_store(tmp_path / "store"), 2.5, Ticks()).test_client()
    rows = client.get("/d/plan/compare/r1..r3/figures.csv").data.decode("utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["変更", "変更"] + ["未比較"] * 5
    assert "未比較,3. 人材,3. 人材,3. 人材,（比較していない節：数値は確かめていません）,,,," in rows


def test_word_export_cut_short_says_so_in_the_title_block_and_never_omits_as_unchanged(tmp_path):
    import io

    import docx

    client = web_app(make_store(tmp_path / "store"), 2.5, Ticks()).test_client()
    document = docx.Document(io.BytesIO(client.get("/d/plan/compare/r1..r3.docx").data))
    assert any("時間の上限（2.5秒）で打ち切り" in p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "3. 人材　〔未比較〕" in cells
    assert "（略）" not in cells  # 略 would say the text is unchanged: nobody looked


def test_a_real_server_shows_the_banner(tmp_path, monkeypatch):
    """The server in its own process cannot take an injected clock: its limit is a nanosecond,
    which the alignment alone outlasts on any machine, so not one section is compared."""
    import urllib.request

    from conftest import served

    store = make_store(tmp_path / "store")
    monkeypatch.setenv("VERSIONDIFF_COMPARE_SECONDS", "0.000000001")
    with served("serve", "--store", str(store)) as base:
        with urllib.request.urlopen(f"{base}/d/plan/compare/r1..r3") as response:
            page = response.read().decode()
        with urllib.request.urlopen(f"{base}/d/plan/compare/r2..r3") as response:
            warm = response.read().decode()
    assert "0節を比較したところで止めました。残りの6節は比較していません。" in page
    assert 'class="limit-notice"' not in warm  # compared in full by add, before the server started


@pytest.mark.parametrize(("text", "seconds"), [("30", 30.0), ("2.5", 2.5), ("0", None), ("0.0", None), ("off", None), (" 1e3 ", 1000.0)])
def test_limit_values_people_write(text, seconds):
    assert budget.parse_seconds(text, "--time-limit") == seconds


@pytest.mark.parametrize("text", ["-1", "nan", "inf", "soon", ""])
def test_limit_values_that_are_refused(text, monkeypatch):
    from versiondiff.errors import VersiondiffError

    english(monkeypatch)
    with pytest.raises(VersiondiffError, match="--time-limit must be a number of seconds") as caught:
        budget.parse_seconds(text, "--time-limit")
    japanese(monkeypatch)
    assert str(caught.value) == f"--time-limit は秒数で指定してください（0 は上限なし）: {text!r}"
