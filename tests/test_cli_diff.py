"""``versiondiff diff`` as a user runs it: formats, exit codes, store revisions, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_environment, run_cli, write_drafts

SAMPLES = Path(__file__).resolve().parents[1] / "versiondiff" / "samples"
R1, R2, R3 = SAMPLES / "mirai-roadmap-r1.txt", SAMPLES / "mirai-roadmap-r2.txt", SAMPLES / "mirai-roadmap-r3.md"


def test_text_report_shows_sections_redline_and_figure_table():
    result = run_cli("diff", str(R1), str(R2))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "§ 1. 自動運転バス › 1. 現状認識と目指す姿【目標】 › (1) 現状 › ② 経済的重要性  [modified]" in out
    assert "[-約26%-]{+約25%+}" in out
    assert "4. マイクロモビリティ  [modified, renamed]" in out
    assert "Changed figures (8)" in out
    assert "\x1b[" not in out  # no colour when not a terminal


def test_identical_revisions_exit_0():
    result = run_cli("diff", str(R1), str(R1))
    assert result.returncode == 0
    assert "No figure changed." in result.stdout.decode()


def test_only_numbers_lists_just_the_figures():
    result = run_cli("diff", str(R1), str(R2), "--only", "numbers", "--format", "markdown")
    out = result.stdout.decode()
    assert result.returncode == 1
    assert out.count("\n| changed") == 8
    assert "§" not in out


def test_markdown_report_shows_an_edited_table_as_a_table_with_marked_cells(tmp_path):
    from markdown_it import MarkdownIt

    table = "# 交通\n\n| 項目 | 目標値 |\n| --- | --- |\n| 台数 | 約5万台 |\n"
    old, new = write_drafts(tmp_path, table + "| 路線数 | 約100路線 |\n", table.replace("約5万台", "約6万台"))
    out = run_cli("diff", str(old), str(new), "--format", "markdown").stdout.decode()
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in rows]
    assert cells[:3] == [["項目", "目標値"], ["台数", "<s>約5万台</s><strong>約6万台</strong>"], ["<s>路線数</s>", "<s>約100路線</s>"]]


def test_html_report_is_standalone_and_escapes_text(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text(R2.read_text(encoding="utf-8").replace("落下事故", "<script>alert(1)</script>落下事故"), encoding="utf-8")
    out = tmp_path / "report.html"
    result = run_cli("diff", str(R1), str(evil), "--format", "html", "-o", str(out))
    assert result.returncode == 1
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<link" not in html and "<script" not in html  # nothing external, no script at all
    assert "新旧対照表" in html and 'lang="ja"' in html


def test_html_report_keeps_its_stylesheet_as_written_and_a_title_cannot_close_it(tmp_path):
    old, new = write_drafts(tmp_path, "x</style><script>alert(1)</script>\n\n# 交通\n\n台数は約5万台。\n",
                            "x</style><script>alert(1)</script>\n\n# 交通\n\n台数は約6万台。\n")
    out = tmp_path / "report.html"
    assert run_cli("diff", str(old), str(new), "--format", "html", "-o", str(out)).returncode == 1
    html = out.read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert 'grid-template-areas: "nav doc"' in style and '"Noto Sans CJK JP"' in style  # quotes, not &#34;
    assert html.count("</style>") == 1 and "<script" not in html


def test_store_revisions_compare_by_slug_at_rev(tmp_path):
    store = str(tmp_path / "s")
    for path, label in ((R1, "r1"), (R2, "r2"), (R3, "r3")):
        assert run_cli("add", str(path), "--doc", "mirai", "--label", label, "--store", store).returncode == 0
    result = run_cli("diff", "mirai@r1", "mirai@latest", "--format", "json", "--store", store)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["old"] == {"name": "mirai", "revision": "r1"} and data["new"] == {"name": "mirai", "revision": "r3"}
    statuses = {s["new"]["title"] if s["new"] else s["old"]["title"]: s["status"] for s in data["sections"] if (s["new"] or s["old"])["level"] == 1}
    assert statuses["4. データ連携基盤"] == "added"
    assert statuses["2. 観光モビリティ"] == "deleted"


@pytest.mark.parametrize("case", ["empty", "binary", "unknown-revision", "missing"])
def test_bad_input_is_a_clear_error_and_exit_2(tmp_path, case):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    store = tmp_path / "s"
    run_cli("add", str(R1), "--doc", "mirai", "--store", str(store))
    args = {
        "empty": [str(R1), str(empty)],
        "binary": [str(binary), str(R1)],
        "unknown-revision": ["mirai@r9", "mirai@latest", "--store", str(store)],
        "missing": [str(R1), str(tmp_path / "nope.txt")],
    }[case]
    result = run_cli("diff", *args)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.startswith("versiondiff: error: ") and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1


_BUFFERED = {"PYTHONUNBUFFERED": ""}  # standard output buffered, as in a plain shell


def _long_draft(areas: int, figure: str) -> str:
    return "\n\n".join(
        f"# {i}. 分野{i}\n\n## (1) 目標\n\n・{i}番目の分野の市場規模を{figure}とする目標を掲げる。\n\n"
        + "\n".join(f"・取組{j}として地域の事業者{j * 10}社を支援する。" for j in range(1, 30))
        for i in range(1, areas + 1)
    )


@pytest.mark.parametrize("areas", [1, 60])  # a report still in the output buffer, and a long one
def test_the_whole_report_arrives_through_a_pipe(tmp_path, areas):
    # The command ends its process without the interpreter's teardown: every byte written
    # must still reach the reader, and the exit code must stay the comparison's.
    old, new = write_drafts(tmp_path, _long_draft(areas, "約3兆円"), _long_draft(areas, "約4兆円"))
    result = run_cli("diff", str(old), str(new), "--format", "json", "--only", "numbers", env=_BUFFERED)
    assert result.returncode == 1 and result.stderr == b""
    report = json.loads(result.stdout)
    assert [q["status"] for q in report["quantities"]] == ["changed"] * areas


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    old, new = write_drafts(tmp_path, _long_draft(60, "約3兆円"), _long_draft(60, "約4兆円"))
    process = subprocess.Popen(
        [sys.executable, "-m", "versiondiff", "diff", str(old), str(new)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_environment(_BUFFERED),
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(200)
    process.stdout.close()  # like `| head`: the reader is gone before the report is written
    errors = process.stderr.read()
    assert process.wait(timeout=120) in (0, 1)
    assert first.startswith(b"versiondiff:")
    assert b"Traceback" not in errors and b"Exception" not in errors
