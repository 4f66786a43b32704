"""The canonical layout: one set of records, one file, byte for byte, that TinyDB and Marsad both read.

The round trip is the promise of the writer: any database Marsad reads, written
back without changes through `SafeStorage`, is the canonical form of what was
read, written again is the same bytes, and reads back (through TinyDB's own
storage and through Marsad's reader) as the same records.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

from edit_helpers import bundled_data, read_by_marsad, read_by_tinydb
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from tui.data.bundled import bundled_database_path
from tui.edit.canonical import KEY_ORDER, encode_database
from tui.edit.storage import SafeStorage


def test_the_bundled_database_is_already_canonical() -> None:
    raw = bundled_database_path().read_bytes()
    assert encode_database(json.loads(raw)) == raw


def test_the_layout_is_json_dumps_with_an_indent_of_two_and_a_final_newline() -> None:
    data = bundled_data()
    assert encode_database(data) == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _keys(pairs: list[tuple[str, Any]]) -> list[str]:
    return [key for key, _value in pairs]


def test_key_order_is_the_readers_order_whatever_the_order_written() -> None:
    data = {
        "sources": {
            "1": {"text": "t", "language": "ar", "title": "T", "id": "s", "url": "https://x.ma/a", "date": "2025"}
        },
        "organizations": {
            "10": {"names": {"aliases": ["b"], "latin": "A", "ar": "أ"}, "id": "a", "zzz": 1, "aaa": 2},
            "2": {"facts": [{"quote": "t", "source": "s", "speaker": "p", "value": "v", "label": "l", "field": "f"}]},
        },
        "_default": {},
    }
    written = json.loads(encode_database(data), object_pairs_hook=lambda pairs: pairs)
    assert _keys(written) == ["organizations", "sources", "_default"]  # Marsad's tables in the order of KINDS
    organizations = dict(written)["organizations"]
    assert _keys(organizations) == ["2", "10"]  # documents by number, not as text
    second, tenth = dict(organizations)["2"], dict(organizations)["10"]
    assert _keys(tenth) == ["id", "names", "aaa", "zzz"]  # unknown keys after known ones, by name
    assert _keys(dict(tenth)["names"]) == ["ar", "latin", "aliases"]
    assert _keys(dict(second)["facts"][0]) == ["field", "label", "value", "source", "quote", "speaker"]
    assert _keys(dict(dict(written)["sources"])["1"]) == ["id", "title", "date", "url", "language", "text"]
    assert len(KEY_ORDER) == len(set(KEY_ORDER))


def test_characters_that_drive_a_terminal_are_escaped_and_read_back_the_same() -> None:
    nasty = "a\x1b]0;owned\x07b\x7fc\x9bd\u202ee\u2066f\u2028g\ud800h\udfffi"
    data = {"organizations": {"1": {"id": "x", "names": {"latin": nasty}}}}
    raw = encode_database(data)
    for byte in (b"\x1b", b"\x07", b"\x7f", "\x9b".encode(), "\u202e".encode(), "\u2028".encode()):
        assert byte not in raw
    raw.decode("utf-8")  # (lone surrogates are escapes, not invalid bytes)
    assert json.loads(raw) == data
    assert "أ".encode() in encode_database({"t": {"1": {"ar": "أ"}}})  # Arabic stays Arabic


def test_values_keep_their_type() -> None:
    data = {"t": {"1": {"number": 1000000, "ratio": 2.5, "big": 10**30, "small": 1e-7, "flag": True, "none": None}}}
    assert json.loads(encode_database(data)) == data
    assert b'"number": 1000000,' in encode_database(data)


# -- the round trip ------------------------------------------------------------------

_SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"]) | st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣٤٥٦٧٨٩\u200c\n\t"),
    max_size=30,
)
_LINE = _TEXT.filter(lambda text: text.strip() != "")


@st.composite
def databases(draw: st.DrawFn) -> dict[str, Any]:
    """A database as a TinyDB dict: records of every kind, right or wrong in the ways a file can be."""
    source_ids = draw(st.lists(_SLUG, min_size=1, max_size=3, unique=True))
    texts = {source_id: draw(_LINE) for source_id in source_ids}
    taken = set(source_ids)

    def fresh_id() -> str:
        record_id = draw(_SLUG.filter(lambda slug: slug not in taken))
        taken.add(record_id)
        return record_id

    def fact() -> dict[str, Any]:
        source = draw(st.sampled_from(source_ids))
        text = texts[source]
        start = draw(st.integers(0, len(text) - 1))
        quote = text[start : start + draw(st.integers(1, 12))] if draw(st.booleans()) else draw(_LINE)
        document: dict[str, Any] = {
            "field": draw(_LINE),
            "label": draw(_LINE),
            "value": draw(_LINE),
            "source": source,
            "quote": quote or "x",
        }
        for key, strategy in (
            ("number", st.integers(-(10**15), 10**15) | st.floats(allow_nan=False, allow_infinity=False)),
            ("unit", _TEXT),
            ("qualifier", _TEXT),
            ("ref", st.sampled_from(sorted(taken))),
        ):
            if draw(st.booleans()):
                document[key] = draw(strategy)
        return document

    def names() -> dict[str, Any]:
        found: dict[str, Any] = {key: draw(_LINE) for key in ("ar", "latin") if draw(st.booleans())}
        if draw(st.booleans()):
            found["aliases"] = draw(st.lists(_LINE, max_size=2))
        return found or {"ar": draw(_LINE)}

    tables: dict[str, dict[str, Any]] = {
        name: {} for name in ("organizations", "partnerships", "associations", "people")
    }
    organizations = [fresh_id() for _ in range(draw(st.integers(0, 3)))]
    for record_id in organizations:
        tables["organizations"][record_id] = {
            "id": record_id,
            "names": names(),
            "facts": [fact() for _ in range(draw(st.integers(0, 2)))],
        }
    if draw(st.booleans()) and organizations:
        record_id = fresh_id()
        tables["partnerships"][record_id] = {
            "id": record_id,
            "names": names(),
            "parties": organizations[:2],
            "facts": [fact()],
        }
    if draw(st.booleans()):
        record_id = fresh_id()
        members = [
            {"organization": org, "role": draw(_LINE), "source": source_ids[0], "quote": texts[source_ids[0]]}
            for org in organizations[:2]
        ]
        tables["associations"][record_id] = {"id": record_id, "names": names(), "members": members}
    if draw(st.booleans()):
        record_id = fresh_id()
        roles = [{"title": draw(_LINE), "source": source_ids[0], "quote": texts[source_ids[0]]}]
        tables["people"][record_id] = {"id": record_id, "names": names(), "roles": roles, "facts": [fact()]}
    if draw(st.booleans()):  # a record the reader refuses (and keeps out), kept in the file as it was
        tables["organizations"]["bad"] = {"id": "Not A Slug", "names": {}}
    tables["sources"] = {
        source_id: {"id": source_id, "language": "ar", "text": texts[source_id]}
        | ({"title": draw(_LINE)} if draw(st.booleans()) else {})
        for source_id in source_ids
    }
    data: dict[str, Any] = {}
    for name, records in tables.items():
        data[name] = {str(number): record for number, record in enumerate(records.values(), start=1)}
    if draw(st.booleans()):
        data["_default"] = {"1": {"anything": [1, 2.5, None, True, "x"]}}
    return data


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


def _written_some_way(data: dict[str, Any], seed: int, indent: int | str | None, ascii_only: bool) -> bytes:
    """`data` as a file written by someone else: keys in any order, any indent, escaped or not."""
    return json.dumps(_shuffled(data, random.Random(seed)), indent=indent, ensure_ascii=ascii_only).encode()


@settings(deadline=None)  # (each example builds Marsad's index of the file twice)
@example(
    data={"organizations": {}, "sources": {"1": {"id": "s", "language": "ar", "text": "\u2028\x7f\u202e\ud800"}}},
    seed=0,
    indent=None,
    ascii_only=True,  # (a lone surrogate can only be written as an escape)
)
@given(
    data=databases(),
    seed=st.integers(0, 2**32),
    indent=st.sampled_from([None, 0, 1, 2, 4, "\t"]),
    ascii_only=st.booleans(),
)
def test_any_database_written_back_unchanged_is_canonical_stable_and_the_same_records(
    data: dict[str, Any], seed: int, indent: int | str | None, ascii_only: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder) / "theirs.json"
        original.write_bytes(_written_some_way(data, seed, indent, ascii_only))
        before = read_by_marsad(original)
        expected = encode_database(json.loads(original.read_bytes()))

        storage = SafeStorage(original)
        storage.write(storage.read())  # (what TinyDB does after an edit, without the edit)
        first = original.read_bytes()
        assert first == expected

        again = SafeStorage(original)
        again.write(again.read())
        assert original.read_bytes() == first

        assert read_by_tinydb(original) == json.loads(_written_some_way(data, seed, indent, ascii_only))
        assert read_by_marsad(original) == before


def test_a_database_written_by_tinydbs_own_storage_is_made_canonical_by_a_write(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    with TinyDB(path, ensure_ascii=True, sort_keys=True) as tiny:  # TinyDB's JSONStorage, as anyone may use it
        for name, documents in bundled_data().items():
            tiny.table(name).insert_multiple(documents.values())
    with TinyDB(path, storage=SafeStorage) as ours:
        ours.table("organizations").update({}, doc_ids=[1])  # an edit that changes nothing
    assert path.read_bytes() == bundled_database_path().read_bytes()
