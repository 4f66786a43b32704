"""The file name an export proposes: named after what is exported, and never one that is taken.

The facts table's export is named after the kind of fact it shows
(`facts-training-room-cost.csv`); a list after its pane (`organizations-filtered`);
a record after its id. When that name is taken in the folder, the next free one is
proposed (`facts-cost-2.csv`): two exports never land on one file without the user
saying so (and a name typed over an existing file is still asked about).
"""

from __future__ import annotations

import re
from pathlib import Path

#: the longest stem proposed (a long label is cut)
MAX_STEM = 60
#: names tried before giving up proposing a free one (the proposal is then the first)
MAX_TRIES = 1000

_NOT_IN_A_NAME = re.compile(r"[^\w]+")


def name_part(text: str) -> str:
    """`Training room cost (label)` -> `training-room-cost-label`: letters and digits of any script, dashes between."""
    return _NOT_IN_A_NAME.sub("-", text.casefold()).strip("-_")[:MAX_STEM].strip("-_")


def unused_name(folder: Path, stem: str, extension: str) -> str:
    """`stem + extension`, or `stem-2 + extension`, `stem-3`…: the first that no file in `folder` has."""
    for number in range(1, MAX_TRIES + 1):
        name = f"{stem}{'' if number == 1 else f'-{number}'}{extension}"
        if not (folder / name).exists():
            return name
    return stem + extension
