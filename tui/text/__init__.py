"""Logical (stored) text -> the visual lines a terminal draws.

Every widget draws data text through :func:`layout` or :func:`single_line`;
search, sort, copy and export keep using the logical text.
"""

from tui.unsafe import clean_for_display

from .direction import BidiMode, Direction, paragraph_direction, reading_direction
from .layout import (
    ELLIPSIS,
    VisualLine,
    clear_layout_cache,
    layout,
    layout_cache_info,
    single_line,
)

__all__ = [
    "ELLIPSIS",
    "BidiMode",
    "Direction",
    "VisualLine",
    "clean_for_display",
    "clear_layout_cache",
    "layout",
    "layout_cache_info",
    "paragraph_direction",
    "reading_direction",
    "single_line",
]
