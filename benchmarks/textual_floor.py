"""The floor of any Textual app for the keys and start-up benchmarks: Marsad's main screen of stock widgets only.

    python benchmarks/textual_floor.py FILE

The same screen as Marsad's (a line of breadcrumbs; five bordered lists, one per
table of FILE, the organizations' open and the others one row high; the
highlighted record's detail on the right; a key bar), built from Textual's own
widgets with nothing of Marsad's: `OptionList`s of the Latin names (no shaping, no
bidi, no index: the file is read whole first), a `Static` of the record's facts in
a `VerticalScroll`, a `Footer`; the focused pane's title stands out as Marsad's does
(by a `:focus` rule here: each bordered pane is the widget that takes the focus).
Keys as Marsad's: `j` and `pagedown` move down the list, `enter` focuses the
detail, `escape` or `backspace` goes back to the list, `g` to the top, `q` quits.
`benchmarks/bench_keys_tmux.py` runs it beside Marsad and VisiData, and
`benchmarks/_child.py startup-floor` times its first frame: what Textual itself
costs, on this machine, in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import msgspec
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static

#: the tables of a Marsad file, in the order of its panes, with their titles
TABLES = (
    ("organizations", "1 Organizations"),
    ("partnerships", "2 Partnerships"),
    ("associations", "3 Association"),
    ("people", "4 People"),
    ("sources", "5 Sources"),
)

Tables = dict[str, list[dict[str, Any]]]


def read_tables(path: Path) -> Tables:
    """The records of each table of a Marsad file, in the file's order."""
    tables = msgspec.json.decode(path.read_bytes())
    return {table: list(tables.get(table, {}).values()) for table, _title in TABLES}


def _name(record: dict[str, Any]) -> str:
    names = record.get("names") or {}
    return names.get("latin") or names.get("ar") or record.get("title") or record.get("id") or ""


def _detail(record: dict[str, Any]) -> Content:
    names = record.get("names") or {}
    lines = [names.get("ar", ""), f"Organization · {record.get('id', '')}", names.get("latin", ""), "", "Facts"]
    lines += [f"{fact.get('label', '')}  {fact.get('value', '')}" for fact in record.get("facts", [])]
    return Content("\n".join(lines))


class TextualFloor(App[None]):
    CSS = """
    #crumbs { height: 1; background: $panel; padding: 0 1; }
    #body { height: 1fr; }
    #panes { width: 2fr; max-width: 64; }
    .pane { height: 3; border: round $panel-lighten-2; border-title-color: $text-muted; }
    .pane.-active { height: 1fr; border-title-color: $accent; }
    #detail-pane { width: 3fr; border: round $panel-lighten-2; border-title-color: $text-muted; }
    .pane:focus, #detail-pane:focus { border-title-color: $accent; border-title-style: bold reverse; }
    """
    BINDINGS = [
        Binding("j", "down", "Down"),
        Binding("g", "top", "Top", show=False),
        Binding("escape,backspace", "back", "Back"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, tables: Tables) -> None:
        super().__init__()
        self.tables = tables

    def compose(self) -> ComposeResult:
        yield Static("Marsad › Organizations", id="crumbs")
        with Horizontal(id="body"):
            with Vertical(id="panes"):
                for number, (table, title) in enumerate(TABLES):
                    records = self.tables.get(table, [])
                    classes = "pane -active" if not number else "pane"
                    options = OptionList(*map(_name, records), id=table, classes=classes)
                    options.border_title = title
                    options.border_subtitle = f"{len(records):,}"
                    yield options
            with VerticalScroll(id="detail-pane") as pane:
                pane.border_title = "Detail"
                yield Static(id="detail")
        yield Footer()

    @property
    def organizations(self) -> OptionList:
        return self.query_one("#organizations", OptionList)

    def on_mount(self) -> None:
        self.organizations.highlighted = 0
        self.organizations.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self.organizations:
            return
        record = self.tables["organizations"][event.option_index]
        self.query_one("#crumbs", Static).update(Content(f"Marsad › Organizations › {_name(record)}"))
        self.query_one("#detail", Static).update(_detail(record))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#detail-pane").focus()  # (enter, as Marsad's: the detail takes the focus)

    def action_down(self) -> None:
        self.organizations.action_cursor_down()

    def action_top(self) -> None:
        self.organizations.action_first()

    def action_back(self) -> None:
        self.organizations.focus()


if __name__ == "__main__":
    TextualFloor(read_tables(Path(sys.argv[1]))).run()
