"""Screenshots of the Action step card, front and back, light and night, at phone size.

    python scripts/screenshots.py

Builds the bundled deck, imports it into a throwaway Anki collection and saves
docs/screenshots/step-{front,back}-{light,night}.png (390 px wide at 2x, full height).
Needs the test extra (anki, selenium) and Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from anki.collection import Collection  # noqa: E402

from tests.browser import card_sides, phone_driver, screenshot, write_page  # noqa: E402
from tests.conftest import SCENARIOS, T1, build, import_deck  # noqa: E402

KEY = "built-something-from-scratch/step/action"
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="star-anki-screenshots-") as temp:
        work = Path(temp)
        col = Collection(str(work / "collection.anki2"))
        try:
            import_deck(col, build(SCENARIOS, work / "deck.apkg", T1))
            sides = [side for side in card_sides(col) if side.key == KEY]
        finally:
            col.close()
        driver = phone_driver(work / "chromium-profile")
        try:
            for side in sides:
                for mode in ("light", "night"):
                    page = write_page(side, mode == "night", work / "pages")
                    out = OUT / f"step-{side.side}-{mode}.png"
                    screenshot(driver, page, out)
                    print(out.relative_to(ROOT))
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
