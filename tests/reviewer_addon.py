"""An Anki add-on that shows every card of a deck in the real reviewer and measures it.

tests/reviewer.py copies this file into a fresh base folder as
addons21/star_anki_check/__init__.py, next to a job.json, and starts Anki. Once the
profile is open the add-on imports the deck as the import dialog would, then shows each
card's question and answer in ``mw.reviewer``, first in light mode and then in night mode,
reads layout facts with JavaScript, writes them to the job's JSON file and quits Anki.

Every wait is a hook, a JavaScript round trip or a Qt timer: the reviewer renders a card
in a promise chain of its own, and a step queued on that chain (``_queueAction``) runs
once the card is on the page and its scripts have run.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aqt
from anki.cards import Card, CardId
from anki.collection import ImportAnkiPackageRequest
from aqt import gui_hooks
from aqt.errors import ErrorHandler
from aqt.main import AnkiQt
from aqt.qt import (
    QApplication,
    QColor,
    QImage,
    QMessageBox,
    Qt,
    QTimer,
    QWebEnginePage,
    qVersion,
)
from aqt.theme import Theme, theme_manager
from aqt.webview import AnkiWebPage

JOB: dict[str, Any] = json.loads(Path(__file__).with_name("job.json").read_text("utf-8"))
PREFIX = "star-anki-check:"

# The page side, defined afresh with each call (the reviewer keeps one page for all cards).
PAGE = Path(__file__).with_name("reviewer_page.js").read_text("utf-8")


def _corner(image: QImage) -> int:
    """The colour of the marker's corner of a grab."""
    return int(image.pixelColor(1, image.height() - 2).rgb())


def _mw() -> AnkiQt:
    assert aqt.mw is not None
    return aqt.mw


class Check:
    """Walks the plan (mode, card), front then back, each step started by the last."""

    def __init__(self) -> None:
        self.width, self.height = JOB["viewport"]
        self.out = Path(JOB["out"])
        self.shots_dir = Path(JOB["shots_dir"]) if JOB["shots_dir"] else None
        self.plan: list[tuple[str, CardId]] = []
        self.step = -1
        self.label = "starting Anki"
        self.current: dict[str, Any] = {}
        self.calls = 0
        self.token = ""
        self.on_answer: Callable[[Any], None] | None = None
        self.sides: list[dict[str, Any]] = []
        self.console: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.done = False
        self.height_now = self.height
        self.started = time.monotonic()

    # Start: the deck imported as the import dialog does, the window made phone sized.

    def start(self) -> None:
        mw = _mw()
        options = mw.col._backend.get_import_anki_package_presets()
        mw.col.import_anki_package(
            ImportAnkiPackageRequest(package_path=JOB["apkg"], options=options)
        )
        card_ids = sorted(mw.col.find_cards(""))  # a fresh collection: the deck's cards only
        self.plan = [(mode, card_id) for mode in JOB["modes"] for card_id in card_ids]
        self.size_window(self.height)
        mw.col.decks.select(mw.col.get_card(card_ids[0]).did)
        mw.moveToState("review")
        if mw.state != "review":
            raise RuntimeError(f"the reviewer shows no card of the deck (state {mw.state!r})")
        self.next_card()

    def size_window(self, height: int) -> None:
        """The reviewer's web view exactly width x height; Anki's 400 px minimum lifted."""
        mw = _mw()
        for widget in (mw, mw.form.centralwidget, mw.toolbarWeb, mw.bottomWeb):
            widget.setMinimumWidth(0)
        mw.web.setMinimumSize(0, 0)
        mw.web.setFixedSize(self.width, height)
        mw.adjustSize()

    def call(self, method: str, *args: Any, then: Callable[[Any], None]) -> None:
        """Run starAnkiCheck.method(token, *args) on the page; ``then`` gets its answer."""
        self.calls += 1
        self.token = f"{PREFIX}{self.calls}:"
        self.on_answer = then
        arguments = ", ".join(json.dumps(value) for value in (self.token, *args))
        _mw().web.eval(f"{PAGE}\nstarAnkiCheck.{method}({arguments});")

    def answer(self, handled: tuple[bool, Any], text: str, context: Any) -> tuple[bool, Any]:
        """webview_did_receive_js_message: the page's answer to the latest call."""
        if not text.startswith(PREFIX):
            return handled
        if text.startswith(self.token) and self.on_answer is not None:
            then, self.on_answer = self.on_answer, None
            value = json.loads(text[len(self.token) :])
            QTimer.singleShot(0, self.guarded(lambda: then(value)))
        return (True, None)

    # Each card: question, facts, countdown, answer, facts, then the next card.

    def next_card(self) -> None:
        self.step += 1
        if self.step == len(self.plan):
            self.finish()
            return
        mode, card_id = self.plan[self.step]
        mw = _mw()
        if (mode == "night") != theme_manager.night_mode:
            mw.set_theme(Theme.DARK if mode == "night" else Theme.LIGHT)  # as Preferences does
        card = mw.col.get_card(card_id)
        card.start_timer()
        mw.reviewer.card = card
        self.expect(card, "front", mode)
        mw.reviewer._showQuestion()

    def expect(self, card: Card, side: str, mode: str) -> None:
        fields = dict(card.note().items())
        self.current = {
            "card_id": card.id,
            "ord": card.ord,
            "note_type": card.note_type()["name"],
            "key": fields.get("Key", ""),
            "side": side,
            "mode": mode,
        }
        self.label = f"{self.current['key']} #{card.ord} {side} ({mode})"

    def on_shown(self, card: Card) -> None:
        """reviewer_did_show_question/answer: measure once the card is on the page."""
        if card.id == self.current.get("card_id"):  # not the reviewer's own first card
            self.call("whenShown", card.ord, then=self.measured)

    def measured(self, facts: dict[str, Any]) -> None:
        if not facts.pop("marker"):
            raise RuntimeError(f"{self.label}: the page shows another card")
        background = _mw().web.page().backgroundColor().name()
        elapsed = round(time.monotonic() - self.started, 2)
        self.sides.append({**self.current, **facts, "web_background": background, "at": elapsed})
        if self.current["side"] == "front" and facts["countdown"] is not None:
            QTimer.singleShot(JOB["countdown_ms"], self.guarded(self.count_down))
        else:
            self.after_measure()

    def count_down(self) -> None:
        def read(value: dict[str, Any]) -> None:
            self.sides[-1]["countdown_later"] = value
            self.after_measure()

        self.call("countdown", then=read)

    def after_measure(self) -> None:
        wanted = JOB["screenshots"].get(self.current["key"], ())
        if self.shots_dir is not None and self.current["side"] in wanted:
            self.screenshot(self.sides[-1])
        else:
            self.next_side()

    def next_side(self) -> None:
        if self.current["side"] == "back":
            QTimer.singleShot(0, self.guarded(self.next_card))
            return
        mw = _mw()
        assert mw.reviewer.card is not None
        self.expect(mw.reviewer.card, "back", self.current["mode"])
        QTimer.singleShot(0, self.guarded(mw.reviewer._showAnswer))

    # Screenshots: the web view grown to the page's height, grabbed, then shrunk back.
    # Chromium hands Qt its frames asynchronously, so a grab right after a resize can
    # still hold the old frame. A marker pixel proves which frame a grab holds: grab
    # until the marker shows, remove it, grab until it is gone; that grab is the shot.

    def screenshot(self, facts: dict[str, Any]) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", facts["key"].lower()).strip("-")
        name = f"{slug}-{facts['ord']}-{facts['side']}-{facts['mode']}.png"
        tries = iter(range(3))

        def grown(height: int) -> None:
            if height > self.height_now and next(tries, None) is not None:
                self.resize(height, grown)  # taller now the viewport is: vh units
                return
            colour = QColor(7, 251, self.calls % 256).rgb()
            self.call("mark", f"#{colour & 0xFFFFFF:06x}", then=lambda _: marked(colour))

        def marked(colour: int) -> None:
            self.poll(lambda image: _corner(image) == colour, lambda _: unmark(colour))

        def unmark(colour: int) -> None:
            self.call("unmark", then=lambda _: self.poll(lambda i: _corner(i) != colour, save))

        def save(image: QImage) -> None:
            assert self.shots_dir is not None
            self.shots_dir.mkdir(parents=True, exist_ok=True)
            if not image.save(str(self.shots_dir / name), "PNG"):
                raise RuntimeError(f"could not save {self.shots_dir / name}")
            facts["screenshot"] = str(self.shots_dir / name)
            self.resize(self.height, lambda _: self.next_side())

        self.resize(max(self.height, facts["scroll_height"]), grown)

    def poll(self, ready: Callable[[QImage], bool], then: Callable[[QImage], None]) -> None:
        """Grab the web view every frame or so until ``ready`` holds for the grab."""
        image = _mw().web.grab().toImage()
        if ready(image):
            then(image)
        else:
            QTimer.singleShot(20, self.guarded(lambda: self.poll(ready, then)))

    def resize(self, height: int, then: Callable[[int], None]) -> None:
        self.height_now = height
        self.size_window(height)
        self.call("whenHeight", height, then=then)

    # Failures, the record and the end.

    def guarded(self, action: Callable[..., None]) -> Callable[..., None]:
        """The action, with any exception ending the run (Anki would only show a dialog)."""

        def run(*args: Any) -> None:
            try:
                action(*args)
            except Exception as error:
                self.fail(f"{type(error).__name__}: {error}")

        return run

    def windows(self) -> list[str]:
        """Windows on screen besides the main one (tooltips aside): a clean run shows none."""
        shown: list[str] = []
        for widget in QApplication.topLevelWidgets():
            tooltip = widget.windowFlags() & Qt.WindowType.ToolTip == Qt.WindowType.ToolTip
            if widget.isVisible() and widget is not aqt.mw and not tooltip:
                text = widget.text() if isinstance(widget, QMessageBox) else ""
                shown.append(f"{type(widget).__name__} {widget.windowTitle()!r} {text!r}")
        return shown

    def write(self, **extra: Any) -> None:
        facts = {
            "sides": self.sides,
            "console": self.console,
            "python_errors": self.errors,
            "windows": self.windows(),
            "seconds": round(time.monotonic() - self.started, 1),
            "anki_version": aqt.appVersion,
            "qt_version": qVersion(),
            **extra,
        }
        partial = self.out.with_suffix(".part")
        partial.write_text(json.dumps(facts, indent=1), encoding="utf-8")
        partial.replace(self.out)

    def finish(self) -> None:
        self.done = True
        self.label = "quitting Anki"
        self.write(cards=len(self.plan) // len(JOB["modes"]))
        _mw().unloadProfileAndExit()

    def fail(self, reason: str) -> None:
        self.write(failure=f"{reason} (while {self.label})")
        os._exit(3)

    def watchdog(self) -> None:
        if self.done:
            os._exit(0)  # the facts are written; only the quitting hangs
        self.fail(f"watchdog: no end after {JOB['watchdog_ms']} ms")


CHECK = Check()
_console = AnkiWebPage.javaScriptConsoleMessage


def _record_console(
    page: AnkiWebPage,
    level: QWebEnginePage.JavaScriptConsoleMessageLevel,
    message: str | None,
    line: int,
    source: str | None,
) -> None:
    CHECK.console.append(
        {
            "level": level.name.removesuffix("MessageLevel").lower(),
            "message": message,
            "source": source,
            "line": line,
            "during": CHECK.label,
        }
    )
    _console(page, level, message, line, source)


def _record_error(handler: ErrorHandler, data: str) -> None:
    CHECK.errors.append(data)
    _write_error(handler, data)


AnkiWebPage.javaScriptConsoleMessage = _record_console  # type: ignore[method-assign,assignment]
_write_error = ErrorHandler.write
ErrorHandler.write = _record_error  # type: ignore[method-assign,assignment]
QTimer.singleShot(JOB["watchdog_ms"], CHECK.watchdog)
gui_hooks.profile_did_open.append(lambda: QTimer.singleShot(0, CHECK.guarded(CHECK.start)))
gui_hooks.reviewer_did_show_question.append(CHECK.guarded(CHECK.on_shown))
gui_hooks.reviewer_did_show_answer.append(CHECK.guarded(CHECK.on_shown))
gui_hooks.webview_did_receive_js_message.append(CHECK.answer)
