"""Which layout of a database file lets `git merge` (without Marsad's driver) merge two analysts' edits?

Runs real git in temporary repositories: for each candidate layout and each
pair of edits, a base commit of the bundled database, one branch per analyst,
then `git merge`. Prints whether git merged without a conflict and whether the
result holds both edits, and how many lines one edit changes in `git diff`.

    python tools/merge_layouts.py

The canonical layout (`tui.edit.canonical`) is the one this chose: "indented".
Its docstring quotes the figures.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.data.bundled import bundled_database_path
from tui.edit.canonical import encode_database

Edit = Callable[[dict[str, Any]], None]


def _broken_at(depth: int, value: Any, break_lists_at: int | None) -> bool:
    return depth <= 1 or (break_lists_at is not None and depth <= break_lists_at and isinstance(value, list))


def _lines(value: Any, depth: int, broken: Callable[[int, Any], bool]) -> str:
    """JSON with containers broken across lines where `broken(depth, value)` says, compact elsewhere."""
    indent = "  "
    if isinstance(value, dict) and value and broken(depth, value):
        items = [
            f"{indent * (depth + 1)}{json.dumps(k, ensure_ascii=False)}: {_lines(v, depth + 1, broken)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + indent * depth + "}"
    if isinstance(value, list) and value and broken(depth, value):
        items = [f"{indent * (depth + 1)}{_lines(v, depth + 1, broken)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent * depth + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


LAYOUTS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "indented (canonical)": encode_database,
    "one record a line": lambda data: (_lines(data, 0, lambda depth, _v: depth <= 1) + "\n").encode(),
    "one field a line, facts one a line": lambda data: (
        _lines(data, 0, lambda depth, value: depth <= 2 or (depth == 3 and isinstance(value, list))) + "\n"
    ).encode(),
}

FACT = {"field": "note", "label": "Note", "value": "v", "source": "t2s-ge-healthcare-article", "quote": "وقعت"}


def _add_fact(table: str, key: str, label: str) -> Edit:
    return lambda data: data[table][key]["facts"].append(FACT | {"label": label})


def _label(table: str, key: str, index: int, label: str) -> Edit:
    return lambda data: data[table][key]["facts"][index].update(label=label)


def _new_organization(record_id: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        key = str(max(map(int, data["organizations"])) + 1)
        data["organizations"][key] = {"id": record_id, "names": {"latin": record_id}}

    return edit


PAIRS: dict[str, tuple[Edit, Edit]] = {
    "facts added to two records far apart": (
        _add_fact("organizations", "1", "A"),
        _add_fact("organizations", "7", "B"),
    ),
    "facts added to two adjacent records": (_add_fact("organizations", "1", "A"), _add_fact("organizations", "2", "B")),
    "a label changed in one record, a fact added to the next": (
        _label("organizations", "1", 0, "A"),
        _add_fact("organizations", "2", "B"),
    ),
    "labels of two adjacent facts of one record": (
        _label("organizations", "1", 0, "A"),
        _label("organizations", "1", 1, "B"),
    ),
    "labels of two far facts of one record": (
        _label("organizations", "1", 0, "A"),
        _label("organizations", "1", 5, "B"),
    ),
    "facts added to the same record": (_add_fact("organizations", "1", "A"), _add_fact("organizations", "1", "B")),
    "a new organization on each side": (_new_organization("a-new"), _new_organization("b-new")),
}


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    environment |= {
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@b",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@b",
    }
    return subprocess.run(["git", *arguments], cwd=folder, env=environment, capture_output=True, text=True, check=False)


def trial(
    base: dict[str, Any], layout: Callable[[dict[str, Any]], bytes], ours: Edit, theirs: Edit
) -> tuple[bool, bool, int]:
    """(git merged without a conflict, the result holds both edits, lines one edit changes)."""
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        path = repo / "db.json"
        path.write_bytes(layout(base))
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", "base")
        sides = []
        for branch, edit in (("a", ours), ("b", theirs)):
            _git(repo, "checkout", "-q", "-b", branch, "main")
            data = copy.deepcopy(base)
            edit(data)
            path.write_bytes(layout(data))
            _git(repo, "commit", "-q", "-am", branch)
            sides.append(data)
        changed = sum(
            1
            for line in _git(repo, "diff", "--unified=0", "main", "b").stdout.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        merged = _git(repo, "merge", "-q", "a", "-m", "merge").returncode == 0
        both = False
        if merged:
            expected = copy.deepcopy(base)
            theirs(expected)
            ours(expected)
            try:
                both = json.loads(path.read_bytes()) == expected
            except ValueError:
                both = False
        return merged, both, changed


def main() -> int:
    base = json.loads(bundled_database_path().read_bytes())
    width = max(map(len, PAIRS))
    for name, layout in LAYOUTS.items():
        results = {pair: trial(base, layout, *edits) for pair, edits in PAIRS.items()}
        clean = sum(1 for merged, both, _changed in results.values() if merged and both)
        print(f"{name}: {clean} of {len(PAIRS)} pairs merge without a conflict")
        for pair, (merged, both, changed) in results.items():
            verdict = "merged, both edits kept" if merged and both else "merged, an edit lost" if merged else "CONFLICT"
            print(f"  {pair:<{width}}  {verdict:<24} (one edit changes {changed} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
