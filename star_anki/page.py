"""Import stage: a walkthrough page copied from a browser → scenario data, nothing lost.

The page is read as typed lines (labels, targets, quoted phrases, text...), with
icons, garbled icons and page chrome recognised and set aside. A cursor then
walks the sections in page order. Text it cannot place is kept under
``unplaced`` and reported with its page line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import StarAnkiError
from .ids import item_id, scenario_id
from .model import STEP_KEYS

# A short run of non-letters (an icon, or an icon garbled by a wrong encoding) before a word.
_ICON_PREFIX = re.compile(
    r"^(?:[^\sA-Za-z0-9]{1,8}\s+|[^\sA-Za-z0-9\"“”'‘’(]{1,8})(?=[A-Za-z0-9\"“])"
)
_TITLE = re.compile(r"^(?P<question>.+?)\s+[-–—]\s+[^-–—]*walkthrough$", re.IGNORECASE)
_TARGET = re.compile(r"^target:?\s*(?P<seconds>\d+)\s*(?:s|secs?|seconds?)\.?$", re.IGNORECASE)
_LEVEL_REFLECTION = re.compile(r"^(?P<level>[^.:!?]{1,40}?) reflection$", re.IGNORECASE)
_TIME = re.compile(
    r"^(?:keep (?:it )?(?:to|under|within) )?(?:about |around )?\d+(?:\.\d+)?"
    r"(?:\s*[-–]\s*\d+(?:\.\d+)?)?\s*(?:minutes?|mins?)\b.*$",
    re.IGNORECASE,
)
_QUOTES = re.compile(r"^(?:\s*[\"“”][^\"“”]+[\"“”])+\s*$")
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_LABELS = {
    "scenario overview": "overview",
    "strong example": "example",
    "coaching": "coaching",
    "common mistake": "mistake",
    "weak": "weak",
    "strong": "strong",
    "weak answer": "weak_answer",
    "emphasize": "emphasize",
    "emphasise": "emphasize",
    "downplay": "downplay",
}
_PREFIXED = {"probes": "Probes:", "verdict": "Bar Raiser Thinks", "reflection": "Reflection:"}
_CHROME = re.compile(
    r"^(?:bird|raised fist\d*|or|recommended|start learning this pattern below"
    r"|jump into concepts and practice - no test required"
    r"|choose your preparation mode\d* modes? available"
    r"|test this pattern\d+ questions? across .*)$",
    re.IGNORECASE,
)
_STEP_LETTERS = {"S", "T", "A", "R"}


class PageError(StarAnkiError):
    """The file is not a walkthrough page that can be imported."""


@dataclass(frozen=True)
class Line:
    """One non-blank page line: its number, kind and the text that matters."""

    number: int
    kind: str
    text: str
    raw: str
    items: tuple[str, ...] = ()


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
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)


def decode_page(data: bytes, name: str) -> str:
    """The page's text; binary and non-UTF-8 files are refused."""
    if b"\x00" in data:
        raise PageError(f"{name}: not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PageError(f"{name}: not UTF-8 text; save the page as UTF-8 and try again") from None


def classify(number: int, raw: str) -> Line | None:
    """Type one line; None for blank lines, icons, step letters and page chrome."""
    line = raw.strip()
    if not line or _CHROME.match(line) or line in _STEP_LETTERS:
        return None
    if not re.search(r"[A-Za-z0-9]", line) and len(line) <= 8:
        return None  # an icon on its own line, garbled or not
    bare = _ICON_PREFIX.sub("", line)
    label = _LABELS.get(bare.lower().rstrip(":"))
    if label:
        return Line(number, "label:" + label, bare, line)
    if match := _TARGET.match(bare):
        return Line(number, "target", match["seconds"], line)
    for kind, prefix in _PREFIXED.items():
        if bare.lower().startswith(prefix.lower()):
            return Line(number, kind, bare[len(prefix) :].strip(" :"), line)
    if bare.startswith("Bar "):
        return Line(number, "bar", bare[4:].strip(), line)
    if match := _LEVEL_REFLECTION.match(bare):
        return Line(number, "level_reflection", match["level"].strip(), line)
    if len(bare) <= 40 and _TIME.match(bare):
        return Line(number, "time", bare, line)
    if _QUOTES.match(line):
        return Line(number, "quotes", line, line, tuple(q.strip() for q in _QUOTED.findall(line)))
    return Line(number, "text", line, line, (bare,))


def parse_page(text: str, name: str) -> ImportedPage:
    """Parse a page's text; raise PageError when it is not a walkthrough."""
    if not text.strip():
        raise PageError(f"{name}: the page is empty; paste the whole walkthrough page into it")
    lines = [ln for n, raw in enumerate(text.splitlines(), 1) if (ln := classify(n, raw))]
    if not any(line.kind == "target" for line in lines):
        raise PageError(
            f"{name}: not a STAR walkthrough: no steps found (lines like 'Target: 30s')"
        )
    return _Parser(lines, name).parse()


class _Parser:
    """A cursor over typed lines that builds scenario data section by section."""

    def __init__(self, lines: list[Line], name: str) -> None:
        self.lines = lines
        self.name = name
        self.pos = 0
        self.warnings: list[tuple[int, str]] = []
        self.unplaced: list[tuple[int, str]] = []

    def peek(self, offset: int = 0) -> Line | None:
        index = self.pos + offset
        return self.lines[index] if index < len(self.lines) else None

    def is_kind(self, kind: str, offset: int = 0) -> bool:
        line = self.peek(offset)
        return line is not None and line.kind == kind

    def take(self, kind: str | None = None) -> Line | None:
        line = self.peek()
        if line is None or (kind is not None and line.kind != kind):
            return None
        self.pos += 1
        return line

    def texts(self, stop: Callable[[], bool] = lambda: False) -> list[Line]:
        found = []
        while self.is_kind("text") and not stop():
            found.append(self.lines[self.pos])
            self.pos += 1
        return found

    def keep_unplaced(self, lines: list[Line], why: str) -> None:
        for line in lines:
            self.unplaced.append((line.number, line.raw))
            self.warnings.append((line.number, f"{why}; kept under 'unplaced': {line.raw}"))

    def parse(self) -> ImportedPage:
        data: dict[str, Any] = {}
        self.preamble(data)
        steps: dict[str, Any] = {}
        while self.is_kind("target") and len(steps) < len(STEP_KEYS):
            steps[STEP_KEYS[len(steps)]] = self.step()
        data["steps"] = steps
        sections: dict[str, list[Any]] = {
            "follow_ups": [], "quiz": [], "reflections": [], "guidance": [], "levels": []
        }  # fmt: skip
        while self.peek() is not None:
            self.section(data, sections)
        principles = [g["principle"] for g in sections["guidance"]]
        ordered: dict[str, Any] = {"id": scenario_id(data.get("question", self.name))}
        for key in ("question", "family"):
            if key in data:
                ordered[key] = data[key]
        if principles:
            ordered["principles"] = principles
        for key in ("overview", "summary", "steps", "weak_answer"):
            if key in data:
                ordered[key] = data[key]
        ordered.update({key: items for key, items in sections.items() if items})
        if self.unplaced:
            ordered["unplaced"] = [raw for _, raw in sorted(self.unplaced)]
        self.check_complete(ordered)
        return ImportedPage(ordered, sorted(self.warnings))

    def preamble(self, data: dict[str, Any]) -> None:
        head = self.until(lambda: self.is_kind("label:overview") or self.is_kind("target"))
        titles = [i for i, line in enumerate(head) if _TITLE.match(line.text)]
        texts = [i for i, line in enumerate(head) if line.kind == "text"]
        title_at = titles[0] if titles else (texts[0] if texts else None)
        if self.take("label:overview"):
            body = self.until(lambda: self.is_kind("target"))
        elif title_at is not None:  # no label: the overview follows the title
            body, head = head[title_at + 1 :], head[: title_at + 1]
        else:
            body = []
        if title_at is not None:
            title = head.pop(title_at).text
            match = _TITLE.match(title)
            data["question"] = match["question"] if match else title
            if title_at > 0 and head[title_at - 1].kind == "text":
                data["family"] = head.pop(title_at - 1).text
        self.keep_unplaced(head, "text before the overview that is not the title")
        overview = [line for line in body if line.kind == "text"]
        if overview:
            data["overview"] = overview[0].text
        if len(overview) > 1:
            data["summary"] = "\n".join(line.text for line in overview[1:])
        others = [line for line in body if line.kind != "text"]
        self.keep_unplaced(others, "text between the overview and the first step")

    def until(self, stop: Callable[[], bool]) -> list[Line]:
        skipped = []
        while self.peek() is not None and not stop():
            skipped.append(self.lines[self.pos])
            self.pos += 1
        return skipped

    def step(self) -> dict[str, Any]:
        target = self.take("target")
        assert target is not None
        step: dict[str, Any] = {"target_seconds": int(target.text)}
        self.take("label:example")
        example = self.texts()
        if example:
            step["example"] = "\n".join(line.text for line in example)
        phrases = self.take("quotes")
        step["key_phrases"] = list(phrases.items) if phrases else []
        if self.take("label:coaching"):
            coaching = self.texts()
            if coaching:
                step["coaching"] = "\n".join(line.text for line in coaching)
        if self.take("label:mistake") and (mistake := self.take("text")):
            step["mistake"] = mistake.text
        return step

    def block(self) -> str | None:
        """Which section starts here, told by the kinds of the next lines, if any."""
        kinds = [line.kind if line else None for line in map(self.peek, range(3))]
        if kinds[0] == "level_reflection":
            return "reflection"
        if kinds[0] == "label:weak_answer":
            return "weak_answer"
        if kinds[:2] == ["text", "probes"]:
            return "follow_up"
        if kinds == ["text", "text", "label:emphasize"]:
            return "guidance"
        if kinds == ["text", "text", "reflection"]:
            return "level"
        return "quiz" if kinds[0] == "text" else None

    def starts_block(self) -> bool:
        """Whether a section other than a quiz item starts here."""
        return self.block() not in ("quiz", None)

    def section(self, data: dict[str, Any], sections: dict[str, list[Any]]) -> None:
        block = self.block()
        if block == "reflection":
            self.reflection(sections["reflections"])
        elif block == "follow_up":
            self.follow_up(sections["follow_ups"])
        elif block == "weak_answer":
            self.weak_answer(data)
        elif block == "guidance":
            self.guidance(sections["guidance"])
        elif block == "level":
            self.level(sections["levels"])
        elif block == "quiz":
            self.quiz(sections["quiz"])
        else:
            self.keep_unplaced([self.lines[self.pos]], "text the importer could not place")
            self.pos += 1

    def reflection(self, items: list[dict[str, Any]]) -> None:
        label = self.take("level_reflection")
        assert label is not None
        text = self.take("text")
        if text is None:
            self.keep_unplaced([label], "a level reflection without text")
            return
        taken = {r["id"] for r in items}
        items.append({"id": item_id(label.text, taken), "level": label.text, "text": text.text})

    def incomplete(self, start: int, what: str) -> None:
        self.keep_unplaced(self.lines[start : self.pos], f"an incomplete {what}")

    def follow_up(self, items: list[dict[str, Any]]) -> None:
        start = self.pos
        question, probes = self.take("text"), self.take("probes")
        assert question is not None and probes is not None
        item: dict[str, Any] = {"question": question.text, "probes": probes.text}
        if self.take("label:weak"):
            weak = self.take("quotes") or self.take("text")
            if weak is not None:
                item["weak_answer"] = " ".join(weak.items) if weak.kind == "quotes" else weak.text
            if (why := self.take("text")) is not None:
                item["weak_why"] = why.text
        if self.take("label:strong"):
            strong = self.texts(self.starts_block)
            if strong:
                item["strong_answer"] = "\n".join(line.text for line in strong)
        if self.is_kind("quotes") and len(quote := self.lines[self.pos].items) == 1:
            self.pos += 1
            item["key_quote"] = quote[0]
        if not {"weak_answer", "weak_why", "strong_answer"} <= item.keys():
            self.incomplete(start, "follow-up")
            return
        taken = {f["id"] for f in items}
        items.append({"id": item_id(question.text, taken), **item})

    def weak_answer(self, data: dict[str, Any]) -> None:
        start = self.pos
        self.take("label:weak_answer")
        text = self.take("text") or self.take("quotes")
        problems = []
        while self.is_kind("text") or self.is_kind("quotes"):
            line = self.lines[self.pos]
            self.pos += 1
            problems.append(line.items[0] if line.kind == "text" else line.text)
        verdict = self.take("verdict")
        verdict_text = verdict.text if verdict else ""
        if verdict is not None and not verdict_text and (after := self.take("text")):
            verdict_text = after.text
        if text is None or not problems or not verdict_text or "weak_answer" in data:
            self.incomplete(start, "weak answer")
            return
        data["weak_answer"] = {"text": text.text, "problems": problems, "verdict": verdict_text}

    def quiz(self, items: list[dict[str, Any]]) -> None:
        question = self.take("text")
        assert question is not None
        explanation = self.texts(lambda: self.starts_block() or self.peek_is_question())
        if not explanation:
            self.keep_unplaced([question], "text the importer could not place")
            return
        taken = {q["id"] for q in items}
        items.append(
            {
                "id": item_id(question.text, taken),
                "question": question.text,
                "explanation": "\n".join(line.text for line in explanation),
            }
        )

    def peek_is_question(self) -> bool:
        line = self.peek()
        return line is not None and line.text.endswith("?")

    def guidance(self, items: list[dict[str, Any]]) -> None:
        start = self.pos
        principle, lead = self.take("text"), self.take("text")
        assert principle is not None and lead is not None
        self.take("label:emphasize")
        emphasize = self.take("text")
        downplay = self.take("text") if self.take("label:downplay") else None
        if emphasize is None or downplay is None:
            self.incomplete(start, "principle section")
            return
        items.append(
            {
                "principle": principle.text,
                "lead_with": lead.text,
                "emphasize": emphasize.text,
                "downplay": downplay.text,
            }
        )

    def level(self, items: list[dict[str, Any]]) -> None:
        start = self.pos
        name, focus, reflection = self.take("text"), self.take("text"), self.take("reflection")
        assert name is not None and focus is not None and reflection is not None
        bar, time = self.take("bar"), self.take("time")
        if bar is None or time is None:
            self.incomplete(start, "level section")
            return
        taken = {v["id"] for v in items}
        items.append(
            {
                "id": item_id(name.text, taken),
                "level": name.text,
                "focus": focus.text,
                "reflection": reflection.text,
                "bar": bar.text,
                "time": time.text,
            }
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
