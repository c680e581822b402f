"""Where templates and samples live: the source tree in a checkout, the package when installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def templates_dir() -> Path:
    checkout = _ROOT / "templates"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("versiondiff.templates")))


def samples_dir() -> Path:
    return Path(str(resources.files("versiondiff") / "samples"))
