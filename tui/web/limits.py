"""What one `marsad serve` allows each browser tab: a plain value, cheap to import (the CLI's options show it)."""

from __future__ import annotations

import msgspec

__all__ = ["DEFAULT_LIMITS", "Limits"]


class Limits(msgspec.Struct, frozen=True):
    """What one server allows: how many sessions at once, and each one's size, memory and lifetime."""

    sessions: int = 3
    columns: int = 640
    rows: int = 240
    memory_mb: int = 1024
    """Data memory of each app process (RLIMIT_DATA), in MiB."""
    lifetime_minutes: float = 480.0
    """A session ends after this long, whatever it does (8 hours)."""


DEFAULT_LIMITS = Limits()
