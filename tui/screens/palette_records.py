"""Command palette provider that jumps to any record by name, using the search engine (the early one while
the index is being built: `tui.search.early`).

A jump lands like a search hit: on the fact or role that matched, its words
highlighted. A match in an article's text opens the article's record (the
palette names the record, not the passage).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.data.kinds import label
from tui.i18n import _
from tui.presentation.detail import ARTICLE_FIELD, display_name
from tui.screens.palette_keys import NAME_CELLS
from tui.screens.search import AnyHit, landing_of
from tui.screens.shell import Shell, shell
from tui.widgets.rows import in_reading_order, ui_text, visual_text

_DISPLAY_WIDTH = 60
_LIMIT = 20


def _land_on(app: Shell, hit: AnyHit) -> None:
    """Land on a hit once it is chosen: its matched spans are found then, not for every hit listed."""
    app.land(landing_of(hit))


class EntityCommands(Provider):
    """`Open: <name>` for every record that the search engine finds."""

    def _display(self, name: str, kind: str) -> Text:
        mode = shell(self.app).bidi
        tag = ui_text(_("{kind}: ").format(kind=label(kind)), 30, mode)
        tag.stylize("dim")  # a span: a base style would dim the name appended after it
        return in_reading_order([tag, visual_text(name, _DISPLAY_WIDTH, mode)])

    async def search(self, query: str) -> Hits:
        app = shell(self.app)
        database = app.database
        if database is None:
            return
        hits: list[AnyHit] = list(database.searcher().search(query, limit=_LIMIT))
        best = max((hit.score for hit in hits), default=1.0) or 1.0
        for hit in hits:
            record = database.get(hit.doc.id)
            if record is None:
                continue
            in_article = hit.field.name == ARTICLE_FIELD
            yield Hit(
                score=max(0.01, min(1.0, hit.score / best)),
                match_display=self._display(display_name(record), hit.doc.kind),
                command=partial(app.open_record, record.id) if in_article else partial(_land_on, app, hit),
                text=f"{label(hit.doc.kind)}: {display_name(record)}",
                help=escape(
                    ui_text(
                        _("{kind} {record_id}, {match} match in {field}").format(
                            kind=hit.doc.kind, record_id=record.id, match=hit.match, field=hit.field.name
                        ),
                        NAME_CELLS,
                        shell(self.app).bidi,
                    ).plain
                ),
            )

    async def discover(self) -> Hits:
        app = shell(self.app)
        database = app.database
        if database is None:
            return
        for association in list(database.associations.values())[:_LIMIT]:
            yield DiscoveryHit(
                display=self._display(display_name(association), "association"),
                command=partial(app.open_record, association.id),
                text=display_name(association),
                help=escape(
                    ui_text(_("association {record_id}").format(record_id=association.id), NAME_CELLS, app.bidi).plain
                ),
            )
