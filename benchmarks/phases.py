"""Where the time of one ``versiondiff diff OLD NEW --format json`` goes, phase by phase.

Each run is a fresh Python process (bytecode cached, as an installed package runs) that times
its own phases in CPU time: importing what ``diff`` imports, normalizing each side, aligning
the section trees, comparing the sections (blocks, moves, figures), and writing the JSON. The
interpreter's own start (``python -c pass``, the same for any Python tool) is measured apart.
Medians of ``--repeat`` runs, and each phase's share of the whole.

Run: ``python benchmarks/phases.py [--repeat 7] [OLD NEW]`` (default: the corpus pair 000 → 001).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS, ROOT, print_table

# Runs in the measured process: the phases of cli_compare._run_diff, timed one by one.
_PHASES = r"""
import gc, json, sys, time
clock = time.process_time
marks = [("start", clock())]
gc.disable()  # as the diff command runs
from versiondiff import cli_compare
from versiondiff.compare import align, engine
from versiondiff.normalize import normalize_file
marks.append(("imports", clock()))
old = normalize_file(sys.argv[1]); marks.append(("normalize old", clock()))
new = normalize_file(sys.argv[2]); marks.append(("normalize new", clock()))
aligned = []
def timed_align(*args, _align=align.align_sections):
    started = clock(); result = _align(*args); aligned.append(clock() - started); return result
engine.align_sections = timed_align
comparison = engine.compare_documents(old, new); marks.append(("compare", clock()))
text = cli_compare.render(comparison, "json")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.write(text)
marks.append(("render and write JSON", clock()))
phases = {name: marks[i][1] - marks[i - 1][1] for i, (name, _) in enumerate(marks) if i}
compare = phases.pop("compare")
written = phases.pop("render and write JSON")
phases["align sections"] = aligned[0]
phases["sections: blocks, moves, figures"] = compare - aligned[0]
phases["render and write JSON"] = written
print(json.dumps(phases))
"""


def cpu_of(command: list[str], env: dict) -> float:
    """CPU seconds of one child process (user + system)."""
    before = os.times()
    subprocess.run(command, check=True, capture_output=True, env=env)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old", nargs="?", default=str(CORPUS / "000_0dddb960a8ba646a.txt"))
    parser.add_argument("new", nargs="?", default=str(CORPUS / "001_3143894dff5fad24.txt"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-c", _PHASES, args.old, args.new, str(Path(tmp) / "out.json")]
        subprocess.run(command, check=True, capture_output=True, env=env)  # fills the bytecode cache
        runs = [json.loads(subprocess.run(command, check=True, capture_output=True, env=env).stdout) for _ in range(args.repeat)]
        start = statistics.median(cpu_of([sys.executable, "-c", "pass"], env) for _ in range(args.repeat))
    phases = {"interpreter start (python -c pass)": start}
    phases.update({name: statistics.median(run[name] for run in runs) for name in runs[0]})
    total = sum(phases.values())
    rows = [[name, f"{seconds * 1000:.0f} ms", f"{seconds / total:.0%}"] for name, seconds in phases.items()]
    rows.append(["total", f"{total * 1000:.0f} ms", "100%"])
    print_table(["phase", "CPU (median)", "share"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
