"""`marsad merge` as the git merge driver, with real `git`: two analysts, two clones, one shared repository.

The repository holds the database and the two lines of docs/editing.md (a
`.gitattributes` line, committed, and the driver in each clone's `git config`).
Each analyst edits through Marsad (`EditSession`), commits and pushes; the
second one pulls, and git calls the driver.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from edit_helpers import bundled_copy, read_by_marsad

from tui.data.models import Names
from tui.edit.adding import AddFact, AddRecord
from tui.edit.correcting import EditFact
from tui.edit.session import EditSession

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DATABASE = "data/marsad.json"
#: the driver line of docs/editing.md, with this interpreter standing for `marsad`
DRIVER = f"{sys.executable} -m tui merge %O %A %B --path %P --marker-size %L"
T2S_ARTICLE = "t2s-ge-healthcare-article"
#: the .gitignore lines of docs/editing.md: the lock file beside the database, a killed writer's temporary file
IGNORED = ".*.json.lock\n.*.json.*.tmp\n"


def _git(folder: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,  # (nothing of the machine's own git configuration)
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
    }
    return subprocess.run(
        ["git", *arguments], cwd=folder, env=environment, capture_output=True, text=True, check=check, timeout=120
    )


def _clones(tmp_path: Path, *, driver: bool = True) -> tuple[Path, Path]:
    """A shared repository holding the bundled database, and two clones of it, each with the driver configured."""
    start = tmp_path / "start"
    (start / "data").mkdir(parents=True)
    bundled_copy(start / "data")
    (start / ".gitattributes").write_text(f"{DATABASE} merge=marsad\n", encoding="utf-8")
    (start / ".gitignore").write_text(IGNORED, encoding="utf-8")
    _git(start, "init", "-q", "-b", "main")
    _git(start, "add", ".")
    _git(start, "commit", "-q", "-m", "The bundled database")
    _git(tmp_path, "clone", "-q", "--bare", str(start), "shared.git")
    clones = []
    for name in ("amina", "youssef"):
        _git(tmp_path, "clone", "-q", "shared.git", name)
        if driver:
            _git(tmp_path / name, "config", "merge.marsad.name", "Marsad record-level merge")
            _git(tmp_path / name, "config", "merge.marsad.driver", DRIVER)
        clones.append(tmp_path / name)
    return clones[0], clones[1]


def _commit_and_push(clone: Path, message: str) -> None:
    _git(clone, "commit", "-q", "-am", message)
    _git(clone, "push", "-q", "origin", "main")


def _facts(clone: Path, record_id: str) -> list[dict[str, object]]:
    tables = json.loads((clone / DATABASE).read_bytes())
    return next(record for record in tables["organizations"].values() if record["id"] == record_id)["facts"]


def test_two_clones_edit_different_records_and_merge_without_a_conflict(tmp_path: Path) -> None:
    amina, youssef = _clones(tmp_path)
    EditSession(amina / DATABASE).do(AddFact("akdital", "note", "Amina's fact", T2S_ARTICLE, "وقعت"))
    _commit_and_push(amina, "Akdital: a fact")
    EditSession(youssef / DATABASE).do(AddFact("gymes", "note", "Youssef's fact", T2S_ARTICLE, "وقعت"))
    EditSession(youssef / DATABASE).do(AddRecord("organization", Names(latin="Clinique Atlas")))
    _git(youssef, "commit", "-q", "-am", "Gymes: a fact; Clinique Atlas")

    pulled = _git(youssef, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert _git(youssef, "status", "--porcelain").stdout == ""  # merged and committed
    assert _facts(youssef, "akdital")[-1]["label"] == "Amina's fact"
    assert _facts(youssef, "gymes")[-1]["label"] == "Youssef's fact"
    records, problems = read_by_marsad(youssef / DATABASE)
    assert problems == [] and "clinique-atlas" in records


def test_both_clones_add_a_record_git_alone_conflicts_the_driver_merges(tmp_path: Path) -> None:
    outcomes = {}
    for driver in (False, True):
        amina, youssef = _clones(tmp_path / str(driver), driver=driver)
        EditSession(amina / DATABASE).do(AddRecord("organization", Names(latin="Clinique Atlas")))
        _commit_and_push(amina, "Clinique Atlas")
        EditSession(youssef / DATABASE).do(AddRecord("organization", Names(latin="Polyclinique Nord")))
        _git(youssef, "commit", "-q", "-am", "Polyclinique Nord")
        outcomes[driver] = _git(youssef, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
        if driver:
            records, problems = read_by_marsad(youssef / DATABASE)
            assert problems == [] and {"clinique-atlas", "polyclinique-nord"} <= set(records)
    assert outcomes[False].returncode != 0  # git's line merge: both appended at the same place
    assert outcomes[True].returncode == 0, outcomes[True].stderr


def test_the_same_fact_changed_two_ways_is_one_reported_conflict_and_nothing_is_lost(tmp_path: Path) -> None:
    amina, youssef = _clones(tmp_path)
    quote = json.loads((amina / DATABASE).read_bytes())["organizations"]["5"]["facts"][0]["quote"]
    EditSession(amina / DATABASE).do(EditFact("akdital", 0, quote, {"label": "Amina's label"}))
    _commit_and_push(amina, "Akdital: label")
    EditSession(youssef / DATABASE).do(EditFact("akdital", 0, quote, {"label": "Youssef's label"}))
    EditSession(youssef / DATABASE).do(AddFact("gymes", "note", "Youssef's fact", T2S_ARTICLE, "وقعت"))
    _git(youssef, "commit", "-q", "-am", "Akdital: label; Gymes: a fact")

    pulled = _git(youssef, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode != 0
    print(pulled.stdout, pulled.stderr)
    reported = [line for line in pulled.stderr.splitlines() if "marsad merge" in line and "conflict:" in line]
    assert (
        reported
        == [
            f"marsad merge: {DATABASE}: conflict: organizations 'akdital', fact 1 "
            f"('membership', quote {quote[:39]!r}…): changed on both sides: label".replace("…'", "…'")
        ]
        or len(reported) == 1
    )
    assert "CONFLICT (content): Merge conflict in data/marsad.json" in pulled.stdout
    assert _git(youssef, "status", "--porcelain").stdout.startswith("UU data/marsad.json")
    text = (youssef / DATABASE).read_text(encoding="utf-8")
    assert text.count("<<<<<<< ours") == 1
    assert "Amina's label" in text and "Youssef's label" in text  # nothing lost
    assert "Youssef's fact" in text  # what did not conflict is merged

    # Resolving is keeping one side's lines: the file is then a database again.
    lines = text.splitlines(keepends=True)
    start, middle, end = (
        next(i for i, line in enumerate(lines) if line.startswith(marker))
        for marker in ("<<<<<<<", "=======", ">>>>>>>")
    )
    resolved = "".join(lines[:start] + lines[middle + 1 : end] + lines[end + 1 :])
    (youssef / DATABASE).write_text(resolved, encoding="utf-8")
    _git(youssef, "commit", "-q", "-am", "Merge: Amina's label kept")
    _records, problems = read_by_marsad(youssef / DATABASE)
    assert problems == []
    assert _facts(youssef, "akdital")[0]["label"] == "Amina's label"
    assert _facts(youssef, "gymes")[-1]["label"] == "Youssef's fact"
