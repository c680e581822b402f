"""One exception type per domain; the CLI turns each into one line and exit code 2."""


class VersiondiffError(Exception):
    """Base class of every error versiondiff reports to its user."""


class NormalizeError(VersiondiffError):
    """An input could not be read or normalized (empty, binary, undecodable, too large...)."""


class StoreError(VersiondiffError):
    """The revision store refused an operation (bad slug, unknown revision, not a store...)."""


class CompareError(VersiondiffError):
    """Two revisions could not be compared."""
