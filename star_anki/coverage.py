"""Coverage: which of your stories answer for each principle, and where the gaps are.

Story-matrix advice: a dozen or so stories, each for three or four principles, and
no principle without one. A story claimed for more principles than that is spread
thin; a story for none of the bank's principles will not come up.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from .bank import Bank
from .model import Scenario
from .rules import principle_key
from .wording import display_width

# A story claimed for more of the bank's principles than this is over-used.
MAX_PRINCIPLES = 4
NO_STORY = "no story"


@dataclass(frozen=True)
class Row:
    """A principle and the ids of the stories that target it."""

    principle: str
    in_bank: bool
    stories: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """The principle-by-story matrix of a set of stories against a bank."""

    rows: tuple[Row, ...]
    over_used: tuple[tuple[str, int], ...]  # (story id, how many of the bank's principles)
    outside: tuple[str, ...]  # stories for none of the bank's principles

    @property
    def gaps(self) -> tuple[str, ...]:
        """The bank's principles no story targets."""
        return tuple(r.principle for r in self.rows if r.in_bank and not r.stories)


def coverage(scenarios: Sequence[Scenario], bank: Bank) -> Coverage:
    """The bank's principles in its order, then any others the stories name, in theirs."""
    stories: dict[str, list[str]] = {p: [] for p in bank.principles}
    others: dict[str, tuple[str, list[str]]] = {}  # principle_key -> (first spelling, ids)
    over_used, outside = [], []
    for scenario in scenarios:
        banked, unbanked = bank.targets(scenario.principles)
        for principle in banked:
            stories[principle].append(scenario.id)
        for name in unbanked:
            others.setdefault(principle_key(name), (name, []))[1].append(scenario.id)
        if len(banked) > MAX_PRINCIPLES:
            over_used.append((scenario.id, len(banked)))
        elif not banked:
            outside.append(scenario.id)
    rows = [Row(p, True, tuple(ids)) for p, ids in stories.items()]
    rows += [Row(name, False, tuple(ids)) for name, ids in others.values()]
    return Coverage(tuple(rows), tuple(over_used), tuple(outside))


def _name(row: Row) -> str:
    return row.principle if row.in_bank else f"{row.principle} (not in the bank)"


def coverage_text(found: Coverage) -> str:
    """The matrix as aligned text: principle, number of stories, their ids or 'no story'."""
    header = ("PRINCIPLE", "STORIES", "IDS")
    body = [(_name(r), str(len(r.stories)), ", ".join(r.stories) or NO_STORY) for r in found.rows]
    width = max(display_width(line[0]) for line in [header, *body])
    count = max(len(line[1]) for line in [header, *body])
    lines = [
        f"{name}{' ' * (width - display_width(name))}  {number:>{count}}  {ids}"
        for name, number, ids in [header, *body]
    ]
    return "\n".join([*lines, *_remarks(found)]) + "\n"


def _remarks(found: Coverage) -> list[str]:
    """What to do about the matrix: over-used stories, stories for no principle, the count."""
    remarks = []
    if found.over_used:
        listed = ", ".join(f"{s} ({n})" for s, n in found.over_used)
        remarks.append(f"Over-used (for more than {MAX_PRINCIPLES} principles): {listed}")
    if found.outside:
        remarks.append(f"For none of the bank's principles: {', '.join(found.outside)}")
    in_bank = sum(r.in_bank for r in found.rows)
    remarks.append(f"Principles with a story: {in_bank - len(found.gaps)} of {in_bank}")
    return remarks


def coverage_json(found: Coverage) -> str:
    """The matrix as JSON, for other tools."""
    data = {
        "principles": [
            {"principle": r.principle, "in_bank": r.in_bank, "stories": list(r.stories)}
            for r in found.rows
        ],
        "gaps": list(found.gaps),
        "over_used": [{"story": s, "principles": n} for s, n in found.over_used],
        "outside_bank": list(found.outside),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def coverage_html(found: Coverage) -> str:
    """The matrix as an HTML table, gaps marked, for the preview page."""
    rows = "".join(
        f'<tr class="{"gap" if not r.stories else "covered"}">'
        f"<th>{html.escape(_name(r))}</th><td>{len(r.stories)}</td>"
        f"<td>{html.escape(', '.join(r.stories) or NO_STORY)}</td></tr>"
        for r in found.rows
    )
    return (
        '<section class="coverage"><h2>Coverage</h2><table><thead><tr><th>Principle</th>'
        f"<th>Stories</th><th>Ids</th></tr></thead><tbody>{rows}</tbody></table>"
        + "".join(f"<p>{html.escape(remark)}</p>" for remark in _remarks(found))
        + "</section>"
    )
