"""Screenshots of cards as Anki's own desktop reviewer draws them, 390 px wide, light and night.

    python scripts/screenshots.py

Builds the bundled scenario and the example stories in docs/examples/ with the
built-in question bank, shows the deck in the real Anki desktop reviewer (aqt) on a
virtual X display, as tests/test_reviewer.py does, and saves the full height of
docs/screenshots/{step-front,step-back,story-back,pitch-back,which-story-back}-{light,night}.png.
Needs the test extra (aqt[qt]) and the Debian packages .ci/run installs; with
fonts-noto-color-emoji installed the icons (⏱, 💡) show in colour instead of as boxes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from star_anki.bank import load_bank  # noqa: E402
from star_anki.collect import BuildOptions  # noqa: E402
from star_anki.load import load_scenarios  # noqa: E402
from star_anki.package import build_deck  # noqa: E402
from tests.conftest import SCENARIOS, T1  # noqa: E402
from tests.reviewer import Side, run_reviewer  # noqa: E402

# The note whose card each file shows, and the sides of it.
SHOTS: dict[str, tuple[str, tuple[Side, ...]]] = {
    "built-something-from-scratch/step/action": ("step", ("front", "back")),
    "built-something-from-scratch/story/main": ("story", ("back",)),
    "built-something-from-scratch/pitch/ownership": ("pitch", ("back",)),
    "question:ownership-outside-role": ("which-story", ("back",)),
}
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="star-anki-screenshots-") as temp:
        work = Path(temp)
        scenarios = load_scenarios([SCENARIOS, ROOT / "docs" / "examples"])
        deck = build_deck(scenarios, work / "deck.apkg", BuildOptions(bank=load_bank()), T1)
        (work / "reviewer").mkdir()
        facts = run_reviewer(
            deck.path, work / "reviewer", screenshots={k: s for k, (_, s) in SHOTS.items()},
            shots_dir=work,
        )  # fmt: skip
        for side in facts.sides:
            if side.screenshot is None:
                continue
            out = OUT / f"{SHOTS[side.key][0]}-{side.side}-{side.mode}.png"
            shutil.copyfile(side.screenshot, out)
            print(f"{out.relative_to(ROOT)}  {side.scroll_height} px")


if __name__ == "__main__":
    main()
