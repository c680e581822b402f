"""Command-line options shared by sub-commands that read the store, without importing it:
``versiondiff diff FILE FILE`` registers ``--store`` but never opens a store."""

from __future__ import annotations

import argparse
from pathlib import Path

from versiondiff.i18n import gettext as _


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", type=Path, default=None,
        help=_("ストアの場所（既定: $VERSIONDIFF_STORE または ./docs_store）"),
    )


def is_store_spec(spec: str) -> bool:
    """``slug@rev`` names a store revision; an existing file of that name wins."""
    return "@" in spec and not Path(spec).exists()


def split_spec(spec: str) -> tuple[str, str]:
    """``slug@rev`` → ``(slug, rev)``; a bare slug means its latest revision."""
    slug, _at, rev = spec.partition("@")
    return slug, rev or "latest"
