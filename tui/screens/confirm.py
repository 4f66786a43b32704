"""A yes-or-no question before something that changes a file or drops work: y answers yes, n or escape no."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import i18n
from tui.i18n import N_, _
from tui.text.direction import BidiMode
from tui.text.layout import layout
from tui.widgets.footer import KeysFooter
from tui.widgets.rows import ui_text

#: cells a line of the question (or the title) may take
QUESTION_WIDTH = 70


class ConfirmScreen(ModalScreen[bool]):
    """`title`, the question's lines (each in reading order), and two buttons; returns the answer.

    The title, the lines and the answers are said in the language spoken (the caller's `_()`);
    the dialog lays them out in the interface's direction (on the right in a mirrored interface).
    """

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 76; max-width: 100%; height: auto;
        border: round $warning; border-title-color: $warning; padding: 0 1; background: $surface;
    }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin: 0 0 0 1; }
    """

    def __init__(self, title: str, lines: list[str], *, yes: str, no: str, mode: BidiMode) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.yes = yes
        self.no = no
        self.mode = mode

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = ui_text(self.title_text, QUESTION_WIDTH, self.mode)
            question = Static(Text("\n").join(self._wrapped()), id="confirm-question")
            if i18n.is_rtl():
                question.styles.text_align = "right"
            yield question
            with Horizontal():
                yield Button(
                    ui_text(_("{answer} (y)").format(answer=self.yes), 30, self.mode),
                    variant="warning",
                    id="confirm-yes",
                )
                yield Button(ui_text(_("{answer} (n)").format(answer=self.no), 30, self.mode), id="confirm-no")
        yield KeysFooter(mode=self.mode)

    def _wrapped(self) -> list[Text]:
        """Each line of the question wrapped, in reading order (it may quote an Arabic name), as a paragraph
        of the interface's direction."""
        wrapped: list[Text] = []
        for line in self.lines:
            for drawn in layout(line, QUESTION_WIDTH, direction=i18n.direction(), mode=self.mode) or ():
                wrapped.append(drawn.to_text(drawn.cells))
        return wrapped

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
