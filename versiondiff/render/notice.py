"""What every view says about a comparison cut short by its time limit (``compare/budget.py``).

The notice comes first and says three things: the comparison is incomplete (which limit,
how much was compared), the sections not compared are neither deleted nor added, and the
figure list covers only what was compared. Then each section not compared, by its path.
"""

from __future__ import annotations

from versiondiff.compare.budget import LimitHit, NotCompared
from versiondiff.i18n import gettext as _
from versiondiff.render.areas import full_path

# The command-line exit code of a comparison cut short: the report is incomplete, so neither
# 0 (no change) nor 1 (changes) can be claimed; 2 stays "error", as for diff(1).
EXIT_INCOMPLETE = 3


def limit_sentence(limit: LimitHit) -> str:
    """One line in the command line's language: what was and was not compared."""
    return _(
        "比較は時間の上限（%(seconds)s秒）で打ち切られました: %(compared)s節を比較し、%(skipped)s節は比較していません"
        "（削除・追加ではありません）。数値の一覧は比較した節の分だけです。",
        seconds=limit.seconds_text, compared=limit.sections_compared, skipped=limit.sections_not_compared,
    )


def rerun_hint() -> str:
    return _("残りも比べるには、--time-limit を上げるか外して、もう一度実行してください。")


def section_label(section: NotCompared) -> str:
    """A section not compared, named by its path; a side the alignment found no counterpart on is said."""
    if section.path == ():
        return full_path(())
    if section.new_path is None:
        return full_path(section.old_path) + " " + _("（旧のみ）")
    if section.old_path is None:
        return full_path(section.new_path) + " " + _("（新のみ）")
    if section.old_path != section.new_path:
        return full_path(section.new_path) + " " + _("（旧: %(path)s）", path=full_path(section.old_path))
    return full_path(section.new_path)


def notice_title(limit: LimitHit) -> str:
    return _("注意: %(sentence)s", sentence=limit_sentence(limit))


def list_heading() -> str:
    return _("比較していない節:")


def notice_lines(limit: LimitHit) -> list[str]:
    """The notice as lines of a plain-text report: the sentence, the hint, the sections."""
    lines = [notice_title(limit), "  " + rerun_hint(), list_heading()]
    return lines + ["  - " + section_label(section) for section in limit.sections]
