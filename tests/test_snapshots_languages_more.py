"""The other snapshot tests (editing, export, search through aids or while indexing, slicing), also in fr and ar.

The tests are those of their own modules, collected here again with the language
chosen the environment's way (`LANGUAGE`), so that every screen a snapshot shows in
English is also kept in both languages (their SVGs in
`__snapshots__/test_snapshots_languages_more/`). Look at every changed SVG as PNG
(tools/snapshot_png.sh) before committing it: in Arabic the layout mirrored, the
dialogs and their fields from the right, Latin values left to right inside.
"""

from __future__ import annotations

import pytest
from test_edit_snapshots import TestAdding, TestCiting, TestCorrecting
from test_export_snapshots import test_export_prompt, test_replace_question
from test_search_early import TestEarlySearchSnapshot
from test_search_snapshots import test_search_through_aids
from test_snapshots_slicing import test_slicing_dark

__all__ = [
    "TestAdding",
    "TestCiting",
    "TestCorrecting",
    "TestEarlySearchSnapshot",
    "test_export_prompt",
    "test_replace_question",
    "test_search_through_aids",
    "test_slicing_dark",
]


@pytest.fixture(autouse=True, params=["fr", "ar"])
def _language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test once in French, once in Arabic (as `LANGUAGE=fr` or `LANGUAGE=ar` chooses it)."""
    monkeypatch.setenv("LANGUAGE", request.param)
    return str(request.param)
