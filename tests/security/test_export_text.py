"""Door 6, what exports say: data never becomes a link in Markdown, and no FollowTheMoney entity goes without a name.

Issue 17 found that URLs and e-mail addresses in data became links in
GitHub-flavoured Markdown renderers (autolinks, no brackets needed), and that a
blank or zero-width name gave FollowTheMoney entities without `name`. The
Markdown is rendered by cmark-gfm, GitHub's own renderer (the `cmarkgfm`
binding), and read back by markdown-it; the entities are loaded and cleaned by
the followthemoney library, as Aleph would.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import cmarkgfm
import pytest
from export_data import open_data
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.export.ftm import UNNAMED_NOTE, write_ftm
from tui.export.markdown import markdown_text, write_markdown
from tui.export.outcome import no_tick
from tui.export.scope import whole_database
from tui.store.database import Database

LINKS = [
    "https://evil.example/login?next=/",
    "http://evil.example",
    "HTTPS://EVIL.EXAMPLE/X",
    "ftp://files.evil.example/x",
    "www.evil.example",
    "contact@evil.example",
    "first.last+tag@mail.evil.example",
    "mailto:boss@evil.example",
    "xmpp:bot@evil.example/x",
]
ARTICLE = "نص المقال: للتواصل " + " أو ".join(LINKS) + " وشكرا."


def linked_data() -> dict:
    text = " / ".join(LINKS)
    return {
        "sources": {"1": {"id": "article", "language": "ar", "title": text, "outlet": LINKS[4], "text": ARTICLE}},
        "organizations": {
            "1": {
                "id": "linked",
                "names": {"ar": "مصحة " + LINKS[5], "latin": LINKS[0], "aliases": LINKS},
                "facts": [
                    {"field": "contact", "label": LINKS[2], "value": text, "source": "article", "quote": ARTICLE[:60]},
                    {"field": "site", "label": "site", "value": LINKS[4], "source": "article", "quote": LINKS[4]},
                ],
            }
        },
    }


@pytest.fixture
def linked(tmp_path: Path) -> Database:
    return open_data(tmp_path, linked_data())


def markdown_of(database: Database) -> str:
    stream = io.StringIO()
    write_markdown(whole_database(database), database, stream, no_tick)
    return stream.getvalue()


def text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_urls_and_addresses_in_data_are_never_links_on_github(linked: Database) -> None:
    markdown = markdown_of(linked)
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown)
    assert "<a " not in rendered, [line for line in rendered.splitlines() if "<a " in line]
    shown = text_of(rendered)
    for link in LINKS:
        assert link in shown, link  # shown as written


def test_nor_in_a_commonmark_reader(linked: Database) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown_of(linked))
    assert not [
        child.type
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type in ("link_open", "html_inline")
    ]


@given(st.text(alphabet=st.sampled_from("aw.@:/-_+ hmtpsfxWA1\n"), max_size=60))
@example("www.a.b")
@example("a@b.c")
@example("http://a")
@example("x@y.z.")
def test_any_text_renders_as_itself_and_links_nowhere(text: str) -> None:
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown_text(text))
    assert "<a " not in rendered
    expected = "\n".join(line.strip() for line in text.split("\n")).strip()
    assert " ".join(text_of(rendered).split()) == " ".join(expected.split())


def test_a_huge_address_like_text_costs_linear_time() -> None:
    for text in ("a" * 200_000 + "@", "a@" * 100_000, "a." * 100_000 + "@b", "https://" * 20_000):
        assert len(markdown_text(text)) < 3 * len(text)


NAMELESS = {
    "blank": {"latin": "   "},
    "zero-width": {"ar": "\u200b\u200c"},
    "direction marks": {"ar": "\u200f\u061c", "latin": "\ufeff"},
    "quotes": {"latin": '""'},
    "line separators": {"latin": "\u2028\u2029"},
    "soft hyphen": {"latin": "\u00ad"},
}


def entities_of(database: Database) -> tuple[list[dict], str]:
    stream = io.StringIO()
    written = write_ftm(whole_database(database), database, stream, no_tick)
    return [json.loads(line) for line in stream.getvalue().splitlines()], written.summary()


def test_no_followthemoney_entity_goes_without_a_name(tmp_path: Path) -> None:
    # the ftm extra (PyICU needs a compiler): skipped without it, required in CI (.ci/run)
    model = pytest.importorskip("followthemoney", reason="the ftm extra: pip install '.[ftm]'").model
    data = {
        "organizations": {
            str(number): {"id": f"nameless-{number}", "names": names}
            for number, names in enumerate(NAMELESS.values(), 1)
        }
        | {"99": {"id": "named", "names": {"ar": "مصحة\u200b الشفاء", "latin": "'Clinique Chifa'"}}},
        "sources": {"1": {"id": "zero-width-title", "language": "ar", "title": "\u200b", "text": "نص"}},
    }
    entities, summary = entities_of(open_data(tmp_path, data))
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None
        if "name" not in schema.properties:
            continue
        proxy = model.make_entity(schema.name)
        proxy.id = entity["id"]
        for value in entity["properties"].get("name", []):
            proxy.add("name", value)  # as followthemoney cleans it
        assert proxy.get("name"), f"{entity['id']} has no name once cleaned: {entity['properties'].get('name')}"
    named = {entity["id"]: entity["properties"] for entity in entities}
    for number in range(1, len(NAMELESS) + 1):
        assert named[f"marsad-nameless-{number}"]["name"] == [f"nameless-{number}"]
        assert named[f"marsad-nameless-{number}"]["notes"] == [UNNAMED_NOTE]
    assert named["marsad-named"]["name"] == ["مصحة الشفاء", "Clinique Chifa"] and "notes" not in named["marsad-named"]
    assert named["marsad-zero-width-title"]["name"] == ["zero-width-title"]
    assert f"({len(NAMELESS) + 1} without a name, named by their id)" in summary
