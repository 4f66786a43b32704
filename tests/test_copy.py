"""Copy with evidence (`y`, `Y`, `y` in the article), and copies that land inside tmux or say they did not."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
from pilot_helpers import wait_until_loaded

from tui.app import MarsadApp
from tui.presentation.detail import QUOTED_IN_LABEL, SAID_BY_LABEL, RecordTarget, detail_blocks
from tui.presentation.evidence import item_text, quote_text, record_text
from tui.store.opening import load_database
from tui.terminal import clipboard
from tui.terminal.clipboard import load_into_tmux

FAKE_TMUX = """#!/bin/sh
echo "$@" >> "$FAKE_TMUX_LOG"
case "$FAKE_TMUX_MODE" in
  modern) cat > "$FAKE_TMUX_BUFFER" ;;
  old) if [ "$2" = "-w" ]; then echo "unknown flag -w" >&2; exit 1; fi; cat > "$FAKE_TMUX_BUFFER" ;;
  refuse) echo "no server running on /tmp/tmux-0/default" >&2; exit 1 ;;
  hang) exec sleep 30 ;;
esac
"""
NOTICE_DEADLINE = 10.0


@pytest.fixture
def fake_tmux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A `tmux` first on PATH that logs its arguments and keeps what it is given; `mode(...)` picks its behaviour."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "tmux"
    script.write_text(FAKE_TMUX, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_TMUX_LOG", str(tmp_path / "log"))
    monkeypatch.setenv("FAKE_TMUX_BUFFER", str(tmp_path / "buffer"))

    class Fake:
        buffer = tmp_path / "buffer"
        log = tmp_path / "log"

        @staticmethod
        def mode(name: str) -> None:
            monkeypatch.setenv("FAKE_TMUX_MODE", name)

        def calls(self) -> list[str]:
            return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []

    return Fake()


# -- how a copy lands ---------------------------------------------------------------


def test_tmux_3_2_or_later_takes_the_text_into_its_buffer_and_on_to_the_terminal(fake_tmux):
    fake_tmux.mode("modern")
    outcome = load_into_tmux("نص عربي T2S\n")
    assert outcome.landed
    assert fake_tmux.buffer.read_text(encoding="utf-8") == "نص عربي T2S\n"
    assert fake_tmux.calls() == ["load-buffer -w -"]
    assert "tmux's paste buffer" in outcome.message("the fact") and outcome.message("the fact").startswith(
        "Copied the fact"
    )


def test_an_older_tmux_takes_it_into_its_buffer_only_and_says_so(fake_tmux):
    fake_tmux.mode("old")
    outcome = load_into_tmux("x")
    assert outcome.landed
    assert fake_tmux.buffer.read_text(encoding="utf-8") == "x"
    assert fake_tmux.calls() == ["load-buffer -w -", "load-buffer -"]
    assert "older than 3.2" in outcome.message("x")


@pytest.mark.parametrize("mode", ["refuse", "hang", "missing"])
def test_a_copy_that_cannot_land_says_so_and_how_to_enable_it(fake_tmux, monkeypatch, mode):
    monkeypatch.setattr(clipboard, "TMUX_TIMEOUT", 0.5)
    if mode == "missing":
        monkeypatch.setenv("PATH", "/nonexistent")
    else:
        fake_tmux.mode(mode)
    outcome = load_into_tmux("x")
    message = outcome.message("the fact")
    assert not outcome.landed
    assert not message.startswith("Copied")
    assert "did not land" in message and "set -g set-clipboard on" in message
    assert not fake_tmux.buffer.exists()


# -- what is copied ------------------------------------------------------------------


def test_a_fact_is_copied_with_its_figure_quote_source_and_record():
    database = load_database()
    record = database.get("t2s-ge-healthcare")
    cost = next(block for block in detail_blocks(database, record) if block.label == "Training room cost")
    text = item_text(database, record, cost)
    source = database.get(cost.cites.source)
    assert text.splitlines() == [
        "Training room cost: مليون درهم مغربي [1,000,000 MAD]",
        f"  Quote: “{cost.cites.quote}”",
        f"  Source: {source.names.primary} · {source.id}",
        "  Record: شراكة T2S و GE Healthcare (T2S – GE Healthcare) · t2s-ge-healthcare",
    ]


def test_a_link_is_copied_as_the_linked_record_with_its_id_and_a_membership_with_its_quote():
    database = load_database()
    amgs = database.get("amgs")
    member = next(block for block in detail_blocks(database, amgs) if block.target == RecordTarget("akdital"))
    text = item_text(database, amgs, member)
    assert text.splitlines()[0] == f"{member.label}: {member.text} · akdital"
    assert f"Quote: “{member.cites.quote}”" in text


def test_the_whole_record_comes_with_every_quote_and_source():
    database = load_database()
    record = database.get("t2s-ge-healthcare")
    text = record_text(database, record)
    for fact in record.facts:
        assert f"“{fact.quote}”" in text
    assert text.count("  Source: ") == len(record.facts)
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in text), "logical text, never shaped"


def test_a_quote_is_copied_with_its_citation_and_every_statement_it_supports():
    database = load_database()
    source = database.get("t2s-ge-healthcare-article")
    quote = "عملنا منذ أزيد من 3 عقود على دعم GE Healthcare"
    lines = quote_text(database, source, quote).splitlines()
    assert lines[0] == f"“{quote}”"
    assert lines[1] == f"  Source: {source.names.primary} · {source.id}"
    supports = [line for line in lines if line.startswith("  Supports: ")]
    assert any("abderraouf-sourdou · Said: " in line for line in supports)
    assert any("t2s-ge-healthcare · History: " in line for line in supports)


def test_a_statement_someone_said_shows_and_copies_who_said_it():
    database = load_database()
    record = database.get("t2s-ge-healthcare")
    blocks = detail_blocks(database, record)
    reason = next(n for n, block in enumerate(blocks) if block.label == "Why T2S was chosen")
    said_by = blocks[reason + 1]
    assert (said_by.label, said_by.text, said_by.target) == (SAID_BY_LABEL, "روب والتون", RecordTarget("rob-walton"))
    lines = item_text(database, record, blocks[reason]).splitlines()
    assert lines[1:3] == ["  Said by: روب والتون · rob-walton", f"  Quote: “{blocks[reason].cites.quote}”"]
    whole = record_text(database, record)
    assert whole.count("  Said by: روب والتون · rob-walton") == 6
    assert whole.count("  Said by: عبد الرؤوف صوردو · abderraouf-sourdou") == 5
    assert "\nSaid by:" not in whole, "who said it is in the statement's evidence, once"
    # a fact nobody is quoted saying names nobody
    cost = next(block for block in blocks if block.label == "Training room cost")
    assert "Said by" not in item_text(database, record, cost)


def test_a_persons_page_lists_what_other_records_quote_them_saying():
    database = load_database()
    walton = database.get("rob-walton")
    blocks = detail_blocks(database, walton)
    assert not any(block.label == SAID_BY_LABEL for block in blocks), "their own statements need no link to them"
    heading = next(n for n, block in enumerate(blocks) if block.text.startswith("Quoted in other records"))
    quoted = blocks[heading + 1 :]
    facts = [block for block in quoted if block.role == "fact"]
    assert len(facts) == 6 and all(block.cites.speaker == "rob-walton" for block in facts)
    assert {block.target for block in quoted if block.label == QUOTED_IN_LABEL} == {RecordTarget("t2s-ge-healthcare")}
    # copying one of their own statements says who said it too
    own = next(block for block in blocks if block.role == "fact" and block.label == "Said")
    assert "  Said by: روب والتون · rob-walton" in item_text(database, walton, own)
    # a quote's statements are those of the records that state them, not repeated from the person's page
    source = database.get("t2s-ge-healthcare-article")
    reason = "اخترنا التعامل معهم لأنهم يتميزون بقدرات جيدة"
    supports = [line for line in quote_text(database, source, reason).splitlines() if line.startswith("  Supports: ")]
    assert len(supports) == 2  # Walton's own statement and the partnership's fact
    assert sum("rob-walton" in line for line in supports) == 1


# -- in the app ----------------------------------------------------------------------


async def _notice(pilot, notices, predicate) -> str:
    """The first notification that satisfies `predicate`, waiting for it (copies into tmux run in a worker)."""
    deadline = asyncio.get_running_loop().time() + NOTICE_DEADLINE
    while True:
        for notice in notices:
            if predicate(notice.message):
                return notice.message
        assert asyncio.get_running_loop().time() < deadline, [n.message for n in notices]
        await pilot.pause(0.02)


async def _to_the_training_room_cost(pilot) -> None:
    await wait_until_loaded(pilot)
    await pilot.press("2", "enter")
    detail = pilot.app.main_screen.detail
    for _ in detail.items:
        if detail.current_block.label == "Training room cost":
            return
        await pilot.press("j")
    raise AssertionError("no training room cost")


async def test_copy_the_training_room_cost_with_its_quote_and_source(notices):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_the_training_room_cost(pilot)
        await pilot.press("y")
        copied = app.clipboard
        assert copied.startswith("Training room cost: مليون درهم مغربي [1,000,000 MAD]\n")
        assert "Quote: “بتكلفة إجمالية قدرها مليون درهم مغربي”" in copied
        assert "Source: " in copied and "t2s-ge-healthcare-article" in copied
        await _notice(
            pilot,
            notices,
            lambda message: (
                message == "Copied the fact with its quote and source to the clipboard, through your terminal."
            ),
        )


async def test_inside_tmux_the_copy_reaches_tmux_s_buffer(fake_tmux, monkeypatch, notices):
    fake_tmux.mode("modern")
    monkeypatch.setenv("TMUX", "/tmp/tmux-fake/default,1,0")
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_the_training_room_cost(pilot)
        await pilot.press("y")
        await _notice(pilot, notices, lambda message: "tmux's paste buffer" in message)
        assert fake_tmux.buffer.read_text(encoding="utf-8") == app.clipboard
        assert "بتكلفة إجمالية قدرها مليون درهم مغربي" in app.clipboard


async def test_inside_tmux_a_copy_that_did_not_land_is_never_called_copied(fake_tmux, monkeypatch, notices):
    fake_tmux.mode("refuse")
    monkeypatch.setenv("TMUX", "/tmp/tmux-fake/default,1,0")
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_the_training_room_cost(pilot)
        await pilot.press("Y")
        message = await _notice(pilot, notices, lambda message: "did not land" in message)
        assert "set -g set-clipboard on" in message
        assert not any(n.message.startswith("Copied") for n in notices)


async def test_Y_copies_the_whole_record_and_y_on_the_title_too():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_the_training_room_cost(pilot)
        await pilot.press("Y")
        whole = app.clipboard
        assert whole == record_text(app.database, app.main_screen.record)
        await pilot.press("g", "y")
        assert app.clipboard == whole
