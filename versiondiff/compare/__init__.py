"""The compare engine: section alignment, CJK-aware redlines, paired quantities.

``compare_documents(old, new)`` → ``Comparison`` (see ``engine.py``); the JSON
contract ``versiondiff.compare/1`` is ``Comparison.as_json()``.
"""

from versiondiff.compare.engine import Comparison, QuantityChange, compare_documents

__all__ = ["Comparison", "QuantityChange", "compare_documents"]
