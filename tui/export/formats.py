"""The export formats by name: what the CLI's `--format` and the export screen offer, and which a file name asks for.

A file's extension says its format (`out.csv`, `out.ftm.json`): the CLI takes the
format from it when `--format` is not given, and both the CLI and the export
screen refuse a name whose extension is another format's, or no format Marsad
writes (`out.xlsx`), rather than write CSV under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.export.csv_format import write_csv, write_csv_for_excel
from tui.export.ftm import write_ftm
from tui.export.json_format import write_json
from tui.export.markdown import write_markdown
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import Scope
from tui.i18n import N_, _
from tui.store.database import Database

Writer = Callable[[Scope, Database, Sink, Tick], Written]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """As `--format` takes it."""
    label: str
    """How the export prompt names it (a message: `_()` says it)."""
    extension: str
    """Of the file name a prompt proposes, with its dot."""
    write: Writer
    extensions: tuple[str, ...] = ()
    """Every extension a file of this format may have (the proposed one first)."""


FORMATS: dict[str, Format] = {
    format.name: format
    for format in (
        Format("csv", N_("CSV: a row per statement, with its quote and source (UTF-8)"), ".csv", write_csv, (".csv",)),
        Format(
            "csv-excel",
            N_("CSV for Excel: the same, UTF-8 with a byte order mark (opens by double-click)"),
            ".csv",
            write_csv_for_excel,
            (".csv",),
        ),
        Format(
            "json",
            N_("JSON: a Marsad database (TinyDB) of the records and their articles"),
            ".json",
            write_json,
            (".json",),
        ),
        Format(
            "md", N_("Markdown: each record with its quotes and sources"), ".md", write_markdown, (".md", ".markdown")
        ),
        Format(
            "ftm",
            N_("FollowTheMoney: entities for Aleph, OpenSanctions tools"),
            ".ftm.json",
            write_ftm,
            (".ftm.json", ".ftm", ".jsonl"),
        ),
    )
}


class FormatRefused(ValueError):
    """A file name and a format that do not go together, or a name that says no format; the message says why."""


def extension_of(name: str) -> str:
    """The extension a file name says its format by: the longest of FORMATS' that it ends with, else its last suffix."""
    lowered = name.lower()
    known = [extension for export_format in FORMATS.values() for extension in export_format.extensions]
    matched = [extension for extension in known if lowered.endswith(extension) and len(lowered) > len(extension)]
    if matched:
        return max(matched, key=len)
    base = lowered.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1] if "." in base.strip(".") else ""


def format_for(name: str, requested: str | None) -> Format:
    """The format to write file `name` in: `requested`, or the one its extension says.

    Raises FormatRefused when the extension is another format's or none Marsad
    writes, or when neither gives a format.
    """
    extension = extension_of(name)
    if requested is not None:
        chosen = FORMATS[requested]
        if extension and extension not in chosen.extensions:
            others = _formats_of(extension)
            if not others:
                raise FormatRefused(_unknown(extension))
            renamed = name[: len(name) - len(extension)] + chosen.extension
            raise FormatRefused(
                _(
                    "{extension} names a {format} file, not {requested} ({extensions}): "
                    "write {renamed}, or choose {others}"
                ).format(
                    extension=extension,
                    format=others[0].name,
                    requested=requested,
                    extensions=", ".join(chosen.extensions),
                    renamed=renamed,
                    others=_(" or ").join(other.name for other in others),
                )
            )
        return chosen
    if not extension:
        raise FormatRefused(
            _("the file name says no format: give --format ({formats}) or an extension").format(
                formats=", ".join(FORMATS)
            )
        )
    formats = _formats_of(extension)
    if not formats:
        raise FormatRefused(_unknown(extension))
    return formats[0]


def _formats_of(extension: str) -> list[Format]:
    return [export_format for export_format in FORMATS.values() if extension in export_format.extensions]


def _unknown(extension: str) -> str:
    written = ", ".join(f"{name} ({export_format.extension})" for name, export_format in FORMATS.items())
    return _("Marsad does not write {extension} files; it writes {formats}").format(
        extension=extension, formats=written
    )
