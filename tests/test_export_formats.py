"""Each export format: every record and statement there with its quote and source, Arabic
intact, escaping that holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import msgspec
import pytest
from export_data import FORMULAS, MARKDOWN_NAME, QUOTE_LINES, open_data, tricky_data
from markdown_it import MarkdownIt

from tui.data.kinds import BY_NAME, kind_of
from tui.data.models import Fact, Record
from tui.export.csv_format import COLUMNS, neutralised, write_csv
from tui.export.json_format import write_json
from tui.export.markdown import markdown_text, write_markdown
from tui.export.outcome import Stopped, no_tick
from tui.export.scope import Scope, fact_table, one_record, record_list, whole_database
from tui.export.statements import statements_of
from tui.store.database import Database
from tui.store.opening import load_database
from tui.store.slices import FIGURES, FactKind, FactSlice, RecordOrder, RecordSlice


# (function-scoped: the index goes to each test's own cache, set up by conftest's autouse fixture)
@pytest.fixture
def bundled() -> Database:
    return load_database(None)


@pytest.fixture
def tricky(tmp_path: Path) -> Database:
    return open_data(tmp_path, tricky_data())


def run(writer, scope: Scope, database: Database) -> str:
    stream = io.StringIO()
    writer(scope, database, stream, no_tick)
    return stream.getvalue()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def every_record(database: Database) -> list[Record]:
    return list(whole_database(database).records())


# -- CSV ------------------------------------------------------------------------------


def test_csv_has_a_row_per_statement_with_its_quote_and_source(bundled: Database) -> None:
    rows = csv_rows(run(write_csv, whole_database(bundled), bundled))
    assert list(rows[0]) == list(COLUMNS)
    expected = [
        (record.id, statement.kind, statement.label, statement.quote or "", statement.source or "")
        for record in every_record(bundled)
        for statement in statements_of(record)
    ]
    found = [
        (row["record_id"], row["statement"], row["label"], row["quote"], row["source_id"])
        for row in rows
        if row["statement"]
    ]
    assert found == expected
    sources = {row["record_id"] for row in rows if row["kind"] == "source"}
    assert sources == set(bundled.sources)  # articles have their row, though they state nothing


def test_csv_keeps_arabic_figures_and_names_of_what_a_statement_points_to(bundled: Database) -> None:
    rows = csv_rows(run(write_csv, one_record(bundled.get("t2s-ge-healthcare")), bundled))
    years = next(row for row in rows if row["unit"] == "years")
    assert (years["value"], years["number"], years["qualifier"]) == ("لمدة تفوق 35 سنة", "35", "more than")
    assert years["quote"] == "مجموعة T2S التي نعمل معها لمدة تفوق 35 سنة"
    party = next(row for row in rows if row["statement"] == "party")
    assert (party["refers_to"], party["value"]) == ("t2s", "مجموعة T2S")
    assert all(row["name_ar"] == "شراكة T2S و GE Healthcare" for row in rows)


def test_csv_cells_never_start_a_formula(tricky: Database) -> None:
    text = run(write_csv, whole_database(tricky), tricky)
    rows = csv_rows(text)
    for row in rows:
        for column, cell in row.items():
            if column != "number":
                assert not cell.lstrip().startswith(("=", "+", "-", "@")), (column, cell)
    formulas = next(row for row in rows if row["record_id"] == "formulas")
    assert formulas["name_ar"] == "'" + FORMULAS[0] and formulas["name_latin"] == "'+1+2"
    assert formulas["number"] == "-5.5", "a negative figure stays a number"
    assert formulas["label"] == "'-Debt" and formulas["value"] == "'@debt" and formulas["source_outlet"] == "'=outlet"


def test_csv_cells_hold_commas_quotes_and_line_ends(tricky: Database) -> None:
    rows = csv_rows(run(write_csv, one_record(tricky.get("markdown")), tricky))
    said = next(row for row in rows if row["field"] == "said")
    assert said["quote"] == neutralised(QUOTE_LINES) == "'" + QUOTE_LINES
    assert said["label"] == "Said | *this*" and said["name_ar"] == MARKDOWN_NAME


def test_neutralised() -> None:
    assert [neutralised(cell) for cell in ("=1", "+1", "-1", "@a", "\t=1", "  =1", "a=1", "مجموعة", "")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\t=1",
        "'  =1",
        "a=1",
        "مجموعة",
        "",
    ]


# -- JSON -----------------------------------------------------------------------------


def json_records(text: str) -> list[tuple[str, str, dict]]:
    """(table, document id, record) of an exported database, in the order of the file."""
    return [(table, key, item) for table, items in json.loads(text).items() for key, item in items.items()]


def test_json_is_the_whole_database_as_stored(bundled: Database) -> None:
    """The whole database exported as JSON is the bundled file's records, tables, document ids and figures."""
    text = run(write_json, whole_database(bundled), bundled)
    bundled_file = json.loads(bundled.path.read_text(encoding="utf-8"))
    for table in bundled_file.values():  # (an explicit null is a field left out: the data format's default)
        for item in table.values():
            for key in [key for key, value in item.items() if value is None]:
                del item[key]
    assert json.loads(text) == bundled_file  # every id, document id, quote; 1000000, not 1000000.0
    assert '"number":1000000,' in text and "1000000.0" not in text
    records = every_record(bundled)
    assert [(table, item["id"]) for table, _key, item in json_records(text)] == [
        (BY_NAME[kind_of(record)].table, record.id) for record in records
    ]
    for table, _key, item in json_records(text):
        kind = next(kind for kind in BY_NAME.values() if kind.table == table)
        assert msgspec.convert(item, kind.record_type) == bundled.get(item["id"])


def test_json_of_a_part_brings_the_articles_it_quotes_and_keeps_document_ids(bundled: Database) -> None:
    sliced = RecordSlice("organization", filter="مجموعة", order=RecordOrder("latin"))
    text = run(write_json, record_list(bundled, sliced), bundled)
    exported = json_records(text)
    organizations = [(key, item["id"]) for table, key, item in exported if table == "organizations"]
    assert [record_id for _key, record_id in organizations] == [record.id for record in sliced.records(bundled)]
    assert all(int(key) == bundled.document_of(record_id) for key, record_id in organizations)
    assert [item["id"] for table, _key, item in exported if table == "sources"] == [
        "t2s-ge-healthcare-article",
        "amgs-founding-article",
    ]


def test_json_of_nothing_is_an_empty_database(bundled: Database) -> None:
    empty = run(write_json, record_list(bundled, RecordSlice("organization", filter="no such name")), bundled)
    assert json.loads(empty) == {}


def test_json_one_record_per_line(tricky: Database) -> None:
    lines = run(write_json, whole_database(tricky), tricky).splitlines()
    tables = sum(1 for line in lines if line.endswith(": {"))
    assert lines[0] == "{" and lines[-1] == "}" and len(lines) == 2 + 2 * tables + len(tricky)


def test_a_json_export_opens_in_tinydb_in_marsad_and_in_validate(bundled: Database, tmp_path: Path, capsys) -> None:
    """A part exported as JSON is a Marsad database: TinyDB reads it, Marsad's reader and `marsad validate` open it."""
    from tinydb import TinyDB

    from tui.cli import main

    path = tmp_path / "people.json"
    path.write_text(run(write_json, record_list(bundled, RecordSlice("person")), bundled), encoding="utf-8")
    with TinyDB(path, access_mode="r") as tiny:
        assert set(tiny.tables()) == {"people", "sources"}
        assert [(document.doc_id, document["id"]) for document in tiny.table("people").all()] == [
            (1, "rob-walton"),
            (2, "abderraouf-sourdou"),
        ]
        assert tiny.table("sources").all()[0]["id"] == "t2s-ge-healthcare-article"
    opened = load_database(path)
    assert [record.id for record in opened.all_records()] == [
        "rob-walton",
        "abderraouf-sourdou",
        "t2s-ge-healthcare-article",
    ]
    assert opened.get("rob-walton") == bundled.get("rob-walton")  # every fact with its quote, source and speaker
    # every quote is in its article; what the part only points to is named, not missing silently
    problems = {problem.message for problem in opened.problems}
    assert not any("quote" in message or "source" in message for message in problems)
    assert "refers to 't2s-ge-healthcare', which does not exist" in problems
    assert main(["validate", "--db", str(path)]) == 1
    assert "people: 2, sources: 1" in capsys.readouterr().out
    whole = tmp_path / "whole.json"
    whole.write_text(run(write_json, whole_database(bundled), bundled), encoding="utf-8")
    assert main(["validate", "--db", str(whole)]) == 0  # the whole database exported is clean, as the bundled one


# -- Markdown -------------------------------------------------------------------------


def rendered_text(markdown: str) -> str:
    """What a Markdown reader shows of `markdown`: the text of every inline token, HTML never interpreted."""
    parts = []
    for token in MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown):
        if token.type == "inline":
            for child in token.children or ():
                assert child.type not in (
                    "html_inline",
                    "link_open",
                    "em_open",
                    "strong_open",
                    "code_inline",
                    "s_open",
                ), (child.type, markdown)
                parts.append(
                    child.content if child.type == "text" else "\n" if child.type in ("softbreak", "hardbreak") else ""
                )
        assert token.type not in (
            "html_block",
            "heading_open",
            "bullet_list_open",
            "ordered_list_open",
            "blockquote_open",
            "hr",
            "code_block",
        ), (token.type, markdown)
    return "".join(parts)


@pytest.mark.parametrize(
    "text",
    [
        MARKDOWN_NAME,
        QUOTE_LINES,
        *FORMULAS,
        "1) x",
        "+ y",
        "<http://x>",
        "a\\*b",
        "![i](x)",
        "| a | b |",
        "  indented",
        "x  ",
        "&#42;",
    ],
)
def test_markdown_text_renders_as_itself(text: str) -> None:
    expected = "\n".join(line.lstrip() for line in text.split("\n")).strip()
    assert rendered_text(markdown_text(text)).strip() == expected


def test_markdown_has_every_statement_with_its_quote_and_source(bundled: Database) -> None:
    markdown = run(write_markdown, whole_database(bundled), bundled)
    for record in every_record(bundled):
        assert (
            f"*{markdown_text(f'{record.names.primary}')}" in markdown
            or markdown_text(record.names.primary) in markdown
        )
        for statement in statements_of(record):
            if statement.quote:
                assert f"> “{markdown_text(statement.quote)}”" in markdown, statement.quote
    assert "> — مهنيو الصحة يؤسسون جمعية لتسهيل الولوج إلى العلاج · آشكاين · amgs-founding-article" in markdown
    assert "\\[more than 35 years\\]" in markdown  # a figure beside its value


def test_markdown_of_hostile_records_has_no_markup_from_data(tricky: Database) -> None:
    markdown = run(write_markdown, whole_database(tricky), tricky)
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert not [token for token in tokens if token.type in ("html_block", "code_block", "hr")]
    links = [
        child
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type in ("link_open", "html_inline")
    ]
    assert links == []
    assert "missing-article (not in this database)" in markdown


def test_markdown_facts_table(bundled: Database) -> None:
    markdown = run(write_markdown, fact_table(bundled, FactSlice(FIGURES)), bundled)
    tables = [token for token in MarkdownIt("commonmark").enable("table").parse(markdown) if token.type == "tr_open"]
    figures = list(FactSlice(FIGURES).rows(bundled))
    assert len(tables) == 1 + len(figures)
    assert "1,000,000 MAD" in markdown


# -- who said it ----------------------------------------------------------------------


def test_every_format_says_who_said_a_statement(bundled: Database) -> None:
    record = bundled.get("t2s-ge-healthcare")
    rows = csv_rows(run(write_csv, one_record(record), bundled))
    reasons = [row for row in rows if row["label"] == "Why T2S was chosen"]
    assert len(reasons) == 2 and {(row["speaker"], row["speaker_name"]) for row in reasons} == {
        ("rob-walton", "روب والتون")
    }
    assert [row["speaker"] for row in rows if row["label"] == "Training room cost"] == [""]
    assert sum(row["speaker"] == "abderraouf-sourdou" for row in rows) == 5
    markdown = run(write_markdown, one_record(record), bundled)
    assert markdown.count("  - said by روب والتون (`rob-walton`)") == 6
    assert markdown.count("  - said by عبد الرؤوف صوردو (`abderraouf-sourdou`)") == 5
    table = run(write_markdown, fact_table(bundled, FactSlice(FactKind("label", "Why T2S was chosen"))), bundled)
    assert table.count("| روب والتون (`rob-walton`) |") == 2
    table_rows = csv_rows(run(write_csv, fact_table(bundled, FactSlice(FactKind("field", "reason"))), bundled))
    assert {row["speaker"] for row in table_rows} == {"rob-walton"}
    (exported,) = json.loads(run(write_json, one_record(record), bundled))["partnerships"].values()
    speakers = [fact.get("speaker") for fact in exported["facts"]]
    assert speakers == [fact.speaker for fact in record.facts] and speakers.count("rob-walton") == 6
    rows = json.loads(run(write_json, fact_table(bundled, FactSlice(FactKind("field", "reason"))), bundled))
    assert {row["fact"]["speaker"] for row in rows} == {"rob-walton"}


# -- scopes ---------------------------------------------------------------------------


def test_a_list_goes_out_filtered_and_sorted_as_the_pane_shows_it(bundled: Database) -> None:
    sliced = RecordSlice("organization", filter="مجموعة", order=RecordOrder("latin"))
    scope = record_list(bundled, sliced)
    exported = [item["id"] for table, _key, item in json_records(run(write_json, scope, bundled)) if table != "sources"]
    assert exported == [record.id for record in sliced.records(bundled)]
    assert len(exported) >= 2 and exported != [
        record.id for record in RecordSlice("organization", filter="مجموعة").records(bundled)
    ]
    assert scope.title == 'the Organizations list (filter "مجموعة", Latin name ↑)'


def test_the_facts_table_goes_out_in_its_order_with_quotes(bundled: Database) -> None:
    sliced = FactSlice(FIGURES)
    rows = csv_rows(run(write_csv, fact_table(bundled, sliced), bundled))
    expected = [(row.record_id, row.label, row.value) for row in sliced.rows(bundled)]
    assert [(row["record_id"], row["label"], row["value"]) for row in rows] == expected
    assert all(row["quote"] and row["source_id"] for row in rows)
    exported = json.loads(run(write_json, fact_table(bundled, sliced), bundled))
    assert [(item["record_id"], item["fact"]["label"]) for item in exported] == [
        (record_id, label) for record_id, label, _value in expected
    ]
    assert all(msgspec.convert(item["fact"], Fact).quote for item in exported)


@pytest.mark.parametrize("writer", [write_csv, write_json, write_markdown])
def test_a_tick_can_stop_a_writer(bundled: Database, writer) -> None:
    seen: list[int] = []

    def tick(done: int) -> None:
        seen.append(done)
        if done == 3:
            raise Stopped

    with pytest.raises(Stopped):
        writer(whole_database(bundled), bundled, io.StringIO(), tick)
    assert seen == [1, 2, 3]
