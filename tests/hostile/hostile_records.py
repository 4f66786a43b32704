"""A *valid* Marsad database whose every shown string is hostile.

The loader corpus (make_corpus.py) checks that bad files are rejected or cleaned;
this helper builds a file that loads without errors but whose names, aliases,
fact labels and values, quotes, roles, member roles, source titles, outlets and
texts hold Rich/Textual markup, terminal escape sequences and bidi controls.
The app tests use it to check that every widget shows data literally and that
nothing from the data drives the terminal.

Usage from tests:

    from tests.hostile.hostile_records import hostile_database, write_database
    path = write_database(tmp_path / "hostile.json", hostile_database())
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# -- markup ------------------------------------------------------------------
# Latin-only (or bracket-only) strings: the text pipeline leaves them as they are
# (left-to-right, nothing to shape or mirror), so the visual text equals the logical one.
MARKUP_LATIN: tuple[str, ...] = (
    "[bold]x[/]",
    "tail [/]",
    "[@click=app.quit]click me[/]",
    "[link='https://example.com']l[/link]",
    "[red",
    "]]]][[[",
    "[[b]]",
    "$variable",
    "[b]$name[/b] ${x}",
)
#: Arabic mixed with markup: compared with what the text pipeline makes of them
MARKUP_ARABIC: tuple[str, ...] = (
    "أكديتال [bold]مجموعة[/]",
    "[@click=app.quit]اضغط[/] هنا",
    "صحة $variable [red",
)
MARKUP: tuple[str, ...] = MARKUP_LATIN + MARKUP_ARABIC

# -- terminal escapes ----------------------------------------------------------
# Distinctive payloads: Textual never emits these bytes itself.
OSC_TITLE = "\x1b]0;PWNED\x07"
OSC_52 = "\x1b]52;c;UFdORUQ=\x07"
OSC_8 = "\x1b]8;;http://evil\x07"
CSI_CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"
C1_OSC = "\x9d0;PWNED\x9c"
RLO = "\u202e"
LRI = "\u2066"
PDI = "\u2069"
ESCAPES: tuple[str, ...] = (OSC_TITLE, OSC_52, OSC_8, CSI_CLEAR, C1_CSI, C1_OSC, RLO, LRI)
#: raw byte strings that must never reach the terminal
FORBIDDEN_BYTES: tuple[bytes, ...] = (
    # (the text after a replaced ESC is shown, harmlessly: the ESC is what must go)
    b"\x1b]0;PWNED",
    b"\x1b]52;c;UFdORUQ=",
    b"\x1b]8;;http://evil",
    b"\x07evil",  # the BEL that ends an OSC
    "\x9b".encode(),  # C1 CSI as UTF-8
    "\x9d".encode(),  # C1 OSC as UTF-8
    RLO.encode(),
    LRI.encode(),
    PDI.encode(),
)


def escape_string(label: str) -> str:
    """A short visible word with every escape payload in it."""
    return f"{label} {OSC_TITLE}{OSC_52}{OSC_8}evil{CSI_CLEAR}{C1_CSI}{C1_OSC}{RLO}rlo{LRI}iso{PDI} end"


ARTICLE_START = "مقال عدائي عن الصحة"


def hostile_database(*, escapes: bool = True, markup: bool = True) -> dict[str, Any]:
    """A valid database (no errors, no warnings) whose shown strings are hostile.

    Ids: `hostile-org-N` (one organization per markup string, its Latin-or-Arabic
    name that string), `hostile-partnership`, `hostile-association`,
    `hostile-person`, `hostile-source`, and `escape-org` (escape payloads).
    """
    strings = list(MARKUP) if markup else ["plain"]
    quotes: list[str] = []

    def quote(text: str) -> str:
        quotes.append(text)
        return text

    organizations: dict[str, Any] = {}
    for n, text in enumerate(strings):
        names = {"ar": text} if any("\u0600" <= ch <= "\u06ff" for ch in text) else {"latin": text}
        organizations[str(n + 1)] = {
            "id": f"hostile-org-{n}",
            "names": names,
            "facts": [],
        }
    # The first organization carries every markup string as alias, label and value.
    first = organizations["1"]
    first["names"]["aliases"] = strings[1:4]
    first["facts"] = [
        {"field": text, "label": text[:20], "value": text, "source": "hostile-source", "quote": quote(f"q{n} {text}")}
        for n, text in enumerate(strings)
    ]
    first["facts"][0]["ref"] = "hostile-org-1"
    if escapes:
        organizations[str(len(strings) + 1)] = {
            "id": "escape-org",
            "names": {
                "latin": escape_string("EscName"),
                "ar": escape_string("اسم"),
                "aliases": [escape_string("EscAlias")],
            },
            "facts": [
                {
                    "field": escape_string("f"),
                    "label": escape_string("L"),
                    "value": escape_string("EscValue"),
                    "source": "hostile-source",
                    "quote": quote(escape_string("EscQuote")),
                }
            ],
        }

    def text_of(n):
        return strings[n % len(strings)]

    partnership = {
        "id": "hostile-partnership",
        "names": {"latin": text_of(2), "aliases": [text_of(0)]},
        "parties": ["hostile-org-0", "hostile-org-1"],
        "facts": [
            {
                "field": "region",
                "label": text_of(5),
                "value": text_of(6),
                "source": "hostile-source",
                "quote": quote(f"region {text_of(6)}"),
            }
        ],
    }
    association = {
        "id": "hostile-association",
        "names": {"latin": text_of(3)},
        "members": [
            {
                "organization": "hostile-org-0",
                "role": text_of(4),
                "source": "hostile-source",
                "quote": quote(f"member {text_of(4)}"),
            },
            {
                "organization": "hostile-org-2",
                "role": text_of(8),
                "source": "hostile-source",
                "quote": quote(f"member2 {text_of(8)}"),
            },
        ],
        "facts": [],
    }
    person = {
        "id": "hostile-person",
        "names": {"latin": text_of(7), "aliases": [text_of(1)]},
        "roles": [
            {
                "title": text_of(5),
                "organization": "hostile-org-0",
                "source": "hostile-source",
                "quote": quote(f"role {text_of(5)}"),
            }
        ],
        "facts": [
            {
                "field": "statement",
                "label": text_of(1),
                "value": text_of(2),
                "source": "hostile-source",
                "quote": quote(f"said {text_of(2)}"),
            }
        ],
    }
    if escapes:
        person["roles"].append(
            {
                "title": escape_string("EscRole"),
                "organization": "escape-org",
                "source": "hostile-source",
                "quote": quote(escape_string("EscRoleQuote")),
            }
        )
    body = ARTICLE_START + " " + text_of(0) + "\n" + "\n".join(quotes) + "\n" + " ".join(strings)
    if escapes:
        body += "\n" + escape_string("EscText")
    source = {
        "id": "hostile-source",
        "language": "ar",
        "title": text_of(6) + " " + text_of(7),
        "outlet": escape_string("EscOutlet") if escapes else text_of(8),
        "text": body,
    }
    return {
        "organizations": organizations,
        "partnerships": {"1": partnership},
        "associations": {"1": association},
        "people": {"1": person},
        "sources": {"1": source},
    }


def huge_database(
    *, description_bytes: int = 1_000_000, name_chars: int = 10_000, fact_count: int = 50_000
) -> dict[str, Any]:
    """Records at the size limits: a 1 MB fact value, a 10,000-character name, 50,000 facts."""
    text = "نص طويل جدا عن الصحة"
    words = "مستشفى خاص في الدار البيضاء Casablanca clinic " * (description_bytes // 60 + 1)
    description = words.encode()[:description_bytes].decode("utf-8", "ignore").strip()
    long_name = ("مجموعة" + "ك" * 50 + " Group ") * (name_chars // 64 + 1)
    long_name = long_name[:name_chars].strip()
    source_text = text + " " + "الحقيقة"
    return {
        "organizations": {
            "1": {
                "id": "huge-description",
                "names": {"ar": "وصف ضخم", "latin": "Huge description"},
                "facts": [
                    {
                        "field": "goal",
                        "label": "Description",
                        "value": description,
                        "source": "huge-source",
                        "quote": text,
                    }
                ],
            },
            "2": {"id": "long-name", "names": {"ar": long_name, "latin": "L" * name_chars}, "facts": []},
            "3": {
                "id": "many-facts",
                "names": {"ar": "حقائق كثيرة", "latin": "Many facts"},
                "facts": [
                    {
                        "field": "cost",
                        "label": f"Fact {n}",
                        "value": f"قيمة {n} درهم",
                        "source": "huge-source",
                        "quote": "الحقيقة",
                    }
                    for n in range(fact_count)
                ],
            },
        },
        "sources": {"1": {"id": "huge-source", "language": "ar", "text": source_text, "title": "مصدر"}},
    }


def write_database(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
