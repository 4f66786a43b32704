"""The Unicode Bidirectional Algorithm (UAX #9) for sanitised paragraphs.

python-bidi's Rust ``get_display`` neither mirrors nor tells which characters
ended up in right-to-left runs, and its pure-Python twin is slow; both only
return a string, so search highlights could not be mapped through them.  This
module resolves the embedding level of every character itself, which gives
the visual order (rule L2), the characters to mirror (rule L4) and an exact
logical->visual index map.

Scope: text that went through :func:`tui.text.gate.clean_indexed` holds no
explicit embedding, override or isolate control and no paragraph separator,
so each paragraph is one isolating run sequence with ``sos == eos ==`` the
paragraph direction (rules X1-X10 reduce to that).  Implemented: W1-W7,
N0 (bracket pairs), N1-N2, I1-I2, L1 (trailing whitespace) and L2.  The tests
check the result against python-bidi's Rust implementation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .mirror import CLOSING_BRACKETS, OPENING_BRACKETS

__all__ = ["resolve_levels", "visual_order"]

_MAX_BRACKET_DEPTH = 63  # BD16
_RTL_CLASSES = frozenset(("R", "AL", "AN"))
_LTR_CLASSES = frozenset(("L", "EN", "AN"))
_NEUTRAL = frozenset(("ON", "WS", "S", "B", "BN"))
_NUMBER_AS_R = {"L": "L", "R": "R", "EN": "R", "AN": "R"}


def _classes(text: str) -> list[str]:
    bidirectional = unicodedata.bidirectional
    # unassigned code points report "" and default to L (mostly right)
    return [bidirectional(char) or "L" for char in text]


def resolve_levels(text: str, base_level: int) -> list[int]:
    """Embedding level of every character of one paragraph (before rule L1)."""
    classes = _classes(text)
    if base_level == 0 and _RTL_CLASSES.isdisjoint(classes):
        return [0] * len(text)
    if base_level == 1 and _LTR_CLASSES.isdisjoint(classes):
        return [1] * len(text)
    edge = "R" if base_level else "L"
    types = _resolve_weak(classes, edge)
    _resolve_brackets(text, classes, types, edge)
    _resolve_neutrals(types, edge)
    bump = {"L": 0, "R": 1, "EN": 2, "AN": 2} if base_level == 0 else {"L": 2, "R": 1, "EN": 2, "AN": 2}
    return [bump[kind] for kind in types]


def _resolve_weak(classes: list[str], edge: str) -> list[str]:
    """Rules W1-W7 on a copy of the original classes."""
    types = list(classes)
    count = len(types)
    previous = edge
    last_strong = edge
    for index, kind in enumerate(types):
        if kind == "NSM":  # W1
            kind = types[index] = previous
        if kind in ("L", "R", "AL"):
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":  # W2
            kind = types[index] = "AN"
        if kind == "AL":  # W3
            types[index] = "R"
        previous = kind
    for index in range(1, count - 1):  # W4
        kind = types[index]
        if kind in ("ES", "CS"):
            before, after = types[index - 1], types[index + 1]
            if before == after and (before == "EN" or (before == "AN" and kind == "CS")):
                types[index] = before
    index = 0
    while index < count:  # W5
        if types[index] != "ET":
            index += 1
            continue
        end = index
        while end < count and types[end] == "ET":
            end += 1
        if (index > 0 and types[index - 1] == "EN") or (end < count and types[end] == "EN"):
            types[index:end] = ["EN"] * (end - index)
        index = end
    last_strong = edge
    for index, kind in enumerate(types):
        if kind in ("ES", "ET", "CS"):  # W6
            types[index] = "ON"
        elif kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":  # W7
            types[index] = "L"
    return types


def _bracket_pairs(text: str, types: list[str]) -> list[tuple[int, int]]:
    """Rule BD16: the paired brackets among characters still typed ON."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if types[index] != "ON":
            continue
        closer = OPENING_BRACKETS.get(char)
        if closer is not None:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((closer, index))
            continue
        closing = CLOSING_BRACKETS.get(char)
        if closing is None:
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == closing:
                pairs.append((stack[depth][1], index))
                del stack[depth:]
                break
    pairs.sort()
    return pairs


def _resolve_brackets(text: str, classes: list[str], types: list[str], edge: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses."""
    count = len(types)
    for opening, closing in _bracket_pairs(text, types):
        inside = {_NUMBER_AS_R.get(kind) for kind in types[opening + 1 : closing]}
        if edge in inside:
            resolved = edge
        elif inside & {"L", "R"}:
            resolved = edge
            for index in range(opening - 1, -1, -1):
                strong = _NUMBER_AS_R.get(types[index])
                if strong is not None:
                    resolved = strong
                    break
        else:
            continue
        for position in (opening, closing):
            types[position] = resolved
            position += 1
            while position < count and classes[position] == "NSM":
                types[position] = resolved
                position += 1


def _resolve_neutrals(types: list[str], edge: str) -> None:
    """Rules N1-N2: runs of neutrals between two equal directions take it."""
    count = len(types)
    index = 0
    while index < count:
        if types[index] not in _NEUTRAL:
            index += 1
            continue
        end = index
        while end < count and types[end] in _NEUTRAL:
            end += 1
        before = _NUMBER_AS_R[types[index - 1]] if index > 0 else edge
        after = _NUMBER_AS_R[types[end]] if end < count else edge
        types[index:end] = [before if before == after else edge] * (end - index)
        index = end


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: logical indices in the order they are drawn, left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        count = len(order)
        while index < count:
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < count and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order
