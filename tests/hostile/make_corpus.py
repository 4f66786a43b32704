"""Generate a corpus of hostile database files, each with its expected outcome.

Usage: python tests/hostile/make_corpus.py OUTDIR

Writes one file (or directory, symlink...) per case into OUTDIR and an
`expected.json` that lists, per case, the exit code of `marsad validate --db`,
a distinctive substring of its message (on stderr for exit 2, stdout otherwise),
the ids of good records that must still load, and any environment it needs.
Nothing here is committed: the tests run `make_corpus` into a temporary
directory (a few files are megabytes).
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

GOOD_TEXT = "نص المقال: وقعت مجموعة المثال اتفاقية شراكة مع شركة أخرى في الدار البيضاء."
GOOD_QUOTE = "وقعت مجموعة المثال اتفاقية شراكة"


def good_source() -> dict[str, Any]:
    return {"id": "good-source", "language": "ar", "text": GOOD_TEXT, "title": "مقال جيد", "outlet": "آشكاين"}


def good_org() -> dict[str, Any]:
    return {
        "id": "good-org",
        "names": {"ar": "مجموعة المثال", "latin": "Good Org"},
        "facts": [{"field": "kind", "label": "Kind", "value": "مجموعة", "source": "good-source", "quote": GOOD_QUOTE}],
    }


def good_database() -> dict[str, Any]:
    """A small valid database; partly bad cases add to it."""
    return {"organizations": {"1": good_org()}, "sources": {"1": good_source()}}


def with_org(record: Any, key: str = "2") -> dict[str, Any]:
    data = good_database()
    data["organizations"][key] = record
    return data


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# Strings that would drive a terminal or reorder the screen if shown raw.
ESC_CSI = "\x1b[2J\x1b[31mred"
OSC = "\x1b]0;pwned\x07title\x1b]8;;http://evil.example\x1b\\link"
C1 = "csi\x9b31m and osc\x9d0;t\x9c"
BIDI = "\u202eevil\u202c and \u2066isolate\u2069"
HOSTILE = f"{ESC_CSI}|{OSC}|{C1}|{BIDI}|nul\x00|del\x7f"


@dataclass
class Case:
    name: str
    exit_code: int
    message: str  # a distinctive substring of the output
    keeps: tuple[str, ...] = ()  # ids of good records that must still load
    also: tuple[str, ...] = ()  # further substrings of the output
    env: dict[str, str] = field(default_factory=dict)
    needs_non_root: bool = False  # root reads any file whatever its mode
    file: str = ""  # path in the corpus directory (default: NAME.json)

    @property
    def stream(self) -> str:
        return "stderr" if self.exit_code == 2 else "stdout"


Maker = Callable[[Path], None]
CASES: list[tuple[Case, Maker]] = []


def case(*args: Any, **kwargs: Any) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        CASES.append((Case(make.__name__.removeprefix("make_"), *args, **kwargs), make))
        return make

    return register


def write(data: Any) -> Maker:
    """A maker that writes bytes, or JSON for anything else."""
    raw = data if isinstance(data, bytes) else dump(data)
    return lambda path: path.write_bytes(raw)


# -- unreadable files (exit 2) ------------------------------------------------


@case(2, "no such file")
def make_missing(path: Path) -> None:
    pass  # nothing is created, and nothing must be


@case(2, "file is empty")
def make_empty(path: Path) -> None:
    path.write_bytes(b"")


@case(2, "file is empty")
def make_whitespace(path: Path) -> None:
    path.write_bytes(b" \n\t\r\n   \n")


@case(2, "not valid JSON", also=("line 3, column",))
def make_not_json(path: Path) -> None:
    path.write_bytes(b'{\n "organizations": {\n  "1": {"id": "x",, }\n }\n}\n')


@case(2, "not valid JSON")
def make_truncated(path: Path) -> None:
    raw = dump(good_database())
    path.write_bytes(raw[: len(raw) // 2])


@case(2, "top level is a JSON array")
def make_top_array(path: Path) -> None:
    write([good_org()])(path)


@case(2, "top level is a JSON string")
def make_top_string(path: Path) -> None:
    write("organizations")(path)


@case(2, "top level is a JSON number")
def make_top_number(path: Path) -> None:
    path.write_bytes(b"42\n")


@case(2, "not UTF-8", also=("0xe9", "line 4", "byte offset"))
def make_latin1(path: Path) -> None:
    path.write_bytes(
        '{\n "organizations": {\n  "1": {"id": "cafe",\n   "names": {"latin": "Café Santé"}}}}'.encode("latin-1")
    )


@case(2, "UTF-16 byte order mark")
def make_utf16(path: Path) -> None:
    path.write_bytes(dump(good_database()).decode("utf-8").encode("utf-16"))


@case(2, "is a directory", file="a-directory.json")
def make_directory(path: Path) -> None:
    path.mkdir()


@case(2, "permission denied", also=("chmod u+r",), needs_non_root=True)
def make_no_permission(path: Path) -> None:
    write(good_database())(path)
    path.chmod(0)


@case(2, "symbolic link loop")
def make_symlink_loop(path: Path) -> None:
    other = path.with_name(path.name + ".other")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


@case(2, "nested too deeply")
def make_deep_nesting(path: Path) -> None:
    path.write_bytes(b'{"notes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")


@case(2, "nested too deeply")
def make_deep_nesting_in_record(path: Path) -> None:
    depth = 100_000
    raw = dump(with_org({"id": "deep", "names": {"ar": "عميق"}, "extra": "HOLE"}))
    path.write_bytes(raw.replace(b'"HOLE"', b"[" * depth + b"]" * depth))


@case(2, "over the 1 MB limit", env={"MARSAD_MAX_DB_MB": "1"})
def make_too_big(path: Path) -> None:
    data = good_database()
    data["sources"]["1"]["text"] += " " + "ح" * (1024 * 1024)  # 2 MB of UTF-8
    write(data)(path)


@case(2, "not valid JSON", also=("4300 digits",))
def make_huge_number(path: Path) -> None:
    raw = dump(with_org({"id": "big", "names": {"ar": "كبير"}, "n": "HOLE"}))
    path.write_bytes(raw.replace(b'"HOLE"', b"9" * 5000))


@case(2, "table 'organizations' is a JSON array")
def make_table_is_list(path: Path) -> None:
    write({"organizations": [good_org()], "sources": {"1": good_source()}})(path)


# -- partly bad files (exit 1): the good records still load ---------------------


@case(1, "record is a JSON string", keeps=("good-org", "good-source"), also=("organizations[2]",))
def make_record_is_string(path: Path) -> None:
    write(with_org("مجموعة"))(path)


@case(1, "Expected `str | null`, got `int`", keeps=("good-org",), also=("organizations[2]", "'bad-type'", "$.names.ar"))
def make_wrong_type(path: Path) -> None:
    write(with_org({"id": "bad-type", "names": {"ar": 5}}))(path)


@case(
    1,
    "$.facts[0].number",
    keeps=("good-org", "bad-number"),
    also=("'bad-number'", 'not as the text "fifteen"', "the number was left out and the fact kept [kept]"),
)
def make_wrong_type_nested(path: Path) -> None:
    fact = dict(good_org()["facts"][0], number="fifteen")
    write(with_org({"id": "bad-number", "names": {"ar": "س"}, "facts": [fact]}))(path)


@case(1, "missing required field `id`", keeps=("good-org",), also=("organizations[2]",))
def make_missing_id(path: Path) -> None:
    write(with_org({"names": {"ar": "بلا معرف"}}))(path)


@case(1, "an id is a slug: lowercase letters", keeps=("good-org",), also=("'Bad Slug!' is not one", "$.id"))
def make_bad_slug(path: Path) -> None:
    write(with_org({"id": "Bad Slug!", "names": {"ar": "سيء"}}))(path)


@case(1, "needs at least one name", keeps=("good-org",))
def make_no_name(path: Path) -> None:
    write(with_org({"id": "nameless", "names": {}}))(path)


@case(1, "duplicate id", keeps=("good-org",), also=("sources[2]", "'good-org'"))
def make_duplicate_ids(path: Path) -> None:
    data = good_database()
    data["sources"]["2"] = dict(good_source(), id="good-org")
    write(data)(path)


@case(1, "document key appears more than once", keeps=("good-org",))
def make_duplicate_keys(path: Path) -> None:
    raw = dump(good_database())
    # a second "1" in organizations: json keeps only the last one, which must be reported
    path.write_bytes(
        raw.replace(
            b'"organizations": {', '"organizations": {\n  "1": {"id": "lost", "names": {"ar": "ضائع"}},'.encode(), 1
        )
    )


@case(
    1,
    "'ghost-org' is not an organization",
    keeps=("good-org", "good-partnership"),
    also=("partnerships[1]", "$.parties[1]"),
)
def make_broken_party(path: Path) -> None:
    data = good_database()
    data["partnerships"] = {
        "1": {"id": "good-partnership", "names": {"ar": "شراكة"}, "parties": ["good-org", "ghost-org"]}
    }
    write(data)(path)


@case(1, "source 'ghost-source' does not exist", keeps=("good-org", "cites-ghost"), also=("$.facts[0].source",))
def make_missing_source(path: Path) -> None:
    fact = dict(good_org()["facts"][0], source="ghost-source")
    write(with_org({"id": "cites-ghost", "names": {"ar": "س"}, "facts": [fact]}))(path)


@case(
    1,
    "quote not found in the text of source 'good-source'",
    keeps=("good-org", "misquotes"),
    also=("$.facts[0].quote",),
)
def make_quote_not_in_source(path: Path) -> None:
    fact = dict(good_org()["facts"][0], quote="جملة لم ترد في المقال")
    write(with_org({"id": "misquotes", "names": {"ar": "س"}, "facts": [fact]}))(path)


@case(1, "unknown table ignored", keeps=("good-org", "good-source"), also=("widgets",))
def make_unknown_table(path: Path) -> None:
    data = good_database()
    data["widgets"] = {"1": {"id": "w"}}
    write(data)(path)


@case(1, "document key must be a number", keeps=("good-org",), also=("organizations[abc]",))
def make_non_numeric_key(path: Path) -> None:
    write(with_org({"id": "keyed-by-name", "names": {"ar": "س"}}, key="abc"))(path)


@case(1, "document key must be a number", keeps=("good-org",))
def make_huge_key(path: Path) -> None:
    write(with_org({"id": "huge-key", "names": {"ar": "س"}}, key="9" * 5000))(path)


@case(1, "no leading zeros", keeps=("good-org",))
def make_leading_zero_key(path: Path) -> None:
    write(with_org({"id": "zero-key", "names": {"ar": "س"}}, key="01"))(path)


@case(1, "nested more than", keeps=("good-org",), also=("'deep'",))
def make_deep_record(path: Path) -> None:
    nested: Any = "bottom"
    for _ in range(600):  # deep enough to overflow recursive code, not json itself
        nested = [nested]
    write(with_org({"id": "deep", "names": {"ar": "عميق"}, "extra": nested}))(path)


@case(1, "unknown table ignored", keeps=("good-org", "good-source"), also=("document key must be a number",))
def make_controls_in_keys(path: Path) -> None:
    data = good_database()
    data[f"table{HOSTILE}"] = {}
    data["organizations"][f"key{HOSTILE}"] = {"id": "x", "names": {"ar": "س"}}
    write(data)(path)


# -- hostile but valid files (exit 0) ---------------------------------------------


@case(0, "ok:", keeps=("good-org", "good-source"))
def make_utf8_bom(path: Path) -> None:
    path.write_bytes(codecs.BOM_UTF8 + dump(good_database()))


@case(0, "ok:", keeps=("good-org", "long-name"))
def make_huge_strings(path: Path) -> None:
    data = good_database()
    data["sources"]["1"]["text"] += "\n" + "وصف طويل " * 110_000  # over 1 MB
    fact = dict(good_org()["facts"][0], value="وصف " * 260_000)  # a 1 MB description
    data["organizations"]["2"] = {
        "id": "long-name",
        "names": {"ar": "ا" * 10_000, "latin": "N" * 10_000},
        "facts": [fact],
    }
    write(data)(path)


@case(0, "ok:", keeps=("good-org", "many-facts"))
def make_many_facts(path: Path) -> None:
    fact = good_org()["facts"][0]
    write(
        with_org(
            {
                "id": "many-facts",
                "names": {"ar": "كثير"},
                "facts": [dict(fact, value=f"قيمة {i}") for i in range(50_000)],
            }
        )
    )(path)


@case(0, "ok:", keeps=("good-org", "hostile", "hostile-source"))
def make_control_chars(path: Path) -> None:
    text = f"{GOOD_TEXT}\n{HOSTILE}\tend"
    data = good_database()
    data["sources"]["2"] = {
        "id": "hostile-source",
        "language": f"ar{HOSTILE}",
        "text": text,
        "title": HOSTILE,
        "outlet": HOSTILE,
    }
    fact = {
        "field": HOSTILE,
        "label": HOSTILE,
        "value": HOSTILE,
        "source": "hostile-source",
        "quote": HOSTILE,
        "unit": HOSTILE,
        "qualifier": HOSTILE,
    }
    data["organizations"]["2"] = {
        "id": "hostile",
        "names": {"ar": f"اسم{HOSTILE}", "latin": HOSTILE, "aliases": [HOSTILE, f"\u202e{HOSTILE}"]},
        "facts": [fact],
        HOSTILE: {HOSTILE: HOSTILE},  # an unknown field: a hostile dict key
    }
    raw = dump(data)
    # a lone surrogate escape, which json.loads accepts
    path.write_bytes(raw.replace("اسم".encode(), b"\\udfff\\ud800", 1))  # reversed: not a pair


@case(0, "ok:", keeps=("good-org", "crlf"))
def make_crlf_text(path: Path) -> None:
    data = good_database()
    data["sources"]["2"] = {"id": "crlf-source", "language": "ar", "text": "سطر أول\r\nسطر ثان\r\n"}
    fact = dict(good_org()["facts"][0], source="crlf-source", quote="سطر أول\r\nسطر ثان")
    data["organizations"]["2"] = {"id": "crlf", "names": {"ar": "س"}, "facts": [fact]}
    write(data)(path)


def make_corpus(directory: Path) -> list[Case]:
    """Create every case in `directory` (which must exist) and return them."""
    cases = []
    for template, make in CASES:
        current = Case(**{**asdict(template), "file": template.file or f"{template.name}.json"})
        make(directory / current.file)
        cases.append(current)
    (directory / "expected.json").write_text(
        json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for c in make_corpus(out):
        print(f"{c.exit_code}  {c.file}")
