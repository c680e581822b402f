"""Hook benchmark: ``versiondiff hook run`` on a commit touching 1, 10 and 100 documents of
50 KB each (one figure edited in each), against ``git diff --cached --stat`` on the same
staged commit as the baseline in the same run.

Run: ``python benchmarks/hooks.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ms, print_table

ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}


def fifty_kb() -> str:
    text = (CORPUS / "000_0dddb960a8ba646a.txt").read_text(encoding="utf-8")
    out, size = [], 0
    for line in text.split("\n"):
        size += len(line.encode()) + 1
        if size > 50 * 1024:
            break
        out.append(line)
    return "\n".join(out)


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> int:
    base = fifty_kb()
    rows = []
    for count in (1, 10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
            for i in range(count):
                (repo / f"draft{i:03}.txt").write_text(base, encoding="utf-8")
            subprocess.run(["git", "add", "."], cwd=repo, check=True)
            subprocess.run(["git", "commit", "-qm", "base"], cwd=repo, check=True, env=ENV)
            for i in range(count):
                (repo / f"draft{i:03}.txt").write_text(base.replace("約50兆円", f"約{51 + i}兆円"), encoding="utf-8")
            subprocess.run(["git", "add", "."], cwd=repo, check=True)
            baseline = timed(["git", "diff", "--cached", "--stat"], repo)
            hook = timed([sys.executable, "-m", "versiondiff", "hook", "run"], repo)
            rows.append([str(count), ms(baseline), ms(hook), f"{hook / baseline:.0f}x", ms(hook / count)])
    print_table(["documents", "git diff --cached --stat", "hook run", "ratio", "hook per document"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
