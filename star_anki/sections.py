"""Import stage, after the steps: the sections of a walkthrough page, written down once.

``SECTIONS`` holds one row per section, in the order pages give them: the
scenario key it fills, its name in warnings, the test for its heading, the
reader of its lines and whether it holds one item or a list. The cursor's
dispatch, its stage order, its warnings and the results all read that table,
so a page the importer misreads is fixed in a row: a heading test or a reader.
page.py states the whole page's grammar and reads the title and the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .ids import item_id
from .lines import TEXTY, Line, LineKind, joined, option
from .model import Choice, choices_problem

# How far below a principle or level name its first label may be: the lead or focus
# between them runs to 7 lines at most, so a short line further up is no heading.
HEADING_REACH = 8

Item = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One section of a page after its steps: a row of the grammar."""

    key: str  # the scenario key it fills
    name: str  # one of it in warnings: "an incomplete {name}"
    starts: Callable[[Cursor], bool]  # whether one starts at the cursor
    read: Callable[[Cursor], Item | None]  # reads one; None when it is incomplete
    single: bool = False  # one item, not a list: a second one is kept as incomplete
    required: bool = False  # a complete walkthrough has one
    id_from: str | None = None  # the field an item's id is made from; None: no ids
    fallback: bool = False  # it starts at any text: tried last, and ends no field


class Cursor:
    """A position in a page's typed lines, with the sections' items read so far."""

    def __init__(self, lines: list[Line], name: str) -> None:
        """Start at the page's first line, no section read yet."""
        self.lines = lines
        self.name = name
        self.pos = 0
        self.stage = 0  # index in SECTIONS of the last section read: none before it can come
        self.icons = any(line.kind == "icon" for line in lines)
        self.warnings: list[tuple[int, str]] = []
        self.unplaced: list[tuple[int, str]] = []
        self.found: dict[str, list[Item]] = {section.key: [] for section in SECTIONS}
        self.end: int | None = None  # the last line of the last whole level: the page's end

    def peek(self, offset: int = 0) -> Line | None:
        """The line ``offset`` lines ahead, or None past the end."""
        index = self.pos + offset
        return self.lines[index] if index < len(self.lines) else None

    def kind(self, offset: int = 0) -> LineKind | None:
        """The kind of the line ``offset`` lines ahead, or None past the end."""
        line = self.peek(offset)
        return line.kind if line else None

    def take(self, kind: LineKind) -> Line | None:
        """The next line if it is of ``kind`` (icons before it passed over), else None."""
        start = self.pos
        self.skip_icons()
        line = self.peek()
        if line is None or line.kind != kind:
            self.pos = start
            return None
        self.pos += 1
        return line

    def skip_icons(self) -> None:
        """Pass over icon lines."""
        while self.kind() == "icon":
            self.pos += 1

    def gather(
        self,
        stop: Callable[[Line], bool] = lambda line: False,
        kinds: frozenset[LineKind] = TEXTY,
        icons_part: bool = False,
        continuing: bool = False,
    ) -> list[Line]:
        """Text lines up to a label, target, section start or ``stop``.

        Icons are skipped unless they part items (``icons_part``). A field's first line
        may look like a section start; a ``continuing`` field's may not.
        """
        found: list[Line] = []
        while (line := self.peek()) is not None and (line.kind in kinds or line.kind == "icon"):
            if line.kind == "icon":
                if icons_part:
                    break
                self.pos += 1
                continue
            if stop(line) or ((found or continuing) and self.ends_field()):
                break
            found.append(line)
            self.pos += 1
        return found

    def keep_unplaced(self, lines: list[Line], why: str) -> None:
        """Keep ``lines`` under 'unplaced', each with a warning that says ``why``."""
        for line in lines:
            self.unplaced.append((line.number, line.raw))
            self.warnings.append((line.number, f"{why}; kept under 'unplaced': {line.raw}"))

    def starting(self) -> Section | None:
        """The section that starts here, of those that can still come, else None."""
        if self.peek() is None:
            return None
        can_come = sorted(SECTIONS[self.stage :], key=lambda section: section.fallback)
        return next((section for section in can_come if section.starts(self)), None)

    def ends_field(self) -> bool:
        """Whether a section starts here that ends the field before it: any but the fallback."""
        section = self.starting()
        return section is not None and not section.fallback

    def heading_before(self, label: LineKind) -> bool:
        """Whether a name starts here: a short line, then text lines, then ``label``."""
        line = self.peek()
        if line is None or not line.title_like:
            return False
        after = 1
        while self.kind(after) == "text" and after < HEADING_REACH:
            after += 1
        return after > 1 and self.kind(after) == label

    def read_section(self) -> None:
        """Read the section that starts here into ``found``; text that starts none is kept."""
        self.skip_icons()
        if self.peek() is None:
            return
        section, start = self.starting(), self.pos
        if section is None:
            self.keep_unplaced([self.lines[self.pos]], "text the importer could not place")
            self.pos += 1
            return
        self.stage = SECTIONS.index(section)
        item = section.read(self)
        items = self.found[section.key]
        if item is None or (section.single and items):
            self.keep_unplaced(self.lines[start : self.pos], f"an incomplete {section.name}")
        else:
            if section is SECTIONS[-1]:
                self.end = self.lines[self.pos - 1].number
            if section.id_from is None:
                items.append(item)
            else:
                taken = {other["id"] for other in items}
                items.append({"id": item_id(item[section.id_from], taken), **item})

    def sections_read(self) -> dict[str, Any]:
        """Each section's items by key; a single section's one item, or None."""
        read: dict[str, Any] = {}
        for section in SECTIONS:
            items = self.found[section.key]
            read[section.key] = next(iter(items), None) if section.single else items
        return read

    def reflection(self) -> Item | None:
        """A reflection by level: '<level> Reflection', then its text."""
        label = self.take("level_reflection")
        assert label is not None
        text = self.gather()
        return {"level": label.text, "text": joined(text)} if text else None

    def follow_up(self) -> Item | None:
        """A follow-up: its question, 'Probes:', the weak and the strong answer, a key quote."""
        question, probes = self.take("text"), self.take("probes")
        assert question is not None and probes is not None
        item: Item = {"question": question.raw, "probes": probes.text}
        if self.take("label:weak"):
            weak = self.take("quotes") or self.take("text")
            if weak is not None:
                item["weak_answer"] = " ".join(weak.items) if weak.kind == "quotes" else weak.raw
            if why := self.gather():
                item["weak_why"] = joined(why)
        if self.take("label:strong") and (strong := self.gather()):
            item["strong_answer"] = joined(strong)
        if self.kind() == "quotes" and len(quote := self.lines[self.pos].items) == 1:
            self.pos += 1
            item["key_quote"] = quote[0]
        if not {"weak_answer", "weak_why", "strong_answer"} <= item.keys():
            return None
        return item

    def weak_answer(self) -> Item | None:
        """The weak answer: its text, the problems (bulleted), the bar raiser's verdict."""
        self.take("label:weak_answer")
        body = self.gather(lambda line: line.kind == "verdict", TEXTY | {"quotes"})
        bullets = [i for i, line in enumerate(body) if line.bulleted]
        split = bullets[0] if bullets else 1
        text, problems = body[:split], [line.item for line in body[split:]]
        verdict = self.take("verdict")
        verdict_text = verdict.text if verdict else ""
        if verdict is not None and not verdict_text and (after := self.take("text")):
            verdict_text = after.raw
        if not text or not problems or not verdict_text:
            return None
        return {"text": joined(text), "problems": problems, "verdict": verdict_text}

    def quiz(self) -> Item | None:
        """A quiz item: a question, its options if it has them, then its explanation.

        Options (lettered or radio lines, one marked correct) become its choices; two or
        more are needed, with exactly one marked, or they stay in the explanation.
        """
        question = self.lines[self.pos]
        self.pos += 1
        # Without icons to part the items, a question mark starts the next one.
        explanation = self.gather(
            lambda line: not self.icons and line.raw.endswith("?"), icons_part=True, continuing=True
        )
        options: list[tuple[str, bool]] = []
        for line in explanation:
            if (found := option(line)) is None:
                break
            options.append(found)
        choices = [Choice(text=text, correct=correct) for text, correct in options]
        if len(options) >= 2 and choices_problem(choices) is None:
            explanation = explanation[len(options) :]
        else:
            options = []
        if not explanation:
            return None
        item: Item = {"question": question.raw, "explanation": joined(explanation)}
        if options:
            item["choices"] = [
                {"text": text, "correct": True} if correct else {"text": text}
                for text, correct in options
            ]
        return item

    def guidance(self) -> Item | None:
        """A principle's guidance: its name, what to lead with, emphasize and downplay."""
        principle = self.lines[self.pos]
        self.pos += 1
        lead = self.gather()
        emphasize = self.gather() if self.take("label:emphasize") else []
        downplay = self.gather() if self.take("label:downplay") else []
        if not (lead and emphasize and downplay):
            return None
        return {
            "principle": principle.raw,
            "lead_with": joined(lead),
            "emphasize": joined(emphasize),
            "downplay": joined(downplay),
        }

    def level(self) -> Item | None:
        """A level: its name, focus, 'Reflection:', 'Bar' and the time to keep to."""
        name = self.lines[self.pos]
        self.pos += 1
        focus = self.gather(lambda line: line.kind == "reflection")
        reflection = self.take("reflection")
        more = self.gather(lambda line: line.kind in ("bar", "time"), continuing=True)
        bar = self.take("bar")
        bar_more = self.gather(lambda line: line.kind == "time", continuing=True)
        time = self.take("time")
        if not focus or reflection is None or bar is None or time is None:
            return None
        return {
            "level": name.raw,
            "focus": joined(focus),
            "reflection": "\n".join([reflection.text, *(line.raw for line in more)]),
            "bar": "\n".join([bar.text, *(line.raw for line in bar_more)]),
            "time": time.text,
        }


# The page's sections in the order pages give them: a section is only looked for where
# it can still come, which keeps a stray line from starting the wrong one.
SECTIONS = (
    Section(
        key="reflections",
        name="reflection by level",
        starts=lambda at: at.kind() == "level_reflection",
        read=Cursor.reflection,
        id_from="level",
    ),
    Section(
        key="follow_ups",
        name="follow-up",
        starts=lambda at: at.kind() == "text" and at.kind(1) == "probes",
        read=Cursor.follow_up,
        id_from="question",
    ),
    Section(
        key="weak_answer",
        name="weak answer",
        starts=lambda at: at.kind() == "label:weak_answer",
        read=Cursor.weak_answer,
        single=True,
        required=True,
    ),
    Section(
        key="quiz",
        name="quiz item",
        # Any text once the weak answer is read, unless another section starts there.
        starts=lambda at: at.kind() in TEXTY and bool(at.found["weak_answer"]),
        read=Cursor.quiz,
        id_from="question",
        fallback=True,
    ),
    Section(
        key="guidance",
        name="principle section",
        starts=lambda at: at.heading_before("label:emphasize"),
        read=Cursor.guidance,
    ),
    Section(
        key="levels",
        name="level section",
        starts=lambda at: at.heading_before("reflection"),
        read=Cursor.level,
        id_from="level",
    ),
)
