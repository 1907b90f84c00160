"""Cards in the real Anki desktop reviewer (aqt), under Xvfb, measured with JavaScript.

``run_reviewer`` prepares a fresh Anki base folder with a ready profile (no first-run
questions), installs tests/reviewer_addon.py as an add-on, starts a virtual X display and
Anki on it, and returns what the add-on measured on every side of every card, in light
and night mode, with the reviewer's web view 390x844. Needs Linux, Xvfb and aqt[qt].

Run as a script (``python reviewer.py BASE``) it makes the profile inside BASE; the runner
does that in a process of its own, so the tests never load Qt themselves.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import uuid
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

Side = Literal["front", "back"]
Mode = Literal["light", "night"]

VIEWPORT = (390, 844)
PROFILE = "User 1"
ADDON = Path(__file__).with_name("reviewer_addon.py")
PAGE_SCRIPT = Path(__file__).with_name("reviewer_page.js")  # the add-on's page side
ADDON_NAME = "star_anki_check"
COUNTDOWN_MS = 1500  # the second countdown reading, this long after the first
SCREEN = (1280, 8192)  # the X screen: room for a web view as tall as the longest card
# What Anki's Qt needs on a bare Debian 12 besides Xvfb (as .ci/run installs them).
DEBIAN_PACKAGES = (
    "xvfb libasound2 libdbus-1-3 libegl1 libfontconfig1 libglib2.0-0 libnss3 libxcb-cursor0"
    " libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcomposite1 libxdamage1"
    " libxkbcommon-x11-0 libxtst6"
)
# What the "anki" command aqt installs does; aqt has no __main__ for "python -m aqt".
_START_ANKI = "import sys, aqt; sys.argv[0] = 'anki'; sys.exit(aqt.run())"
_CHROMIUM_FLAGS = "--no-sandbox --disable-gpu --disable-dev-shm-usage"  # CI runs as root


class ReviewerError(RuntimeError):
    """Anki did not start, hung, or the add-on failed; the message ends with Anki's log."""


class DisplayMissing(ReviewerError):
    """No Xvfb to show Anki on."""


@dataclass(frozen=True)
class Divider:
    """An ``hr`` as the browser computed it (colours as CSS rgb/rgba strings)."""

    id: str
    border_top_width: str
    border_top_style: str
    border_top_color: str
    border_bottom_width: str
    background_color: str
    height: float  # the box, borders included
    client_height: float  # the box less its borders: where the background shows
    visible: bool

    @property
    def lines(self) -> int:
        """How many lines this ``hr`` draws: its top border, its background band, or both."""
        border = (
            self.visible
            and _px(self.border_top_width) > 0
            and self.border_top_style not in ("none", "hidden")
            and alpha(self.border_top_color) > 0
        )
        band = self.visible and self.client_height > 0 and alpha(self.background_color) > 0
        return int(border) + int(band)


@dataclass(frozen=True)
class PlayButton:
    """Anki's replay button: its circle, its triangle and what it sits on."""

    circle_fill: str
    circle_stroke: str
    path_fill: str
    background: str | None  # the nearest opaque background behind it, if any


@dataclass(frozen=True)
class Details:
    """A ``<details>`` element as shown."""

    open: bool
    summary: str


@dataclass(frozen=True)
class Countdown:
    """``#star-countdown``: its text when the card was shown and (fronts) 1.5 s later."""

    text: str
    seconds: str | None  # data-seconds
    visible: bool
    later: str | None  # the text COUNTDOWN_MS later; fronts only
    elapsed_ms: float | None  # between the two readings, by the page's clock


@dataclass(frozen=True)
class SideFacts:
    """One side of one card in one mode, measured in Anki's reviewer."""

    card_id: int
    ord: int
    note_type: str
    key: str
    side: Side
    mode: Mode
    body_classes: str
    html_classes: str
    inner_width: int
    inner_height: int
    device_pixel_ratio: float
    scroll_width: int  # document.documentElement's
    client_width: int
    scroll_height: int
    body_scroll_height: int
    qa_height: float
    wide: tuple[str, ...]  # elements reaching past the viewport's edges
    text: str  # innerText of #qa, trimmed
    body_background: str
    body_color: str
    html_background: str
    web_background: str  # the web view's own background, under the page (#rrggbb)
    dividers: tuple[Divider, ...]
    play_buttons: tuple[PlayButton, ...]
    details: tuple[Details, ...]
    countdown: Countdown | None
    screenshot: Path | None

    @property
    def label(self) -> str:
        return f"{self.key} #{self.ord} {self.side} ({self.mode})"


@dataclass(frozen=True)
class ConsoleMessage:
    """A message the reviewer's page wrote to the JavaScript console."""

    level: str  # "info", "warning" or "error"
    message: str
    source: str
    line: int
    during: str  # the card side being shown then


@dataclass(frozen=True)
class ReviewerFacts:
    """Everything one Anki run measured."""

    cards: int
    sides: tuple[SideFacts, ...]
    console: tuple[ConsoleMessage, ...]
    python_errors: tuple[str, ...]  # what Anki's error handler caught (it shows a dialog)
    windows: tuple[str, ...]  # dialogs still open at the end
    seconds: float
    anki_version: str
    qt_version: str

    def find(self, key: str, side: Side, mode: Mode, ord: int = 0) -> SideFacts:
        """The one side of the card with this Key field and template number."""
        (found,) = (
            s for s in self.sides if (s.key, s.ord, s.side, s.mode) == (key, ord, side, mode)
        )
        return found


def alpha(css_colour: str) -> float:
    """The opacity of a computed CSS colour: 'rgb(...)' is opaque, 'rgba(..., a)' is a."""
    if css_colour in ("", "transparent", "none"):
        return 0.0
    parts = css_colour[css_colour.find("(") + 1 : css_colour.rfind(")")].replace("/", ",")
    numbers = [part for part in parts.replace(" ", ",").split(",") if part]
    return float(numbers[3]) if len(numbers) > 3 else 1.0


def _px(length: str) -> float:
    return float(length.removesuffix("px") or 0)


def run_reviewer(
    apkg: Path,
    work: Path,
    *,
    screenshots: Mapping[str, Collection[Side]] | None = None,
    shots_dir: Path | None = None,
    viewport: tuple[int, int] = VIEWPORT,
    timeout: float = 180,
) -> ReviewerFacts:
    """Show every card of ``apkg`` in Anki's reviewer; ``work`` is an empty scratch folder.

    ``screenshots`` maps a note's Key field to the sides to save as PNGs in ``shots_dir``
    (each card of that note, in both modes, the full page height), named like
    '<key slug>-<ord>-<side>-<mode>.png'.
    """
    base = work / "anki"
    addon = base / "addons21" / ADDON_NAME
    addon.mkdir(parents=True)
    shutil.copyfile(ADDON, addon / "__init__.py")
    shutil.copyfile(PAGE_SCRIPT, addon / PAGE_SCRIPT.name)
    out = work / "facts.json"
    job = {
        "apkg": str(apkg.resolve()),
        "out": str(out),
        "viewport": list(viewport),
        "modes": ["light", "night"],
        "countdown_ms": COUNTDOWN_MS,
        "watchdog_ms": int(timeout * 1000),
        "screenshots": {key: sorted(sides) for key, sides in (screenshots or {}).items()},
        "shots_dir": str(shots_dir.resolve()) if shots_dir else None,
    }
    (addon / "job.json").write_text(json.dumps(job), encoding="utf-8")
    env = _environment(work)
    log = work / "anki.log"
    xvfb = find_xvfb()
    prepare = [sys.executable, str(Path(__file__).resolve()), str(base)]
    made = subprocess.run(prepare, env=env, capture_output=True, text=True, timeout=120)
    if made.returncode != 0:
        raise ReviewerError(f"could not make the Anki profile{_hint(made.stderr)}:\n{made.stderr}")
    command = [sys.executable, "-c", _START_ANKI, "-b", str(base), "-p", PROFILE, "-l", "en_US"]
    with virtual_display(xvfb, work) as display, log.open("wb") as output:
        try:
            done = subprocess.run(
                command,
                env={**env, "DISPLAY": display},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout + 60,  # the add-on's own watchdog fires first
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReviewerError(f"Anki did not quit in {timeout + 60} s{_tail(log)}") from None
    facts = json.loads(out.read_text("utf-8")) if out.is_file() else {}
    if "failure" in facts or done.returncode != 0 or "sides" not in facts:
        reason = facts.get("failure", f"Anki exited with {done.returncode}")
        hint = _hint(log.read_text("utf-8", "replace"))
        raise ReviewerError(f"{reason}{hint}; dialogs: {facts.get('windows')}{_tail(log)}")
    return _parse(facts)


def _environment(work: Path) -> dict[str, str]:
    """Anki's environment: X11 through Xvfb, no GPU or sandbox, every folder in ``work``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ANKI", "QT_", "QTWEBENGINE_", "WAYLAND", "XDG_"))
    }
    folders = {}
    for name in ("XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = work / "xdg" / name.lower()
        folder.mkdir(parents=True, mode=0o700)
        folders[name] = str(folder)
    return {
        **env,
        **folders,
        "QT_QPA_PLATFORM": "xcb",
        "QTWEBENGINE_CHROMIUM_FLAGS": _CHROMIUM_FLAGS,
        "QTWEBENGINE_DISABLE_SANDBOX": "1",
        "ANKI_SINGLE_INSTANCE_KEY": f"star-anki-check-{uuid.uuid4().hex}",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",
    }


def find_xvfb() -> str:
    """Xvfb's path, or DisplayMissing saying what to install."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise DisplayMissing(f"Xvfb is not installed (Debian: apt-get install {DEBIAN_PACKAGES})")
    return xvfb


@contextmanager
def virtual_display(xvfb: str, work: Path) -> Iterator[str]:
    """A fresh Xvfb server; yields its DISPLAY once it accepts clients (-displayfd)."""
    read, write = os.pipe()
    screen = f"{SCREEN[0]}x{SCREEN[1]}x24"
    with (work / "xvfb.log").open("wb") as log:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            ready, _, _ = select.select([pipe], [], [], 60)
            number = pipe.readline().strip().decode() if ready else ""
        if not number.isdigit():
            raise ReviewerError(f"Xvfb did not start{_tail(work / 'xvfb.log')}")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _hint(output: str) -> str:
    """What to install, when Qt could not load a system library."""
    if "cannot open shared object file" in output or 'plugin "xcb"' in output:
        return f" (a system library is missing; Debian: apt-get install {DEBIAN_PACKAGES})"
    return ""


def _tail(log: Path, lines: int = 60) -> str:
    text = log.read_text("utf-8", "replace") if log.is_file() else ""
    return f"\n--- last lines of {log.name} ---\n" + "\n".join(text.splitlines()[-lines:])


def _make(kind: type[Any], data: Mapping[str, Any]) -> Any:
    return kind(**{spec.name: data[spec.name] for spec in fields(kind)})


def _parse(facts: Mapping[str, Any]) -> ReviewerFacts:
    sides = []
    for side in facts["sides"]:
        countdown = side["countdown"]
        later = side.get("countdown_later")
        side = {
            **side,
            "wide": tuple(side["wide"]),
            "dividers": tuple(_make(Divider, d) for d in side["dividers"]),
            "play_buttons": tuple(_make(PlayButton, b) for b in side["play_buttons"]),
            "details": tuple(_make(Details, d) for d in side["details"]),
            "countdown": countdown
            and Countdown(
                text=countdown["text"],
                seconds=countdown["seconds"],
                visible=countdown["visible"],
                later=later and later["text"],
                elapsed_ms=later and round(later["at"] - countdown["at"]),
            ),
            "screenshot": Path(side["screenshot"]) if side.get("screenshot") else None,
        }
        sides.append(_make(SideFacts, side))
    return ReviewerFacts(
        cards=facts["cards"],
        sides=tuple(sides),
        console=tuple(_make(ConsoleMessage, m) for m in facts["console"]),
        python_errors=tuple(facts["python_errors"]),
        windows=tuple(facts["windows"]),
        seconds=facts["seconds"],
        anki_version=facts["anki_version"],
        qt_version=facts["qt_version"],
    )


def prepare_profile(base: Path) -> None:
    """A profile as Anki's first run leaves it, answered: English, light theme, no checks."""
    from aqt.profiles import ProfileManager, VideoDriver
    from aqt.theme import Theme

    manager = ProfileManager(ProfileManager.get_created_base_folder(str(base)))
    manager.setupMeta()
    manager.create(PROFILE)
    manager.setLang("en_US")  # the first-run language dialog asks for this
    manager.load(PROFILE)
    manager.meta["firstRun"] = False
    manager.set_update_check(False)  # no network, no "a new version" dialog
    manager.set_check_for_addon_updates(False)
    manager.set_theme(Theme.LIGHT)  # not "follow the system", which Linux asks D-Bus about
    manager.set_video_driver(VideoDriver.Software)  # Chromium and Qt draw without a GPU
    manager.save()
    assert manager.db is not None
    manager.db.close()


if __name__ == "__main__":
    prepare_profile(Path(sys.argv[1]))
