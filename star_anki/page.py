"""Import stage: a walkthrough page copied from a browser → scenario data, nothing lost.

A cursor walks the typed lines (lines.py) down the page by its grammar:

    page        = chrome preamble step{5} sections chrome
    chrome      = text*                   the site around the walkthrough: left out, counted
                                          (above the family; below the last whole level)
    preamble    = family? title "Scenario Overview"? overview summary
    family      = text                    the line just above the title
    title       = "<question> - … Walkthrough" | text      else the last text before the overview
    overview    = text                    without its label: the line after the title
    summary     = text+                   up to the first step
    step        = target "Strong Example"? example? phrases* coaching? mistake?
    target      = "Target: <seconds>s"
    example     = text+ | quote           one quote longer than QUOTED_EXAMPLE
    phrases     = '"<phrase>""<phrase>"…'
    coaching    = "Coaching" text+
    mistake     = "Common Mistake" text+  the last step's up to a section, others' to a target
    sections    = reflection* follow-up* weak-answer quiz-item* principle* level*
    reflection  = "<level> Reflection" text+
    follow-up   = question "Probes: <what>" ("Weak" (quote | text) why+)? ("Strong" text+)?
                  quote?
    weak-answer = "Weak Answer" text+ problem+ ("Bar Raiser Thinks<verdict>"
                  | "Bar Raiser Thinks" text)
    problem     = bulleted line           no bullets: each line after the first
    quiz-item   = question option* explanation+
                                          any text after the weak answer that starts nothing
                                          else; without icons, a '?' line starts the next
    option      = ("A." | "b)" | "○" | "●") text mark?    two or more, one marked (✓, ●):
                                          the item's choices; else they stay in the explanation
    principle   = name text+ "Emphasize" text+ "Downplay" text+
    level       = name focus+ "Reflection: <text>" text* "Bar <text>" text* time
    name        = short line, its first label at most sections.HEADING_REACH lines below

"x?" is optional, "x*" any number, "x+" one or more. A heading may follow an
icon, garbled or not; icon lines are passed over, except that they part quiz
items. A field's text ends at a heading, a target or a section start.
``sections.SECTIONS`` holds the sections' rows: a section is only looked for
where it can still come, which keeps a stray line from starting the wrong one.
Text that fits nowhere is kept under ``unplaced`` and reported with its page
line number. A phone's copy has its paragraphs joined first (lines.page_lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import PageError
from .ids import scenario_id
from .lines import TEXTY, Line, is_title, joined, page_lines, title_question
from .model import STEP_KEYS, Scenario
from .rules import yaml_fields
from .sections import SECTIONS, Cursor
from .wording import plural

# A lone quoted line longer than this is the step's example quoted whole, not key phrases.
QUOTED_EXAMPLE = 60


@dataclass
class ImportedPage:
    """A parsed page: scenario data in the format's key order, and warnings by page line."""

    data: dict[str, Any]
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # Page chrome left out, by page line number: above the walkthrough, then below it.
    dropped: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))

    @property
    def dropped_count(self) -> int:
        """How many page lines were left out as the site's."""
        return sum(map(len, self.dropped))

    def dropped_lines(self) -> str:
        """Where the left-out lines are, e.g. '1-14 and 231-240' (blank lines between count)."""
        shown = [f"{part[0]}-{part[-1]}" if len(part) > 1 else str(part[0])
                 for part in self.dropped if part]  # fmt: skip
        return " and ".join(shown)

    def summary(self) -> str:
        """What was found, e.g. '5 steps, 4 follow-ups, 3 quiz items, 3 principles, 2 levels'."""
        counts = [
            (len(self.data["steps"]), "step"),
            (len(self.data.get("follow_ups", ())), "follow-up"),
            (len(self.data.get("quiz", ())), "quiz item"),
            (len(self.data.get("principles", ())), "principle"),
            (len(self.data.get("levels", ())), "level"),
        ]
        return ", ".join(plural(n, word) for n, word in counts)


def parse_page(text: str, name: str) -> ImportedPage:
    """Parse a page's text; raise PageError when it is not a walkthrough."""
    if not text.strip():
        raise PageError(f"{name}: the page is empty; paste the whole walkthrough page into it")
    lines = page_lines(text)
    if not any(line.kind == "target" for line in lines):
        raise PageError(
            f"{name}: not a STAR walkthrough: no steps found (lines like 'Target: 30s')"
        )
    overviews = [line for line in lines if line.kind == "label:overview"]
    if len(overviews) > 1:
        raise PageError(
            f"{name}:{overviews[1].number}: a second 'Scenario Overview'; the page seems to be"
            " pasted twice, keep one copy"
        )
    return _Parser(lines, name).parse()


class _Parser(Cursor):
    """A cursor that reads a whole page: the preamble, the steps, then the sections."""

    def __init__(self, lines: list[Line], name: str) -> None:
        """Start at the page's first line, nothing read yet."""
        super().__init__(lines, name)
        self.data: dict[str, Any] = {}
        self.above: list[int] = []  # page chrome above the walkthrough, by line number
        self.below: list[int] = []  # and below it

    def parse(self) -> ImportedPage:
        """Read the page top to bottom; refuse it if it is not complete."""
        self.preamble()
        steps: dict[str, Any] = {}
        while self.kind() == "target" and len(steps) < len(STEP_KEYS):
            steps[STEP_KEYS[len(steps)]] = self.step(last=len(steps) == len(STEP_KEYS) - 1)
        self.data["steps"] = steps
        while self.peek() is not None:
            self.read_section()
        self.drop_after_end()
        data = self.result()
        self.check_complete(data)
        return ImportedPage(data, sorted(self.warnings), (self.above, self.below))

    def drop_after_end(self) -> None:
        """Leave out what follows the walkthrough's end: the last whole level's last line.

        Pages end with their levels; what a copy brings after the last one is the site's
        (feedback prompts, links, footers): plain lines. Without a whole level the end is
        unknown, and a line after it that belongs to a walkthrough (a label, a target, key
        phrases, ...) says the page goes on: then nothing is left out.
        """
        if self.end is None:
            return
        end = self.end
        if any(line.number > end and line.kind not in ("text", "icon") for line in self.lines):
            return
        after = {number for number, _ in self.unplaced if number > end}
        self.below = sorted(after)
        self.unplaced = [(number, raw) for number, raw in self.unplaced if number not in after]
        self.warnings = [(number, text) for number, text in self.warnings if number not in after]

    def result(self) -> dict[str, Any]:
        """All that was found, empty keys left out, in the format's key order (the model's)."""
        found: dict[str, Any] = {
            "id": scenario_id(self.data.get("question", self.name)),
            **self.data,
            "principles": [guidance["principle"] for guidance in self.found["guidance"]],
            **self.sections_read(),
            "unplaced": [raw for _, raw in sorted(self.unplaced)],
        }
        return {key: found[key] for key in yaml_fields(Scenario) if found.get(key)}

    def preamble(self) -> None:
        """Read the family, the title, the overview and the summary before the first step."""
        head: list[Line] = []
        while self.kind() not in (None, "label:overview", "target"):
            head.append(self.lines[self.pos])
            self.pos += 1
        texts = [i for i, line in enumerate(head) if line.kind == "text"]
        titles = [i for i in texts if is_title(head[i])]
        # The title nearest the overview: a link to another walkthrough may come above it.
        title_at = titles[-1] if titles else (texts[-1] if texts else None)
        if self.take("label:overview"):
            body = []
            while self.kind() not in (None, "target"):
                body.append(self.lines[self.pos])
                self.pos += 1
        elif titles:  # no label: the overview follows the title
            body, head = head[titles[-1] + 1 :], head[: titles[-1] + 1]
        else:
            body = []
        if title_at is not None:
            self.data["question"] = title_question(head.pop(title_at))
            start = title_at
            if title_at > 0 and head[title_at - 1].kind == "text":
                start = title_at - 1
                self.data["family"] = head.pop(start).raw
            if titles:  # the walkthrough starts here: above it is the site's
                self.above = [line.number for line in head[:start]]
                head = head[start:]
        head = [line for line in head if line.kind != "icon"]
        self.keep_unplaced(head, "text before the overview that is not the title")
        overview = [line for line in body if line.kind in TEXTY]
        if overview:
            self.data["overview"] = overview[0].raw
        if len(overview) > 1:
            self.data["summary"] = joined(overview[1:])
        others = [line for line in body if line.kind not in TEXTY and line.kind != "icon"]
        self.keep_unplaced(others, "text between the overview and the first step")

    def step(self, last: bool) -> dict[str, Any]:
        """Read one step: its target, example, key phrases, coaching and common mistake."""
        target = self.take("target")
        assert target is not None
        step: dict[str, Any] = {"target_seconds": int(target.text)}
        self.take("label:example")
        example = self.gather()
        quoted = self.peek()
        if not example and quoted and len(quoted.items) == 1 and len(quoted.raw) > QUOTED_EXAMPLE:
            example = [self.lines[self.pos]]
            self.pos += 1
        if example:
            step["example"] = joined(example)
        phrases: list[str] = []
        while (quotes := self.take("quotes")) is not None:
            phrases.extend(quotes.items)
        step["key_phrases"] = phrases
        if self.take("label:coaching") and (coaching := self.gather()):
            step["coaching"] = joined(coaching)
        if self.take("label:mistake"):
            # Only the last step's mistake can run into a section; the others end at a target.
            mistake = self.gather() if last else self.until_target()
            if mistake:
                step["mistake"] = joined(mistake)
        return step

    def until_target(self) -> list[Line]:
        """The text and quoted lines up to the next target, icons passed over."""
        found = []
        while (line := self.peek()) is not None and line.kind in TEXTY | {"quotes", "icon"}:
            if line.kind != "icon":
                found.append(line)
            self.pos += 1
        return found

    def check_complete(self, data: dict[str, Any]) -> None:
        """Refuse a page that lacks a part every scenario has, naming each one missing."""
        needed = [
            ("question", "the title"),
            ("overview", "the scenario overview"),
            ("summary", "the summary"),
            *((section.key, f"the {section.name}") for section in SECTIONS if section.required),
        ]
        missing = [what for key, what in needed if key not in data]
        steps = data["steps"]
        if len(steps) < len(STEP_KEYS):
            missing.append(f"{len(STEP_KEYS) - len(steps)} of the {plural(len(STEP_KEYS), 'step')}")
        for key, step in steps.items():
            for part, what in (("coaching", "coaching"), ("mistake", "common mistake")):
                if part not in step:
                    missing.append(f"the {key} step's {what}")
        if missing:
            listed = (
                ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
            )
            raise PageError(f"{self.name}: not a complete walkthrough; missing {listed}")
