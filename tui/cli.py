"""The `marsad` command: open the browser, validate a database, search it, export it,
check the terminal, serve the browser.

It speaks the language chosen by `--lang`, the settings file or the environment
(`tui.i18n.choice`): its help, its errors and its reports, argparse's own words
too (`tui.i18n.commandline`); `--json` keys never change. Arabic printed to a
terminal is shaped and right to left (`tui.terminal.printing`), logical in a pipe.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, cast

from tui import __version__, i18n
from tui.data.bundled import bundled_database_path
from tui.data.errors import DatabaseUnreadable
from tui.data.kinds import KIND_NAMES, KINDS
from tui.i18n import _, ngettext, number
from tui.i18n.choice import choose
from tui.i18n.commandline import argparse_speaks
from tui.store.database import IndexDamaged
from tui.store.opening import is_indexed, load_database
from tui.terminal.printing import ProgressLine, err, out, prepare_streams, set_line_mode, silence_stdout
from tui.text.gate import safe_path
from tui.web.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from tui.search.query import SearchIndex
    from tui.terminal.detect import Decision

EXIT_OK, EXIT_BAD_RECORDS, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2, 2
EXIT_NO_RECORD, EXIT_NOT_WRITTEN = 1, 3
EXPORT_FORMATS = ("csv", "csv-excel", "json", "md", "ftm")  # (tui.export.formats.FORMATS, without importing it)
BIDI_MODES = ("app", "terminal")
#: how long a lone escape byte waits for the rest of a key's sequence, unless ESCDELAY says (milliseconds)
ESCAPE_DELAY_MS = 25
#: the most sessions, MiB or minutes `marsad serve` takes (a year of minutes)
MAX_SERVE_SETTING = 525_600


class SpeakingParser(argparse.ArgumentParser):
    """A parser that prints its help, usage and errors through `tui.terminal.printing` (shaped, right to
    left in an Arabic interface on a terminal; never a control character)."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        out(_options_left_to_right(self.format_help().rstrip("\n")), cast("TextIO | None", file))

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        out(_options_left_to_right(self.format_usage().rstrip("\n")), cast("TextIO | None", file))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        err(_("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})
        raise SystemExit(EXIT_USAGE)


#: an option's dashes, where a word starts (`-h`, `--db`, `[--lang`): argparse writes them, no translation holds them
_OPTION_START = re.compile(r"(?<![^\s\[(|])(?=--?[A-Za-z])")


def _options_left_to_right(text: str) -> str:
    """In a right-to-left interface, an LRM before each option's dashes: a terminal line put in reading order
    keeps them on the option's left (`--help`, not `help--`). Pipes never see the mark (`printing.out`)."""
    return _OPTION_START.sub("\u200e", text) if i18n.is_rtl() else text


class CommandLine(SpeakingParser):
    """The `marsad` parser: the database file may also be given as an argument, as vd, less, sqlite3 and jq take it.

    `marsad FILE` is `marsad --db FILE` (a first word that is not a command is taken
    for a file when it names one, or looks like a path: `./validate` for a file
    called like a command), and `marsad validate FILE` (index, serve) is
    `marsad validate --db FILE`; a word that is neither a command nor a file is a
    usage error that says so.
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        arguments = list(sys.argv[1:] if args is None else args)
        at = _first_word(arguments)
        if at is not None and arguments[at] not in COMMAND_NAMES:
            word = arguments[at]
            if not _names_a_file(word):
                self.error(
                    _(
                        "{word} is neither a command ({commands}) nor a file; "
                        "a file named like a command is opened as ./NAME"
                    ).format(word=repr(word), commands=", ".join(COMMAND_NAMES))
                )
            arguments[at : at + 1] = ["--db", word]
        parsed, rest = super().parse_known_args(arguments, namespace)
        given = getattr(parsed, "file", None)
        if given is not None:
            if parsed.db is not None and parsed.db != given:
                self.error(
                    _("two database files, {db} (--db) and {file}: give one").format(
                        db=repr(parsed.db), file=repr(given)
                    )
                )
            parsed.db = given
        if hasattr(parsed, "file"):
            del parsed.file
        return parsed, rest


#: the sub-commands, in the order `--help` lists them
COMMAND_NAMES = ("validate", "search", "export", "doctor", "serve", "index", "add-source", "copy-bundled", "merge")
#: options of `marsad` itself that take a value (the word after them is not a command nor a file)
_OPTIONS_WITH_A_VALUE = ("--db", "--bidi", "--lang")


def _first_word(arguments: list[str]) -> int | None:
    """Where the first word that is not an option (nor an option's value) is, before any command."""
    at = 0
    while at < len(arguments):
        argument = arguments[at]
        if argument == "--":
            return at + 1 if at + 1 < len(arguments) else None
        if argument in _OPTIONS_WITH_A_VALUE:
            at += 2
            continue
        if not argument.startswith("-") or argument == "-":
            return at
        at += 1
    return None


def _names_a_file(word: str) -> bool:
    """Whether a word is meant as a file: one is there, or it reads as a path (a folder in it, or an extension)."""
    return os.path.lexists(word) or os.sep in word or "/" in word or Path(word).suffix != ""


def build_parser() -> argparse.ArgumentParser:
    """The `marsad` command line, in the language spoken (built inside `argparse_speaks`: argparse's words too)."""
    database = SpeakingParser(add_help=False)
    database.add_argument("--db", metavar="PATH", help=_("database file to open (default: the bundled database)"))
    # A subcommand's --db must not reset one given before the subcommand
    # (`marsad --db x validate`): argparse copies a subparser's defaults over.
    subcommand_database = SpeakingParser(add_help=False)
    subcommand_database.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("database file to open (default: the bundled database)"),
    )

    parser = CommandLine(
        prog="marsad",
        usage="marsad [-h] [--version] [--lang {en,fr,ar}] [--bidi {app,terminal}] [FILE | --db PATH] [COMMAND ...]",
        description=_(
            "Browse the organizations, partnerships and associations of the Moroccan and African private "
            "health sector. FILE (or --db PATH) is the database to open; without one, the bundled database."
        ),
        parents=[database],
    )
    parser.add_argument(
        "--version", action="version", version=f"marsad {__version__}", help=_("show program's version number and exit")
    )
    parser.add_argument(
        "--lang",
        choices=i18n.CODES,
        default=None,
        help=_(
            "the language Marsad speaks: en (English), fr (French), ar (Arabic, its interface mirrored). "
            "Default: the one chosen in the app (the settings file), else LANGUAGE, LC_ALL, LC_MESSAGES, LANG"
        ),
    )
    parser.add_argument(
        "--bidi",
        choices=BIDI_MODES,
        default=None,
        help=_(
            "who shapes and reorders Arabic: 'app' (Marsad) or 'terminal' (a terminal with its own bidi). "
            "Default: chosen for the terminal Marsad recognises ('marsad doctor' says which and why). Also MARSAD_BIDI."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=SpeakingParser)
    validate = commands.add_parser(
        "validate",
        parents=[subcommand_database],
        help=_("check a database file and report bad records"),
        description=_(
            "Check a database file (FILE or --db PATH). Exit 0 when clean, 1 when records are bad or kept "
            "with warnings, 2 when it cannot be read."
        ),
    )
    _file_argument(validate)
    search = commands.add_parser(
        "search",
        parents=[subcommand_database],
        help=_("print the entities that match a query"),
        description=_(
            "Search names, aliases, roles, facts and sources. Exit 0 with hits, 1 with none, "
            "2 for an empty query or a file that cannot be read."
        ),
    )
    search.add_argument("query", help=_("words to look for, in Arabic or Latin letters"))
    search.add_argument("--json", action="store_true", help=_("print a JSON array of hits"))
    search.add_argument(
        "--type", choices=KIND_NAMES, action="append", dest="kinds", help=_("only this kind (repeatable)")
    )
    search.add_argument("--limit", type=int, default=20, metavar="N", help=_("at most N hits (default 20)"))
    export = commands.add_parser(
        "export",
        parents=[subcommand_database],
        help=_("write records with their quotes and sources as CSV, JSON, Markdown or FollowTheMoney"),
        description=_(
            "Export the whole database (the default), the records of one kind in the order of the file (--kind), "
            "or one record (--record), to standard output or a file (-o). Exit 0 when written, 1 when --record "
            "names no record, 2 when the database cannot be read or an option is wrong, 3 when the file exists "
            "(give --force to replace it) or cannot be written. A file is written whole or not at all. "
            "docs/export.md describes each format."
        ),
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help=_(
            "csv: a row per statement (UTF-8); csv-excel: the same with a byte order mark, for Excel; json: a Marsad "
            "database (TinyDB) of the records and their articles; md: Markdown; ftm: FollowTheMoney entities, one "
            "JSON object a line. Without it, the format -o FILE's extension says (.csv, .json, .md, .ftm.json); "
            "required for standard output"
        ),
    )
    export_scope = export.add_mutually_exclusive_group()
    export_scope.add_argument("--kind", choices=KIND_NAMES, help=_("only the records of this kind"))
    export_scope.add_argument("--record", metavar="ID", help=_("only this record"))
    export.add_argument(
        "-o", "--output", metavar="FILE", default="-", help=_("the file to write ('-', the default: standard output)")
    )
    export.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    commands.add_parser(
        "doctor",
        help=_("say how Marsad will draw Arabic in this terminal, with a line to check it by eye"),
        description=_(
            "Print the terminal Marsad recognised, the Arabic mode it will use and why, the escapes it "
            "sends, and a test line. Exit 0."
        ),
    )
    serve = commands.add_parser(
        "serve",
        parents=[subcommand_database],
        help=_("serve Marsad to a web browser (textual-serve)"),
        description=_("Serve Marsad on http://HOST:PORT/ for a web browser. Stop it with ctrl+c."),
    )
    _file_argument(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1: this machine only)")
    )
    serve.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000; 0: any free port)"))
    for option, kind, default, metavar, meaning in (
        (
            "--max-sessions",
            int,
            DEFAULT_LIMITS.sessions,
            "N",
            _("browser tabs served at once, each its own app process (default {default})"),
        ),
        (
            "--session-memory",
            int,
            DEFAULT_LIMITS.memory_mb,
            "MB",
            _("memory each tab's app process may take, in MiB (default {default})"),
        ),
        (
            "--session-minutes",
            float,
            DEFAULT_LIMITS.lifetime_minutes,
            "M",
            _("a tab's session ends after M minutes (default {default})"),
        ),
    ):
        serve.add_argument(
            option, type=kind, default=default, metavar=metavar, help=meaning.format(default=f"{default:g}")
        )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help=_(
            "the https address of a TLS proxy in front of Marsad (its pages and socket are then accepted from there)"
        ),
    )
    index = commands.add_parser(
        "index",
        parents=[subcommand_database],
        help=_("build or refresh the index of a database file, or clear them all"),
        description=_(
            "Build the index Marsad reads a database through (kept in your cache directory, rebuilt when "
            "the file changes), and say where it is and how big. Exit 0 when done, 2 when the file cannot be read."
        ),
    )
    _file_argument(index)
    index.add_argument(
        "--clear", action="store_true", help=_("remove every index Marsad made (they are rebuilt when needed)")
    )
    index.add_argument(
        "--progress",
        choices=("bar", "json", "none"),
        default=None,
        help=_("how to show progress (default: a bar when stderr is a terminal)"),
    )
    _editing_commands(commands)
    return parser


def _editing_commands(commands: argparse._SubParsersAction[SpeakingParser]) -> None:
    """`add-source`, `copy-bundled` and `merge` (tui.edit.commands; docs/editing.md)."""
    add_source = commands.add_parser(
        "add-source",
        help=_("add an article (a source) to a database, from a file or standard input"),
        description=_(
            "Add an article to the database --db, its text from FILE or standard input ('-'), stored as "
            "given (through the same filter as everything Marsad reads). Prints the new source's id. Exit 0 when "
            "added, 1 when the article or an option is not valid (or the article is already there), 2 when the "
            "database or FILE cannot be read, 3 when the database cannot be written (another Marsad is writing it, "
            "it is the bundled database, a link, read-only, or the disk is full)."
        ),
    )
    add_source.add_argument(
        "article", nargs="?", default="-", metavar="FILE|-", help=_("the article's text (default: -)")
    )
    add_source.add_argument("--db", metavar="PATH", required=True, help=_("the database file to add it to"))
    add_source.add_argument("--create", action="store_true", help=_("start a new database at PATH if there is none"))
    add_source.add_argument("--title", help=_("the article's title, as the article gives it"))
    add_source.add_argument("--outlet", help=_("the newspaper or site that published it"))
    add_source.add_argument("--date", help=_("its date: YYYY-MM-DD (or YYYY-MM, or YYYY)"))
    add_source.add_argument("--url", help=_("its web address (http:// or https://)"))
    add_source.add_argument("--language", required=True, help=_("the language of its text: ar, fr, en..."))
    add_source.add_argument("--id", dest="record_id", metavar="ID", help=_("its id (default: made from the title)"))
    add_source.add_argument(
        "--wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help=_("how long to wait while another Marsad process writes the database (default 10)"),
    )
    copy_bundled = commands.add_parser(
        "copy-bundled",
        help=_("copy the bundled database to a new file of your own, to edit it"),
        description=_(
            "Write the database shipped with Marsad to PATH (a new file), in the layout every edit "
            "writes. Exit 0 when written, 3 when PATH exists or cannot be written."
        ),
    )
    copy_bundled.add_argument("path", metavar="PATH", help=_("the new file"))
    merge = commands.add_parser(
        "merge",
        help=_("git merge driver: merge two versions of a database record by record"),
        description=_(
            "Merge OURS and THEIRS, two versions of the database BASE, record by record; the result "
            "replaces OURS (git's %%O %%A %%B). Only what both sides changed differently is a conflict: it is "
            "written between markers and named on stderr. Exit 0 when merged, 1 with conflicts, 2 when a file "
            "cannot be read. docs/editing.md has the .gitattributes and git config lines."
        ),
    )
    merge.add_argument("base", metavar="BASE")
    merge.add_argument("ours", metavar="OURS")
    merge.add_argument("theirs", metavar="THEIRS")
    merge.add_argument("--path", dest="shown_path", metavar="NAME", help=_("the file's name in the repository (%%P)"))
    merge.add_argument("--marker-size", type=int, default=7, metavar="N", help=_("conflict marker length (%%L)"))


def _file_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", nargs="?", metavar="FILE", help=_("database file to open (the same as --db FILE)"))


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    _speak(arguments)
    _print_mode_ahead(arguments)
    with argparse_speaks():
        args = build_parser().parse_args(arguments)
    decision = _decision(args)
    if decision is None:
        return EXIT_USAGE
    set_line_mode(lambda: decision().print_mode)
    for attempt in (1, 2):
        try:
            return _command(args, decision)
        except sqlite3.DatabaseError as error:  # SQLite found the index damaged as it read it
            damage = _damaged_index(args, error)
        except DatabaseUnreadable as error:
            if not isinstance(error, IndexDamaged):
                err(_("marsad: {problem}").format(problem=error.message))
                return EXIT_UNREADABLE
            damage = f"{safe_path(error.path)}: {error.reason}"
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # the reader stopped (`marsad search x | head -1`): so do we, quietly
            silence_stdout()
            return EXIT_OK
        if attempt == 2 or not _runs_again(args):
            err(_("marsad: {damage}; it is built again at the next open").format(damage=damage))
            return EXIT_UNREADABLE
        err(_("marsad: {damage}; building it again").format(damage=damage))  # (the next open rebuilds it)
    return EXIT_UNREADABLE


def _ahead(arguments: Sequence[str], option: str) -> str | None:
    """The value of `option` (`--lang`, `--bidi`), read before the command line is (the last one given)."""
    found: str | None = None
    for at, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == option and at + 1 < len(arguments):
            found = arguments[at + 1]
        elif argument.startswith(f"{option}="):
            found = argument.partition("=")[2]
    return found


def _speak(arguments: Sequence[str]) -> None:
    """Speak the language `--lang` names (it is read before the command line is, whose help it translates),
    else the settings file's, else the environment's (`tui.i18n.choice`); and the digits the settings name."""
    from tui.settings import load_settings

    settings = load_settings().settings
    i18n.set_language(choose(_ahead(arguments, "--lang"), settings.language, os.environ).code)
    i18n.set_digits(settings.digits or "western")


def _print_mode_ahead(arguments: Sequence[str]) -> None:
    """Print the help and a usage error, which come while the command line is read, as every other line:
    shaped and in reading order where the terminal draws cells as they come (`--bidi` read ahead; decided
    only if a line goes to a terminal)."""
    override = _ahead(arguments, "--bidi") or os.environ.get("MARSAD_BIDI") or None
    decision = _deciding(override if override in BIDI_MODES else None)
    set_line_mode(lambda: decision().print_mode)


def _command(args: argparse.Namespace, decision: Callable[[], Decision]) -> int:
    if args.command == "doctor":
        return _doctor(decision())
    if args.command == "serve":
        return _serve(args)
    if args.command == "validate":
        return _validate(args.db)
    if args.command == "search":
        return _search(args)
    if args.command == "index":
        return _index(args)
    if args.command == "export":
        return _export(args)
    if args.command in ("add-source", "copy-bundled", "merge"):
        return _edit(args)
    return _browse(args, decision())


def _runs_again(args: argparse.Namespace) -> bool:
    """Whether a command stopped by a damaged index may simply run again: it printed nothing it would print twice."""
    return args.command in ("validate", "search", "index", "serve") or (args.command == "export" and args.output != "-")


def _damaged_index(args: argparse.Namespace, error: sqlite3.DatabaseError) -> str:
    """Forget the index of the command's database (read by a connection `Database` does not hold); say so."""
    from tui.store.cache import forget_index, index_path

    path = Path(args.db) if args.db else bundled_database_path()
    try:
        index = index_path(path)
    except DatabaseUnreadable:
        return _("the index of {file} is damaged ({reason})").format(file=safe_path(path), reason=error)
    forget_index(index)
    return _("{index}: the index of {file} is damaged ({reason})").format(
        index=safe_path(index), file=safe_path(path), reason=str(error).lower()
    )


def _say(notice: str) -> None:
    err(_("marsad: {problem}").format(problem=notice))


def _validate(db_path: str | None) -> int:
    database = load_database(db_path, notice=_say)
    counts = _(", ").join(f"{kind.table}: {number(len(database.table(kind.name)))}" for kind in KINDS)
    errors = [p for p in database.problems if p.severity == "error"]
    warnings = [p for p in database.problems if p.severity == "warning"]
    out(_("{file}: {counts}").format(file=safe_path(database.path), counts=counts))
    for problem in database.problems:
        out(f"  {problem}")
    if database.problems:
        skipped = ngettext("{count} bad record skipped", "{count} bad records skipped", len(errors))
        warned = ngettext("{count} warning", "{count} warnings", len(warnings))
        out(
            _("{skipped}, {warnings}").format(
                skipped=skipped.format(count=number(len(errors))), warnings=warned.format(count=number(len(warnings)))
            )
        )
        return EXIT_BAD_RECORDS
    out(_("ok: every record is valid, every reference resolves, every quote is in its source"))
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from tui.presentation.snippet import excerpt
    from tui.search.aids import via_text

    if not args.query.strip():
        err(_("marsad search: the query is empty: give the words to look for, e.g. `marsad search T2S`"))
        return EXIT_USAGE
    if args.limit < 1:
        err(_("marsad search: --limit must be at least 1"))
        return EXIT_USAGE
    database = load_database(args.db, notice=_say)
    index = database.search_index()
    assert index is not None  # (load_database returns a complete index)
    hits = index.search(args.query, kinds=args.kinds, limit=args.limit)
    if args.json:
        payload = []
        for hit in hits:
            if (record := database.get(hit.doc.id)) is None:
                continue  # (the index holds the records it searches: not seen, but not a crash)
            matched_text, matched_spans = excerpt(hit.field.name, hit.field.text, hit.spans)
            payload.append(
                {
                    "type": hit.doc.kind,
                    "id": hit.doc.id,
                    "names": list(record.names.all),
                    "score": round(hit.score, 3),
                    "field": hit.field.name,
                    "match": hit.match,
                    "matched_text": matched_text,
                    "matched_spans": [list(span) for span in matched_spans],
                    "via": [{"aid": via.kind, "name": via.name, "form": via.form} for via in hit.via],
                }
            )
        out(json.dumps(payload, ensure_ascii=False, indent=2), logical=True)
    else:
        for hit in hits:
            if (record := database.get(hit.doc.id)) is None:
                continue
            names = " / ".join(record.names.all[:2])
            via = f", {via_text(hit.via)}" if hit.via else ""
            said = _("({match} in {field}{via})").format(match=hit.match, field=hit.field.name, via=via)
            out(f"{hit.doc.kind}\t{hit.doc.id}\t{names}\t{said}")
    if not hits:
        err(_no_hit(index, args.query, database.path))
    return EXIT_OK if hits else EXIT_BAD_RECORDS


def _no_hit(index: SearchIndex, query: str, path: Path) -> str:
    """The line `marsad search` prints when nothing matches: what was searched, also through the search aids."""
    from tui.search.ranking import query_words

    forms = [form.via.form for forms in index.aid_forms(query_words(query)) for form in forms]
    also = ""
    if forms:
        shown = list(dict.fromkeys(forms))
        also = _(" (searched as well: {forms})").format(forms=", ".join(shown[:3]) + (", …" if len(shown) > 3 else ""))
    return _("marsad search: no record of {file} matches {query}{also}").format(
        file=safe_path(path), query=repr(query.strip()), also=also
    )


def _export(args: argparse.Namespace) -> int:
    from tui.export.files import TargetExists, TargetUnwritable, write_file
    from tui.export.formats import FORMATS, FormatRefused, format_for
    from tui.export.outcome import no_tick
    from tui.export.scope import one_record, record_list, whole_database
    from tui.store.slices import RecordSlice
    from tui.terminal.printing import data_writer

    if args.output == "-":
        if args.format is None:
            err(
                _("marsad export: give --format ({formats}) to write to standard output, or -o FILE").format(
                    formats=", ".join(FORMATS)
                )
            )
            return EXIT_USAGE
        export_format = FORMATS[args.format]
    else:
        try:
            export_format = format_for(Path(args.output).name, args.format)
        except FormatRefused as refused:
            err(_("marsad export: {file}: {reason}").format(file=safe_path(Path(args.output)), reason=refused))
            return EXIT_USAGE
    database = load_database(args.db, notice=_say)
    if args.record is not None:
        record = database.get(args.record)
        if record is None:
            err(
                _("marsad export: no record with id {record_id} in {file}; `marsad search` finds ids").format(
                    record_id=repr(args.record), file=safe_path(database.path)
                )
            )
            return EXIT_NO_RECORD
        scope = one_record(record)
    else:
        scope = record_list(database, RecordSlice(args.kind)) if args.kind else whole_database(database)
    if args.output == "-":
        export_format.write(scope, database, data_writer(sys.stdout), no_tick)
        return EXIT_OK
    path = Path(args.output)
    try:
        written = write_file(
            path,
            lambda stream: export_format.write(scope, database, stream, no_tick),
            overwrite=args.force,
            protect=database.path,
        )
    except TargetExists:
        err(
            _("marsad export: {file} already exists; give --force to replace it, or another -o FILE").format(
                file=safe_path(path)
            )
        )
        return EXIT_NOT_WRITTEN
    except TargetUnwritable as problem:
        err(_("marsad export: {problem}").format(problem=problem))
        return EXIT_NOT_WRITTEN
    out(
        _("{file}: {written} of {what} ({format})").format(
            file=safe_path(path), written=written.summary(), what=scope.title, format=export_format.name
        )
    )
    return EXIT_OK


def _edit(args: argparse.Namespace) -> int:
    from tui.edit import commands

    if args.command == "add-source":
        options = ("db", "create", "title", "outlet", "date", "url", "language", "record_id", "wait")
        return commands.add_source(args.article, **{option: getattr(args, option) for option in options})
    if args.command == "copy-bundled":
        return commands.copy_bundled(args.path)
    return commands.merge(
        args.base, args.ours, args.theirs, shown_path=args.shown_path, marker_size=max(1, args.marker_size)
    )


def _index(args: argparse.Namespace) -> int:
    from tui.store.cache import clear_cache, index_directory

    if args.clear:
        files, freed = clear_cache()
        removed = ngettext(
            "removed {count} index file, {size} MB, from {folder}",
            "removed {count} index files, {size} MB, from {folder}",
            files,
        )
        out(removed.format(count=number(files), size=number(freed / 1e6, 1), folder=safe_path(index_directory())))
        return EXIT_OK
    mode = args.progress or ("bar" if sys.stderr.isatty() else "none")
    started = time.perf_counter()
    if mode == "json":
        from tui.store.background import progress_line

        for ending in (signal.SIGTERM, signal.SIGHUP):  # cleans up (removes its half-built file) like ctrl+c
            signal.signal(ending, lambda signum, _frame: sys.exit(128 + signum))
        try:
            database = load_database(args.db, progress=lambda progress: print(progress_line(progress), flush=True))
        except DatabaseUnreadable as error:
            print(progress_line(error), file=sys.stderr, flush=True)
            return EXIT_UNREADABLE
        print(progress_line(database.index_path), flush=True)
        return EXIT_OK
    up_to_date = is_indexed(args.db)
    with ProgressLine(enabled=mode == "bar") as line:
        database = load_database(
            args.db,
            progress=lambda progress: line.show(progress.phase, progress.done, progress.total, sum(progress.counts)),
            notice=_say,
        )
    built = (
        _("already up to date")
        if up_to_date
        else _("built in {seconds} s").format(seconds=number(time.perf_counter() - started, 1))
    )
    size = database.index_path.stat().st_size
    records = ngettext("{count} record", "{count} records", len(database)).format(count=number(len(database)))
    problems = ngettext("{count} problem", "{count} problems", len(database.problems)).format(
        count=number(len(database.problems))
    )
    out(f"{safe_path(database.path)}: {records}, {problems}")
    out(
        _("index: {file} ({size} MB, {built})").format(
            file=safe_path(database.index_path), size=number(size / 1e6, 1), built=built
        )
    )
    return EXIT_OK


def _browse(args: argparse.Namespace, decision: Decision) -> int:
    from tui.store.opening import opens_at_once, read_through
    from tui.terminal.handshake import TerminalUnavailable, taken_terminal

    # A file whose index is there opens in milliseconds: it is opened before the
    # terminal is taken over (the first frame shows its rows). Another is indexed
    # behind the first frame (in the app's worker, or by a child for a large
    # file), however long that takes: even a small file may take seconds (60,000
    # aliases to index for search), and the terminal is never left blank meanwhile.
    # A small one is read through first, so that one that is not a database is
    # said in one plain line, as `validate` would, and the terminal is not taken.
    path = Path(args.db) if args.db else bundled_database_path()
    database = load_database(path, notice=_say) if is_indexed(path) else None
    if database is None and opens_at_once(path):
        read_through(path)  # (a small file that cannot be a database is said before the terminal is taken)
    # escape is a key and the start of a key's sequence: Textual waits ESCDELAY ms to tell them apart (100 by
    # default, curses' old value): escape stood 100 ms behind every other key. 25, as VisiData takes it; set
    # ESCDELAY for a slow link (read when Textual is imported, just below)
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    from tui.app import MarsadApp

    app: MarsadApp | None = None
    try:
        with taken_terminal(decision, lambda code: app.exit(None, code) if app is not None else None) as terminal:
            app = MarsadApp(
                db_path=args.db,
                bidi=decision.mode.value,
                database=database,
                advice=decision.advice,
                on_leaving=terminal.leaving,
                on_running=terminal.install,
                language=args.lang,
            )
            app.run()
    except TerminalUnavailable as problem:
        err(problem.message)
        return EXIT_USAGE
    assert app is not None
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def _decision(args: argparse.Namespace) -> Callable[[], Decision] | None:
    """What decides for the terminal with `--bidi`/`MARSAD_BIDI` (`_deciding`); None after saying that
    MARSAD_BIDI is not a mode."""
    override = args.bidi or os.environ.get("MARSAD_BIDI") or None
    if override is not None and override not in BIDI_MODES:
        err(_("marsad: MARSAD_BIDI={value} is not a bidi mode; use 'app' or 'terminal'").format(value=repr(override)))
        return None
    return _deciding(override)


def _deciding(override: str | None) -> Callable[[], Decision]:
    """The terminal's decision for `override` (a mode or None), made when first asked: only the browser, doctor
    and lines printed to a terminal need it, and making it reads the terminal's environment and settings."""

    @cache
    def decision() -> Decision:
        from tui.terminal.handshake import decision_here

        return decision_here(override)

    return decision


def _doctor(decision: Decision) -> int:
    from tui.terminal.doctor import printed_test_line, report

    to_terminal = sys.stdout.isatty()
    out("\n".join(report(decision, os.environ, printing_to_terminal=to_terminal)))
    sys.stdout.write(printed_test_line(decision, printing_to_terminal=to_terminal))  # (Marsad's own text and escapes)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from tui.web.serve import serve

    if args.db is not None:
        load_database(args.db, notice=_say)  # an unreadable file is said once here, not in every browser tab
    limits = Limits(sessions=args.max_sessions, memory_mb=args.session_memory, lifetime_minutes=args.session_minutes)
    for option, value, lowest in (
        ("--max-sessions", args.max_sessions, 1),
        ("--session-memory", args.session_memory, 256),
        ("--session-minutes", args.session_minutes, 0.05),
    ):
        if not lowest <= value <= MAX_SERVE_SETTING:  # (NaN too)
            err(
                _("marsad serve: {option} must be from {lowest} to {highest}, not {value}").format(
                    option=option, lowest=f"{lowest:g}", highest=number(MAX_SERVE_SETTING), value=f"{value:g}"
                )
            )
            return EXIT_USAGE
    return serve(
        db_path=args.db,
        host=args.host,
        port=args.port,
        limits=limits,
        public_url=args.public_url,
        language=args.lang,
    )


def run() -> NoReturn:
    """The `marsad` command: `main`, then leave at once.

    The process may still hold a large database, and tearing it down object by
    object would keep the shell waiting after `q`. (Thread workers were already
    cancelled as the app ended, and asyncio waited for each to return: every long
    job checks for that between batches, so an index being built in this process
    stops there and leaves nothing.) Nothing is left to write: the settings are
    saved when they change.
    """
    code = main()
    if (cache := sys.modules.get("tui.store.cache")) is not None:
        cache.remove_run_folder()  # (os._exit skips atexit: a folder made for this run only goes now)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
