"""A footer that rebuilds its keys only when the keys it shows change.

Textual's `Footer` recomposes (unmounts and mounts a widget per key) whenever
the screen's bindings change, which is at every focus change: 30 ms of every
`enter` that moves the focus from a list to the detail, which show the same keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """`Footer`, recomposed only when what it would show is different."""

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (active.binding.key, active.binding.description, active.enabled)
            for active in screen.active_bindings.values()
            if active.binding.show
        )
        if shown == self._shown:
            return
        if screen.app.app_focus:  # (Footer recomposes only then: without focus, a later change must)
            self._shown = shown
        super().bindings_changed(screen)
