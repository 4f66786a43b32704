"""No input costs more than linear time and memory: the index, the query, the layout.

Each case is one a red team tried on Marsad 0.1 (issue 10): a small file that made
the index take gigabytes or never finish, a pasted query that did the same, a
huge name laid out in full in every list row, a detail of 60,000 aliases that
froze the app, a source viewer that laid a paragraph out again per quote. Memory
is measured with tracemalloc (deterministic); time only ever as a bound far above
what a linear cost needs, to turn a hang into a failure.
"""

from __future__ import annotations

import importlib
import json
import random
import string
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.presentation.detail import MAX_DETAIL_CHARS, MAX_VALUE_CHARS, detail_blocks
from tui.search.ranking import FUZZY_MAX_LETTERS, MAX_QUERY_WORDS, SUBSTRING_MAX_LETTERS, query_words
from tui.store.opening import load_database
from tui.text.layout import ELLIPSIS, single_line
from tui.widgets.said import Said

layout_module = importlib.import_module("tui.text.layout")  # (the package exports a function of that name)

MB = 1024 * 1024


def peak_memory(work: Callable[[], Any]) -> int:
    """Peak bytes allocated while `work` runs."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def one_organization(tmp_path: Path, names: dict[str, Any]) -> Path:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"organizations": {"1": {"id": "x", "names": names}}}), encoding="utf-8")
    return path


def random_word(letters: int, seed: int = 1) -> str:
    chooser = random.Random(seed)
    return "".join(chooser.choice(string.ascii_lowercase) for _ in range(letters))


# -- the search index and the query ------------------------------------------------------


@pytest.mark.parametrize("name", [random_word(40_000), "a" * 1_000_000], ids=["random-40k", "a-1M"])
def test_index_of_a_huge_word_costs_a_small_multiple_of_it(tmp_path: Path, name: str) -> None:
    path = one_organization(tmp_path, {"latin": name})
    peak = peak_memory(lambda: load_database(path))  # reading it, and indexing it for search
    # before: 1.5 GB for the 40k word (its deletion variants), no end for the 1M one
    assert peak < 40 * len(name) + 8 * MB


def test_huge_word_is_still_found_whole_and_by_its_start(tmp_path: Path) -> None:
    word = random_word(40_000)
    index = load_database(one_organization(tmp_path, {"latin": word, "ar": "مجموعة"})).search_index()
    assert [hit.doc.id for hit in index.search(word)] == ["x"]
    assert [hit.doc.id for hit in index.search(word[:50])] == ["x"]


def test_typo_tolerance_and_substrings_stop_at_their_caps(tmp_path: Path) -> None:
    short, long = random_word(FUZZY_MAX_LETTERS, seed=2), random_word(FUZZY_MAX_LETTERS + 1, seed=3)
    inside = "q" + random_word(SUBSTRING_MAX_LETTERS + 1, seed=4)
    path = tmp_path / "caps.json"
    path.write_text(
        json.dumps(
            {
                "organizations": {
                    "1": {"id": "short", "names": {"latin": short}},
                    "2": {"id": "long", "names": {"latin": long}},
                    "3": {"id": "inside", "names": {"latin": inside}},
                }
            }
        ),
        encoding="utf-8",
    )
    index = load_database(path).search_index()

    def typo(word: str) -> str:
        return word[:10] + word[11:]  # one letter deleted

    assert [hit.match for hit in index.search(typo(short))] == ["fuzzy"]
    assert index.search(typo(long)) == []
    assert index.search(inside[1:30]) == []  # a part of an over-long word: not indexed
    assert [hit.doc.id for hit in index.search(inside[:30])] == ["inside"]  # its start: found


def test_a_pasted_huge_query_costs_a_small_multiple_of_it(tmp_path: Path) -> None:
    query = random_word(40_000, seed=5)
    index = load_database(one_organization(tmp_path, {"latin": random_word(5_000, seed=6)})).search_index()
    peak = peak_memory(lambda: index.search(query))
    assert peak < 100 * len(query)  # before: 4 GB (deletion variants of the query)


def test_a_query_searches_at_most_its_first_words() -> None:
    words = [f"w{number}" for number in range(MAX_QUERY_WORDS * 3)]
    assert query_words(" ".join(words)) == words[:MAX_QUERY_WORDS]


# -- layout --------------------------------------------------------------------------------


def test_one_line_of_a_huge_name_reads_only_its_start(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = layout_module._paragraphs

    def spy(text: str, *args: Any) -> Any:
        seen.append(len(text))
        return real(text, *args)

    monkeypatch.setattr(layout_module, "_paragraphs", spy)
    layout_module.clear_layout_cache()
    line = single_line("مصحة " * 200_000, 40)
    assert line.text.startswith(ELLIPSIS)  # right-to-left: the logical end is on the left
    assert line.cells <= 40
    assert seen and max(seen) <= (40 + 1) * layout_module.CHARS_PER_CELL


def test_a_detail_lays_out_a_bounded_amount_of_a_huge_record(tmp_path: Path) -> None:
    aliases = [f"alias{number}" for number in range(60_000)]
    database = load_database(
        one_organization(tmp_path, {"ar": "ب" * 1_000_000, "latin": "x" * 1_000_000, "aliases": aliases})
    )
    record = database.get("x")
    shown = detail_blocks(database, record)
    assert all(len(block.text) <= MAX_VALUE_CHARS + 64 and len(block.label) <= MAX_VALUE_CHARS + 64 for block in shown)
    assert sum(len(block.text) + len(block.label) for block in shown) <= MAX_DETAIL_CHARS + 200
    assert any("more names not shown" in block.text for block in shown)
    copied = detail_blocks(database, record, complete=True)  # what `y` copies: everything
    assert any(all(alias in block.text for alias in (aliases[0], aliases[-1])) for block in copied)


def test_a_detail_lists_a_bounded_number_of_links(tmp_path: Path) -> None:
    from tui.presentation.detail import MAX_LINKS_SHOWN

    organizations = {str(n): {"id": f"o{n}", "names": {"latin": f"Org {n}"}} for n in range(1, 3)}
    partnerships = {
        str(n): {"id": f"p{n}", "names": {"latin": f"P {n}"}, "parties": ["o1", "o2"]}
        for n in range(1, MAX_LINKS_SHOWN + 500)
    }
    path = tmp_path / "links.json"
    path.write_text(json.dumps({"organizations": organizations, "partnerships": partnerships}), encoding="utf-8")
    database = load_database(path)
    shown = detail_blocks(database, database.get("o1"))
    assert sum(block.role == "link" for block in shown) <= MAX_LINKS_SHOWN + 10
    assert any(block.text.startswith("499 more partnerships") for block in shown)


async def test_the_search_screen_says_when_words_are_ignored() -> None:
    from pilot_helpers import wait_until_loaded

    from tui.app import MarsadApp
    from tui.screens.search import SearchScreen

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*" ".join(f"w{n}" for n in range(MAX_QUERY_WORDS + 4)))
        await screen.workers.wait_for_complete()
        await pilot.pause()
        status = screen.query_one("#search-status", Said).text
        assert f"only the first {MAX_QUERY_WORDS} words are searched (4 more ignored)" in status
