"""What a search result says of why it matched, when the typed words themselves are not in it.

A hit found through a search aid or beside a fact's value says what it went
through (`via Madagascar → مدغشقر`, `via its label Care units`); one found by a
typo (`akdtal` for `akdital`) or by transliteration (`sourdou` for `صوردو`) says
that, as `marsad search` labels it (`fuzzy`, `translit`) and the palette does. A
direct match says nothing: its words are lit.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.i18n import N_, _
from tui.search.aids import Via, via_text

#: a match label (`tui.search.ranking.MATCH_LABELS`) -> (what a row says, what a narrow row says), messages
APPROXIMATE: dict[str, tuple[str, str]] = {
    "fuzzy": (N_("≈ typo: one letter off"), N_("≈ typo")),
    "translit": (N_("≈ same name, other script"), N_("≈ translit")),
}


def match_note(match: str, vias: Sequence[Via], *, short: bool = False) -> str:
    """Why a hit matched, for the end of its row; "" for a direct match."""
    if vias:
        return via_text(vias, short=short)
    note = APPROXIMATE.get(match)
    return _(note[1 if short else 0]) if note else ""
