"""A table of scenarios: what each holds and the notes it becomes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Scenario
from .notetypes import NOTE_TYPES
from .package import notes_by_scenario

ELLIPSIS = "…"
_GAP = "  "
# Columns given up, in this order, when the table is too wide, and the narrowest they may get.
_SHRINKABLE = {"LEVELS": 6, "PRINCIPLES": 10, "QUESTION": 12}
# Note-type columns by kind, short enough to leave room for the question.
_HEADINGS = {
    "step": "STEPS", "key-phrases": "PHRASES", "weak-answer": "WEAK", "follow-up": "FOLLOW-UPS",
    "quiz": "QUIZ", "story": "STORY",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One scenario as listed: its words and its notes and cards per note type."""

    id: str
    question: str
    principles: str
    levels: str
    notes: tuple[int, ...]  # per note type, in NOTE_TYPES order
    cards: int


def rows(scenarios: Sequence[Scenario]) -> list[Row]:
    """The listing of ``scenarios``, in the order given."""
    found = []
    for scenario, notes in zip(scenarios, notes_by_scenario(scenarios), strict=True):
        counts = Counter(note.note_type.name for note in notes)
        found.append(
            Row(
                id=scenario.id,
                question=" ".join(scenario.question.split()),
                principles=", ".join(scenario.principles) or "-",
                levels=", ".join(variant.level for variant in scenario.levels) or "-",
                notes=tuple(counts[t.name] for t in NOTE_TYPES),
                cards=sum(len(note.ordinals) for note in notes),
            )
        )
    return found


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1].rstrip() + ELLIPSIS


def table(listing: Sequence[Row], width: int | None = None) -> str:
    """The rows as aligned text; long columns are cut with '…' to fit ``width`` (None: never)."""
    counts = [_HEADINGS[t.kind] for t in NOTE_TYPES]
    header = ["ID", "QUESTION", "PRINCIPLES", "LEVELS", *counts, "CARDS"]
    body = [
        [r.id, r.question, r.principles, r.levels, *map(str, r.notes), str(r.cards)]
        for r in listing
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    if width is not None:
        excess = sum(widths) + len(_GAP) * (len(widths) - 1) - width
        for name, narrowest in _SHRINKABLE.items():
            column = header.index(name)
            cut = max(0, min(excess, widths[column] - narrowest))
            widths[column] -= cut
            excess -= cut
    numeric = range(4, len(header))
    lines = []
    for line in [header, *body]:
        cells = [
            line[i].rjust(w) if i in numeric else _cut(line[i], w).ljust(w)
            for i, w in enumerate(widths)
        ]
        lines.append(_GAP.join(cells).rstrip())
    return "\n".join(lines) + "\n"


def totals(listing: Sequence[Row]) -> str:
    """One line: how many scenarios, notes and cards."""
    scenarios = len(listing)
    notes = sum(sum(row.notes) for row in listing)
    cards = sum(row.cards for row in listing)
    plural = "s" if scenarios != 1 else ""
    return f"{scenarios} scenario{plural}, {notes} notes, {cards} cards"
