"""What a format writer writes to, what it reports, and how it is told to stop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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
        """`12 records`, `12 records as 130 entities`."""
        text = f"{self.items:,} {self.noun}{'' if self.items == 1 else 's'}"
        if self.entities:
            text += f" as {self.entities:,} entit{'y' if self.entities == 1 else 'ies'}"
        if self.shortened:
            text += f" ({self.shortened:,} over-long value{'' if self.shortened == 1 else 's'} shortened)"
        if self.unnamed:
            text += f" ({self.unnamed:,} without a name, named by {'its' if self.unnamed == 1 else 'their'} id)"
        return text
