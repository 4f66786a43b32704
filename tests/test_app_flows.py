"""Pilot tests of the key flows of the browser, on the bundled database."""

from __future__ import annotations

import json

import pytest
from pilot_helpers import wait_for, wait_until_loaded
from textual.color import Color

from tui.app import MarsadApp
from tui.presentation.detail import QuoteTarget, RecordTarget
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.settings import config_path
from tui.widgets.article_view import ArticleView
from tui.widgets.detail_view import DetailView
from tui.widgets.entity_list import EntityList
from tui.widgets.said import Said


async def _ready(pilot) -> MainScreen:
    await wait_until_loaded(pilot)
    screen = pilot.app.main_screen
    assert screen.database is not None
    return screen


async def _move_detail_to(pilot, predicate) -> None:
    """Move the detail's cursor down to the first item `predicate` accepts.

    The detail is laid out for its width, which a pane just shown gets on the next layout
    (and may change once more): so wait for rows, and bound the presses by the row count
    as it is at each press, not as it was before the first (each `j` moves to the next
    item or scrolls a tall one by at least a row).
    """
    detail = pilot.app.main_screen.detail
    await wait_for(pilot, lambda: detail.row_count > 0, "the detail laid out")
    presses = 0
    while not predicate(detail.current_target):
        if presses > detail.row_count:
            raise AssertionError(f"no detail row matched in {presses} presses of j")
        await pilot.press("j")
        presses += 1


async def test_each_pane_focuses_with_its_number_key():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        for key, kind in zip("12345", ("organization", "partnership", "association", "person", "source")):
            await pilot.press(key)
            assert isinstance(app.focused, EntityList) and app.focused.kind == kind
            assert screen.active_kind == kind
            assert screen.query_one(f"#pane-{kind}").has_class("-active")
            assert screen.record is not None and screen.record.id == app.focused.selected.id


async def test_moving_in_a_list_shows_each_record():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        seen = []
        for _ in range(3):
            seen.append(screen.record.id)
            await pilot.press("j")
        assert seen == ["t2s", "ge-healthcare", "medical-professions-institute"]
        await pilot.press("G")
        assert screen.record.id == "general-electric"
        await pilot.press("g")
        assert screen.record.id == "t2s"


async def test_follow_a_founding_member_and_come_back_to_the_same_place():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("3", "enter")
        assert app.focused is screen.detail
        await _move_detail_to(pilot, lambda t: t == RecordTarget("akdital"))
        before = screen.detail.scroll_state()
        await pilot.press("enter")
        assert screen.record.id == "akdital"
        assert screen.active_kind == "organization"
        assert screen.list_of("organization").selected.id == "akdital"
        await pilot.press("escape")
        assert screen.record.id == "amgs"
        assert screen.active_kind == "association"
        assert app.focused is screen.detail
        assert screen.detail.scroll_state() == before


async def test_drill_into_a_partner_from_the_partnership():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("2", "enter")
        await _move_detail_to(pilot, lambda t: t == RecordTarget("ge-healthcare"))
        await pilot.press("enter")
        assert screen.record.id == "ge-healthcare"
        # the organization's detail links back to the partnership
        assert screen.detail.first_target_row(RecordTarget("t2s-ge-healthcare")) is not None
        await pilot.press("backspace")
        assert screen.record.id == "t2s-ge-healthcare"


async def test_the_sentence_behind_the_region_opens_in_the_source_viewer():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("2", "enter")
        region = next(f for f in screen.record.facts if f.field == "region")
        await _move_detail_to(pilot, lambda t: t == QuoteTarget(region.source, region.quote))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        article = app.screen.query_one(ArticleView)
        row = article.row_at(next(s for s, e in article.spans if article.text[s:e] == region.quote))
        assert article.cursor == row
        assert article.spans, "the cited quotes are highlighted"
        await pilot.press("n")
        assert article.cursor > row
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.record.id == "t2s-ge-healthcare"


async def test_s_opens_the_source_of_the_selected_record():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot)
        await pilot.press("3", "s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source.id == "amgs-founding-article"


async def test_copy_puts_the_logical_text_on_the_clipboard():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot)
        await pilot.press("3", "y")
        copied = app.clipboard
        assert "الجمعية المغربية لمجموعات الصحة" in copied  # logical, not shaped or reversed
        assert "AMGS" in copied
        assert "أكديتال" in copied
        assert not any("\ufb50" <= ch <= "\ufeff" for ch in copied)


async def test_help_lists_bindings_and_the_bidi_mode():
    app = MarsadApp(bidi="terminal")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render()) + app.screen.query_one("#help-bidi", Said).text
        for expected in (
            "pane.organization",
            "nav.back",
            "record.source",
            "record.copy",
            "app.search",
            "Arabic mode: terminal",
        ):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_tab_cycles_focus_through_panes_and_detail():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot)
        cycle = ["list-organization", "list-partnership", "list-association", "list-person", "list-source", "detail"]
        focused = []
        for _ in range(len(cycle) + 1):
            focused.append(app.focused.id)
            await pilot.press("tab")
        assert focused == cycle + cycle[:1]  # (and the focus is on list-partnership)
        backwards = []
        for _ in range(len(cycle)):
            await pilot.press("shift+tab")
            backwards.append(app.focused.id)
        assert backwards == [
            "list-organization",
            "detail",
            "list-source",
            "list-person",
            "list-association",
            "list-partnership",
        ]


async def test_the_pane_holding_the_focus_says_so_in_its_title_without_restyling_the_panes(monkeypatch):
    """The focused pane's title is in the accent, bold and reversed (the new theme's accent after a switch);
    a focus change restyles the two widgets whose focus changed, never a pane and everything in it."""
    app = MarsadApp()
    restyled: list = []
    update_styles = app.update_styles
    monkeypatch.setattr(
        app, "update_styles", lambda node, animate=True: (restyled.append(node), update_styles(node, animate))
    )

    def title_style(pane_id: str) -> tuple:
        styles = app.main_screen.query_one(pane_id).styles
        style = styles.border_title_style
        return styles.border_title_color, bool(style.bold), bool(style.reverse)

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        accent = Color.parse(app.theme_variables["accent"])
        assert title_style("#pane-organization") == (accent, True, True)
        assert title_style("#detail-pane")[1:] == (False, False)
        restyled.clear()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.focused is screen.detail, "the detail focused")
        assert title_style("#detail-pane") == (accent, True, True)
        assert title_style("#pane-organization")[1:] == (False, False)
        panes = [node for node in restyled if node.has_class("pane") or node.id in ("detail-pane", "panes", "body")]
        assert restyled and not panes, f"a focus change restyled {panes}"
        app.theme = "nord"
        await pilot.pause()
        nord_accent = Color.parse(app.theme_variables["accent"])
        assert nord_accent != accent and title_style("#detail-pane") == (nord_accent, True, True)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is screen.list_of("organization"), "the list focused again")
        assert title_style("#pane-organization") == (nord_accent, True, True)
        assert title_style("#detail-pane")[1:] == (False, False)


async def test_moving_between_the_panes_moves_the_focus_while_the_key_is_handled(monkeypatch):
    """`enter`, `escape`, `l` and `h` move the focus at once (`Screen.set_focus`). `Widget.focus` would repaint
    the widget first and move the focus after the handler: the screen then drew the change in two frames, the
    detail alone, then the panes' titles, the list and the key bar a timer period later (issue 20)."""
    from textual.widget import Widget

    deferred: list[Widget] = []
    focus = Widget.focus
    monkeypatch.setattr(
        Widget, "focus", lambda widget, *args, **kw: (deferred.append(widget), focus(widget, *args, **kw))[1]
    )
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        organizations = screen.list_of("organization")
        deferred.clear()
        for key, focused in (
            ("enter", screen.detail),
            ("escape", organizations),
            ("l", screen.detail),
            ("h", organizations),
        ):
            await pilot.press(key)
            await wait_for(pilot, lambda focused=focused: app.focused is focused, f"{key}: the focus moved")
        assert not deferred, f"the focus was moved after the key's handler, to {deferred}"


async def test_clicking_a_row_selects_it():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.click("#list-organization", offset=(3, 4))
        assert screen.record.id == "akdital"


async def test_theme_is_remembered_between_runs():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        app.theme = "textual-light"
        await pilot.pause()
    assert json.loads(config_path().read_text(encoding="utf-8"))["theme"] == "textual-light"
    again = MarsadApp()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_a_saved_theme_this_textual_lacks_is_kept_until_the_user_picks_one():
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('{"theme": "a-theme-from-a-newer-textual"}', encoding="utf-8")
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        assert app.theme != "a-theme-from-a-newer-textual"
    assert json.loads(config_path().read_text(encoding="utf-8"))["theme"] == "a-theme-from-a-newer-textual"


async def test_quit():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_database_with_empty_tables_shows_empty_states(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"organizations": {}, "partnerships": {}}', encoding="utf-8")
    app = MarsadApp(db_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        for key in "12345":
            await pilot.press(key, "j", "enter", "s", "y")
        assert screen.record is None
        assert screen.list_of("organization").empty_message == "No organizations in this database"


async def test_an_unreadable_database_exits_with_code_2(tmp_path):
    app = MarsadApp(db_path=tmp_path / "missing.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
    assert app.return_code == 2
    assert "no such file" in app.load_error.message


@pytest.mark.parametrize("size", [(40, 12), (60, 20)])
async def test_tiny_terminals_stay_usable(size):
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        screen = await _ready(pilot)
        assert screen.has_class("-narrow")
        await pilot.press("3", "enter")
        assert app.focused is screen.detail
        assert screen.query_one("#detail-pane").display
        await _move_detail_to(pilot, lambda t: t == RecordTarget("gymes"))
        await pilot.press("enter", "escape", "escape")
        assert isinstance(app.focused, EntityList)


async def test_a_changed_file_is_noticed_and_reloaded_on_request(tmp_path, notices):
    from tui.data.bundled import bundled_database_path

    path = tmp_path / "db.json"
    data = json.loads(bundled_database_path().read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = MarsadApp(db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("j", "j", "j")
        assert screen.record.id == "odm"
        data["organizations"].pop("1")  # drop T2S
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        app._check_file()
        await pilot.pause()
        assert any("changed on disk" in n.message for n in notices)
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "t2s" not in app.database.organizations
        assert screen.list_of("organization").row_count == 10
        assert screen.record.id == "odm", "the selection survives the reload"
        path.unlink()
        app._check_file()
        await pilot.pause()
        assert any("moved or deleted" in n.message for n in notices)
        await pilot.press("j", "enter", "escape")
        assert app.is_running


@pytest.mark.parametrize("size", [(40, 12), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_detail_drawn_at_a_width_it_was_not_laid_out_for_is_laid_out_again(monkeypatch, size):
    """A narrow terminal lays the detail out while its pane is hidden (no width); shown at `enter`, it is laid out
    at its width even when no Resize says so (here none is handled at all)."""
    monkeypatch.setattr(DetailView, "on_resize", lambda self, event: None)
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        screen = await _ready(pilot)
        await pilot.press("3", "enter")
        detail = screen.detail
        await wait_for(pilot, lambda: bool(detail.items), "the detail laid out at the width it is drawn at")
        assert detail.scrollable_content_region.width > 0
        assert all(row.text.cell_len <= detail.scrollable_content_region.width for row in detail._rows)


async def test_back_keeps_the_place_in_the_detail_even_after_a_pause():
    """Late messages from restoring the lists must not redraw the detail under the user."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("1", "j", "j", "enter")  # the institute: its facts link to the General Electric group
        assert screen.record.id == "medical-professions-institute"
        await _move_detail_to(pilot, lambda t: t == RecordTarget("general-electric"))
        await pilot.press("enter")  # an organization too: the same list's cursor moves
        assert screen.record.id == "general-electric"
        await pilot.press("escape")
        await pilot.pause()  # the lists' late Highlighted messages are handled...
        # ...and a detail redraw they might have scheduled has happened
        await wait_for(pilot, lambda: screen._detail_timer is None, "no detail redraw pending")
        assert screen.record.id == "medical-professions-institute"
        assert screen.detail.current_target == RecordTarget("general-electric")


async def test_a_huge_terminal_lays_out_and_navigates():
    app = MarsadApp()
    async with app.run_test(size=(300, 90)) as pilot:
        screen = await _ready(pilot)
        assert not screen.has_class("-narrow") and not screen.has_class("-short")
        await pilot.press("3", "enter")
        await _move_detail_to(pilot, lambda t: t == RecordTarget("elsan-sante"))
        await pilot.press("enter")
        assert screen.record.id == "elsan-sante"
        assert screen.query_one("#panes").size.width <= 64  # lists keep a readable width


async def test_labels_are_muted_and_values_keep_their_own_color():
    """A label's style covers the label only; Latin and Arabic names keep apart too."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("3", "enter")
        detail = screen.detail
        label_style = detail._styles["label"]
        assert label_style.color is not None and label_style.color.triplet != (255, 255, 255), "a real muted color"
        kind_row = next(row.text for row in detail._rows if row.text.plain.startswith("Kind"))
        assert not kind_row.style, "no base style reaching the value"
        assert all(span.end <= 22 for span in kind_row.spans if span.style == label_style)
        organizations = screen.list_of("organization")
        name_row = organizations._render_record(1, 40)  # GE Healthcare + جنرال إلكتريك…
        assert not name_row.style
        assert all(span.end <= 16 for span in name_row.spans)


async def test_the_detail_takes_a_new_themes_colors_and_keeps_its_layout_under_another_screen():
    """The detail's role styles are read when styles change, not at every record drawn: a theme still reaches
    the detail shown and the next one drawn, and a screen opened over it and closed lays nothing out again."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        detail = screen.detail
        await wait_for(pilot, lambda: bool(detail._rows), "the first record's detail")
        dark_label = detail._styles["label"]
        rows = detail._rows
        await pilot.press("slash", "escape")  # the search screen, over the main one and gone
        await pilot.pause()
        assert detail._rows is rows, "no layout when the main screen comes back as it was"
        app.theme = "textual-light"
        await wait_for(pilot, lambda: detail._rows is not rows, "the detail laid out in the new theme")
        light_label = detail._styles["label"]
        assert light_label != dark_label
        assert any(span.style == light_label for row in detail._rows for span in row.text.spans), (
            "the detail shown is in the new colors"
        )
        shown = detail._rows
        await pilot.press("j")
        await wait_for(pilot, lambda: detail._rows is not shown, "the next record's detail")
        assert any(span.style == light_label for row in detail._rows for span in row.text.spans), (
            "and so is the next one drawn"
        )
        assert not any(span.style == dark_label for row in detail._rows for span in row.text.spans)


BAD_PARTNERSHIP = {
    "organizations": {"1": {"id": "t2s", "names": {"latin": "T2S"}}, "2": {"id": "ge", "names": {"latin": "GE"}}},
    "partnerships": {"1": {"id": "p", "names": {"latin": "T2S – GE"}, "parties": 7}},
}


@pytest.mark.parametrize("opened", ["before the app (as the command does)", "by the app"])
async def test_a_file_with_bad_records_says_so_as_soon_as_it_opens(tmp_path, opened):
    """A bad record is left out of its pane: the notice must come with the first screen, not only after ctrl+r."""
    from tui.store.opening import load_database

    path = tmp_path / "bad file.json"
    path.write_text(json.dumps(BAD_PARTNERSHIP), encoding="utf-8")
    database = load_database(path) if opened.startswith("before") else None
    app = MarsadApp(db_path=path, database=database)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await wait_for(pilot, lambda: bool(app._notifications), "a notification")
        (notice,) = [n for n in app._notifications if n.title == "Database problems"]
        assert notice.message == (
            f"1 bad record was left out (partnerships: 1). `marsad validate '{path}'` says what is wrong with each."
        )
        assert notice.severity == "warning"
