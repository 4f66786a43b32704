"""What a format writer writes to, what it reports, and how it is told to stop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from tui.i18n import ngettext, number

Tick = Callable[[int], None]
"""Called by a writer after each record or row with the number done so far; it
may raise `Stopped` to end the export (the file being written is then removed)."""


class Sink(Protocol):
    """Where a writer writes: a text file, standard output, or its gated form for a terminal."""

    def write(self, text: str, /) -> object: ...


class Stopped(Exception):
    """The export was stopped before it was complete."""


def no_tick(_done: int) -> None:
    """A writer's tick when nobody follows the export."""


@dataclass(frozen=True, slots=True)
class Written:
    """How much an export wrote."""

    items: int
    """Records, or facts for the facts table."""
    noun: str
    """What `items` counts: `record`, `fact`."""
    entities: int = 0
    """FollowTheMoney entities (0 for the other formats)."""
    shortened: int = 0
    """Values cut to the longest a FollowTheMoney property holds."""
    unnamed: int = 0
    """FollowTheMoney entities named by their record's id, the record having no name."""

    def summary(self) -> str:
        """`12 records`, `12 records as 130 entities`, in the language spoken."""
        if self.noun == "fact":
            text = ngettext("{count} fact", "{count} facts", self.items)
        else:
            text = ngettext("{count} record", "{count} records", self.items)
        text = text.format(count=number(self.items))
        if self.entities:
            text = ngettext("{written} as {count} entity", "{written} as {count} entities", self.entities).format(
                written=text, count=number(self.entities)
            )
        if self.shortened:
            text = ngettext(
                "{written} ({count} over-long value shortened)",
                "{written} ({count} over-long values shortened)",
                self.shortened,
            ).format(written=text, count=number(self.shortened))
        if self.unnamed:
            text = ngettext(
                "{written} ({count} without a name, named by its id)",
                "{written} ({count} without a name, named by their id)",
                self.unnamed,
            ).format(written=text, count=number(self.unnamed))
        return text
