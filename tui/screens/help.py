"""The help screen: every binding (key, id, what it does) and the bidi mode."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.text.direction import BidiMode

BIDI_HELP = {
    BidiMode.APP: "Arabic mode: app. Marsad shapes and reorders Arabic itself, and asks the terminals "
    "that reorder it too (VTE, Konsole, mlterm) not to. If Arabic shows reversed here, run "
    "`marsad doctor`: it says what this terminal is taken for, and what to change.",
    BidiMode.TERMINAL: "Arabic mode: terminal. Marsad draws Arabic in logical order, unshaped, for a "
    "terminal that shapes and reorders it itself. If Arabic shows as separate letters in reverse "
    "order, run `marsad doctor`, or start with --bidi app (or MARSAD_BIDI=app).",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(
        self, sections: list[tuple[str, list[Binding]]], mode: BidiMode, key_display: Callable[[Binding], str]
    ) -> None:
        super().__init__()
        self.sections = sections
        self.mode = mode
        self.key_display = key_display

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help · escape to close"
            yield Static(Text(BIDI_HELP[self.mode]), id="help-bidi")
            yield Static(self._table(), id="help-keys")

    def _table(self) -> Text:
        text = Text()
        for title, bindings in self.sections:
            text.append(f"\n{title}\n", style="bold")
            for binding in bindings:
                keys = ", ".join(self.key_display(Binding(key, binding.action)) for key in binding.key.split(","))
                text.append(f"  {keys:<18}", style="bold")
                text.append(f"{binding.description or binding.action:<24}")
                text.append(f"{binding.id or ''}\n", style="dim")
        return text
