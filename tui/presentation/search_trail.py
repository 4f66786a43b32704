"""The trail a search leaves: the hits landed on, which `n` and `N` step through, and past queries.

Plain data, kept by the app between searches (`tui.app.MarsadApp.search_trail` and
`search_history`); the search screen makes them, the record and article screens
step through them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.i18n import _, number
from tui.presentation.detail import Landing

#: past queries kept for the session
HISTORY_LIMIT = 100


@dataclass(frozen=True, slots=True)
class SearchTrail:
    """The hits of the last search landed on, and which one is shown: what `n` and `N` step through."""

    query: str
    landings: tuple[Landing, ...]
    position: int

    def step(self, step: int) -> tuple[SearchTrail, bool]:
        """The trail at the next (`step` 1) or previous (-1) hit, and whether it went round an end."""
        position = self.position + step
        wrapped = not 0 <= position < len(self.landings)
        return replace(self, position=position % len(self.landings)), wrapped

    @property
    def landing(self) -> Landing:
        return self.landings[self.position]

    def said(self, wrapped: bool) -> str:
        """`Hit 3 of 12 for “groupe”`, and when it went round: back to the first (or the last)."""
        text = _("Hit {position} of {count} for “{query}”").format(
            position=number(self.position + 1), count=number(len(self.landings)), query=self.query
        )
        if wrapped:
            if self.position == 0:
                return _("{hit}: past the last, the first again").format(hit=text)
            return _("{hit}: before the first, the last").format(hit=text)
        return text


def remember(history: list[str], query: str) -> None:
    """Keep `query` as the latest of `history` (once: an older copy goes), at most HISTORY_LIMIT of them."""
    query = query.strip()
    if not query:
        return
    if query in history:
        history.remove(query)
    history.append(query)
    del history[:-HISTORY_LIMIT]
