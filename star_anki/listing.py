"""The scenarios listed: a table of what each holds and the notes it becomes, or a block each."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .collect import notes_by_scenario
from .model import Scenario
from .notetypes import SCENARIO_NOTE_TYPES
from .wording import display_width

ELLIPSIS = "…"
_GAP = "  "
_INDENT = "  "  # of a block's lines under its id
# Columns given up, in this order, when the table is too wide, and the narrowest they may get.
_SHRINKABLE = {"LEVELS": 6, "PRINCIPLES": 10, "QUESTION": 12}
# Note-type columns by kind, short enough to leave room for the question.
_HEADINGS = {
    "step": "STEPS", "key-phrases": "PHRASES", "weak-answer": "WEAK", "follow-up": "FOLLOW-UPS",
    "quiz": "QUIZ", "story": "STORY", "pitch": "PITCH", "level": "LEVEL",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One scenario as listed: its words and its notes and cards per note type."""

    id: str
    question: str
    principles: str
    levels: str
    notes: tuple[int, ...]  # per note type, in SCENARIO_NOTE_TYPES order
    cards: int


def _one_line(text: str) -> str:
    """Text for a table cell: one line, spaces folded, in NFC as Anki stores it."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def rows(scenarios: Sequence[Scenario]) -> list[Row]:
    """The listing of ``scenarios``, in the order given."""
    found = []
    for scenario, notes in zip(scenarios, notes_by_scenario(scenarios), strict=True):
        counts = Counter(note.note_type.name for note in notes)
        found.append(
            Row(
                id=scenario.id,
                question=_one_line(scenario.question),
                principles=_one_line(", ".join(scenario.principles) or "-"),
                levels=_one_line(", ".join(variant.level for variant in scenario.levels) or "-"),
                notes=tuple(counts[t.name] for t in SCENARIO_NOTE_TYPES),
                cards=sum(len(note.ordinals) for note in notes),
            )
        )
    return found


def _cut(value: str, width: int) -> str:
    """``value`` in at most ``width`` columns, cut with '…', padded to exactly ``width``."""
    if display_width(value) > width:
        kept = ""
        # Accents take no column, so one never parts from the letter before it.
        for char in value:
            if display_width(kept + char + ELLIPSIS) > width:
                break
            kept += char
        value = kept.rstrip() + ELLIPSIS
    return value + " " * (width - display_width(value))


def _columns(listing: Sequence[Row]) -> tuple[list[str], list[list[str]], list[int]]:
    """The table's header, its rows as cells, and the width each column needs."""
    counts = [_HEADINGS[t.kind] for t in SCENARIO_NOTE_TYPES]
    header = ["ID", "QUESTION", "PRINCIPLES", "LEVELS", *counts, "CARDS"]
    body = [
        [r.id, r.question, r.principles, r.levels, *map(str, r.notes), str(r.cards)]
        for r in listing
    ]
    widths = [max(display_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    return header, body, widths


def narrowest(listing: Sequence[Row]) -> int:
    """The fewest columns the table fits in: the id and counts whole, the rest cut their most."""
    header, _, widths = _columns(listing)
    least = [min(w, _SHRINKABLE.get(name, w)) for name, w in zip(header, widths, strict=True)]
    return sum(least) + len(_GAP) * (len(least) - 1)


def table(listing: Sequence[Row], width: int | None = None) -> str:
    """The rows as aligned text; long columns are cut with '…' to fit ``width`` (None: never).

    The id and the counts are never cut: a table wider than ``width`` is left wide.
    """
    header, body, widths = _columns(listing)
    if width is not None:
        excess = sum(widths) + len(_GAP) * (len(widths) - 1) - width
        for name, least in _SHRINKABLE.items():
            column = header.index(name)
            cut = max(0, min(excess, widths[column] - least))
            widths[column] -= cut
            excess -= cut
    numeric = range(4, len(header))
    lines = []
    for line in [header, *body]:
        cells = [
            line[i].rjust(w) if i in numeric else _cut(line[i], w) for i, w in enumerate(widths)
        ]
        lines.append(_GAP.join(cells).rstrip())
    return "\n".join(lines) + "\n"


def blocks(listing: Sequence[Row], width: int) -> str:
    """One block per scenario, its text wrapped to ``width`` and never cut; a blank line after each.

    The id, the question, its principles and levels, its notes by type and its cards.
    """
    kinds = [_HEADINGS[t.kind].lower() for t in SCENARIO_NOTE_TYPES]
    lines = []
    for row in listing:
        notes = ", ".join(f"{kind} {n}" for kind, n in zip(kinds, row.notes, strict=True))
        lines.append(row.id)
        lines += _wrap(row.question, width, _INDENT, _INDENT)
        labelled = [
            ("principles", row.principles), ("levels", row.levels), ("notes", notes),
            ("cards", str(row.cards)),
        ]  # fmt: skip
        for label, value in labelled:
            lines += _wrap(f"{label}: {value}", width, _INDENT, _INDENT * 2)
        lines.append("")
    return "\n".join(lines) + "\n"


def listing_text(listing: Sequence[Row], width: int | None) -> str:
    """The table, cut to ``width`` (None: never); blocks where even a cut table is too wide."""
    if width is not None and width < narrowest(listing):
        return blocks(listing, width)
    return table(listing, width)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` in lines of at most ``width`` columns, the first led by ``first``, then ``rest``.

    Words are kept whole where a line holds them; a longer one (CJK text has no spaces)
    is broken between characters, never between a letter and its accent.
    """
    lines: list[str] = []
    line, empty = first, True
    for word in text.split():
        joined = line + word if empty else f"{line} {word}"
        if display_width(joined) <= width:
            line, empty = joined, False
            continue
        if not empty:
            lines.append(line)
            line = rest
        while display_width(line + word) > width:
            part = word[0]  # at least one character a line, however narrow
            for char in word[1:]:
                if display_width(line + part + char) > width:
                    break
                part += char
            lines.append(line + part)
            line, word = rest, word[len(part) :]
        line, empty = line + word, not word
    lines.append(line)
    return lines
