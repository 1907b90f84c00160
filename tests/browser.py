"""Cards in a real browser: Anki's rendering wrapped like a client page, in headless Chromium.

Used by tests/test_browser.py, its colour helpers by tests/test_reviewer.py too. Needs
Debian's chromium and chromium-driver (or the same paths elsewhere) and selenium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from anki.collection import Collection

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)
# Anki leaves [anki:play:a:0] where a {{tts}} or [sound:] tag was; clients swap in a play
# button. This is the desktop client's button, with a stand-in for its stylesheet.
_AV_REF = re.compile(r"\[anki:(play:[qa]:\d+)\]")
_PLAY_BUTTON = (
    '<a class="replay-button soundLink" href="#" onclick="return false;">'
    '<svg class="playImage" viewBox="0 0 64 64" version="1.1">'
    '<circle cx="32" cy="32" r="29" />'
    '<path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" />'
    "</svg></a>"
)
_CLIENT_CSS = (
    "<style>"
    ".replay-button { display: inline-flex; vertical-align: middle; margin: 3px; }"
    ".replay-button svg { width: 40px; height: 40px; }"
    ".replay-button circle { fill: #fff; stroke: #414141; } .replay-button path { fill: #414141; }"
    ".nightMode .replay-button circle { fill: #363636; stroke: #8f8f8f; }"
    ".nightMode .replay-button path { fill: #8f8f8f; }"
    "</style>"
)


@dataclass(frozen=True)
class CardSide:
    """One side of one card as Anki renders it."""

    note_type: str
    key: str  # the note's Key field
    ord: int  # the card's template or cloze number, from 0
    side: str  # "front" or "back"
    html: str

    @property
    def name(self) -> str:
        """A file-name-safe label, unique within a deck."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.key.lower()).strip("-")
        return f"{slug}-{self.ord}-{self.side}"


def card_sides(col: Collection) -> Iterator[CardSide]:
    """Every card's front and back, in card-id order, rendered by the Anki library."""
    for card_id in sorted(col.find_cards("")):
        card = col.get_card(card_id)
        note = card.note()
        note_type = card.note_type()["name"]
        yield CardSide(note_type, note["Key"], card.ord, "front", card.question())
        yield CardSide(note_type, note["Key"], card.ord, "back", card.answer())


def wrap(card_html: str, night: bool) -> str:
    """A page like the one an Anki client shows: viewport meta, body.card, div#qa."""
    body_class = "card nightMode night_mode" if night else "card"
    content = _AV_REF.sub(_PLAY_BUTTON, card_html)
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'{_CLIENT_CSS}</head><body class="{body_class}"><div id="qa">{content}</div></body></html>'
    )


def write_page(side: CardSide, night: bool, folder: Path) -> Path:
    """The wrapped side saved as an HTML file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{side.name}-{'night' if night else 'light'}.html"
    path.write_text(wrap(side.html, night), encoding="utf-8")
    return path


def phone_driver(profile: Path) -> Chrome:
    """Headless Chromium with a 390x844 phone viewport and a fresh profile in ``profile``."""
    from selenium.webdriver import Chrome, ChromeOptions
    from selenium.webdriver.chrome.service import Service

    options = ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={PHONE['width']},{PHONE['height']}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console, for tests
    driver = Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        set_viewport(driver, PHONE["height"])
    except BaseException:
        driver.quit()
        raise
    return driver


def set_viewport(driver: Chrome, height: int) -> None:
    """Emulate the phone, ``height`` CSS pixels tall (taller for full-page screenshots)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**PHONE, "height": height})


@contextmanager
def desktop(driver: Chrome) -> Iterator[None]:
    """A desktop browser window for the block; the phone again after it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", DESKTOP)
    try:
        yield
    finally:
        set_viewport(driver, PHONE["height"])


def show(driver: Chrome, page: Path) -> None:
    """Open a saved page; returns once it has loaded and its scripts have run."""
    driver.get(page.resolve().as_uri())


def screenshot(driver: Chrome, page: Path, out: Path) -> None:
    """Save the whole page (phone width, full height) as a PNG."""
    show(driver, page)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    set_viewport(driver, max(height, PHONE["height"]))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        set_viewport(driver, PHONE["height"])


# Everything the tests need from a loaded page, read in one call right after it loads.
# Widths are checked against the phone's 390 px, not innerWidth: on a mobile viewport,
# content wider than the screen makes Chromium zoom out and widen innerWidth to match.
# Collapsed parts are opened first: what is one tap away must fit and read well too.
MEASURE = """
const width = arguments[0];
const collapsed = document.querySelectorAll("details");
collapsed.forEach((part) => { part.open = true; });
const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + [...el.classList].map((name) => "." + name).join("");
const alpha = (css) => {
  const parts = css.match(/[\\d.]+/g);
  return parts.length > 3 ? +parts[3] : 1;
};
const backdrop = (el) => {
  for (; el; el = el.parentElement) {
    const colour = getComputedStyle(el).backgroundColor;
    if (alpha(colour) > 0) return colour;
  }
  return "rgb(255, 255, 255)";
};
const wide = [];
for (const el of document.body.querySelectorAll("*")) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  if (box.right > width || box.left < 0) wide.push(`${describe(el)} ${box.left}..${box.right}`);
}
const texts = [];
const seen = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || seen.has(el) || !el.checkVisibility()) continue;
  seen.add(el);
  texts.push([describe(el), getComputedStyle(el).color, backdrop(el), node.textContent.trim()]);
}
const countdown = document.getElementById("star-countdown");
const body = getComputedStyle(document.body);
return {
  innerWidth: width,
  innerHeight: window.innerHeight,
  devicePixelRatio: window.devicePixelRatio,
  scrollWidth: document.documentElement.scrollWidth,
  wide: wide,
  text: document.body.innerText,
  body: [body.backgroundColor, body.color],
  texts: texts,
  resources: performance.getEntriesByType("resource").map((entry) => entry.name),
  links: [...document.querySelectorAll("[src], [href]")]
    .map((el) => el.getAttribute("src") || el.getAttribute("href")),
  answer: document.querySelector("hr#answer") !== null,
  collapsed: collapsed.length,
  countdown: countdown && {
    text: countdown.textContent,
    seconds: countdown.dataset.seconds,
    visible: countdown.checkVisibility(),
  },
};
"""


def luminance(css_colour: str) -> float:
    """WCAG relative luminance of an opaque 'rgb(r, g, b)'."""
    red, green, blue, *alpha = (float(part) for part in re.findall(r"[\d.]+", css_colour))
    assert alpha in ([], [1.0]), f"{css_colour} is not opaque"

    def linear(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
