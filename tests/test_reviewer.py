"""Every card of the bundled deck in Anki's own desktop reviewer, at 390x844, light and night.

tests/reviewer.py starts the real Anki (aqt, the same version as the anki library) once
for this module, on a virtual X display, with the deck imported as the import dialog does;
its add-on shows each card's question and answer in the reviewer and measures the page.
These tests assert on those measurements: what the desktop app draws, not a stand-in.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import re
import struct
import sys
from collections import Counter
from pathlib import Path

import pytest
from anki.buildinfo import version as anki_version
from anki.collection import Collection

from .browser import contrast, luminance
from .conftest import ROOT, SCENARIOS, import_deck, run
from .reviewer import (
    DEBIAN_PACKAGES,
    VIEWPORT,
    Divider,
    Mode,
    ReviewerError,
    ReviewerFacts,
    Side,
    SideFacts,
    alpha,
    run_reviewer,
)

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="Anki's reviewer is driven under Xvfb, which is Linux only"
)

MODES: tuple[Mode, ...] = ("light", "night")
WIDTH, HEIGHT = VIEWPORT
STORY = "STAR Story"
NON_TEXT = 3.0  # WCAG 1.4.11: icons and their parts against what is next to them


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled scenarios built the way a learner builds them."""
    out = tmp_path_factory.mktemp("deck") / "star-interview.apkg"
    result = run("build", SCENARIOS, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def cards(deck: Path, tmp_path_factory: pytest.TempPathFactory) -> Counter[tuple[str, str, int]]:
    """(note type, Key field, template number) of every card, by the anki library alone."""
    col = Collection(str(tmp_path_factory.mktemp("collection") / "collection.anki2"))
    try:
        import_deck(col, deck)
        found = (col.get_card(card_id) for card_id in col.find_cards(""))
        return Counter((c.note_type()["name"], c.note()["Key"], c.ord) for c in found)
    finally:
        col.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the Anki run saves the Story card's screenshots."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def facts(
    deck: Path,
    cards: Counter[tuple[str, str, int]],
    shots: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> ReviewerFacts:
    """One run of Anki over the whole deck, shared by this module's tests."""
    if importlib.util.find_spec("aqt") is None:
        pytest.fail(
            'aqt is not installed: pip install -e ".[test]" installs aqt[qt]', pytrace=False
        )
    sides: tuple[Side, ...] = ("front", "back")
    stories = {key: sides for note_type, key, _ in cards if note_type == STORY}
    try:
        return run_reviewer(
            deck, tmp_path_factory.mktemp("reviewer"), screenshots=stories, shots_dir=shots
        )
    except ReviewerError as error:  # says what to install when Xvfb or a library is missing
        failure = str(error)
    pytest.fail(failure, pytrace=False)


def _sides(
    facts: ReviewerFacts, side: str | None = None, mode: str | None = None
) -> list[SideFacts]:
    return [s for s in facts.sides if side in (None, s.side) and mode in (None, s.mode)]


def _seconds(countdown_text: str | None) -> int:
    match = re.fullmatch(r"(\d+)s left", countdown_text or "")
    assert match, f"not a countdown: {countdown_text!r}"
    return int(match[1])


def test_colour_and_divider_helpers_read_computed_styles() -> None:
    assert alpha("rgb(1, 2, 3)") == 1.0
    assert alpha("rgba(0, 0, 0, 0)") == 0.0
    assert alpha("rgba(1, 2, 3, 0.5)") == 0.5
    # hr#answer as the card's CSS alone draws it: a 1 px top border, no background band.
    border = Divider(
        id="answer",
        border_top_width="1px",
        border_top_style="solid",
        border_top_color="rgb(213, 217, 224)",
        border_bottom_width="0px",
        background_color="rgba(0, 0, 0, 0)",
        height=1,
        client_height=0,
        visible=True,
    )
    assert border.lines == 1
    banded = dataclasses.replace(border, background_color="rgb(115, 115, 115)", height=2)
    assert dataclasses.replace(banded, client_height=1).lines == 2  # Anki's hr band as well
    assert dataclasses.replace(banded, client_height=1, border_top_style="none").lines == 1
    assert dataclasses.replace(border, visible=False).lines == 0


def test_every_card_side_is_shown_in_light_and_night_on_a_390_by_844_view(
    facts: ReviewerFacts, cards: Counter[tuple[str, str, int]]
) -> None:
    assert facts.anki_version == anki_version  # aqt and anki are one release
    assert facts.cards == sum(cards.values()) > 0
    assert len(facts.sides) == facts.cards * 2 * 2
    shown = Counter((s.key, s.ord, s.side, s.mode) for s in facts.sides)
    expected = {
        (key, ord, side, mode): n
        for (_, key, ord), n in cards.items()
        for side in ("front", "back")
        for mode in MODES
    }
    assert shown == Counter(expected)
    screens = {(s.inner_width, s.inner_height, s.device_pixel_ratio) for s in facts.sides}
    assert screens == {(WIDTH, HEIGHT, 1)}
    assert [s.label for s in facts.sides if not s.text] == []


def test_night_mode_is_the_one_anki_applies(facts: ReviewerFacts) -> None:
    for side in _sides(facts, mode="light"):
        assert not {"nightMode", "night_mode"} & set(side.body_classes.split()), side.label
        assert "night-mode" not in side.html_classes.split(), side.label
    for side in _sides(facts, mode="night"):
        assert {"nightMode", "night_mode"} <= set(side.body_classes.split()), side.label
        assert "night-mode" in side.html_classes.split(), side.label
    backgrounds = {mode: {s.body_background for s in _sides(facts, mode=mode)} for mode in MODES}
    assert all(luminance(colour) > 0.8 for colour in backgrounds["light"]), backgrounds
    assert all(luminance(colour) < 0.05 for colour in backgrounds["night"]), backgrounds
    # Anki's own canvas under the page follows the theme too.
    assert {s.web_background for s in _sides(facts, mode="light")} == {"#f5f5f5"}
    assert {s.web_background for s in _sides(facts, mode="night")} == {"#2c2c2c"}


@pytest.mark.parametrize("mode", MODES)
def test_no_card_side_is_wider_than_the_view(mode: Mode, facts: ReviewerFacts) -> None:
    too_wide = {
        s.label: (s.client_width, s.scroll_width, s.wide)
        for s in _sides(facts, mode=mode)
        if s.scroll_width > s.client_width or s.wide
    }
    assert too_wide == {}


def test_timed_fronts_count_down_and_backs_hide_the_countdown(facts: ReviewerFacts) -> None:
    fronts = [s for s in _sides(facts, side="front") if s.countdown is not None]
    steps = [s for s in _sides(facts, side="front") if s.note_type == "STAR Step"]
    assert steps and all(s.countdown is not None for s in steps)
    for side in fronts:
        countdown = side.countdown
        assert countdown is not None and countdown.seconds is not None
        assert countdown.visible, side.label
        first, later = _seconds(countdown.text), _seconds(countdown.later)
        assert int(countdown.seconds) - 1 <= first <= int(countdown.seconds), side.label
        assert countdown.elapsed_ms is not None and countdown.elapsed_ms >= 1400, side.label
        most = math.ceil(countdown.elapsed_ms / 1000) + 1
        assert first - most <= later < first, (side.label, countdown)
    backs = [s for s in _sides(facts, side="back") if s.countdown is not None]
    assert {(s.key, s.ord, s.mode) for s in backs} == {(s.key, s.ord, s.mode) for s in fronts}
    assert [s.label for s in backs if s.countdown and s.countdown.visible] == []


@pytest.mark.parametrize("mode", MODES)
def test_every_back_draws_the_answer_divider_once(mode: Mode, facts: ReviewerFacts) -> None:
    # Anki's reviewer.css gives every hr a 1 px grey background; a card that draws its own
    # border-top must clear that background too, or the divider shows as two lines.
    def drawn(side: SideFacts) -> int:
        return sum(divider.lines for divider in side.dividers)

    backs = _sides(facts, side="back", mode=mode)
    assert {d.id for s in backs for d in s.dividers} == {"answer"}
    not_once = {s.label: (drawn(s), s.dividers) for s in backs if drawn(s) != 1}
    assert not_once == {}
    assert [s.label for s in _sides(facts, side="front", mode=mode) if drawn(s)] == []


def test_the_play_button_is_readable_in_night_mode(facts: ReviewerFacts) -> None:
    buttons = [(s.label, b) for s in _sides(facts, mode="night") for b in s.play_buttons]
    assert buttons, "no card side has a play button"
    unreadable = {}
    for label, button in buttons:
        assert button.background is not None and luminance(button.background) < 0.05, label
        checks = {
            "triangle on disc": contrast(button.path_fill, button.circle_fill) >= NON_TEXT,
            "button on page": max(
                contrast(button.circle_stroke, button.background),
                contrast(button.circle_fill, button.background),
            )
            >= NON_TEXT,
            "disc not near-white": luminance(button.circle_fill) < 0.3,
        }
        if not all(checks.values()):
            unreadable[label] = (button, [name for name, ok in checks.items() if not ok])
    assert unreadable == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_story_back_is_at_most_two_screens_with_its_details_closed(
    mode: Mode, facts: ReviewerFacts
) -> None:
    backs = [s for s in _sides(facts, side="back", mode=mode) if s.note_type == STORY]
    assert backs
    too_tall = {s.label: s.scroll_height for s in backs if s.scroll_height > 2 * HEIGHT}
    assert too_tall == {}, f"more than {2 * HEIGHT} px"
    assert {s.label: [d.summary for d in s.details if d.open] for s in backs} == {
        s.label: [] for s in backs
    }


def test_the_story_back_says_nothing_twice(facts: ReviewerFacts) -> None:
    backs = [s for s in _sides(facts, side="back") if s.note_type == STORY]
    for side in backs:
        pieces = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n", side.text)]
        said = Counter(p for p in pieces if len(p.split()) >= 3)
        assert [p for p, n in said.items() if n > 1] == [], side.label
        assert [d.summary for d in side.details] == ["Full answer", "Overview and takeaways"]


def test_ci_installs_the_debian_packages_the_reviewer_needs() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"reviewer_packages=\(([^)]*)\)", script)
    assert listed is not None
    assert listed[1].split() == DEBIAN_PACKAGES.split()


def test_pages_log_no_errors_and_anki_shows_no_dialog(facts: ReviewerFacts) -> None:
    assert [m for m in facts.console if m.level in ("error", "warning")] == []
    assert facts.python_errors == ()
    assert facts.windows == ()


def test_screenshots_show_the_whole_page_at_the_view_width(
    facts: ReviewerFacts, shots: Path
) -> None:
    stories = [s for s in facts.sides if s.note_type == STORY]
    assert len(list(shots.glob("*.png"))) == len(stories) > 0
    for side in stories:
        assert side.screenshot is not None and side.screenshot.parent == shots, side.label
        header = side.screenshot.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", header[16:24])
        assert (width, height) == (WIDTH, max(HEIGHT, side.scroll_height)), side.label
