"""A copied page as typed lines: labels, targets, quoted phrases, icons and text.

Classification looks at one line alone; what a line means in its section is
the parser's business (page.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import PageError
from .model import CONTROL_CHARACTERS

# Anything before the first letter or digit: an icon, or one garbled by a wrong encoding.
_LEAD = re.compile(r"^[^A-Za-z0-9]+")
# A bullet or short icon run, then a space, before a list item's text.
_BULLET = re.compile(r"^(?:[•·▪◦‣∙*\-–]|[^\sA-Za-z0-9\"“”'‘’(]{1,8})\s+(?=\S)")
_TITLE = re.compile(r"^(?P<question>.+?)\s+[-–—]\s+[^-–—]*walkthrough$", re.IGNORECASE)
_TARGET = re.compile(r"^target:?\s*(?P<seconds>\d+)\s*(?:s|secs?|seconds?)\.?$", re.IGNORECASE)
_LEVEL_REFLECTION = re.compile(r"^(?P<level>[^.:!?]{1,40}?) reflection$", re.IGNORECASE)
_TIME = re.compile(
    r"^(?:keep (?:it )?)?(?:to |under |within |about |around |up to )?\d+(?:\.\d+)?"
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
# Tab and newline are left to split(), which makes every whitespace a plain space.
_CONTROL = re.compile(CONTROL_CHARACTERS)


# Kinds that are text wherever a section expects text.
TEXTY = frozenset({"text", "bar", "time", "reflection", "probes", "level_reflection", "verdict"})


@dataclass(frozen=True)
class Line:
    """One page line: its number, kind, the text that matters, and the line as written."""

    number: int
    kind: str
    text: str
    raw: str
    items: tuple[str, ...] = ()

    @property
    def item(self) -> str:
        """A list item's text: the line without its bullet."""
        return _BULLET.sub("", self.raw)

    @property
    def bulleted(self) -> bool:
        """Whether the line starts with a bullet or an icon."""
        return _BULLET.match(self.raw) is not None

    @property
    def title_like(self) -> bool:
        """Short and unpunctuated, like a principle or level name."""
        return self.kind in TEXTY and len(self.raw) <= 60 and self.raw[-1] not in ".?!:;,"


MAX_PAGE = 2 << 20


def decode_page(data: bytes, name: str) -> str:
    """The page's text; binary, UTF-16, non-UTF-8 and huge files are refused."""
    if len(data) > MAX_PAGE:
        raise PageError(f"{name}: too large for a walkthrough page: {len(data):,} bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PageError(f"{name}: UTF-16 text; save the page as UTF-8 and try again")
    if b"\x00" in data:
        raise PageError(f"{name}: not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PageError(f"{name}: not UTF-8 text; save the page as UTF-8 and try again") from None


def page_lines(text: str) -> list[Line]:
    """The typed lines of a page; blank lines, page chrome and step letters left out."""
    # Only line breaks an editor counts, so warnings name the lines a person sees.
    rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for number, raw in enumerate(rows, 1) if (line := classify(number, raw))]


def classify(number: int, raw: str) -> Line | None:
    """Type one line; None for blank lines, page chrome and step letters."""
    # Non-breaking spaces, tabs and stray control characters count as plain spaces.
    line = " ".join(_CONTROL.sub(" ", raw).split())
    if not line or _CHROME.match(line) or line in _STEP_LETTERS:
        return None
    if not re.search(r"[A-Za-z0-9]", line) and len(line) <= 8:
        return Line(number, "icon", line, line)
    bare = _LEAD.sub("", line)
    label = _LABELS.get(bare.lower().rstrip(":"))
    if label and len(line) - len(bare) <= 16:  # an icon, garbled perhaps twice
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
    return Line(number, "text", line, line)


def title_question(line: Line) -> str:
    """The interview question of a title line, its '- ... Walkthrough' suffix dropped."""
    match = _TITLE.match(line.raw)
    return match["question"] if match else line.raw


def is_title(line: Line) -> bool:
    """Whether the line reads like a walkthrough page's title."""
    return _TITLE.match(line.raw) is not None
