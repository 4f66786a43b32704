"""Search while the index is being built: the names read so far (`tui.search.early`), in the app and alone."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pilot_helpers import wait_for, wait_until_loaded

from benchmarks.synth import write as write_synthetic
from tui.app import MarsadApp
from tui.data.errors import DatabaseUnreadable
from tui.screens.search import SearchScreen
from tui.search.early import EarlySearch, NameRow
from tui.search.normalize import normalize
from tui.search.ranking import SHORT_WORD
from tui.store import build as store_build
from tui.store import opening
from tui.store.background import Event, Failed, Finished
from tui.store.cache import index_path


class Rows:
    """What the index being built holds: rows given out in small batches, as `Database` gives them."""

    def __init__(self, names: list[tuple[str, str | None, str | None]], kind: str = "organization") -> None:
        self.rows: list[NameRow] = [
            (number, kind, f"r{number}", title, arabic, latin)
            for number, (title, arabic, latin) in enumerate(names, start=1)
        ]
        self.asked: list[int] = []

    def add(self, title: str, arabic: str | None = None, latin: str | None = None, kind: str = "person") -> None:
        number = len(self.rows) + 1
        self.rows.append((number, kind, f"r{number}", title, arabic, latin))

    def __call__(self, after: int) -> list[NameRow]:
        self.asked.append(after)
        return [row for row in self.rows if row[0] > after][:2]

    def at(self, rowid: int) -> NameRow | None:
        return next((row for row in self.rows if row[0] == rowid), None)

    def search(self) -> EarlySearch:
        return EarlySearch(self, self.at)


def titles(search: EarlySearch, query: str, **options: object) -> list[str]:
    return [hit.doc.title for hit in search.search(query, **options)]  # type: ignore[arg-type]


NAMES = [
    ("مجموعة أكديتال", "مجموعة أكديتال", "Akdital"),
    ("Groupe Akdital Santé", None, "Groupe Akdital Santé"),
    ("Clinique Akdital Casablanca", None, "Clinique Akdital Casablanca"),
    ("Oncorad", None, "Oncorad"),
    ("Radiologie Atlas", None, "Radiologie Atlas"),
]


def test_a_word_is_found_at_the_start_of_a_name_before_inside_it() -> None:
    search = Rows(NAMES).search()
    # (the Arabic name's whole name is its Latin one: exact; then a word of a name, ties in the order read)
    assert titles(search, "akdital") == ["مجموعة أكديتال", "Groupe Akdital Santé", "Clinique Akdital Casablanca"]
    assert titles(search, "rad") == ["Radiologie Atlas", "Oncorad"]  # a prefix first, inside a word after


def test_short_words_match_the_start_of_a_word_only() -> None:
    search = Rows(NAMES).search()
    assert titles(search, "at") == ["Radiologie Atlas"]  # not the "at" inside "Akdital"
    assert titles(search, "ra") == ["Radiologie Atlas"]  # not inside "Oncorad"


def test_every_word_of_the_query_must_be_in_one_record_s_names() -> None:
    search = Rows(NAMES).search()
    assert titles(search, "akdital casa") == ["Clinique Akdital Casablanca"]
    assert titles(search, "akdital oncorad") == []


def test_the_whole_name_ranks_first_and_says_exact() -> None:
    search = Rows([("Groupe Akdital Santé", None, None), ("Akdital", None, None)]).search()
    first = search.search("Akdital")[0]
    assert (first.doc.title, first.match) == ("Akdital", "exact")


def test_arabic_is_normalized_as_the_whole_search_normalizes_it() -> None:
    search = Rows(NAMES).search()
    assert titles(search, "اكديتال") == ["مجموعة أكديتال"]  # أ as ا
    assert titles(search, "مَجْمُوعَة") == ["مجموعة أكديتال"]  # marks dropped


def test_spans_are_of_the_name_as_shown() -> None:
    search = Rows([("مُجْمُوعَة أكديتال", None, None)]).search()
    (hit,) = search.search("اكديتال")
    start, end = hit.spans[0]
    assert hit.field.text[start:end] == "أكديتال"
    assert hit.field.name == "name"


def test_records_read_since_the_last_search_are_searched_too() -> None:
    rows = Rows(NAMES)
    search = rows.search()
    assert titles(search, "meryem") == []
    assert len(search) == len(NAMES)
    rows.add("Meryem Guessous", "مريم جسوس", "Meryem Guessous")
    assert titles(search, "meryem") == ["Meryem Guessous"]
    assert len(search) == len(NAMES) + 1
    assert rows.asked[-2:] == [len(NAMES), len(NAMES) + 1]  # only what came after was read again


def test_a_record_taken_out_of_the_index_is_no_hit() -> None:
    """A repeated id is taken out of the index being built after it was read: its names find nothing."""
    rows = Rows(NAMES)
    search = rows.search()
    search.take_new_records()
    rows.rows = [row for row in rows.rows if row[3] != "Oncorad"]
    assert titles(search, "oncorad") == []
    assert titles(search, "rad") == ["Radiologie Atlas"]


def test_kinds_and_limit() -> None:
    rows = Rows(NAMES)
    rows.add("Akdital Person", kind="person")
    search = rows.search()
    assert titles(search, "akdital", kinds=("person",)) == ["Akdital Person"]
    assert len(search.search("akdital", limit=2)) == 2
    assert search.search("akdital", limit=0) == []
    assert search.search("   ") == []


def test_a_name_never_matches_across_its_end() -> None:
    """The names are scanned as one text: a query must not join the end of one to the start of the next."""
    search = Rows([("Oncor", None, None), ("Adix", None, None)]).search()
    assert titles(search, "oncoradix") == []
    assert titles(search, "cora") == []


def _brute_force(names: list[str], word: str) -> set[str]:
    """The names an early search must find for one query word, by definition."""
    found = set()
    for name in names:
        normalized = normalize(name)
        if not normalized:
            continue
        words = normalized.split(" ")
        if any(each.startswith(word) for each in words) or (len(word) >= SHORT_WORD and word in normalized):
            found.add(name)
    return found


_LETTERS = st.sampled_from([*"abkrt ادكلمة", "é", "أ", "\u064e"])


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.text(_LETTERS, min_size=1, max_size=12), min_size=1, max_size=25, unique=True),
    query=st.text(_LETTERS, min_size=1, max_size=5),
)
@example(names=["ab", "b a"], query="a")
@example(names=["kr", "ta"], query="rt")
def test_finds_exactly_the_names_holding_the_word(names: list[str], query: str) -> None:
    words = normalize(query).split()
    if len(words) != 1:
        return
    (word,) = words
    half = len(names) // 2  # (read in two takes, as while a file is indexed: two strings of names)
    rows = Rows([(name, None, None) for name in names[:half]])
    search = rows.search()
    search.take_new_records()
    for name in names[half:]:
        rows.add(name)
    found = set(titles(search, query, limit=len(names) + 1))
    assert found == _brute_force(names, word)


# ------------------------------------------------------------------------------------------- in the app


class BuildInThisProcess:
    """As `tui.store.background.BackgroundBuild`, in a thread of the test's process (where it can be held)."""

    running: ClassVar[list[BuildInThisProcess]] = []
    threads: ClassVar[list[threading.Thread]] = []

    def __init__(self, database_path: Path) -> None:
        self._events: queue.Queue[Event | None] = queue.Queue()
        BuildInThisProcess.running.append(self)
        thread = threading.Thread(target=self._build, args=(database_path,), daemon=True)
        BuildInThisProcess.threads.append(thread)
        thread.start()

    def _build(self, database_path: Path) -> None:
        try:
            final = store_build.build_index(database_path, index_path(database_path), progress=self._events.put)
        except DatabaseUnreadable as error:
            self._events.put(Failed(error))
        else:
            self._events.put(Finished(final))

    def events(self) -> Iterator[Event]:
        while (event := self._events.get(timeout=60)) is not None:
            yield event
            if isinstance(event, Finished | Failed):
                return

    def cancel(self) -> None:
        """What the app says is no longer listened to (the build itself goes on until the test lets it)."""
        self._events.put(None)

    @classmethod
    def cancel_all(cls) -> None:
        """As `tui.store.background.cancel_all`: the app quits."""
        while cls.running:
            cls.running.pop().cancel()

    @classmethod
    def wait_all(cls) -> None:
        """Every build made so far has ended (none goes on into the next test)."""
        while cls.threads:
            cls.threads.pop().join(60)


def hold_the_build(
    monkeypatch: pytest.MonkeyPatch, *, after_batches: int, batch_records: int
) -> tuple[threading.Event, threading.Event]:
    """Build indexes behind, as for a large file, in this process, and hold the build once `after_batches`
    batches are written and shown: (set when held, set to go on)."""
    (hold,) = holds_in_the_build(monkeypatch, (after_batches,), batch_records=batch_records)
    return hold


def holds_in_the_build(
    monkeypatch: pytest.MonkeyPatch, batches: tuple[int, ...], *, batch_records: int
) -> list[tuple[threading.Event, threading.Event]]:
    """As `hold_the_build`, holding the build after each number of batches in `batches`, in turn."""
    monkeypatch.setattr(opening, "opens_at_once", lambda _path: False)
    monkeypatch.setattr("tui.store.background.BackgroundBuild", BuildInThisProcess)
    monkeypatch.setattr("tui.store.background.cancel_all", BuildInThisProcess.cancel_all)
    monkeypatch.setattr(store_build, "BATCH_RECORDS", batch_records)
    monkeypatch.setattr(store_build, "COMMIT_SECONDS", 0)  # every batch is shown as it is written
    holds = {batch: (threading.Event(), threading.Event()) for batch in batches}
    insert = store_build._RowWriter.insert
    written = 0

    def insert_then_hold(self: store_build._RowWriter, batch: store_build._Batch) -> None:
        nonlocal written
        insert(self, batch)
        written += 1
        if written in holds:
            held, go_on = holds[written]
            held.set()
            go_on.wait(60)

    monkeypatch.setattr(store_build._RowWriter, "insert", insert_then_hold)
    return [holds[batch] for batch in batches]


def synthetic_organizations(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A file of 3,000 synthetic records, and its organizations by key."""
    path = tmp_path / "db.json"
    write_synthetic(path, 3000, seed=4)
    return path, json.loads(path.read_text(encoding="utf-8"))["organizations"]


async def half_built_and_shown(pilot: Any, held: threading.Event) -> None:
    """Wait until the build is held and the records read so far are shown, the first one's detail too (it is drawn
    after the lists: a snapshot taken before would miss it)."""
    await wait_for(pilot, held.is_set, "the index half built")
    await wait_for(pilot, lambda: pilot.app.database is not None, "the records read so far shown")
    await wait_for(pilot, lambda: bool(pilot.app.main_screen.detail.items), "the first record's detail drawn")


async def test_slash_searches_the_names_read_so_far_while_the_index_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file being indexed: `/` answers from the names already read and says so; once the index is
    complete the same screen searches it whole (facts too)."""
    path, organizations = synthetic_organizations(tmp_path)
    first = organizations["1"]
    app = MarsadApp(db_path=path)
    held, go_on = hold_the_build(monkeypatch, after_batches=5, batch_records=100)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await half_built_and_shown(pilot, held)
            assert app.search_index is None
            await pilot.press("slash")
            await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert "names only" in str(screen.query_one("#search-status").render())
            await pilot.press(*first["names"]["latin"].lower())
            await wait_for(pilot, lambda: bool(screen.hits), "hits among the names read so far")
            assert screen.hits[0].doc.id == first["id"]
            status = str(screen.query_one("#search-status").render())
            assert "names only, of 500 records read so far" in status
        finally:
            go_on.set()
        await wait_until_loaded(pilot)
        await wait_for(pilot, lambda: app.search_index is not None and screen.index is app.search_index, "whole")
        await wait_for(pilot, lambda: "read so far" not in str(screen.query_one("#search-status").render()), "status")
        assert screen.hits[0].doc.id == first["id"]
        assert any(hit.field.name not in {"name", "alias", "acronym"} for hit in screen.hits), "facts are searched"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen), "the hit opened")
        assert app.main_screen.record is not None and app.main_screen.record.id == first["id"]


async def test_the_palette_jumps_to_a_record_read_so_far_while_the_index_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.command import CommandList, CommandPalette

    path, organizations = synthetic_organizations(tmp_path)
    wanted = organizations["200"]  # (read, not selected)
    app = MarsadApp(db_path=path)
    held, go_on = hold_the_build(monkeypatch, after_batches=3, batch_records=100)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await half_built_and_shown(pilot, held)
            await pilot.press("ctrl+p", *wanted["names"]["latin"].lower())
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            commands = palette.query_one(CommandList)
            await wait_for(pilot, lambda: bool(commands.option_count), "a record in the palette")
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closed")
            assert app.search_index is None, "landed while the index was still being built"
            assert app.main_screen.record is not None and app.main_screen.record.id == wanted["id"]
        finally:
            go_on.set()
        await wait_until_loaded(pilot)


async def test_the_hits_follow_the_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Left on the search screen while the file is read, the query is searched again as records come (as fzf
    follows its input), without a keystroke."""
    path, _organizations = synthetic_organizations(tmp_path)
    app = MarsadApp(db_path=path)
    (first_held, first_go), (second_held, second_go) = holds_in_the_build(monkeypatch, (1, 4), batch_records=100)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await half_built_and_shown(pilot, first_held)
            await pilot.press("slash", *"groupe")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await wait_for(pilot, lambda: bool(screen.hits), "hits among the first 100 records")
            status = str(screen.query_one("#search-status").render())
            assert "of 100 records read so far" in status
            first_hits = len(screen.hits)
            first_go.set()
            await wait_for(pilot, second_held.is_set, "the build held again")
            await wait_for(pilot, lambda: app.database is not None and len(app.database) == 400, "400 shown")
            await wait_for(
                pilot,
                lambda: "of 400 records read so far" in str(screen.query_one("#search-status").render()),
                "the hits of 400 records, without a keystroke",
            )
            assert len(screen.hits) > first_hits
            second_go.set()
            await wait_until_loaded(pilot)
    finally:
        first_go.set()
        second_go.set()
        BuildInThisProcess.wait_all()


class TestEarlySearchSnapshot:
    @pytest.fixture
    def held(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
        held, go_on = hold_the_build(monkeypatch, after_batches=1, batch_records=10)
        yield held
        go_on.set()
        BuildInThisProcess.wait_all()

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_names_searched_while_the_index_is_built(
        self, snap_compare, held: threading.Event, size: tuple[int, int]
    ) -> None:
        """The bundled database, its first 10 records read: `/` and a word of three of their names."""

        async def run_before(pilot) -> None:
            app = pilot.app
            app.theme = "textual-dark"
            await half_built_and_shown(pilot, held)
            await pilot.press("slash", *"مجموعة")
            await wait_for(
                pilot, lambda: isinstance(app.screen, SearchScreen) and len(app.screen.hits) == 3, "three hits"
            )
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()

        assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)
