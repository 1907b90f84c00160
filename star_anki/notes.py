"""Notes stage: the five note types and the notes each scenario maps onto.

Identity lives here. Note-type, field and template ids are constants, and a
note's GUID is derived from its key (scenario id, kind, step or item id),
never from its text, so edits and upgrades update notes in place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import genanki

from .model import Scenario, Step

_PACKAGE_CARDS = Path(__file__).parent / "cards"
_SOURCE_CARDS = Path(__file__).parent.parent / "cards"


def cards_dir() -> Path:
    """The folder of templates: inside the installed package, or beside it in a checkout."""
    return _PACKAGE_CARDS if _PACKAGE_CARDS.is_dir() else _SOURCE_CARDS


@dataclass(frozen=True)
class NoteType:
    """A note type as data: its fixed ids, its fields and the template files it uses."""

    name: str
    kind: str  # the card file stem, the GUID kind and the kind tag
    model_id: int
    template_id: int
    fields: tuple[tuple[str, int], ...]  # (name, fixed id); the first field is the key
    sort_field: str

    @property
    def field_names(self) -> tuple[str, ...]:
        """The field names in order."""
        return tuple(name for name, _ in self.fields)


STEP = NoteType(
    "STAR Step", "step", 722717777921140, 3200444467026756,
    (("Key", 2009616041262306), ("Question", 1064291149947936), ("Step", 1259513744561306),
     ("Target", 2575173072842006), ("Example", 552668253273230), ("KeyPhrases", 4350511440886635),
     ("Coaching", 4098355122936314), ("Mistake", 1651384912806059),
     ("Reflections", 3135783581493614)),
    "Question",
)  # fmt: skip
WEAK_ANSWER = NoteType(
    "STAR Weak Answer", "weak-answer", 3122623890375152, 1282888799144918,
    (("Key", 3303711111087123), ("Question", 2826488787390973), ("WeakAnswer", 2099774421152110),
     ("Problems", 1929995901929563), ("Verdict", 3430131009257980)),
    "Question",
)  # fmt: skip
FOLLOW_UP = NoteType(
    "STAR Follow-up", "follow-up", 3425416888074927, 3197882334341923,
    (("Key", 1758946680294112), ("Question", 2449728487795269), ("FollowUp", 57907141220134),
     ("Probes", 748107102272080), ("StrongAnswer", 4381146380892661),
     ("KeyQuote", 2943666444628254),
     ("WeakAnswer", 3172272074795254), ("WeakWhy", 2012960409279702)),
    "FollowUp",
)  # fmt: skip
QUIZ = NoteType(
    "STAR Quiz", "quiz", 2540730034110589, 3094554499885833,
    (("Key", 720910811170005), ("Question", 4242181919936786), ("QuizQuestion", 1271238486584408),
     ("Choices", 711888915608953), ("Answer", 1638972903679667), ("Explanation", 1487046201263860)),
    "QuizQuestion",
)  # fmt: skip
STORY = NoteType(
    "STAR Story", "story", 2556518860149095, 1003340743760515,
    (("Key", 241029376964861), ("Question", 2520270807247145), ("Family", 1459021192433177),
     ("Principles", 1910756639082473), ("TotalTime", 1003447614036244),
     ("Timing", 3698938990070788),
     ("Overview", 1560040189193280), ("Summary", 910413787541244), ("Guidance", 2521717510320563),
     ("Levels", 85004486960388), ("Reflections", 3776786546320519)),
    "Question",
)  # fmt: skip
NOTE_TYPES = (STEP, WEAK_ANSWER, FOLLOW_UP, QUIZ, STORY)

STEP_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "reflection": "Reflection",
}


@dataclass(frozen=True)
class Note:
    """One note ready to package: its type, key, GUID, field HTML, tags and subdeck."""

    note_type: NoteType
    key: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str

    @property
    def guid(self) -> str:
        """Derived from the key alone: the identity Anki matches on."""
        return str(genanki.guid_for("star-anki", self.key))


@cache
def genanki_model(note_type: NoteType) -> genanki.Model:
    """The genanki model of a note type, with its templates and CSS read from cards/."""
    folder = cards_dir()
    return genanki.Model(
        note_type.model_id,
        note_type.name,
        fields=[{"name": name, "id": field_id} for name, field_id in note_type.fields],
        templates=[
            {
                "name": "Card 1",
                "id": note_type.template_id,
                "qfmt": (folder / f"{note_type.kind}.front.html").read_text(encoding="utf-8"),
                "afmt": (folder / f"{note_type.kind}.back.html").read_text(encoding="utf-8"),
            }
        ],
        css=(folder / "style.css").read_text(encoding="utf-8"),
        sort_field_index=note_type.field_names.index(note_type.sort_field),
    )


def text(value: str | None) -> str:
    """Author text as field HTML: shown exactly as written, never read as markup."""
    if not value:
        return ""
    escaped = html.escape(value, quote=False).replace("[", "&#91;").replace("{", "&#123;")
    return escaped.replace("\n", "<br>")


def highlight(example: str, phrases: Sequence[str]) -> str:
    """The example as field HTML with every occurrence of a key phrase marked (any case)."""
    wanted = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not wanted:
        return text(example)
    pattern = re.compile("|".join(re.escape(p) for p in wanted), re.IGNORECASE)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(example):
        parts.append(text(example[last : match.start()]))
        parts.append(f'<mark class="kp">{text(match.group(0))}</mark>')
        last = match.end()
    parts.append(text(example[last:]))
    return "".join(parts)


def _list(items: Sequence[str], css_class: str = "") -> str:
    attr = f' class="{css_class}"' if css_class else ""
    return f"<ul{attr}>" + "".join(f"<li>{text(item)}</li>" for item in items) + "</ul>"


def _definitions(rows: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{text(t)}</dt><dd>{text(d)}</dd>" for t, d in rows) + "</dl>"


def tag(prefix: str, value: str) -> str:
    """A hierarchical tag; Anki tags cannot hold spaces."""
    return f"star::{prefix}::" + re.sub(r"\s+", "_", value.strip())


def duration(seconds: int) -> str:
    """Seconds as a speaking time, e.g. '2 min 55 s'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def scenario_notes(scenario: Scenario, root_deck: str) -> Iterator[Note]:
    """Every note one scenario maps onto, in a stable order."""
    deck = f"{root_deck}::{scenario.question}"
    common = (
        tag("scenario", scenario.id),
        *([tag("family", scenario.family)] if scenario.family else []),
        *(tag("principle", p) for p in scenario.principles),
    )

    def note(note_type: NoteType, item: str, *fields: str, extra: Sequence[str] = ()) -> Note:
        key = f"{scenario.id}/{note_type.kind}/{item}"
        tags = (*common, tag("kind", note_type.kind), *extra)
        return Note(note_type, key, (key, text(scenario.question), *fields), tags, deck)

    reflections = _definitions([(r.level, r.text) for r in scenario.reflections])
    for key, step in scenario.steps.items():
        yield note(
            STEP, key, text(STEP_LABELS[key]), text(f"{step.target_seconds}s"),
            highlight(step.example, step.key_phrases) if step.example else "",
            _list(step.key_phrases, "phrases"), text(step.coaching), text(step.mistake),
            reflections if key == "reflection" else "",
            extra=[tag("step", key)],
        )  # fmt: skip
    weak = scenario.weak_answer
    yield note(WEAK_ANSWER, "main", text(weak.text), _list(weak.problems), text(weak.verdict))
    for number, follow_up in enumerate(scenario.follow_ups, start=1):
        yield note(
            FOLLOW_UP, follow_up.id or f"#{number}", text(follow_up.question),
            text(follow_up.probes), text(follow_up.strong_answer), text(follow_up.key_quote),
            text(follow_up.weak_answer), text(follow_up.weak_why),
        )  # fmt: skip
    for number, item in enumerate(scenario.quiz, start=1):
        choices = "".join(f"<li>{text(c.text)}</li>" for c in item.choices)
        yield note(
            QUIZ, item.id or f"#{number}", text(item.question), choices, text(item.answer),
            text(item.explanation),
        )  # fmt: skip
    yield note(
        STORY, "main", text(scenario.family), text(" · ".join(scenario.principles)),
        text(f"Target: {duration(scenario.total_seconds)} in all"), _timing(scenario.steps.items()),
        text(scenario.overview), text(scenario.summary),
        "".join(
            f"<h4>{text(g.principle)}</h4>"
            + _definitions([("Lead with", g.lead_with), ("✅ Emphasize", g.emphasize),
                            ("⬇ Downplay", g.downplay)])
            for g in scenario.guidance
        ),
        "".join(
            f"<h4>{text(v.level)}</h4>"
            + _definitions([("Focus", v.focus), ("Reflection", v.reflection), ("Bar", v.bar),
                            ("⏱ Time", v.time)])
            for v in scenario.levels
        ),
        reflections,
        extra=[tag("level", v.level) for v in scenario.levels],
    )  # fmt: skip


def _timing(steps: Sequence[tuple[str, Step]]) -> str:
    return text(" · ".join(f"{STEP_LABELS[k]} {s.target_seconds}s" for k, s in steps))
