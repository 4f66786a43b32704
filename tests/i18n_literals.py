"""The string literals of `tui/` that read as words to a person and are not wrapped for translation.

`tests/test_i18n_catalogs.py` fails while one is left: each is either wrapped
(`_()`, `N_()`, `ngettext()`... see docs/development.md, "Interface text") or listed in
`tests/i18n_not_said.txt` with why no user reads it (an SQL statement, a CSS rule, a
key of the file format, a message for a program). A new screen's plain literals show
up here, one line each, which is the list of what to wrap.

A literal reads as words when it holds two words of letters, or is the description
of a `Binding`, a `Binding.Group`, a `SystemCommand` or a `notify` (one word is
enough there). Docstrings, `__all__`, dictionary keys, comparisons, and the arguments
that name things for the code (ids, CSS classes, actions, SQL, patterns, environment
variables, file modes) are not read by anyone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"
NOT_SAID = ROOT / "tests" / "i18n_not_said.txt"

#: the functions that wrap a message (tui/i18n/catalogs.py), and argparse's own in tui/i18n/commandline.py
WRAPPERS = frozenset({"_", "N_", "Nn_", "ngettext", "pgettext", "npgettext", "said"})
#: calls whose arguments name things for the code
CODE_CALLS = frozenset(
    {
        "getattr",
        "hasattr",
        "setattr",
        "query_one",
        "query",
        "compile",
        "match",
        "search",
        "sub",
        "fullmatch",
        "finditer",
        "findall",
        "split",
        "execute",
        "executemany",
        "executescript",
        "get",
        "pop",
        "setdefault",
        "startswith",
        "endswith",
        "removeprefix",
        "removesuffix",
        "replace",
        "partition",
        "rpartition",
        "strip",
        "rstrip",
        "lstrip",
        "join",
        "encode",
        "decode",
        "format_help",
        "open",
        "Path",
        "PurePosixPath",
        "Signature",
        "Escape",
        "run_worker",
        "set_interval",
        "set_timer",
        "has_class",
        "add_class",
        "remove_class",
        "set_class",
        "get_component_rich_style",
        "get_component_styles",
        "Style",
        "stylize",
        "fetchone",
        "environ",
        "getenv",
        "which",
        "run",
        "Popen",
        "signal",
        "Signals",
        "struct",
        "pack",
        "unpack",
        "isinstance",
        "Binding",
        "KeysFooter",
        "mount",
        "post_message",
        "call_after_refresh",
        "text_style",
        "strftime",
        "TypeVar",
        "NamedTuple",
        "field",
        "cast",
        "Literal",
        "Counter",
        "defaultdict",
        "float",
        "int",
        "str",
        "repr",
        "structlog",
        "warn",
        "warning",
        "debug",
        "info",
        "exception",
        "log",
        "Problem",
    }
)
#: keyword arguments that name things for the code
CODE_KEYWORDS = frozenset(
    {
        "id",
        "classes",
        "name",
        "group",
        "variant",
        "key",
        "action",
        "key_display",
        "encoding",
        "errors",
        "newline",
        "mode",
        "sep",
        "end",
        "style",
        "highlight_style",
        "direction",
        "severity",
        "prog",
        "metavar",
        "dest",
        "choices",
        "default",
        "usage",
        "version",
        "suffix",
        "prefix",
        "dir",
        "markup",
        "overflow",
        "justify",
        "unit",
        "field",
        "table",
        "kind",
        "record_type",
        "path",
        "text",
        "value",
        "quote",
        "source",
        "help_text",
        "relation",
    }
)
_WORDS = re.compile(r"[A-Za-z]{2,}[^\s]*\s+[^\s]*[A-Za-z]{2,}")
_SQL = re.compile(r"\b(SELECT|INSERT|CREATE|UPDATE|DELETE|PRAGMA|WHERE|VALUES|JOIN|DROP|BEGIN|COMMIT|ORDER BY)\b")
_CSS = re.compile(r"[{};]\s*$|^\s*[\w#.&>:\- ]+\{|\$[a-z-]+|:\s*[^;]+;")


@dataclass(frozen=True, slots=True)
class Literal:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # attribute docstrings: a string statement after an assignment
        for field_name in ("body", "orelse", "finalbody"):
            statements = getattr(node, field_name, None)
            if isinstance(statements, list):
                for statement in statements:
                    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                        found.add(id(statement.value))
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _reads_as_words(text: str) -> bool:
    return bool(_WORDS.search(text)) and not _SQL.search(text) and not _CSS.search(text)


#: calls whose description argument is read even when it is one word
_SAID_CALLS = {
    "Binding": (2, "description"),
    "Group": (0, "description"),
    "SystemCommand": (0, "title"),
    "notify": (0, "message"),
    "Static": (0, "content"),
    "Label": (0, "renderable"),
    "Button": (0, "label"),
    "RadioButton": (0, "label"),
    "Said": (0, "saying"),
    "PickerScreen": (0, "title"),
    "Choice": (0, "label"),
    "ScopeChoice": (0, "label"),
    "Block": (0, "text"),
}
#: keyword arguments that are read even when they are one word
_SAID_KEYWORDS = frozenset({"placeholder", "prompt", "empty_message", "title", "help", "description", "label"})


def _names_code(parent: ast.AST, child: ast.AST) -> bool:
    """Whether `child` of `parent` names something for the code: a dictionary key, a compared or indexed value,
    an assertion's, the value of `__all__` or of CSS."""
    if isinstance(parent, ast.Dict):
        return any(key is child for key in parent.keys)
    if isinstance(parent, (ast.Compare, ast.Subscript, ast.Assert)):
        return True
    return isinstance(parent, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id in ("__all__", "DEFAULT_CSS", "CSS") for target in parent.targets
    )


def unwrapped(path: Path) -> Iterator[Literal]:
    """The literals of one module that read as words and are not wrapped."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    relative = str(path.relative_to(ROOT))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        text = node.value
        one_word_said = False
        child: ast.AST = node
        parent = parents.get(id(node))
        skip = False
        while parent is not None:
            if isinstance(parent, ast.JoinedStr):  # (an f-string's parts: judged with the others)
                pass
            elif isinstance(parent, ast.Call):
                name = _name(parent)
                if name in WRAPPERS:
                    skip = True
                    break
                position = _SAID_CALLS.get(name)
                if position is not None:
                    index, keyword = position
                    if (index < len(parent.args) and parent.args[index] is child) or any(
                        k.arg == keyword and k.value is child for k in parent.keywords
                    ):
                        one_word_said = True
                if name in CODE_CALLS and not one_word_said:
                    skip = True
                    break
            elif isinstance(parent, ast.keyword):
                if parent.arg in _SAID_KEYWORDS:
                    one_word_said = True
                elif parent.arg in CODE_KEYWORDS and not one_word_said:
                    skip = True
                    break
            elif _names_code(parent, child):
                skip = True
                break
            elif isinstance(parent, ast.Assign) and any(
                isinstance(target, ast.Attribute)
                and target.attr in ("border_title", "border_subtitle", "empty_message")
                for target in parent.targets
            ):
                one_word_said = True
            elif isinstance(parent, (ast.FunctionDef, ast.ClassDef, ast.Module)):
                break
            child, parent = parent, parents.get(id(parent))
        if skip:
            continue
        if (one_word_said and re.search(r"[A-Za-z]{2,}", text)) or _reads_as_words(text):
            yield Literal(relative, node.lineno, text)


def listed_as_not_said() -> set[tuple[str, str]]:
    """(path, literal) of tests/i18n_not_said.txt: `path: literal as Python writes it  # why`."""
    found: set[tuple[str, str]] = set()
    for line in NOT_SAID.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, _, rest = line.partition(": ")
        literal = rest.rsplit("  # ", 1)[0]
        found.add((path, ast.literal_eval(literal)))
    return found


def every_unwrapped() -> list[Literal]:
    """Every literal of tui/ that reads as words, is not wrapped, and is not listed as not said."""
    allowed = listed_as_not_said() if NOT_SAID.exists() else set()
    return [
        literal
        for path in sorted(PACKAGE.rglob("*.py"))
        for literal in unwrapped(path)
        if (literal.path, literal.text) not in allowed
    ]


if __name__ == "__main__":
    for literal in every_unwrapped():
        print(literal)
