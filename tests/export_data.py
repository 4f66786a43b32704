"""Databases for the export tests: the bundled one, and one whose strings try to break every format."""

from __future__ import annotations

import json
from pathlib import Path

from tui.store.database import Database
from tui.store.opening import load_database

LONG_ARTICLE_WORDS = 12_000
#: a paragraph of the long article (Arabic, with a Latin name and digits)
PARAGRAPH = "قالت مجموعة T2S إن 35 سنة من العمل مع GE Healthcare كانت مثمرة"
FORMULAS = ('=HYPERLINK("http://evil.example/","x")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", " =2")
MARKDOWN_NAME = "*bold* _it_ [link](http://evil.example) <script>alert(1)</script> | # `code` &amp; ~~s~~ \\ "
QUOTE_LINES = '- a list?\n1. a number?\n> a quote?\n# a heading?\n=====\nنص عربي “مقتبس”, with "quotes", commas'


def tricky_data() -> dict:
    """Records whose strings look like formulas, Markdown, CSV syntax; long values; a long article."""
    long_text = "\n".join(f"{PARAGRAPH} {number}" for number in range(LONG_ARTICLE_WORDS // 12))
    article = "\n".join([QUOTE_LINES, MARKDOWN_NAME, *FORMULAS, long_text])
    return {
        "organizations": {
            "1": {
                "id": "formulas",
                "names": {"ar": FORMULAS[0], "latin": FORMULAS[1], "aliases": list(FORMULAS[2:])},
                "facts": [
                    {
                        "field": "debt",
                        "label": "-Debt",
                        "value": "@debt",
                        "number": -5.5,
                        "unit": "MAD",
                        "source": "long-article",
                        "quote": FORMULAS[2],
                    }
                ],
            },
            "2": {
                "id": "markdown",
                "names": {"ar": MARKDOWN_NAME, "latin": "x" * 500},
                "facts": [
                    {
                        "field": "said",
                        "label": "Said | *this*",
                        "value": "v" * 2000,
                        "source": "long-article",
                        "quote": QUOTE_LINES,
                    },
                    {
                        "field": "ref",
                        "label": "Partner",
                        "value": "انظر",
                        "source": "long-article",
                        "quote": PARAGRAPH,
                        "ref": "formulas",
                    },
                    {"field": "gone", "label": "Gone", "value": "x", "source": "missing-article", "quote": "x"},
                ],
            },
            "3": {"id": "silent", "names": {"latin": "Nobody Said Anything"}},
        },
        "associations": {
            "1": {
                "id": "club",
                "names": {"ar": "نادي"},
                "members": [
                    {"organization": "silent", "role": "founder", "source": "long-article", "quote": PARAGRAPH}
                ],
            },
        },
        "partnerships": {"1": {"id": "pact", "names": {"ar": "اتفاق"}, "parties": ["formulas", "markdown", "silent"]}},
        "people": {
            "1": {
                "id": "someone",
                "names": {"ar": "شخص ما"},
                "roles": [
                    {"title": "مدير", "organization": "formulas", "source": "long-article", "quote": PARAGRAPH},
                    {"title": "خبير", "source": "long-article", "quote": PARAGRAPH},
                ],
            }
        },
        "sources": {
            "1": {"id": "long-article", "language": "ar", "title": "مقال طويل", "outlet": "=outlet", "text": article}
        },
    }


def open_data(folder: Path, data: dict, name: str = "tricky.json") -> Database:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_database(path)
