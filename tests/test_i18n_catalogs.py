"""The catalogs: every message a user reads is wrapped, extracted, and translated in English, French and Arabic.

A literal of `tui/` that reads as words and is not wrapped fails the first test
(`tests/i18n_literals.py` lists them: wrap each, or say in tests/i18n_not_said.txt why
nobody reads it). A wrapped message that the template (`tui/locale/marsad.pot`) does
not hold, or that a language's catalog does not translate, or whose compiled `.mo`
is older than its `.po`, fails the others: no untranslated string ships.
docs/development.md ("Interface text") says how to add one.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import json
import re
import subprocess
import textwrap
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from i18n_literals import every_unwrapped

from tui.i18n import CODES
from tui.i18n.catalogs import DOMAIN, LOCALE_DIR
from tui.i18n.commandline import ARGPARSE_MESSAGES
from tui.i18n.labels import KINDS, LABELS_FILE, entries, key_of

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
#: Babel's keywords, as tools/catalogs.py gives them
KEYWORDS = {
    "_": None,
    "N_": None,
    "Nn_": (1, 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "gettext": None,
}


def _catalog(code: str) -> Catalog:
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle)


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _key(message: Message) -> tuple[str | None, str]:
    identifier = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, identifier


def test_every_literal_meant_for_a_reader_is_wrapped() -> None:
    unwrapped = every_unwrapped()
    assert not unwrapped, "wrap these for translation (docs/development.md, 'Interface text'):\n" + "\n".join(
        map(str, unwrapped)
    )


def test_the_template_holds_every_wrapped_message() -> None:
    """Extracted from the code now (as `python tools/catalogs.py extract` does): the .pot is up to date."""
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / "tui"), method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }
    with TEMPLATE.open("rb") as handle:
        template = {_key(message) for message in _messages(read_po(handle))}
    assert extracted - template == set(), "run python tools/catalogs.py all, then translate the new messages"
    assert template - extracted == set(), "run python tools/catalogs.py all (the template holds messages gone)"


@pytest.mark.parametrize("code", CODES)
def test_every_message_is_translated(code: str) -> None:
    with TEMPLATE.open("rb") as handle:
        template = {_key(message) for message in _messages(read_po(handle))}
    catalog = _catalog(code)
    translated = {
        _key(message)
        for message in _messages(catalog)
        if not message.fuzzy and all(message.string if isinstance(message.string, tuple) else (message.string,))
    }
    assert template - translated == set(), f"{code}: translate these (python tools/catalogs.py missing)"
    assert len(catalog.obsolete) == 0


_BRACES = re.compile(r"\{(\w*)\}")
_PERCENT = re.compile(r"%(\([\w_]+\))?[sdr%]")


def _placeholders(text: str) -> set[str]:
    return set(_BRACES.findall(text)) | {match.group(0) for match in _PERCENT.finditer(text)}


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_the_placeholders(code: str) -> None:
    """A translation says every value its message quotes (a plural form may leave out the count it spells)."""
    wrong = []
    for message in _messages(_catalog(code)):
        if isinstance(message.id, str):
            if _placeholders(message.string) != _placeholders(message.id):
                wrong.append((message.id, message.string))
            continue
        wanted = _placeholders(message.id[0]) | _placeholders(message.id[1])
        for form in message.string:
            said = _placeholders(form)
            if not said <= wanted or len(wanted - said) > 1:  # (the one count a form spells out)
                wrong.append((message.id[0], form))
    assert wrong == []


def _outside_code(text: str) -> str:
    """Text without its code: `...` spans, quoted text, placeholders, URLs, paths and options, key names."""
    text = re.sub(r"`[^`]*`|«[^»]*»", " ", text)
    text = re.sub(r"(?:\(key|touche|المفتاح) \S+?\)", " ", text)
    text = re.sub(r"\{\w*\}|%\([\w_]+\)[sdr]|%[sdr%]", " ", text)
    text = re.sub(r"https?://\S+|\S*/\S*|--?[\w-]+|\b\w+\.\w+\b", " ", text)
    return re.sub(r"'[^']*'", " ", text)


def test_french_typography() -> None:
    """A non-breaking space before : ; ? ! and inside « » (a narrow one before ; ? !), never an ASCII one;
    « » for quotations."""
    wrong = []
    for message in _messages(_catalog("fr")):
        for form in message.string if isinstance(message.string, tuple) else (message.string,):
            text = _outside_code(form)
            spaced = re.search(r" [:;?!](\s|$)", text) or re.search(r"[\w)»][:;?!](\s|$)", text)
            quoted = re.search(r"«(?!\u00a0)|(?<!\u00a0)»", form) or re.search(r"[“”]", form)
            if spaced or quoted:
                wrong.append((message.id, form))
    assert wrong == []


def test_arabic_punctuation() -> None:
    """Arabic commas, semicolons and question marks (، ؛ ؟) after Arabic words; no Latin ones there."""
    arabic = "[\u0600-\u06ff]"
    wrong = []
    for message in _messages(_catalog("ar")):
        for form in message.string if isinstance(message.string, tuple) else (message.string,):
            text = _outside_code(form)
            if re.search(rf"{arabic}\s*[,;?]|[,;?]\s*{arabic}", text):
                wrong.append((message.id, form))
            if "\u200f" in form:  # (the right-to-left mark is never needed: the interface is right to left)
                wrong.append((message.id, form))
    assert wrong == []


@pytest.mark.parametrize("code", CODES)
def test_the_compiled_catalog_is_the_po_file(code: str) -> None:
    """What Marsad reads (.mo) says what the translators wrote (.po): `python tools/catalogs.py compile` was run."""
    compiled = gettext.GNUTranslations((LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb"))
    for message in _messages(_catalog(code)):
        if isinstance(message.id, str):
            said = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert said == message.string, message.id
        else:
            for count in (1, 2, 5, 11, 100):
                form = compiled.ngettext(message.id[0], message.id[1], count)
                assert form in message.string, (message.id, count)


def test_the_compiled_catalogs_ship_in_the_wheel() -> None:
    """The .mo files are part of the package (tui/), and nothing makes git or the build leave them out."""
    for code in CODES:
        compiled = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        assert compiled.is_file()
        ignored = subprocess.run(["git", "check-ignore", "-q", str(compiled)], cwd=ROOT, check=False)
        assert ignored.returncode == 1, f"{compiled} is ignored by git"
    with (ROOT / "pyproject.toml").open("rb") as handle:
        wheel = tomllib.load(handle)["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "tui" in wheel["packages"]
    assert not any("locale" in excluded or ".mo" in excluded for excluded in wheel.get("exclude", []))


def test_argparse_words_are_in_the_catalogs() -> None:
    """Every message argparse says through gettext in this Python is one of ARGPARSE_MESSAGES (so translated)."""
    source = inspect.getsource(argparse)
    said = set(re.findall(r"\b_\('([^']+)'\)", source)) | set(re.findall(r'\b_\("([^"]+)"\)', source))
    said = {message.encode().decode("unicode_escape") for message in said}
    shown = {message for message in said if not _PROGRAMMING_ERRORS.search(message)}
    assert shown - set(ARGPARSE_MESSAGES) == set()


#: argparse's messages about how a program builds its parser (never shown to the user of a finished command)
_PROGRAMMING_ERRORS = re.compile(
    r"cannot|conflicting|dest=|not callable|__call__|invalid option string|mutually exclusive|"
    r"invalid conflict|unknown parser|mode %r|unexpected option|invalid argument for positionals"
)


def test_textual_words_marsad_shows_are_in_the_catalogs() -> None:
    """Textual's system commands and the palette key's description, which Marsad translates, are all listed."""
    from textual.app import App

    from tui.app import TEXTUAL_WORDS

    tree = ast.parse(textwrap.dedent(inspect.getsource(App.get_system_commands)))
    said = {
        argument.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "SystemCommand"
        for argument in node.args[:2]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    }
    assert said
    assert said - set(TEXTUAL_WORDS) == set()
    assert "palette" in TEXTUAL_WORDS


# -- the labels of facts (tui/i18n/labels.toml) --------------------------------------------------


def test_every_label_of_the_bundled_data_has_a_key_and_every_language() -> None:
    data = json.loads((ROOT / "data" / "marsad.json").read_text(encoding="utf-8"))
    words = {
        word
        for table in data.values()
        for record in table.values()
        for fact in record.get("facts", ())
        for word in (fact["label"], fact.get("unit"), fact.get("qualifier"))
        if word
    }
    for word in sorted(words):
        key = key_of(word)
        assert key is not None, f"labels.toml has no entry for {word!r}"
        assert set(entries()[key]) == set(CODES), f"{key}: every language"


def test_labels_are_unique_and_their_french_has_its_typography() -> None:
    with LABELS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    assert set(table) == set(KINDS)
    keys = [key for kind in KINDS for key in table[kind]]
    assert len(keys) == len(set(keys)), "a key is in two tables"
    forms: dict[str, str] = {}
    for key, texts in ((key, texts) for kind in KINDS for key, texts in table[kind].items()):
        for code, text in texts.items():
            folded = key_of(text)
            assert folded == key, f"{code} {text!r} of {key} is found as {folded!r}"
            forms.setdefault(text.casefold(), key)
        assert not re.search(r" [:;?!]", texts["fr"])
