"""Synthetic scenarios for the benchmarks: the bundled seed, varied deterministically.

Scenario N is the seed with its own id (``story-00042``) and question, and its text varied:
words swapped for words of the same length, digits renumbered and sentences rotated, so each
keeps the seed's size and makes as many notes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SEED = Path(__file__).resolve().parents[1] / "scenarios" / "built-something-from-scratch.yaml"

# Words of the seed and same-length stand-ins: a varied scenario keeps the seed's length.
SWAPS: dict[str, tuple[str, ...]] = {
    "webhook": ("webhook", "billing", "catalog", "invoice", "storage", "message", "routing"),
    "payment": ("payment", "booking", "account", "pricing", "session", "release", "refunds"),
    "platform": ("platform", "identity", "checkout", "shipping", "accounts", "messages"),
    "notification": ("notification", "subscription", "verification", "registration"),
    "queue": ("queue", "store", "table", "cache", "stash"),
    "alerting": ("alerting", "tracking", "metering", "auditing", "flagging"),
    "alerts": ("alerts", "alarms", "paging", "checks"),
    "revenue": ("revenue", "profits", "margins", "bookings"),
    "logs": ("logs", "data", "rows", "dumps"),
    "failures": ("failures", "timeouts", "glitches", "mismatch"),
    "drop": ("drop", "loss", "miss", "fail", "skip"),
    "slack": ("slack", "email", "pager", "phone"),
    "weekly": ("weekly", "yearly", "hourly", "daily"),
    "network": ("network", "service", "library", "runtime", "storage"),
    "reliability": ("reliability", "consistency", "correctness", "performance", "scalability"),
    "monitoring": ("monitoring", "validation", "inspection", "governance", "dashboards"),
    "team": ("team", "crew", "unit", "squad", "group"),
    "issue": ("issue", "fault", "error", "defect"),
    "fix": ("fix", "patch", "change", "repair"),
    "service": ("service", "backend", "product", "pipeline"),
}
_SWAPPABLE = re.compile(
    r"\b(" + "|".join(sorted(SWAPS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'$])")
# Keys whose text is structure, not prose: ids, and the names other keys must match.
KEEP = frozenset({"id", "principle", "principles", "family", "level"})


@dataclass(frozen=True)
class Variation:
    """How one scenario differs from the seed: swapped words, renumbered digits, a random source."""

    words: dict[str, str]
    digits: dict[int, int]
    rng: random.Random

    @classmethod
    def for_index(cls, index: int) -> Variation:
        """The variation of scenario ``index``, the same on every run."""
        rng = random.Random(index)
        words = {word: rng.choice(choices) for word, choices in SWAPS.items()}
        shuffled = list("123456789")
        rng.shuffle(shuffled)
        return cls(words, str.maketrans("123456789", "".join(shuffled)), rng)

    def text(self, value: str) -> str:
        """``value`` with words swapped, digits renumbered and its sentences rotated."""
        value = _SWAPPABLE.sub(self._swap, value).translate(self.digits)
        sentences = _SENTENCE_END.split(value)
        if "\n" in value or len(sentences) < 3:
            return value
        shift = self.rng.randrange(1, len(sentences))
        return " ".join(sentences[shift:] + sentences[:shift])

    def _swap(self, match: re.Match[str]) -> str:
        word = match[0]
        new = self.words[word.lower()]
        return new[0].upper() + new[1:] if word[0].isupper() else new

    def data(self, value: Any) -> Any:
        """A copy of YAML data with every prose string varied."""
        if isinstance(value, dict):
            return {k: v if k in KEEP else self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def load_seed(path: Path = SEED) -> dict[str, Any]:
    """The seed scenario as plain data."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def make_scenario(seed: dict[str, Any], index: int) -> dict[str, Any]:
    """Scenario ``index``: the seed's shape and size, its own id, question and text."""
    variation = Variation.for_index(index)
    scenario: dict[str, Any] = variation.data(seed)
    scenario["id"] = f"story-{index:05d}"
    scenario["question"] = f"{variation.text(seed['question'])} (case {index:05d})"
    return scenario


def write_scenarios(folder: Path, count: int, seed: dict[str, Any]) -> None:
    """Write ``count`` synthetic scenarios into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        scenario = make_scenario(seed, index)
        text = yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False)
        (folder / f"{scenario['id']}.yaml").write_text(text, encoding="utf-8")
