"""A small two-revision draft of our own and helpers shared by the 新旧対照表 export tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_drafts

from versiondiff.ingest import add_file
from versiondiff.store import Store

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SLUG = "port-plan"
TITLE = "港湾デジタル化計画(素案)"
TITLE_AS_WRITTEN = "港湾デジタル化計画（素案）"  # the title block quotes the draft's own brackets

# r1 → r2: a figure changes (約30% → 約35%) in a row whose footnote changes too, a figure is
# respelled in an edited row (7,300億円 → 0.73兆円, the same amount), a block is deleted and one added,
# full-width characters (（約４０％）) that canonical text folds and a table must quote as written, section 3 is replaced by a new one, a paragraph starts like a formula.
OLD = """港湾デジタル化計画（素案）

# 1. 現状

- 港湾の取扱量は約120万トン。
- 荷役の自動化率は約30%[^1]であり、世界平均（約４０％）を下回る。
- 港湾への投資額は7,300億円で、前年並み。
- 旧来の紙による手続きが残る。

# 2. 目標

2030年までに自動化率を約50%とする。

# 3. 廃止する施策

紙の申請窓口を維持する。

[^1]: 2024年時点の推計。
"""

NEW = """港湾デジタル化計画（素案）

# 1. 現状

- 港湾の取扱量は約120万トン。
- 荷役の自動化率は約35%[^1]であり、世界平均（約４０％）を下回る。
- 港湾への投資額は0.73兆円で、前年を上回る。
- 夜間の無人荷役の実証が始まった。

# 2. 目標

2030年までに自動化率を約50%とする。

# 3. 人材

専門人材を約500人育成する。

=HYPERLINK("http://example.com")は式ではない。

[^1]: 2025年時点の推計。
"""


def write_sample_files(folder: Path) -> tuple[Path, Path]:
    return write_drafts(folder, OLD, NEW, ("plan-r1.md", "plan-r2.md"))


def build_sample_store(folder: Path) -> Path:
    """A store holding the sample as port-plan@r1 (2026-04-01) and @r2 (2026-05-15)."""
    old, new = write_sample_files(folder)
    store = Store.init(folder / "store")
    add_file(store, old, SLUG, label="r1", date="2026-04-01", title=TITLE)
    add_file(store, new, SLUG, label="r2", date="2026-05-15", title=TITLE)
    return folder / "store"


def build_corpus_store(folder: Path, old_file: Path, new_file: Path) -> Path:
    store = Store.init(folder / "store")
    add_file(store, old_file, "roadmap", label="r000", date="2026-04-06")
    add_file(store, new_file, "roadmap", label="r001", date="2026-05-20")
    return folder / "store"


def soffice() -> str:
    """LibreOffice's binary; CI installs it (.ci/run), so only a local run may skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def docx_to_pdf(docx: Path, folder: Path) -> Path:
    """Convert with a profile of this run's own, so parallel runs never share one."""
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=240,
    )
    return folder / (docx.stem + ".pdf")


def pdf_to_pngs(pdf: Path, name: str, pages: int = 3) -> list[Path]:
    """The first pages as PNG in test-artifacts/, for a person to look at."""
    if not shutil.which("pdftoppm"):
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / name
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
        check=True, capture_output=True, timeout=120,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))
