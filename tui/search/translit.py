"""Latin <-> Arabic transliteration skeletons.

Both scripts are mapped to a common, vowel-less consonant skeleton so that a
Latin query such as ``akdital`` meets the Arabic name ``أكديتال``:

    akdital  -> k d t l        أكديتال -> (ا) ك د (ي) ت (ا) ل -> k d t l

Vowels are dropped on both sides (Latin ``a e i o u y w``; Arabic ``ا و ي ى ء ع``
and a word-final ``ه``/``ة``), letters that Moroccan/French transcriptions
confuse share one class (``ت ط ث`` = t, ``س ص`` = s, ``د ض ذ`` = d, ``ج`` = Latin
``g``/``j``, ``ق ك`` = k/q/hard c, ``ش`` = ch/sh, ``خ`` = kh, ``غ`` = gh ...), and
runs of the same class collapse (``ss`` = ``s``, ``ettazi`` = ``tazi``).

Arabic words carrying the article (``ال`` and its proclitic forms) yield two
skeletons, with and without it, so that ``tazi`` finds ``التازي`` and ``elsan``
finds ``إلسان``.

Input is expected to be the output of :func:`tui.search.normalize.normalize`
(one token, lowercase, accents and hamza folded).
"""

from __future__ import annotations

__all__ = ["ARTICLES", "is_arabic", "is_latin", "skeleton", "skeletons", "strip_article"]

_AR: dict[str, str] = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "ج": "j",
    "گ": "j",
    "ڭ": "j",
    "ژ": "j",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ض": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "ظ": "z",
    "س": "s",
    "ص": "s",
    "ش": "S",
    "چ": "S",
    "غ": "G",
    "ف": "f",
    "ڤ": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    # vowels / weak letters / pharyngeal: dropped
    "ا": "",
    "و": "",
    "ي": "",
    "ى": "",
    "ء": "",
    "ع": "",
}

_LAT: dict[str, str] = {
    "a": "",
    "e": "",
    "i": "",
    "o": "",
    "u": "",
    "y": "",
    "w": "",
    "b": "b",
    "p": "b",
    "d": "d",
    "f": "f",
    "v": "f",
    "g": "j",
    "j": "j",
    "h": "h",
    "k": "k",
    "q": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "r",
    "s": "s",
    "t": "t",
    "z": "z",
    "x": "ks",
}

_DIGRAPHS: dict[str, str] = {
    "sh": "S",
    "ch": "S",
    "kh": "x",
    "gh": "G",
    "th": "t",
    "dh": "d",
    "ph": "f",
    "ck": "k",
    "dj": "j",
    "qu": "k",
}

#: Arabic article and its common proclitic combinations (longest first).
ARTICLES: tuple[str, ...] = ("وال", "بال", "فال", "كال", "لل", "ال")


def is_arabic(token: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in token)


def is_latin(token: str) -> bool:
    return token.isascii() and any(c.isalpha() for c in token)


def strip_article(token: str) -> str | None:
    """``التازي`` -> ``تازي``; None if the token has no article (or is too short)."""
    for art in ARTICLES:
        if token.startswith(art) and len(token) - len(art) >= 2:
            return token[len(art) :]
    return None


def _collapse(parts: list[str]) -> str:
    out: list[str] = []
    for p in parts:
        for c in p:
            if not out or out[-1] != c:
                out.append(c)
    return "".join(out)


def _arabic_skeleton(token: str) -> str:
    parts: list[str] = []
    n = len(token)
    for i, c in enumerate(token):
        if c == "ه" and i == n - 1 and n > 2:
            continue  # ta marbuta / final -a
        m = _AR.get(c)
        if m is None:
            m = c if c.isdigit() else ""
        parts.append(m)
    return _collapse(parts)


def _latin_skeleton(token: str) -> str:
    parts: list[str] = []
    i = 0
    n = len(token)
    while i < n:
        two = token[i : i + 2]
        if two in _DIGRAPHS:
            parts.append(_DIGRAPHS[two])
            i += 2
            continue
        c = token[i]
        if c == "c":
            parts.append("s" if i + 1 < n and token[i + 1] in "eiy" else "k")
        elif c.isdigit():
            parts.append(c)
        else:
            parts.append(_LAT.get(c, ""))
        i += 1
    return _collapse(parts)


def skeleton(token: str) -> str:
    """Consonant skeleton of one normalized token ('' if nothing to map)."""
    if is_arabic(token):
        return _arabic_skeleton(token)
    if token.isascii():
        return _latin_skeleton(token)
    return ""


def skeletons(token: str) -> tuple[str, ...]:
    """All skeletons of a token (Arabic: with and without the article)."""
    if is_arabic(token):
        sk = {_arabic_skeleton(token)}
        bare = strip_article(token)
        if bare is not None:
            sk.add(_arabic_skeleton(bare))
        return tuple(s for s in sk if s)
    s = skeleton(token)
    return (s,) if s else ()
