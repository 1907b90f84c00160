"""A copied page as typed lines: labels, targets, quoted phrases, icons and text.

Classification looks at one line alone; what a line means in its section is
the parser's business (page.py, sections.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .errors import PageError
from .markup import FULL_STOPS
from .rules import CONTROL_CHARACTERS

# What a line is, told by the line alone; the parser takes lines by these names.
LineKind = Literal[
    "text",
    "icon",
    "target",
    "quotes",
    "probes",
    "verdict",
    "reflection",
    "bar",
    "time",
    "level_reflection",
    "label:overview",
    "label:example",
    "label:coaching",
    "label:mistake",
    "label:weak",
    "label:strong",
    "label:weak_answer",
    "label:emphasize",
    "label:downplay",
]

# An icon line is this short at most; a longer line without letters or digits is text.
MAX_ICON = 8
# What may stand before a label: an icon, garbled perhaps twice (each time it grows).
MAX_LABEL_LEAD = 16
# A time line ("Keep to 2 minutes.") is short; a longer line that names minutes is text.
MAX_TIME = 40
# Principle and level names are short; a longer line is a sentence, not a heading.
MAX_HEADING = 60
# Far larger than any walkthrough page (tens of kilobytes): a file this big is something else.
MAX_PAGE = 2 << 20

# Anything before the first letter or digit: an icon, or one garbled by a wrong encoding.
_LEAD = re.compile(r"^[^A-Za-z0-9]+")
# A bullet or short icon run, then a space, before a list item's text.
_BULLET = re.compile(rf"^(?:[•·▪◦‣∙*\-–]|[^\sA-Za-z0-9\"“”'‘’(]{{1,{MAX_ICON}}})\s+(?=\S)")
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
_LABELS: dict[str, LineKind] = {
    "scenario overview": "label:overview",
    "strong example": "label:example",
    "coaching": "label:coaching",
    "common mistake": "label:mistake",
    "weak": "label:weak",
    "strong": "label:strong",
    "weak answer": "label:weak_answer",
    "emphasize": "label:emphasize",
    "emphasise": "label:emphasize",
    "downplay": "label:downplay",
}
_PREFIXED: dict[LineKind, str] = {
    "probes": "Probes:",
    "verdict": "Bar Raiser Thinks",
    "reflection": "Reflection:",
}
_CHROME = re.compile(
    r"^(?:bird|raised fist\d*|or|recommended|start learning this pattern below"
    r"|jump into concepts and practice - no test required"
    r"|choose your preparation mode\d* modes? available"
    r"|test this pattern\d+ questions? across .*)$",
    re.IGNORECASE,
)
_STEP_LETTERS = {"S", "T", "A", "R"}
# A multiple-choice option: a letter ("A.", "b)") or a radio mark, then its text; "filled"
# radio marks and a check mark or "(correct)" after it say which one is right. Marks may be
# garbled, UTF-8 read as Windows-1252: ✓ becomes "âœ“", and a radio mark "â—" and one more.
_OPTION = re.compile(
    r"^(?:\(?[A-Ha-h][.)]\s+|(?P<empty>[○◯⚪]|â—‹)\s*|(?P<filled>[●◉⚫]|â—.?)\s*)(?P<text>\S.*)$"
)
_CORRECT = re.compile(r"\s*(?:[✓✔☑✅]|âœ“|âœ”|\(correct\))\s*$", re.IGNORECASE)
# A sentence's end: a stop, then perhaps closing quotes or brackets; or a check mark.
_SENTENCE_END = re.compile(f"[.!?:;…{FULL_STOPS}][\"'”’)\\]]*$|[✓✔]$")
# Lines that run on into the next, fewer than this on a page: a desktop copy's headings.
_PHONE_RUNS = 6
# Tab and newline are left to split(), which makes every whitespace a plain space.
_CONTROL = re.compile(CONTROL_CHARACTERS)


# Kinds that are text wherever a section expects text.
TEXTY: frozenset[LineKind] = frozenset(
    {"text", "bar", "time", "reflection", "probes", "level_reflection", "verdict"}
)


@dataclass(frozen=True)
class Line:
    """One page line: its number, kind, the text that matters, and the line as written."""

    number: int
    kind: LineKind
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
        return self.kind in TEXTY and len(self.raw) <= MAX_HEADING and self.raw[-1] not in ".?!:;,"


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
    """The typed lines of a page; blank lines, page chrome and step letters left out.

    A copy made on a phone breaks each paragraph into lines and puts a blank line
    between everything; its lines are joined back into paragraphs (phone_copy).
    """
    # Only line breaks an editor counts, so warnings name the lines a person sees.
    rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    typed = [classify(number, raw) for number, raw in enumerate(rows, 1)]
    if phone_copy(typed):
        return _paragraphs(typed)
    return [line for line in typed if line]


def phone_copy(typed: list[Line | None]) -> bool:
    """Whether the page is a phone's copy: every label alone, lines broken inside sentences.

    A desktop copy puts a label's text on the very next line ("Strong Example", then the
    example); a phone's copy puts a blank line after every label. Both must hold, and
    some lines must run on into the next, for lines to be joined.
    """
    labels = [i for i, line in enumerate(typed) if line and line.kind.startswith("label:")]
    if not labels or any(i + 1 < len(typed) and typed[i + 1] is not None for i in labels):
        return False
    runs_on = sum(
        1
        for line, after in itertools.pairwise(typed)
        if line and after and line.kind == "text" and after.kind == "text" and not _ends(line)
    )
    return runs_on >= _PHONE_RUNS


def _ends(line: Line) -> bool:
    """Whether a line ends a sentence (or a label, a list item's mark, a quote)."""
    return _SENTENCE_END.search(line.raw) is not None


def _paragraphs(typed: list[Line | None]) -> list[Line]:
    """The lines of each paragraph (up to a blank line) joined into one, with spaces.

    A label, target, key-phrase line, icon, bullet or option stands on its own.
    """
    found: list[Line] = []
    joinable = False  # whether the last line found may take the next one
    for line in typed:
        if line is None:
            joinable = False  # a blank line ends a paragraph
            continue
        if joinable and line.kind == "text" and not line.bulleted and option(line) is None:
            last = found[-1]
            found[-1] = classify(last.number, f"{last.raw} {line.raw}") or last
        else:
            found.append(line)
        joinable = found[-1].kind in TEXTY
    return found


def classify(number: int, raw: str) -> Line | None:
    """Type one line; None for blank lines, page chrome and step letters."""
    # Non-breaking spaces, tabs and stray control characters count as plain spaces.
    line = " ".join(_CONTROL.sub(" ", raw).split())
    if not line or _CHROME.match(line) or line in _STEP_LETTERS:
        return None
    if not re.search(r"[A-Za-z0-9]", line) and len(line) <= MAX_ICON:
        return Line(number, "icon", line, line)
    bare = _LEAD.sub("", line)
    label = _LABELS.get(bare.lower().rstrip(":"))
    if label and len(line) - len(bare) <= MAX_LABEL_LEAD:
        return Line(number, label, bare, line)
    if match := _TARGET.match(bare):
        return Line(number, "target", match["seconds"], line)
    for kind, prefix in _PREFIXED.items():
        if bare.lower().startswith(prefix.lower()):
            return Line(number, kind, bare[len(prefix) :].strip(" :"), line)
    if bare.startswith("Bar "):
        return Line(number, "bar", bare[4:].strip(), line)
    if match := _LEVEL_REFLECTION.match(bare):
        return Line(number, "level_reflection", match["level"].strip(), line)
    if len(bare) <= MAX_TIME and _TIME.match(bare):
        return Line(number, "time", bare, line)
    if _QUOTES.match(line):
        return Line(number, "quotes", line, line, tuple(q.strip() for q in _QUOTED.findall(line)))
    return Line(number, "text", line, line)


def option(line: Line) -> tuple[str, bool] | None:
    """A multiple-choice option's text and whether it is marked correct; None for other lines."""
    match = _OPTION.match(line.raw)
    if match is None:
        return None
    text = _CORRECT.sub("", match["text"])
    marked = text != match["text"] or match["filled"] is not None
    quoted = _QUOTED.fullmatch(text.strip())
    shown = quoted[1].strip() if quoted else text.strip()
    return (shown, marked) if shown else None


def title_question(line: Line) -> str:
    """The interview question of a title line, its '- ... Walkthrough' suffix dropped."""
    match = _TITLE.match(line.raw)
    return match["question"] if match else line.raw


def is_title(line: Line) -> bool:
    """Whether the line reads like a walkthrough page's title."""
    return _TITLE.match(line.raw) is not None


def joined(lines: Iterable[Line]) -> str:
    """The lines as written, one field's text: a line break between each two."""
    return "\n".join(line.raw for line in lines)
