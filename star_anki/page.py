"""Import stage: a walkthrough page copied from a browser → scenario data, nothing lost.

A cursor walks the typed lines (lines.py) through the page's sections in the
order such pages use: title, overview, five steps, reflections by level,
follow-ups, the weak answer, quiz items, guidance per principle, levels. A
section is only looked for where it can still come, which keeps a stray line
from starting the wrong one. Text that fits nowhere is kept under ``unplaced``
and reported with its page line number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import PageError
from .ids import item_id, scenario_id
from .lines import TEXTY, Line, is_title, page_lines, title_question
from .model import STEP_KEYS
from .wording import plural

SECTIONS = ("reflections", "follow_ups", "weak_answer", "quiz", "guidance", "levels")
_NAMES = {
    "reflections": "reflection by level",
    "follow_ups": "follow-up",
    "weak_answer": "weak answer",
    "quiz": "quiz item",
    "guidance": "principle section",
    "levels": "level section",
}


@dataclass
class ImportedPage:
    """A parsed page: scenario data in the format's key order, and warnings by page line."""

    data: dict[str, Any]
    warnings: list[tuple[int, str]] = field(default_factory=list)

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


def _joined(lines: list[Line]) -> str:
    return "\n".join(line.raw for line in lines)


class _Parser:
    """A cursor over typed lines that builds scenario data section by section."""

    def __init__(self, lines: list[Line], name: str) -> None:
        self.lines = lines
        self.name = name
        self.pos = 0
        self.stage = -1  # index in SECTIONS of the last section read
        self.icons = any(line.kind == "icon" for line in lines)
        self.warnings: list[tuple[int, str]] = []
        self.unplaced: list[tuple[int, str]] = []
        self.data: dict[str, Any] = {}
        self.sections: dict[str, list[Any]] = {key: [] for key in SECTIONS if key != "weak_answer"}

    def peek(self, offset: int = 0) -> Line | None:
        index = self.pos + offset
        return self.lines[index] if index < len(self.lines) else None

    def kind(self, offset: int = 0) -> str | None:
        line = self.peek(offset)
        return line.kind if line else None

    def take(self, kind: str) -> Line | None:
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
        while self.kind() == "icon":
            self.pos += 1

    def gather(
        self,
        stop: Callable[[Line], bool] = lambda line: False,
        kinds: frozenset[str] = TEXTY,
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
            if stop(line) or ((found or continuing) and self.block() not in (None, "quiz")):
                break
            found.append(line)
            self.pos += 1
        return found

    def keep_unplaced(self, lines: list[Line], why: str) -> None:
        for line in lines:
            self.unplaced.append((line.number, line.raw))
            self.warnings.append((line.number, f"{why}; kept under 'unplaced': {line.raw}"))

    def parse(self) -> ImportedPage:
        self.preamble()
        steps: dict[str, Any] = {}
        while self.kind() == "target" and len(steps) < len(STEP_KEYS):
            steps[STEP_KEYS[len(steps)]] = self.step(last=len(steps) == len(STEP_KEYS) - 1)
        self.data["steps"] = steps
        while self.peek() is not None:
            self.section()
        ordered: dict[str, Any] = {"id": scenario_id(self.data.get("question", self.name))}
        principles = [g["principle"] for g in self.sections["guidance"]]
        for key in ("question", "family", "principles", "overview", "summary", "steps"):
            value = principles if key == "principles" else self.data.get(key)
            if value:
                ordered[key] = value
        if "weak_answer" in self.data:
            ordered["weak_answer"] = self.data["weak_answer"]
        for key in ("follow_ups", "quiz", "reflections", "guidance", "levels"):  # format order
            if self.sections[key]:
                ordered[key] = self.sections[key]
        if self.unplaced:
            ordered["unplaced"] = [raw for _, raw in sorted(self.unplaced)]
        self.check_complete(ordered)
        return ImportedPage(ordered, sorted(self.warnings))

    def preamble(self) -> None:
        head: list[Line] = []
        while self.kind() not in (None, "label:overview", "target"):
            head.append(self.lines[self.pos])
            self.pos += 1
        texts = [i for i, line in enumerate(head) if line.kind == "text"]
        titles = [i for i in texts if is_title(head[i])]
        title_at = titles[0] if titles else (texts[-1] if texts else None)
        if self.take("label:overview"):
            body = []
            while self.kind() not in (None, "target"):
                body.append(self.lines[self.pos])
                self.pos += 1
        elif titles:  # no label: the overview follows the title
            body, head = head[titles[0] + 1 :], head[: titles[0] + 1]
        else:
            body = []
        if title_at is not None:
            self.data["question"] = title_question(head.pop(title_at))
            if title_at > 0 and head[title_at - 1].kind == "text":
                self.data["family"] = head.pop(title_at - 1).raw
        head = [line for line in head if line.kind != "icon"]
        self.keep_unplaced(head, "text before the overview that is not the title")
        overview = [line for line in body if line.kind in TEXTY]
        if overview:
            self.data["overview"] = overview[0].raw
        if len(overview) > 1:
            self.data["summary"] = _joined(overview[1:])
        others = [line for line in body if line.kind not in TEXTY and line.kind != "icon"]
        self.keep_unplaced(others, "text between the overview and the first step")

    def step(self, last: bool) -> dict[str, Any]:
        target = self.take("target")
        assert target is not None
        step: dict[str, Any] = {"target_seconds": int(target.text)}
        self.take("label:example")
        example = self.gather()
        quoted = self.peek()
        if not example and quoted and len(quoted.items) == 1 and len(quoted.raw) > 60:
            example = [self.lines[self.pos]]  # a quoted example, not a run of key phrases
            self.pos += 1
        if example:
            step["example"] = _joined(example)
        phrases: list[str] = []
        while (quotes := self.take("quotes")) is not None:
            phrases.extend(quotes.items)
        step["key_phrases"] = phrases
        if self.take("label:coaching") and (coaching := self.gather()):
            step["coaching"] = _joined(coaching)
        if self.take("label:mistake"):
            # Only the last step's mistake can run into a section; the others end at a target.
            mistake = self.gather() if last else self.until_target()
            if mistake:
                step["mistake"] = _joined(mistake)
        return step

    def until_target(self) -> list[Line]:
        found = []
        while (line := self.peek()) is not None and line.kind in TEXTY | {"quotes", "icon"}:
            if line.kind != "icon":
                found.append(line)
            self.pos += 1
        return found

    def allowed(self, section: str) -> bool:
        return self.stage <= SECTIONS.index(section)

    def block(self) -> str | None:
        """Which section starts here, if one still can, told by the next lines' kinds."""
        line = self.peek()
        if line is None:
            return None
        if line.kind == "level_reflection" and self.allowed("reflections"):
            return "reflections"
        if line.kind == "label:weak_answer" and self.allowed("weak_answer"):
            return "weak_answer"
        if line.kind == "text" and self.kind(1) == "probes" and self.allowed("follow_ups"):
            return "follow_ups"
        if line.title_like:
            after = 1
            while self.kind(after) == "text" and after < 8:
                after += 1
            if after > 1 and self.kind(after) == "label:emphasize" and self.allowed("guidance"):
                return "guidance"
            if after > 1 and self.kind(after) == "reflection" and self.allowed("levels"):
                return "levels"
        if line.kind in TEXTY and "weak_answer" in self.data and self.allowed("quiz"):
            return "quiz"
        return None

    def section(self) -> None:
        self.skip_icons()
        if self.peek() is None:
            return
        block = self.block()
        start = self.pos
        read = {
            "reflections": self.reflection,
            "follow_ups": self.follow_up,
            "weak_answer": self.weak_answer,
            "quiz": self.quiz,
            "guidance": self.guidance,
            "levels": self.level,
        }
        if block is None:
            self.keep_unplaced([self.lines[self.pos]], "text the importer could not place")
            self.pos += 1
            return
        self.stage = SECTIONS.index(block)
        item = read[block]()
        if item is None:
            self.keep_unplaced(self.lines[start : self.pos], f"an incomplete {_NAMES[block]}")
        elif block == "weak_answer":
            self.data["weak_answer"] = item
        else:
            self.sections[block].append(item)

    def with_id(self, section: str, source: str, item: dict[str, Any]) -> dict[str, Any]:
        taken = {other["id"] for other in self.sections[section]}
        return {"id": item_id(source, taken), **item}

    def reflection(self) -> dict[str, Any] | None:
        label = self.take("level_reflection")
        assert label is not None
        text = self.gather()
        if not text:
            return None
        return self.with_id("reflections", label.text, {"level": label.text, "text": _joined(text)})

    def follow_up(self) -> dict[str, Any] | None:
        question, probes = self.take("text"), self.take("probes")
        assert question is not None and probes is not None
        item: dict[str, Any] = {"question": question.raw, "probes": probes.text}
        if self.take("label:weak"):
            weak = self.take("quotes") or self.take("text")
            if weak is not None:
                item["weak_answer"] = " ".join(weak.items) if weak.kind == "quotes" else weak.raw
            if why := self.gather():
                item["weak_why"] = _joined(why)
        if self.take("label:strong") and (strong := self.gather()):
            item["strong_answer"] = _joined(strong)
        if self.kind() == "quotes" and len(quote := self.lines[self.pos].items) == 1:
            self.pos += 1
            item["key_quote"] = quote[0]
        if not {"weak_answer", "weak_why", "strong_answer"} <= item.keys():
            return None
        return self.with_id("follow_ups", question.raw, item)

    def weak_answer(self) -> dict[str, Any] | None:
        self.take("label:weak_answer")
        body = self.gather(lambda line: line.kind == "verdict", TEXTY | {"quotes"})
        bullets = [i for i, line in enumerate(body) if line.bulleted]
        split = bullets[0] if bullets else 1
        text, problems = body[:split], [line.item for line in body[split:]]
        verdict = self.take("verdict")
        verdict_text = verdict.text if verdict else ""
        if verdict is not None and not verdict_text and (after := self.take("text")):
            verdict_text = after.raw
        if not text or not problems or not verdict_text or "weak_answer" in self.data:
            return None
        return {"text": _joined(text), "problems": problems, "verdict": verdict_text}

    def quiz(self) -> dict[str, Any] | None:
        question = self.lines[self.pos]
        self.pos += 1
        # Without icons to part the items, a question mark starts the next one.
        explanation = self.gather(
            lambda line: not self.icons and line.raw.endswith("?"), icons_part=True, continuing=True
        )
        if not explanation:
            return None
        item = {"question": question.raw, "explanation": _joined(explanation)}
        return self.with_id("quiz", question.raw, item)

    def guidance(self) -> dict[str, Any] | None:
        principle = self.lines[self.pos]
        self.pos += 1
        lead = self.gather()
        emphasize = self.gather() if self.take("label:emphasize") else []
        downplay = self.gather() if self.take("label:downplay") else []
        if not (lead and emphasize and downplay):
            return None
        return {
            "principle": principle.raw,
            "lead_with": _joined(lead),
            "emphasize": _joined(emphasize),
            "downplay": _joined(downplay),
        }

    def level(self) -> dict[str, Any] | None:
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
        return self.with_id(
            "levels",
            name.raw,
            {
                "level": name.raw,
                "focus": _joined(focus),
                "reflection": "\n".join([reflection.text, *(line.raw for line in more)]),
                "bar": "\n".join([bar.text, *(line.raw for line in bar_more)]),
                "time": time.text,
            },
        )

    def check_complete(self, data: dict[str, Any]) -> None:
        missing = [
            what
            for key, what in (
                ("question", "the title"),
                ("overview", "the scenario overview"),
                ("summary", "the summary"),
                ("weak_answer", "the weak answer"),
            )
            if key not in data
        ]
        steps = data["steps"]
        if len(steps) < len(STEP_KEYS):
            missing.append(f"{len(STEP_KEYS) - len(steps)} of the 5 steps")
        for key, step in steps.items():
            for part, what in (("coaching", "coaching"), ("mistake", "common mistake")):
                if part not in step:
                    missing.append(f"the {key} step's {what}")
        if missing:
            listed = (
                ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
            )
            raise PageError(f"{self.name}: not a complete walkthrough; missing {listed}")
