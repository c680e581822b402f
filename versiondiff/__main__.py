"""``python -m versiondiff`` runs the command line."""

import sys

from versiondiff.cli import main

sys.exit(main())
