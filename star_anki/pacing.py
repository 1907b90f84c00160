"""Pacing to an interview date: a deck options preset that introduces every card in time.

genanki writes no presets; the .apkg writer (apkg.py) adds this one to the
collection's ``dconf`` and points every deck of the build at it.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from dataclasses import dataclass
from typing import Any

from .errors import PacingError
from .wording import plural

# The last days before an interview are for reviews only.
REVIEW_DAYS = 3
# Beyond this many new cards a day, the reviews they bring take well over an hour.
MAX_NEW_PER_DAY = 50
# Learning steps for one session a day: again at the end of the session, then tomorrow.
LEARNING_STEPS = (10.0, 1440.0)
RELEARNING_STEPS = (10.0,)
GRADUATING_DAYS = 3
EASY_DAYS = 4
UNLIMITED_REVIEWS = 9999
# Anki records at most "maximum answer seconds" of a card's answer (60 by default); a told
# story runs for minutes. The cap covers the longest target and half again for overruns,
# in whole half minutes, up to the 600 Anki's deck options recommend at most.
ANSWER_SECONDS_FLOOR = 60
ANSWER_SECONDS_CEILING = 600
# Anki's "display order" of new cards: as gathered, that is in the order the deck gives
# them, rather than its default of each card type in turn (which puts second clozes last).
NEW_CARDS_AS_GATHERED = 1


@dataclass(frozen=True)
class Preset:
    """A deck options preset paced to an interview date."""

    id: int
    name: str
    new_per_day: int
    last_new_day: datetime.date  # when the last new card comes, at this pace
    maximum_interval: int
    maximum_answer_seconds: int = ANSWER_SECONDS_FLOOR

    def config(self, base: dict[str, Any], mod: int) -> dict[str, Any]:
        """This preset as Anki's deck-config JSON, made from ``base`` (a default config)."""
        new = {
            **base["new"], "perDay": self.new_per_day, "delays": list(LEARNING_STEPS),
            "ints": [min(GRADUATING_DAYS, self.maximum_interval),
                     min(EASY_DAYS, self.maximum_interval), 0],
            "bury": False,
        }  # fmt: skip
        review = {
            **base["rev"], "perDay": UNLIMITED_REVIEWS, "maxIvl": self.maximum_interval,
            "bury": False,
        }  # fmt: skip
        lapse = {**base["lapse"], "delays": list(RELEARNING_STEPS), "minInt": 1}
        return {
            **base, "id": self.id, "name": self.name, "mod": mod, "usn": -1,
            "new": new, "rev": review, "lapse": lapse, "maxTaken": self.maximum_answer_seconds,
            "newSortOrder": NEW_CARDS_AS_GATHERED,
        }  # fmt: skip


@dataclass(frozen=True)
class InterviewPlan:
    """The interview date and today: how many days there are to learn the cards."""

    interview: datetime.date
    today: datetime.date

    def __post_init__(self) -> None:
        days = (self.interview - self.today).days
        when = self.interview.isoformat()
        if days < 0:
            raise PacingError(f"the interview date {when} is in the past")
        if days <= REVIEW_DAYS:
            earliest = (self.today + datetime.timedelta(days=REVIEW_DAYS + 1)).isoformat()
            away = "today" if days == 0 else f"{plural(days, 'day')} away"
            raise PacingError(
                f"the interview date {when} is {away}; new cards are spread over the days"
                f" before the last {REVIEW_DAYS}, so choose {earliest} or later"
            )

    @property
    def days_left(self) -> int:
        """Days from today to the interview."""
        return (self.interview - self.today).days

    @property
    def deadline(self) -> datetime.date:
        """The last day new cards may come: the day before the days of reviews only."""
        return self.interview - datetime.timedelta(days=REVIEW_DAYS + 1)

    def preset(self, cards: int, longest: int = 0) -> Preset:
        """The preset that introduces ``cards`` new cards evenly by the ``deadline``.

        ``longest`` is the longest target time of a card, in seconds.
        """
        days = self.days_left - REVIEW_DAYS
        per_day = max(1, math.ceil(cards / days))
        if per_day > MAX_NEW_PER_DAY:
            raise PacingError(
                f"{cards} cards by {self.deadline.isoformat()} would take {per_day} new cards"
                f" a day (at most {MAX_NEW_PER_DAY} leaves time for their reviews); choose a later"
                " interview date or fewer scenarios (--principle, --tag)"
            )
        answer = answer_seconds(longest)
        name = (
            f"STAR interview {self.interview.isoformat()}: {per_day} new a day,"
            f" answers up to {answer} s"
        )
        # Anki never overwrites a preset it already has, so any change of pace is a new preset.
        digest = hashlib.sha256(f"star-anki preset {name}".encode()).digest()
        return Preset(
            id=int.from_bytes(digest[:5], "big") + (1 << 41),
            name=name,
            new_per_day=per_day,
            last_new_day=self.today
            + datetime.timedelta(days=max(1, math.ceil(cards / per_day)) - 1),
            maximum_interval=max(1, self.days_left // 2),
            maximum_answer_seconds=answer,
        )


def answer_seconds(longest: int) -> int:
    """Anki's "maximum answer seconds" for cards whose longest target is ``longest`` seconds.

    Half again for overruns, up to the ceiling; never less than the target itself.
    """
    with_overrun = min(ANSWER_SECONDS_CEILING, math.ceil(longest * 1.5 / 30) * 30)
    return max(ANSWER_SECONDS_FLOOR, with_overrun, math.ceil(longest / 30) * 30)
