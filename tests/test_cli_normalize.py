"""The normalize/outline commands as a user runs them, including every bad input."""

from __future__ import annotations

import pytest
from conftest import OLD_ROADMAP, run_cli


def test_normalize_prints_canonical_markdown(tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text("自動運転\n\n1. 現状\n\n・シェアは約２６％。\n\n2. 目標\n\n3. 課題\n", encoding="utf-8")
    result = run_cli("normalize", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "自動運転\n\n# 1. 現状\n\n- シェアは約２６％。\n\n# 2. 目標\n\n# 3. 課題\n"


def test_normalize_writes_to_a_file(tmp_path):
    source = tmp_path / "draft.md"
    source.write_text("# 見出し\n\n本文\n", encoding="utf-8")
    out = tmp_path / "out.md"
    result = run_cli("normalize", str(source), "-o", str(out))
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8") == "# 見出し\n\n本文\n"


@pytest.mark.corpus
def test_outline_lists_the_section_tree():
    result = run_cli("outline", str(OLD_ROADMAP))
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "text: 6 top-level sections"
    assert any(line.startswith("自動運転技術（車両、システム）") for line in lines)
    assert any(line.startswith("  1. 現状認識と目指す姿【目標】") for line in lines)


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"\x82\xa0\xff\xfe\x80\x81" * 40 + b"\xa0\xa1\xfd")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    return {
        "missing": ([str(tmp_path / "nope.txt")], "no such file"),
        "empty": ([str(empty)], "file is empty"),
        "binary": ([str(binary)], "binary file"),
        "undecodable": ([str(undecodable)], "cannot decode"),
        "unknown-format": ([str(big), "--format", "rtf"], "invalid choice"),
        "too-large": ([str(big), "--max-size", "1000"], "too large"),
        "directory": ([str(tmp_path)], "is a directory"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "undecodable", "unknown-format", "too-large", "directory"])
@pytest.mark.parametrize("command", ["normalize", "outline"])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, case, command):
    args, message = _bad_inputs(tmp_path)[case]
    result = run_cli(command, *args)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert result.stdout == b""


def test_size_limit_is_configurable_by_environment(tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text("本文" * 100, encoding="utf-8")
    result = run_cli("normalize", str(source), env={"VERSIONDIFF_MAX_BYTES": "50"})
    assert result.returncode == 2
    assert "too large" in result.stderr.decode()
