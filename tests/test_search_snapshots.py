"""Snapshots of the search screen when hits come through the search aids or a fact's number.

Each row of such a hit ends with what it went through ("via Madagascar → مدغشقر",
"via its number 1000000"), and the Arabic it found is highlighted.
"""

from __future__ import annotations

import pytest
from test_snapshots import SIZES, _prepare, _settle

from tui.app import MarsadApp

#: name -> what is typed in the search box
QUERIES = {
    "madagascar": "madagascar",
    "formation": "formation",
    "number": "1 000 000",
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("query", QUERIES)
def test_search_through_aids(snap_compare, query: str, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        for key in ["slash", *QUERIES[query]]:
            await pilot.press(key if key != " " else "space")
            await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)
