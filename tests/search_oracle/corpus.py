"""Hypothesis strategies: small corpora of records that share words, and queries typed from them.

Names, aliases, facts, roles and source texts are drawn from one vocabulary of
Arabic and Latin words (article forms, ta marbuta, hamza, tashkeel, accents,
transliterated pairs, acronyms, digits) so that queries meet many documents in
many ways: prefixes, words, substrings, typos, transliterations, whole fields.
"""

from __future__ import annotations

import msgspec
from hypothesis import strategies as st

from tui.data.models import Association, Fact, Names, Organization, Partnership, Person, Record, Role, Source

ARABIC = [
    "مجموعة",
    "مجموعه",
    "مَجْمُوعَةُ",
    "مصحة",
    "مركز",
    "مراكز",
    "الصحة",
    "للصحة",
    "الصحية",
    "التازي",
    "تازي",
    "أكديتال",
    "اكديتال",
    "جسوس",
    "إلسان",
    "الشفاء",
    "الدار",
    "البيضاء",
    "بالدار",
    "المغرب",
    "المغربية",
    "للمغرب",
    "عيادة",
    "والتون",
    "صوردو",
    "الرؤوف",
    "جيمس",
    "سيم",
    "ابن",
    "سينا",
    "مختبر",
    "مختبرات",
    "الأورام",
    "شراكة",
    "مستشفى",
    "الياسمين",
    "فاس",
    "تيتانيوم",
    "كلينيك",
    "الـتـازي",
    "مدير",
    "عام",
    "رئيس",
]
LATIN = [
    "Groupe",
    "groupe",
    "Clinique",
    "Centre",
    "Akdital",
    "Akdittal",
    "Tazi",
    "Guessous",
    "Guesous",
    "Elsan",
    "Santé",
    "sante",
    "Atlas",
    "Ibn",
    "Sina",
    "Maroc",
    "Casablanca",
    "de",
    "la",
    "des",
    "Medical",
    "Titanium",
    "Titanoum",
    "Xtitanium",
    "Oncologie",
    "Healthcare",
    "Walton",
    "Sordo",
    "al",
    "el",
    "2",
    "360",
    "x",
    "Santeplus",
    "clinic",
    "Cliniques",
]
ACRONYMS = ["ODM", "AMGS", "T2S", "GE", "CIM", "AB"]
#: letters for made-up words (Arabic, Latin, a digit)
LETTERS = "ابتجدرسصعفقكلمنهويةأإآىءxyzaeiouklmnrst2"
PUNCTUATION = [" ", " ", " ", " ", "، ", " - ", ": ", " (", ") "]

#: Latin and Arabic spellings of the same names (transliteration)
TRANSLITERATED = [
    ("akdital", "أكديتال"),
    ("tazi", "التازي"),
    ("guessous", "جسوس"),
    ("elsan", "إلسان"),
    ("sordo", "صوردو"),
    ("walton", "والتون"),
    ("gymes", "جيمس"),
    ("sim", "سيم"),
    ("titanium", "تيتانيوم"),
    ("clinique", "كلينيك"),
    ("yasmine", "الياسمين"),
    ("chifa", "الشفاء"),
]

word = st.one_of(
    st.sampled_from(ARABIC),
    st.sampled_from(ARABIC),
    st.sampled_from(LATIN),
    st.sampled_from(LATIN),
    st.sampled_from([w for pair in TRANSLITERATED for w in pair]),
    st.sampled_from(ACRONYMS),
    st.text(LETTERS, min_size=1, max_size=9),
)


@st.composite
def phrase(draw: st.DrawFn, max_words: int = 5) -> str:
    words = draw(st.lists(word, min_size=1, max_size=max_words))
    text = words[0]
    for next_word in words[1:]:
        text += draw(st.sampled_from(PUNCTUATION)) + next_word
    return text


long_text = st.lists(phrase(12), min_size=1, max_size=4).map(" ".join)
maybe_phrase = st.one_of(st.none(), phrase())
names = st.builds(
    Names,
    ar=maybe_phrase,
    latin=st.one_of(st.none(), phrase(3), st.sampled_from(ACRONYMS)),
    aliases=st.lists(st.one_of(phrase(4), st.sampled_from(ACRONYMS)), max_size=2).map(tuple),
)
facts = st.lists(
    st.builds(
        lambda field, value: Fact(field=field, label="L", value=value, source="s", quote="q"),
        st.sampled_from(["kind", "country", "activity", "goal", "staff"]),
        st.one_of(phrase(), long_text),
    ),
    max_size=3,
).map(tuple)


def _record(
    kind: str, names: Names, facts: tuple[Fact, ...], roles: list[str], text: str, title: str | None, outlet: str | None
) -> Record:
    if kind == "organization":
        return Organization(id="x", names=names, facts=facts)
    if kind == "partnership":
        return Partnership(id="x", names=names, parties=(), facts=facts)
    if kind == "association":
        return Association(id="x", names=names, facts=facts)
    if kind == "person":
        return Person(
            id="x", names=names, facts=facts, roles=tuple(Role(title=t, source="s", quote="q") for t in roles)
        )
    return Source(id="x", language="ar", text=text, title=title, outlet=outlet)


record = st.builds(
    _record,
    st.sampled_from(["organization", "organization", "partnership", "association", "person", "source"]),
    names,
    facts,
    st.lists(phrase(4), max_size=2),
    long_text,
    maybe_phrase,
    maybe_phrase,
)


@st.composite
def corpus(draw: st.DrawFn, max_records: int = 30) -> list[Record]:
    """Records with distinct ids (a few titles repeat: ties go to the id)."""
    records = draw(st.lists(record, max_size=max_records))
    ids = draw(st.permutations(range(len(records))))
    return [msgspec.structs.replace(record, id=f"r{number}") for record, number in zip(records, ids, strict=True)]


def _texts(record: Record) -> list[str]:
    names = record.names
    texts = [t for t in (names.ar, names.latin, *names.aliases) if t]
    texts += [fact.value for fact in getattr(record, "facts", ())]
    texts += [role.title for role in getattr(record, "roles", ())]
    if isinstance(record, Source):
        texts += [t for t in (record.title, record.outlet, record.text) if t]
    return texts


def _typo(draw: st.DrawFn, text: str) -> str:
    if len(text) < 2:
        return text
    at = draw(st.integers(0, len(text) - 2))
    how = draw(st.sampled_from(["delete", "insert", "replace", "swap"]))
    letter = draw(st.sampled_from(LETTERS))
    if how == "delete":
        return text[:at] + text[at + 1 :]
    if how == "insert":
        return text[:at] + letter + text[at:]
    if how == "replace":
        return text[:at] + letter + text[at + 1 :]
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


@st.composite
def query(draw: st.DrawFn, records: list[Record]) -> str:
    """What a user types: the start of a field, words of one record, a part of a word, a typo..."""
    how = draw(
        st.sampled_from(
            ["start", "phrase", "phrase", "words", "words", "inside", "typo", "translit", "vocabulary", "random"]
        )
    )
    if how == "random" or not records:
        return draw(st.text(LETTERS + " ", max_size=12))
    if how == "vocabulary":
        return " ".join(draw(st.lists(word, min_size=1, max_size=3)))
    if how == "translit":
        return draw(st.sampled_from([w for pair in TRANSLITERATED for w in pair]))
    texts = _texts(draw(st.sampled_from(records)))
    if not texts:
        return draw(word)
    if how == "start":  # typing a field from its start: whole-query matches
        text = draw(st.sampled_from(texts))
        return text[: draw(st.integers(1, max(1, min(len(text), 40))))]
    if how == "phrase":  # the same, past its first word: whole-query matches of several words
        text = draw(st.sampled_from([t for t in texts if " " in t.strip()] or texts))
        first_space = text.find(" ", 1)
        return text[: draw(st.integers(first_space + 1, len(text)))] if first_space > 0 else text
    words = [w for text in texts for w in text.split()]
    if how == "inside":
        longer = [w for w in words if len(w) >= 4] or words
        chosen = draw(st.sampled_from(longer))
        start = draw(st.integers(0, max(0, len(chosen) - 3)))
        return chosen[start : start + draw(st.integers(3, 6))]
    if how == "typo":
        longer = [w for w in words if len(w) >= 5] or words
        return _typo(draw, draw(st.sampled_from(longer)))
    chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=3))
    return " ".join(w[: draw(st.integers(1, len(w)))] if draw(st.booleans()) else w for w in chosen)
