"""Transitional: the names the app, the search screen and the CLI import from here.

The engine lives in `tui.search.query` (and its neighbours); remove this module
once they import from there.
"""

from tui.search.build import IndexBuildCancelled
from tui.search.hits import Hit
from tui.search.query import SearchIndex
from tui.search.ranking import FUZZY_MAX_LETTERS, MAX_QUERY_WORDS, SUBSTRING_MAX_LETTERS, ignored_query_words, query_words

__all__ = [
    "FUZZY_MAX_LETTERS",
    "MAX_QUERY_WORDS",
    "SUBSTRING_MAX_LETTERS",
    "Hit",
    "IndexBuildCancelled",
    "SearchIndex",
    "ignored_query_words",
    "query_words",
]
