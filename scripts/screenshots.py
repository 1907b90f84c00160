"""Screenshots of cards at phone size: the Action step and a 'Which story?' card.

    python scripts/screenshots.py

Builds the bundled scenario and the example stories in docs/examples/ with the
built-in question bank, imports the deck into a throwaway Anki collection and saves
docs/screenshots/step-{front,back}-{light,night}.png and which-story-back-{light,night}.png
(390 px wide at 2x, full height). Needs the test extra (anki, selenium) and Debian's
chromium and chromium-driver.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from anki.collection import Collection  # noqa: E402

from star_anki.bank import load_bank  # noqa: E402
from star_anki.collect import BuildOptions  # noqa: E402
from star_anki.load import load_scenarios  # noqa: E402
from star_anki.package import build_deck  # noqa: E402
from tests.browser import card_sides, phone_driver, screenshot, write_page  # noqa: E402
from tests.conftest import SCENARIOS, T1, import_deck  # noqa: E402

# The card, and the sides of it, each file shows.
SHOTS = {
    "built-something-from-scratch/step/action": ("step", ("front", "back")),
    "question:ownership-outside-role": ("which-story", ("back",)),
}
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="star-anki-screenshots-") as temp:
        work = Path(temp)
        col = Collection(str(work / "collection.anki2"))
        try:
            scenarios = load_scenarios([SCENARIOS, ROOT / "docs" / "examples"])
            options = BuildOptions(bank=load_bank())
            import_deck(col, build_deck(scenarios, work / "deck.apkg", options, T1).path)
            sides = [s for s in card_sides(col) if s.side in SHOTS.get(s.key, ("", ()))[1]]
        finally:
            col.close()
        driver = phone_driver(work / "chromium-profile")
        try:
            for side in sides:
                for mode in ("light", "night"):
                    page = write_page(side, mode == "night", work / "pages")
                    out = OUT / f"{SHOTS[side.key][0]}-{side.side}-{mode}.png"
                    screenshot(driver, page, out)
                    print(out.relative_to(ROOT))
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
