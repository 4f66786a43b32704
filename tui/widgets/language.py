"""The message a switch of language sends to every widget and screen (`MarsadApp.switch_language`).

Most of what Marsad says is translated when it is drawn, and every widget is
refreshed after a switch; a widget or screen that keeps something said in the old
language (a border title, a status line) says it again in `on_language_changed`.
"""

from __future__ import annotations

from textual.message import Message

__all__ = ["LanguageChanged"]


class LanguageChanged(Message, bubble=False):
    """The interface now speaks another language (`tui.i18n.current_language()`), or writes other digits."""
