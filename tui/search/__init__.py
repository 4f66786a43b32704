"""Search engine for Marsad (pure Python, no textual import).

See :mod:`tui.search.engine` for ranking and :mod:`tui.search.normalize` for
the text folding rules.
"""

from .engine import FIELD_WEIGHTS, Hit, SearchDocument, SearchField, SearchIndex
from .normalize import normalize, normalize_with_map

__all__ = [
    "FIELD_WEIGHTS",
    "Hit",
    "SearchDocument",
    "SearchField",
    "SearchIndex",
    "normalize",
    "normalize_with_map",
]
