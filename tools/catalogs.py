#!/usr/bin/env python3
"""Marsad's message catalogs, with Babel: extract, update, compile, check.

    python tools/catalogs.py extract   # tui/locale/marsad.pot from every message wrapped in tui/
    python tools/catalogs.py update    # the .pot merged into each language's .po (new messages empty)
    python tools/catalogs.py compile   # each .po to its .mo (what Marsad reads; they ship in the wheel)
    python tools/catalogs.py all       # the three, in order
    python tools/catalogs.py missing   # every message a catalog does not translate yet

English is the language of the msgids: its catalog holds each message as written
(`update` fills it). A new message is added to French and Arabic by hand (a
translator's tool such as Poedit, or any editor), then `compile`. Fuzzy matching is
off: a message that changed is a new message, never an old translation guessed at.
tests/test_i18n_catalogs.py fails while a wrapped message lacks a translation, a
literal meant for the user is not wrapped, or a .mo is older than its .po.
docs/development.md ("Interface text") has the whole routine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "tui" / "locale"
TEMPLATE = LOCALE / "marsad.pot"
DOMAIN = "marsad"
CODES = ("en", "fr", "ar")


def _babel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *arguments])


def extract() -> None:
    _babel(
        "extract",
        "--mapping-file",
        str(ROOT / "babel.cfg"),
        "--output-file",
        str(TEMPLATE),
        "--add-comments",
        "Translators:",
        "--keyword",
        "Nn_:1,2",
        "--sort-output",
        "--no-wrap",
        "--project",
        "Marsad",
        "--copyright-holder",
        "Marsad's authors",
        "--msgid-bugs-address",
        "https://github.com/",
        "--add-location",
        "file",
        str(ROOT / "tui"),
    )
    _relative_locations(TEMPLATE)


def _relative_locations(path: Path) -> None:
    """Locations relative to the repository, so that the catalogs do not depend on where it was cloned."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        message.locations = [
            (str(Path(file).resolve().relative_to(ROOT)) if Path(file).is_absolute() else file, line)
            for file, line in message.locations
        ]
    _write(catalog, path)


def _write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, include_previous=False)


def update() -> None:
    for code in CODES:
        po = LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.exists():
            _babel(
                "init",
                "--input-file",
                str(TEMPLATE),
                "--output-dir",
                str(LOCALE),
                "--domain",
                DOMAIN,
                "--locale",
                code,
                "--no-wrap",
            )
        _babel(
            "update",
            "--input-file",
            str(TEMPLATE),
            "--output-dir",
            str(LOCALE),
            "--domain",
            DOMAIN,
            "--locale",
            code,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "--no-wrap",
            "--update-header-comment",
        )
    _fill_english()


def _fill_english() -> None:
    """English says each message as written: its msgstr is its msgid (the plural forms too)."""
    po = LOCALE / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    _write(catalog, po)


def compile_catalogs() -> None:
    for code in CODES:
        _babel("compile", "--directory", str(LOCALE), "--domain", DOMAIN, "--locale", code, "--use-fuzzy")


def missing() -> int:
    """Print each message a catalog does not translate; the number of them."""
    count = 0
    for code in CODES:
        with (LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or message.fuzzy:
                count += 1
                print(f"{code}\t{message.context or ''}\t{message.id!r}")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("extract", "update", "compile", "all", "missing"))
    step = parser.parse_args().step
    if step in ("extract", "all"):
        extract()
    if step in ("update", "all"):
        update()
    if step in ("compile", "all"):
        compile_catalogs()
    if step == "missing":
        return 1 if missing() else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
