"""Every card of the seed deck in headless Chromium at phone size, light and night.

Anki renders each side (card.question(), card.answer()); tests/browser.py wraps it the
way an Anki client does and loads it from a file, as AnkiDroid does. Each page is loaded
once and measured in one go; the countdown gets pages of its own, as it runs on a clock.
"""

from __future__ import annotations

import importlib.util
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from anki.collection import Collection

from star_anki.load import load_scenarios

from .browser import (
    CHROMEDRIVER,
    CHROMIUM,
    MEASURE,
    PHONE,
    CardSide,
    card_sides,
    contrast,
    desktop,
    luminance,
    phone_driver,
    show,
    write_page,
)
from .conftest import SCENARIOS, T1, build, import_deck, run, scenario_texts, shown_in

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

MODES = ("light", "night")
ACTION = "built-something-from-scratch/step/action"
# (background-color, color) of body.card, the same on every card side.
BODY_COLOURS = {
    "light": ("rgb(251, 251, 252)", "rgb(27, 29, 33)"),
    "night": ("rgb(23, 24, 28)", "rgb(231, 233, 238)"),
}
# The seconds each timed card counts down from: its target time.
TARGETS = {
    "built-something-from-scratch/step/situation": 30,
    "built-something-from-scratch/step/task": 20,
    "built-something-from-scratch/step/action": 90,
    "built-something-from-scratch/step/result": 20,
    "built-something-from-scratch/step/reflection": 15,
    "built-something-from-scratch/story/main": 175,
}
AAA, AA = 7.0, 4.5  # WCAG contrast ratios for body text (enhanced) and any text (minimum)


def _browser_missing() -> str | None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if importlib.util.find_spec("selenium") is None:
        missing.append("the selenium package")
    return f"no browser to test in: {', '.join(missing)} not installed" if missing else None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chrome]:
    """Headless Chromium with a phone viewport, shared by this module's tests."""
    reason = _browser_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
        pytest.skip(f"{reason} (Debian: apt-get install chromium chromium-driver)")
    browser = phone_driver(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> list[CardSide]:
    """Every side of every card of the seed deck, rendered by Anki after a real import."""
    folder = tmp_path_factory.mktemp("deck")
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_deck(col, build(SCENARIOS, folder / "deck.apkg", T1))
        return list(card_sides(col))
    finally:
        col.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, sides: list[CardSide]) -> dict[str, Path]:
    """Each side wrapped as a client page, light and night, by '<side name> <mode>'."""
    folder = tmp_path_factory.mktemp("pages")
    return {
        f"{side.name} {mode}": write_page(side, mode == "night", folder)
        for side in sides
        for mode in MODES
    }


@pytest.fixture(scope="module")
def measured(driver: Chrome, pages: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """MEASURE of every page, plus its console messages, by '<side name> <mode>'."""
    driver.get_log("browser")  # drop anything from before
    results: dict[str, dict[str, Any]] = {}
    for label, page in pages.items():
        show(driver, page)
        results[label] = driver.execute_script(MEASURE, PHONE["width"])
        results[label]["console"] = [
            entry["message"] for entry in driver.get_log("browser") if entry["level"] != "DEBUG"
        ]
    return results


def _side(sides: list[CardSide], key: str, side: str) -> CardSide:
    (found,) = (s for s in sides if s.key == key and s.side == side)
    return found


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(255, 255, 255)", "rgb(0, 0, 0)") == pytest.approx(21)
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


def test_every_card_side_is_measured_on_a_390_by_844_phone(
    sides: list[CardSide], measured: dict[str, dict[str, Any]]
) -> None:
    assert len(sides) == 25 * 2
    assert len(measured) == 25 * 2 * 2
    screens = {
        (m["innerWidth"], m["innerHeight"], m["devicePixelRatio"]) for m in measured.values()
    }
    assert screens == {(390, 844, 2)}


@pytest.mark.parametrize("mode", MODES)
def test_no_card_side_is_wider_than_the_phone(
    mode: str, measured: dict[str, dict[str, Any]]
) -> None:
    too_wide = {
        label: (m["innerWidth"], m["scrollWidth"], m["wide"])
        for label, m in measured.items()
        if label.endswith(mode)
        and (m["innerWidth"] != 390 or m["scrollWidth"] > m["innerWidth"] or m["wide"])
    }
    assert too_wide == {}


@pytest.mark.parametrize("mode", MODES)
def test_every_text_of_the_seed_scenario_is_visible(
    mode: str, measured: dict[str, dict[str, Any]]
) -> None:
    (scenario,) = load_scenarios([SCENARIOS])
    texts = scenario_texts(scenario)
    shown = _fold(" \n ".join(m["text"] for label, m in measured.items() if label.endswith(mode)))

    assert len(texts) == 115  # with the choices of two quiz items
    assert [text for text in texts if not shown_in(_fold(text), shown)] == []


def test_countdown_ticks_on_the_step_front_and_is_hidden_on_the_back(
    driver: Chrome, sides: list[CardSide], pages: dict[str, Path]
) -> None:
    read = "return document.getElementById('star-countdown').textContent"
    show(driver, pages[f"{_side(sides, ACTION, 'front').name} light"])
    first = driver.execute_script(read)
    time.sleep(1.3)
    second = driver.execute_script(read)

    assert first == "90s left"
    assert re.fullmatch(r"\d+s left", second)
    assert second in ("89s left", "88s left")
    assert driver.find_element("id", "star-countdown").is_displayed()

    show(driver, pages[f"{_side(sides, ACTION, 'back').name} light"])
    assert driver.find_elements("css selector", "hr#answer")
    countdown = driver.find_element("id", "star-countdown")
    assert not countdown.is_displayed()
    assert countdown.get_property("hidden") is True
    assert "⏱ Target: 90s" in driver.find_element("tag name", "body").text


def test_timed_fronts_count_down_from_the_target_and_backs_hide_it(
    sides: list[CardSide], measured: dict[str, dict[str, Any]]
) -> None:
    countdowns = {
        (side.key, side.side, mode): measured[f"{side.name} {mode}"]["countdown"]
        for side in sides
        for mode in MODES
    }
    expected: dict[tuple[str, str, str], object] = {}
    for key, side, mode in countdowns:
        seconds = TARGETS.get(key)
        if seconds is None:
            expected[key, side, mode] = None
        elif side == "front":
            expected[key, side, mode] = {
                "text": f"{seconds}s left", "seconds": str(seconds), "visible": True,
            }  # fmt: skip
        else:
            expected[key, side, mode] = {"text": "", "seconds": str(seconds), "visible": False}
    assert countdowns == expected
    answers = {label for label, m in measured.items() if m["answer"]}
    assert answers == {f"{s.name} {mode}" for s in sides if s.side == "back" for mode in MODES}


def test_night_mode_changes_the_colours_and_keeps_body_text_contrast_high(
    sides: list[CardSide], measured: dict[str, dict[str, Any]]
) -> None:
    for side in sides:
        light = measured[f"{side.name} light"]["body"]
        night = measured[f"{side.name} night"]["body"]
        assert light[0] != night[0] and light[1] != night[1], side.name
    assert {tuple(m["body"]) for label, m in measured.items() if label.endswith("light")} == {
        BODY_COLOURS["light"]
    }
    assert {tuple(m["body"]) for label, m in measured.items() if label.endswith("night")} == {
        BODY_COLOURS["night"]
    }
    for background, colour in BODY_COLOURS.values():
        assert contrast(colour, background) >= AAA
    assert luminance(BODY_COLOURS["night"][0]) < 0.05 < 0.9 < luminance(BODY_COLOURS["light"][0])


@pytest.mark.parametrize("mode", MODES)
def test_every_text_is_readable_against_its_background(
    mode: str, measured: dict[str, dict[str, Any]]
) -> None:
    faint = {
        (element, colour, background, round(contrast(colour, background), 2))
        for label, m in measured.items()
        if label.endswith(mode)
        for element, colour, background, _ in m["texts"]
        if contrast(colour, background) < AA
    }
    assert faint == set()


def test_pages_load_nothing_from_the_network_and_log_no_errors(
    measured: dict[str, dict[str, Any]],
) -> None:
    fetched = {
        label: [name for name in m["resources"] if not name.startswith("file:")]
        for label, m in measured.items()
    }
    linked = {
        label: [url for url in m["links"] if re.match(r"(https?:)?//", url)]
        for label, m in measured.items()
    }
    assert {label: names for label, names in fetched.items() if names} == {}
    assert {label: urls for label, urls in linked.items() if urls} == {}
    assert {label: m["console"] for label, m in measured.items() if m["console"]} == {}


_READ_FRAMES = """
const page = document.documentElement;
return {
  scrollWidth: page.scrollWidth,
  clientWidth: page.clientWidth,
  frames: [...document.querySelectorAll("iframe.phone")].map((frame) => ({
    width: frame.getBoundingClientRect().width,
    height: frame.getBoundingClientRect().height,
    border: getComputedStyle(frame).borderTopWidth,
    text: frame.contentDocument.body.innerText.trim().length,
    night: frame.contentDocument.body.classList.contains("nightMode")
      && frame.contentDocument.body.classList.contains("night_mode"),
    background: getComputedStyle(frame.contentDocument.body).backgroundColor,
  })),
};
"""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's preview page as the command writes it: 40 cards under the coverage table."""
    page = tmp_path_factory.mktemp("preview") / "preview.html"
    result = run("preview", SCENARIOS, "-o", page)
    assert result.stdout == f"Wrote {page}: 40 cards from 1 scenario\n"
    return page


def test_preview_page_shows_phones_and_switches_to_night_mode(
    driver: Chrome, preview: Path
) -> None:
    with desktop(driver):
        show(driver, preview)
        light = driver.execute_script(_READ_FRAMES)["frames"]
        assert len(light) == 2 * 40
        # The phone and its bezel.
        assert {(frame["width"], frame["border"]) for frame in light} == {(390 + 2 * 10, "10px")}
        assert not any(frame["night"] for frame in light)

        driver.execute_script('document.getElementById("night").click();')
        night = driver.execute_script(_READ_FRAMES)["frames"]
    assert all(frame["night"] for frame in night)
    assert {frame["background"] for frame in night} == {"rgb(23, 24, 28)"}
    assert {frame["background"] for frame in light} == {"rgb(251, 251, 252)"}


def test_preview_page_on_a_phone_shows_the_cards_full_width_without_frames(
    driver: Chrome, preview: Path
) -> None:
    show(driver, preview)
    found = driver.execute_script(_READ_FRAMES)
    # Laid out at the phone's own width, not zoomed out, and never wider than it.
    assert found["clientWidth"] == PHONE["width"]
    assert found["scrollWidth"] <= found["clientWidth"]
    frames = found["frames"]
    assert len(frames) == 2 * 40
    assert {(frame["width"], frame["border"]) for frame in frames} == {(PHONE["width"], "0px")}
    assert all(frame["height"] >= 300 and frame["text"] > 0 for frame in frames)


_NEXT_CARD = """
const [html] = arguments;
const qa = document.getElementById("qa");
qa.innerHTML = html;
// As Anki clients do: the card goes in by innerHTML, then its scripts are run.
qa.querySelectorAll("script").forEach((script) => new Function(script.textContent)());
return window.__timers.size;
"""
_COUNT_TIMERS = """
window.__timers = new Set();
const set = window.setInterval.bind(window), clear = window.clearInterval.bind(window);
window.setInterval = (fn, ms) => { const id = set(fn, ms); window.__timers.add(id); return id; };
window.clearInterval = (id) => { window.__timers.delete(id); clear(id); };
"""


def test_one_page_reused_for_many_cards_runs_one_timer(
    driver: Chrome, sides: list[CardSide], pages: dict[str, Path]
) -> None:
    show(driver, pages[f"{_side(sides, ACTION, 'front').name} light"])
    driver.execute_script(_COUNT_TIMERS)
    task = _side(sides, "built-something-from-scratch/step/task", "front").html
    story = _side(sides, "built-something-from-scratch/story/main", "front").html
    quiz = next(side.html for side in sides if side.note_type == "STAR Quiz")

    assert driver.execute_script(_NEXT_CARD, task) == 1
    assert driver.execute_script(
        "return document.getElementById('star-countdown').textContent"
    ) == ("20s left")
    assert driver.execute_script(_NEXT_CARD, story) == 1
    assert driver.execute_script(
        "return document.getElementById('star-countdown').textContent"
    ) == ("175s left")
    driver.execute_script(_NEXT_CARD, quiz)  # a card with no countdown of its own
    time.sleep(0.5)
    assert driver.execute_script("return window.__timers.size") == 0  # the story's stopped


@pytest.mark.parametrize("mode", MODES)
def test_a_retired_card_says_it_was_removed_readably_on_a_phone(
    mode: str, driver: Chrome, tmp_path: Path, seed_copy: Path
) -> None:
    deck = build(seed_copy, tmp_path / "deck.apkg", T1)
    text = seed_copy.read_text(encoding="utf-8")
    start = text.index("  - id: measure-business-impact-fix\n")
    end = text.index("  - id: ", start + 1)
    seed_copy.write_text(text[:start] + text[end:], encoding="utf-8")
    build(seed_copy, deck, T1 + 60)  # over the first deck: the follow-up is retired
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_deck(col, deck)
        key = "built-something-from-scratch/follow-up/measure-business-impact-fix"
        retired = [s for s in card_sides(col) if s.key == key]
    finally:
        col.close()

    for side in retired:
        show(driver, write_page(side, mode == "night", tmp_path / "pages"))
        measure = driver.execute_script(MEASURE, PHONE["width"])
        assert (measure["scrollWidth"], measure["wide"]) == (390, [])
        assert _fold(measure["text"]).startswith(
            "Follow-up Removed from your scenarios. This item is no longer in its scenario file."
        )
        notice = [t for t in measure["texts"] if t[0] in ("div.star-removed", "b")]
        assert len(notice) >= 2
        assert [t for t in measure["texts"] if contrast(t[1], t[2]) < AA] == []
