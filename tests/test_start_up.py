"""A warm start draws its first frame before it loads what that frame does not show (issue 20: start-up time).

Each check runs in a fresh interpreter: the test process has imported everything already.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.data.bundled import bundled_database_path

#: opens the bundled database from its index (built beforehand) and reports, after the first frame and once the
#: app has settled, which of the search engine's modules are loaded and whether the app holds its search engine
_FIRST_FRAME = """
import sys
from tui.app import MarsadApp
from tui.data.bundled import bundled_database_path
from tui.store.opening import load_database, opens_at_once

assert opens_at_once(bundled_database_path()), "the index was not built beforehand"


class Watched(MarsadApp):
    def on_mount(self) -> None:
        self.call_after_refresh(self.note, "first frame")  # (before the app's own calls after the first frame)
        super().on_mount()
        self.call_after_refresh(self.note, "settled")

    def note(self, when: str) -> None:
        print(when, "tui.search.query" in sys.modules, self.search_index is not None, flush=True)
        if when == "settled":
            self.exit()


Watched(database=load_database(bundled_database_path())).run(headless=True, size=(120, 40))
"""


def test_the_first_frame_comes_before_the_search_engine_is_loaded(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    built = subprocess.run(
        [sys.executable, "-m", "tui", "index", str(bundled_database_path())], env=env, capture_output=True, timeout=120
    )
    assert built.returncode == 0, built.stderr.decode()
    run = subprocess.run([sys.executable, "-c", _FIRST_FRAME], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["first frame False False", "settled True True"]
