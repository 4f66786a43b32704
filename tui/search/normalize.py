"""Text normalization shared by the search index and queries.

Rules (applied per character, so that every output character can be traced
back to the input character it came from):

* invisible and bidi controls (`tui.text.gate.SEARCH_IGNORED`), tashkeel (U+064B-065F, U+0670) and tatweel
  (U+0640) are dropped;
* NFKC (folds Arabic presentation forms and ligatures, full-width Latin...);
* NFD and removal of non-spacing marks (accent folding: ``é`` -> ``e``,
  hamza-above/below forms decompose to their base letter);
* case folding;
* Arabic letter unification: ``أ إ آ ٱ`` -> ``ا``, ``ى`` -> ``ي``,
  ``ة`` -> ``ه``, ``ؤ`` -> ``و``, ``ئ`` -> ``ي`` (plus Persian ``ی ک ۀ``);
* Arabic-Indic and Persian digits (and any other decimal digit) -> ``0-9``;
* anything that is not a letter or number becomes a space; runs of spaces
  collapse and the result is stripped;
* a number written in groups of thousands is one word: a run of 1-3 digits
  followed by groups of exactly 3 digits, each one separator apart (``2,500``,
  ``2.500``, ``2 500``, ``٢٬٥٠٠`` -> ``2500``; ``1 000 000`` -> ``1000000``).
  Decided on the normalized text, so that normalizing twice changes nothing: a
  list of such numbers (``100, 200``) reads as one number too (``100200``), and
  is still found by its parts of 3 or more digits (prefix, substring).

``normalize(text)`` is the fast path (``str.translate`` with a per-character
cache); ``normalize_with_map`` additionally returns, for every output
character, the index of the input character that produced it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from tui.text.gate import SEARCH_IGNORED

__all__ = ["fold_char", "normalize", "normalize_with_map", "normalized_to_source", "normalized_words", "source_spans"]

#: tashkeel, superscript alef and tatweel, and every character with no letter in it
_DROP: frozenset[int] = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640]) | SEARCH_IGNORED

_LETTER_MAP: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u06cc": "\u064a",  # Persian yeh ی -> ي
    "\u06a9": "\u0643",  # keheh ک -> ك
    "\u06c0": "\u0647",  # ۀ -> ه
}

_KEEP_CATEGORIES = ("L", "N")

#: a number in groups of thousands, in normalized text: its separators are dropped
_THOUSANDS = re.compile(r"(?<![^ ])[0-9]{1,3}(?: [0-9]{3})+(?![^ ])")
#: the same in folded text (before runs of separators collapse)
_FOLDED_THOUSANDS = re.compile(r"(?<![^ ])[0-9]{1,3}(?: +[0-9]{3})+(?![^ ])")


def _fold_once(ch: str) -> str:
    """One pass of the per-character pipeline. Returns letters/digits and ' '."""
    if ord(ch) in _DROP:
        return ""
    out: list[str] = []
    for c in unicodedata.normalize("NFKC", ch):
        for d in unicodedata.normalize("NFD", c):
            if ord(d) in _DROP:
                continue
            for e in d.casefold():
                e = _LETTER_MAP.get(e, e)
                cat = unicodedata.category(e)
                if cat == "Nd":
                    dec = unicodedata.decimal(e, None)
                    out.append(str(dec) if dec is not None else e)
                elif cat in ("Mn", "Me") or ord(e) in _DROP:
                    continue
                elif cat[0] in _KEEP_CATEGORIES or cat == "Mc":
                    out.append(e)
                else:
                    out.append(" ")
    return "".join(out)


def fold_char(ch: str) -> str:
    """Fold one character to its normalized form ('' if dropped, ' ' if separator).

    The pipeline is re-applied to its own output until it is stable, which
    makes ``normalize`` idempotent even for exotic characters.
    """
    r = _fold_once(ch)
    for _ in range(4):
        r2 = "".join(c if c == " " else _fold_once(c) for c in r)
        if r2 == r:
            break
        r = r2
    return r


class _FoldTable(dict[int, str]):
    """Lazy ``str.translate`` table: code point -> folded string (cached)."""

    def __missing__(self, key: int) -> str:
        v = fold_char(chr(key))
        self[key] = v
        return v


_TABLE = _FoldTable()
"""Filled as characters are met (a few microseconds each, once), not at import: an app's start folds none."""


def _join_thousands(match: re.Match[str]) -> str:
    return match.group().replace(" ", "")


def normalize(text: str) -> str:
    """Normalize ``text`` for indexing and querying (see module docstring)."""
    folded = text.translate(_TABLE)
    if _FOLDED_THOUSANDS.search(folded) is None:
        return " ".join(folded.split())
    return _THOUSANDS.sub(_join_thousands, " ".join(folded.split()))


def normalized_words(text: str) -> list[str]:
    """The words of ``normalize(text)`` (without joining them first, unless a number has groups)."""
    folded = text.translate(_TABLE)
    if _FOLDED_THOUSANDS.search(folded) is None:
        return folded.split()
    return _THOUSANDS.sub(_join_thousands, " ".join(folded.split())).split()


_TOKEN = re.compile(r"\S+")


def _folds_one_to_one(text: str) -> bool:
    """Whether every character of `text` folds to exactly one character (nearly every text does): then a
    position in the folded text is a position in `text`. Folds only the characters the text has, once each."""
    table = _TABLE
    return all(len(table[code]) == 1 and not 0xD800 <= code < 0xE000 for code in map(ord, set(text)))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize`, plus the source index of every output char."""
    normalized, positions = _normalize_with_map(text)
    if _THOUSANDS.search(normalized) is None:
        return normalized, positions
    kept = [True] * len(normalized)
    for match in _THOUSANDS.finditer(normalized):
        for at in range(match.start(), match.end()):
            if normalized[at] == " ":
                kept[at] = False
    return (
        "".join(c for c, keep in zip(normalized, kept) if keep),
        [position for position, keep in zip(positions, kept) if keep],
    )


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """`normalize_with_map` before numbers in groups are joined."""
    if _folds_one_to_one(text):
        # every character folds to exactly one: map whole tokens at once
        folded = text.translate(_TABLE)
        idx: list[int] = []
        parts: list[str] = []
        prev_end = -1
        for m in _TOKEN.finditer(folded):
            start, end = m.span()
            if prev_end >= 0:
                idx.append(prev_end)  # the collapsed separator run
            idx.extend(range(start, end))
            parts.append(m.group())
            prev_end = end
        return " ".join(parts), idx
    return _normalize_with_map_slow(text)


_RUNS = re.compile(r"^ +| {2,}")


def normalized_to_source(text: str, positions: list[int]) -> list[int]:
    """Source index of each position of ``normalize(text)`` (as ``normalize_with_map``).

    Positions out of range give -1.  For text whose characters all
    fold to one character (nearly every text) only the separator runs that
    collapse are visited, not every character.
    """
    folded = text.translate(_TABLE)
    if not _folds_one_to_one(text) or _FOLDED_THOUSANDS.search(folded) is not None:
        mp = normalize_with_map(text)[1]
        return [mp[p] if 0 <= p < len(mp) else -1 for p in positions]
    folded = folded.rstrip(" ")
    norm_pos: list[int] = []  # normalized index of each collapsed run's space
    shift: list[int] = []  # characters removed up to the end of that run
    removed = 0
    for m in _RUNS.finditer(folded):
        a, b = m.span()
        if a == 0:  # leading separators: dropped entirely
            norm_pos.append(-1)
            removed += b
        else:
            norm_pos.append(a - removed)
            removed += b - a - 1
        shift.append(removed)
    n = len(folded) - removed
    out = []
    for p in positions:
        if p < 0 or p >= n:
            out.append(-1)
            continue
        j = bisect_left(norm_pos, p) - 1
        out.append(p + (shift[j] if j >= 0 else 0))
    return out


def _normalize_with_map_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    idx: list[int] = []
    table = _TABLE
    pending = -1  # index of the first separator of a pending space run
    for i, ch in enumerate(text):
        folded = table[ord(ch)]
        if not folded:
            continue
        for c in folded:
            if c.isspace():
                if out and pending < 0:
                    pending = i
                continue
            if pending >= 0:
                out.append(" ")
                idx.append(pending)
                pending = -1
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def source_spans(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans of ``normalize(text)`` -> merged spans of ``text`` (with the marks attached to their end)."""
    if not spans:
        return ()
    ordered = [(a, b) for a, b in sorted(spans) if a < b]
    out: list[tuple[int, int]] = []
    n = len(text)
    mapped = normalized_to_source(text, [p for a, b in ordered for p in (a, b - 1)])
    for i in range(len(ordered)):
        start, last = mapped[2 * i], mapped[2 * i + 1]
        if start < 0 or last < 0:
            continue
        end = last + 1
        # include marks (tashkeel, accents) attached to the last char
        while end < n and _TABLE[ord(text[end])] == "":
            end += 1
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)
