#!/usr/bin/env python3
"""The terminal matrix: Marsad in real terminal emulators under Xvfb, screenshots and a table.

Run from the repository with the project's Python (the one Marsad is installed in):

    python tools/terminal_matrix.py                  # every terminal, PNGs + results.md in docs/terminals/
    python tools/terminal_matrix.py --only vte,kitty --out /tmp/matrix
    python tools/terminal_matrix.py --lang ar --out docs/terminals/ar   # the Arabic interface

On Debian or Ubuntu it installs what it needs with apt (when run as root): Xvfb,
xterm, tmux, VTE (through python3-gi and gir1.2-vte-2.91), Konsole, mlterm, kitty,
ImageMagick, xdotool, DejaVu fonts and Chromium. Each terminal gets a fresh HOME
(its default settings, or the one setting a row names), 120x36 cells and DejaVu
Sans Mono; a shell prints a few lines with Arabic in them first (VTE's bidi bug
shows only when the screen has text, and mlterm's damaged them at exit), runs
`marsad doctor` into a file and again onto the screen (its test line must read as
its guide says), then starts Marsad. The script waits until the screen stops
changing, screenshots the main screen, presses `s` (the source article of the
selection), screenshots it, quits with `q` (twice: the first closes the article),
and screenshots the shell again: the lines from before Marsad must be as they were.
Some rows run Marsad inside tmux inside another terminal (the terminal around tmux
draws). The served app is shot in headless Chromium (driven by
tools/served_page.py, which the browser test shares), and the same Arabic in an
HTML page with dir="rtl" is the reference to compare every screenshot with. What a
terminal *shows* is for a person to judge: look at the PNGs.

Not part of the test suite: it needs a display server and minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from served_page import Page, chromium_command, served_address, start_chromium, stop

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, ROWS = 120, 36
FONT, FONT_SIZE = "DejaVu Sans Mono", 11
DEADLINE = 60.0
ATTEMPTS = 3

#: command -> Debian package that provides it
PACKAGES = {
    "Xvfb": "xvfb",
    "xterm": "xterm",
    "tmux": "tmux",
    "mlterm": "mlterm",
    "kitty": "kitty",
    "konsole": "konsole",
    "import": "imagemagick",
    "convert": "imagemagick",
    "xdotool": "xdotool",
    "xwininfo": "x11-utils",
    "xdpyinfo": "x11-utils",
    "chromium": "chromium",
    "dbus-run-session": "dbus",
    "xfce4-terminal": "xfce4-terminal",
}
EXTRA_PACKAGES = ["python3-gi", "gir1.2-vte-2.91", "gir1.2-gtk-3.0", "fonts-dejavu-core", "libgl1-mesa-dri"]
SYSTEM_PYTHON = "/usr/bin/python3"  # the one python3-gi is installed for

#: the environment variables by which terminals announce themselves; cleared so each sets its own
TERMINAL_VARIABLES = (
    "VTE_VERSION",
    "KONSOLE_VERSION",
    "KONSOLE_DBUS_SESSION",
    "MLTERM",
    "KITTY_WINDOW_ID",
    "KITTY_PID",
    "XTERM_VERSION",
    "TMUX",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "WT_SESSION",
    "LC_TERMINAL",
    "ALACRITTY_WINDOW_ID",
    "MARSAD_BIDI",
    "TEXTUAL_DRIVER",
    "COLORTERM",
)

SHELL_SCREEN = (
    "user@marsad:~$ ls ~/notes\nملاحظات.txt  تقرير-2026.md  todo.txt\n"
    "user@marsad:~$ cat ~/notes/todo.txt\nمراجعة شراكة T2S مع GE Healthcare قبل 2026\n"
    "user@marsad:~$ marsad doctor\n"
)

VTE_HOST = """
import sys
import gi
gi.require_version("Gtk", "3.0")
gi.require_version("Vte", "2.91")
from gi.repository import GLib, Gtk, Pango, Vte

window = Gtk.Window(title="marsad-matrix-vte")
terminal = Vte.Terminal()
terminal.set_font(Pango.FontDescription(sys.argv[1]))
terminal.set_size(int(sys.argv[2]), int(sys.argv[3]))
window.add(terminal)
terminal.connect("child-exited", lambda *_: Gtk.main_quit())
window.connect("destroy", Gtk.main_quit)
terminal.spawn_async(
    Vte.PtyFlags.DEFAULT, None, sys.argv[4:], None, GLib.SpawnFlags.DEFAULT, None, None, -1, None, None, None
)
window.show_all()
Gtk.main()
"""


@dataclass
class Terminal:
    """One row of the matrix: how to start a terminal that runs `command`."""

    key: str
    name: str
    version_command: list[str]
    launch: object  # (command: list[str]) -> argv
    environment: dict[str, str] = field(default_factory=dict)
    config_files: dict[str, str] = field(default_factory=dict)
    """Files written into the terminal's fresh HOME before it starts (path relative to HOME)."""
    note: str = ""


#: this run's own tmux server (its socket name), ended after the run
TMUX_SOCKET = f"marsad-matrix-{os.getpid()}"


def _in_tmux(command: list[str]) -> list[str]:
    """`command` in a tmux session of this run's own server (ended after the run)."""
    return ["tmux", "-L", TMUX_SOCKET, "-f", "/dev/null", "new-session", *command]


def _vte(command: list[str]) -> list[str]:
    return [SYSTEM_PYTHON, "-c", VTE_HOST, f"{FONT} {FONT_SIZE}", str(COLUMNS), str(ROWS), *command]


def _konsole(command: list[str], *settings: str) -> list[str]:
    return [
        "dbus-run-session",
        "--",
        "konsole",
        "--nofork",
        "--hide-menubar",
        "--hide-tabbar",
        "-p",
        f"TerminalColumns={COLUMNS}",
        "-p",
        f"TerminalRows={ROWS}",
        "-p",
        f"Font={FONT},{FONT_SIZE}",
        *(part for setting in settings for part in ("-p", setting)),
        "-e",
        *command,
    ]


def _mlterm(command: list[str], *options: str) -> list[str]:
    return ["mlterm", "--geometry", f"{COLUMNS}x{ROWS}+0+0", "--title", "marsad-matrix", *options, "-e", *command]


def _kitty(command: list[str], *options: str) -> list[str]:
    return [
        "kitty",
        "--title",
        "marsad-matrix",
        "-o",
        f"font_family={FONT}",
        "-o",
        f"font_size={FONT_SIZE}",
        "-o",
        "remember_window_size=no",
        "-o",
        f"initial_window_width={COLUMNS}c",
        "-o",
        f"initial_window_height={ROWS}c",
        *(part for option in options for part in ("-o", option)),
        *command,
    ]


def _xfce4_terminal(command: list[str]) -> list[str]:
    return [
        "dbus-run-session",
        "--",
        "xfce4-terminal",
        "--disable-server",
        f"--geometry={COLUMNS}x{ROWS}+0+0",
        f"--font={FONT} {FONT_SIZE}",
        "--hide-menubar",
        "--hide-toolbar",
        "--hide-scrollbar",
        "--title=marsad-matrix",
        "-x",
        *command,
    ]


def _xterm(command: list[str]) -> list[str]:
    return [
        "xterm",
        "-fa",
        FONT,
        "-fs",
        str(FONT_SIZE),
        "-geometry",
        f"{COLUMNS}x{ROWS}+0+0",
        "-T",
        "marsad-matrix",
        "-e",
        *command,
    ]


TERMINALS = [
    Terminal("xterm", "xterm", ["xterm", "-version"], _xterm),
    Terminal("tmux", "tmux (in xterm)", ["tmux", "-V"], lambda command: _xterm(_in_tmux(command))),
    Terminal(
        "vte",
        "VTE (GNOME Terminal's widget)",
        [
            SYSTEM_PYTHON,
            "-c",
            (
                "import gi; gi.require_version('Vte', '2.91'); from gi.repository import Vte; "
                "print(f'VTE {Vte.get_major_version()}.{Vte.get_minor_version()}.{Vte.get_micro_version()}')"
            ),
        ],
        _vte,
    ),
    Terminal("xfce4-terminal", "xfce4-terminal (VTE)", ["xfce4-terminal", "--version"], _xfce4_terminal),
    Terminal("konsole", "Konsole", ["konsole", "--version"], _konsole),
    Terminal(
        "konsole-bidi-off",
        "Konsole, its bidi off",
        ["konsole", "--version"],
        lambda command: _konsole(command, "BidiRenderingEnabled=false"),
        note="the profile's Bi-Directional text rendering turned off (-p BidiRenderingEnabled=false)",
    ),
    Terminal("mlterm", "mlterm", ["mlterm", "--version"], _mlterm),
    Terminal(
        "mlterm-ctl-off",
        "mlterm, its layout off",
        ["mlterm", "--version"],
        lambda command: _mlterm(command, "--ctl=false"),
        note="mlterm started with --ctl=false",
    ),
    Terminal(
        "kitty",
        "kitty (default settings)",
        ["kitty", "--version"],
        _kitty,
        environment={"LIBGL_ALWAYS_SOFTWARE": "1"},
    ),
    Terminal(
        "kitty-force-ltr",
        "kitty with force_ltr yes",
        ["kitty", "--version"],
        _kitty,
        environment={"LIBGL_ALWAYS_SOFTWARE": "1"},
        config_files={".config/kitty/kitty.conf": "force_ltr yes\n"},
        note="the line Marsad tells kitty users to add, in kitty.conf",
    ),
    Terminal(
        "kitty-force-ltr-option",
        "kitty -o force_ltr=yes",
        ["kitty", "--version"],
        lambda command: _kitty(command, "force_ltr=yes"),
        environment={"LIBGL_ALWAYS_SOFTWARE": "1"},
        note="force_ltr on kitty's command line: Marsad must not tell the user to set it",
    ),
    Terminal(
        "tmux-in-vte",
        "tmux in VTE",
        ["tmux", "-V"],
        lambda command: _vte(_in_tmux(command)),
        note="the terminal around tmux reorders; Marsad's escapes stop at tmux",
    ),
    Terminal(
        "tmux-in-konsole",
        "tmux in Konsole",
        ["tmux", "-V"],
        lambda command: _konsole(_in_tmux(command)),
        note="the terminal around tmux reorders; Marsad's escapes stop at tmux",
    ),
]


# -- set-up ------------------------------------------------------------------------


def ensure_tools(install: bool) -> None:
    missing = sorted({package for command, package in PACKAGES.items() if shutil.which(command) is None})
    gi_ok = (
        Path(SYSTEM_PYTHON).exists()
        and subprocess.run(
            [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Vte', '2.91')"], capture_output=True
        ).returncode
        == 0
    )
    if not missing and gi_ok:
        return
    packages = missing + EXTRA_PACKAGES
    if not install or shutil.which("apt-get") is None or os.geteuid() != 0:
        sys.exit(f"terminal_matrix: missing tools; install (Debian/Ubuntu): apt-get install {' '.join(packages)}")
    print(f"installing with apt: {' '.join(packages)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, stdout=subprocess.DEVNULL)


def free_display() -> str:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


def start_xvfb(display: str) -> subprocess.Popen:
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    end = time.monotonic() + DEADLINE
    while subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode != 0:
        if time.monotonic() > end or server.poll() is not None:
            raise SystemExit("terminal_matrix: Xvfb did not start")
        time.sleep(0.1)
    return server


# -- the X display ------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    id: str
    width: int
    height: int
    x: int
    y: int


def top_windows(display: str) -> list[Window]:
    listing = subprocess.run(
        ["xwininfo", "-display", display, "-root", "-children"], capture_output=True, text=True
    ).stdout
    windows = []
    for match in re.finditer(r"^\s+(0x[0-9a-f]+) .*?\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)", listing, re.MULTILINE):
        identifier, width, height, x, y = match.groups()
        info = subprocess.run(
            ["xwininfo", "-display", display, "-id", identifier], capture_output=True, text=True
        ).stdout
        if "IsViewable" in info:
            windows.append(Window(identifier, int(width), int(height), int(x), int(y)))
    return windows


def new_window(display: str, before: set[str], process: subprocess.Popen) -> Window:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        candidates = [
            window
            for window in top_windows(display)
            if window.id not in before and window.width > 400 and window.height > 300
        ]
        if candidates:
            return max(candidates, key=lambda window: window.width * window.height)
        if process.poll() is not None:
            raise RuntimeError(f"the terminal exited ({process.returncode}) before it opened a window")
        time.sleep(0.2)
    raise RuntimeError("no terminal window appeared")


def grab(display: str, window: Window) -> bytes:
    return subprocess.run(
        ["import", "-display", display, "-window", window.id, "-depth", "8", "rgb:-"], capture_output=True
    ).stdout


def settle(display: str, window: Window, since: float, *, quiet: float = 1.5, at_least: float = 2.5) -> None:
    """Wait until the window has not changed for `quiet` seconds, and `at_least` seconds have passed since `since`."""
    end = time.monotonic() + DEADLINE
    last, unchanged_since = None, time.monotonic()
    while time.monotonic() < end:
        digest = hashlib.sha256(grab(display, window)).digest()
        if digest != last:
            last, unchanged_since = digest, time.monotonic()
        elif time.monotonic() - unchanged_since >= quiet and time.monotonic() - since >= at_least:
            return
        time.sleep(0.25)
    raise RuntimeError("the screen never settled")


def screenshot(display: str, window: Window, path: Path) -> None:
    subprocess.run(["import", "-display", display, "-window", window.id, str(path)], check=True)
    png8(path)


def png8(path: Path) -> None:
    """Rewrite a screenshot as an 8-bit palette PNG without metadata: a fraction of the size, the same picture."""
    subprocess.run(["convert", str(path), "-strip", f"PNG8:{path}"], check=True)


def press(display: str, window: Window, key: str) -> None:
    """Type a key into the window: the pointer in it gives it the focus (no window manager), XTEST types."""
    subprocess.run(
        ["xdotool", "mousemove", str(window.x + window.width // 2), str(window.y + window.height // 2)],
        env={**os.environ, "DISPLAY": display},
        check=True,
    )
    subprocess.run(
        ["xdotool", "key", key], env={**os.environ, "DISPLAY": display}, check=True, stderr=subprocess.DEVNULL
    )


# -- one terminal ------------------------------------------------------------------


@dataclass
class Result:
    key: str
    name: str
    version: str
    doctor: dict[str, str]
    main: str = ""
    article: str = ""
    after: str = ""
    """The shell after `q`."""
    error: str = ""
    note: str = ""


def version_of(command: list[str], display: str) -> str:
    """The first line of a `--version` output that has a version number in it (warnings aside)."""
    try:
        found = subprocess.run(
            command, capture_output=True, text=True, timeout=30, env={**os.environ, "DISPLAY": display}
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    for line in (found.stdout + "\n" + found.stderr).splitlines():
        if re.search(r"\d+\.\d+|\(\d+\)", line) and "QStandardPaths" not in line:
            return line.strip()
    return "?"


def wrapper(work: Path, python: str) -> Path:
    """The shell a terminal starts: text on screen, `marsad doctor` (into a file, then shown), Marsad, a prompt."""
    script = work / "run-marsad.sh"
    (work / "shell-screen.txt").write_text(SHELL_SCREEN, encoding="utf-8")
    script.write_text(
        "#!/bin/sh\n"
        f"cd {ROOT}\n"
        f'cat "{work}/shell-screen.txt"\n'
        f'PYTHONPATH={ROOT} {python} -m tui doctor > "{work}/doctor-$1.txt" 2>&1\n'
        f"PYTHONPATH={ROOT} {python} -m tui doctor\n"
        'printf "user@marsad:~$ marsad\\n"\n'
        f"PYTHONPATH={ROOT} {python} -m tui\n"
        f'touch "{work}/marsad-ended-$1"\n'
        'printf "user@marsad:~$ "\n'
        "sleep 120\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def parse_doctor(path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    if not path.exists():
        return fields
    label = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("Check:"):
            break
        head, body = line[:14].strip(), line[14:].strip()
        label = head or label
        fields[label] = f"{fields[label]}; {body}" if head == "" and label in fields else body
    return fields


def run_terminal(terminal: Terminal, display: str, work: Path, out: Path, python: str) -> Result:
    work.mkdir()
    result = Result(terminal.key, terminal.name, version_of(terminal.version_command, display), {}, note=terminal.note)
    home = work / f"home-{terminal.key}"
    home.mkdir()
    for relative, content in terminal.config_files.items():
        (home / relative).parent.mkdir(parents=True, exist_ok=True)
        (home / relative).write_text(content, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in TERMINAL_VARIABLES}
    env.update(
        DISPLAY=display, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), LANG="C.UTF-8", **terminal.environment
    )
    before = {window.id for window in top_windows(display)}
    doctor = work / f"doctor-{terminal.key}.txt"
    process = subprocess.Popen(
        terminal.launch([str(wrapper(work, python)), terminal.key]),
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        window = new_window(display, before, process)
        end = time.monotonic() + DEADLINE
        while not doctor.exists():
            if time.monotonic() > end:
                raise RuntimeError("marsad doctor never ran in the terminal")
            time.sleep(0.1)
        started = time.monotonic()
        settle(display, window, started)
        result.main = f"{terminal.key}-main.png"
        screenshot(display, window, out / result.main)
        press(display, window, "s")
        settle(display, window, time.monotonic(), at_least=1.0)
        result.article = f"{terminal.key}-article.png"
        screenshot(display, window, out / result.article)
        ended = work / f"marsad-ended-{terminal.key}"
        for _ in range(2):  # q closes the article, then quits
            press(display, window, "q")
            end = time.monotonic() + 10
            while not ended.exists() and time.monotonic() < end:
                time.sleep(0.1)
            if ended.exists():
                break
        else:
            raise RuntimeError("q did not end Marsad")
        settle(display, window, time.monotonic(), at_least=1.0)
        result.after = f"{terminal.key}-after.png"  # the shell again: its lines from before Marsad, and doctor's
        screenshot(display, window, out / result.after)
    except RuntimeError as error:
        result.error = str(error)
    finally:
        stop(process)
        if "tmux" in terminal.key:  # its server outlives the terminal it was started from
            subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], capture_output=True)
        result.doctor = parse_doctor(doctor)
    return result


# -- the browser ----------------------------------------------------------------------

#: the page's size in the browser's screenshots (about the terminals' windows)
PAGE_METRICS = {"width": 1100, "height": 700, "deviceScaleFactor": 1, "mobile": False}


async def _shoot(page: Page, path: Path) -> None:
    await asyncio.sleep(1.0)  # the text is in xterm.js's buffer; it paints it on the following frames
    await page.screenshot(path)


def _article_shown(screen: str) -> bool:
    """The source article's screen: its breadcrumb, and its border counting the quotes once the article is laid out."""
    if "Marsad › Source" in screen and re.search(r"quote \d+ of \d+", screen) is not None:
        return True
    # (another language: the border's article language and count of quotes, "ar · 45" as drawn mirrored)
    return bool(os.environ.get("LANGUAGE")) and re.search(r"─ ar · \d+ ", screen) is not None


async def _browser_pictures(devtools: int, url: str, out: Path) -> None:
    async with Page.open(devtools) as page:
        await page.call("Emulation.setDeviceMetricsOverride", **PAGE_METRICS)
        if os.environ.get("LANGUAGE"):  # (another language: what every language shows)
            await page.show_served_app(url, main_screen=("T2S", "GE Healthcare", "AMGS"), footer="^p")
        else:
            await page.show_served_app(url)
        await _shoot(page, out / "browser-main.png")
        await page.press("s")
        await page.wait_for_screen(_article_shown, "the source article never appeared")
        await _shoot(page, out / "browser-article.png")


def run_browser(work: Path, out: Path, python: str) -> Result:
    result = Result(
        "browser",
        "a web browser (marsad serve, headless Chromium)",
        version_of([chromium_command() or "chromium", "--version"], ""),
        {},
    )
    env = {key: value for key, value in os.environ.items() if key not in TERMINAL_VARIABLES}
    env["PYTHONPATH"] = str(ROOT)
    server = subprocess.Popen(
        [python, "-m", "tui", "serve", "--port", "0"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    chromium = None
    try:
        address = served_address(server)  # (holds the run's secret)
        chromium, devtools = start_chromium(work / "chromium-served", "--hide-scrollbars")
        asyncio.run(_browser_pictures(devtools, address, out))
        result.main, result.article = "browser-main.png", "browser-article.png"
        for name in (result.main, result.article):
            png8(out / name)
        result.doctor = {
            "terminal": "a web browser (textual-serve, xterm.js)",
            "mode": "app",
            "on entry": "nothing (not a terminal)",
        }
    except RuntimeError as error:
        result.error = str(error)
    finally:
        stop(chromium)
        stop(server)
    return result


def reference_page(work: Path, out: Path, python: str) -> None:
    """The same Arabic in a browser with dir="rtl": the names of the main screen and the article's first paragraphs."""
    code = (
        "import json; from tui.data.bundled import bundled_database_path\n"
        "from tui.store.opening import load_database\n"
        "from tui.presentation.detail import display_name\n"
        "db = load_database(bundled_database_path())\n"
        "first = next(iter(db.organizations.values()))\n"
        "source = db.sources[first.facts[0].source]\n"
        "print(json.dumps({'names': [display_name(o) for o in db.organizations.values()],"
        " 'title': source.title or '', 'text': source.text.split(chr(10))[:4]}, ensure_ascii=False))\n"
    )
    found = subprocess.run(
        [python, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    data = json.loads(found.stdout)
    names = "".join(f"<li>{html.escape(name)}</li>" for name in data["names"])
    paragraphs = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in data["text"] if paragraph.strip())
    page_file = work / "reference.html"
    page_file.write_text(
        "<!doctype html><html lang='ar' dir='rtl'><meta charset='utf-8'>"
        f"<style>body{{font-family:'{FONT}',monospace;font-size:15px;background:#111;color:#eee;width:1060px;margin:12px}}"
        "h2{color:#fb4;font-size:16px} ul{columns:2;padding:0 20px} li{margin:2px 0}</style>"
        f"<h2>{html.escape(data['title'])}</h2><ul>{names}</ul>{paragraphs}</html>",
        encoding="utf-8",
    )
    chromium, devtools = start_chromium(work / "chromium-reference", "--hide-scrollbars")

    async def shoot() -> None:
        async with Page.open(devtools) as page:
            await page.call("Emulation.setDeviceMetricsOverride", **PAGE_METRICS)
            await page.call("Page.navigate", url=page_file.as_uri())
            await page.wait_until(
                f"location.href === {json.dumps(page_file.as_uri())} && document.readyState === 'complete'"
                " && document.fonts.status === 'loaded'",
                "the reference page never loaded",
            )
            await page.screenshot(out / "reference-rtl.png")

    try:
        asyncio.run(shoot())
        png8(out / "reference-rtl.png")
    finally:
        stop(chromium)


# -- the table -----------------------------------------------------------------------


def write_table(results: list[Result], out: Path) -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Terminal matrix",
        "",
        (
            f"Written by `tools/terminal_matrix.py` on {time.strftime('%Y-%m-%d')}: Marsad at commit {commit or '?'}, "
            f"{COLUMNS}x{ROWS} cells, {FONT} {FONT_SIZE}, each terminal with its default settings (fresh HOME), "
            "started from a shell with text on screen. `reference-rtl.png` is the same Arabic in Chromium with "
            'dir="rtl". Whether a screenshot reads right is judged by looking at it.'
        ),
        "",
        (
            "| terminal | version | Marsad recognised | mode | sent on entry | inside the alternate screen "
            "| its setting | main screen | article | the shell after q (with doctor's test line) |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        doctor = result.doctor
        shots = [f"[{name}]({name})" if name else "—" for name in (result.main, result.article, result.after)]
        recognised = doctor.get("terminal", "—")
        mode = doctor.get("mode", "—").split(":")[0]
        sent = doctor.get("on entry", "—").replace("|", "\\|")
        inside = doctor.get("in the app", "—").replace("|", "\\|")
        name = result.name + (f" ({result.note})" if result.note else "")
        setting = doctor.get("its setting", "—").split(" (")[0]  # (what was read; where is in doctor's own output)
        row = [name, result.version, recognised, mode, sent, inside, setting, *shots]
        if result.error:
            row[-3] = f"failed: {result.error}"
        lines.append("| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |")
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "terminals", help="where the PNGs and results.md go"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated keys: " + ", ".join([t.key for t in TERMINALS] + ["browser"])
    )
    parser.add_argument("--no-install", action="store_true", help="never run apt-get; stop if something is missing")
    parser.add_argument(
        "--lang", default="", help="the interface's language (fr, ar), chosen the environment's way (LANGUAGE)"
    )
    args = parser.parse_args()
    if args.lang:
        os.environ["LANGUAGE"] = args.lang  # (every terminal's environment starts from this one's)
    chosen = set(filter(None, args.only.split(",")))
    ensure_tools(install=not args.no_install)
    args.out.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    display = free_display()
    xvfb = start_xvfb(display)
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory(prefix="marsad-matrix-") as temporary:
            work = Path(temporary)
            for terminal in TERMINALS:
                if chosen and terminal.key not in chosen:
                    continue
                print(f"{terminal.key}...", flush=True)
                for attempt in range(1, ATTEMPTS + 1):  # Konsole sometimes aborts at start under Xvfb
                    result = run_terminal(terminal, display, work / f"{terminal.key}-{attempt}", args.out, python)
                    if not result.error:
                        break
                    print(f"  attempt {attempt}: {result.error}", flush=True)
                results.append(result)
                print(f"  {result.error or 'ok'}", flush=True)
            if not chosen or "browser" in chosen:
                print("browser...", flush=True)
                results.append(run_browser(work, args.out, python))
                print(f"  {results[-1].error or 'ok'}", flush=True)
                reference_page(work, args.out, python)
    finally:
        stop(xvfb)
    write_table(results, args.out)
    print(f"wrote {args.out / 'results.md'}")
    return 1 if any(result.error for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
