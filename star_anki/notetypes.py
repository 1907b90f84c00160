"""The nine note types as data, and their genanki models with templates from cards/.

Note-type, field and template ids are constants: a learner's notes keep their
note type across releases. Template HTML and CSS may change; field and
template names may not (Anki's importer would add a copy of the note type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsIndex

if TYPE_CHECKING:
    import genanki

from . import DEFAULT_TTS_LANG

_PACKAGE_CARDS = Path(__file__).parent / "cards"
_SOURCE_CARDS = Path(__file__).parent.parent / "cards"
_TTS = re.compile(r"\{\{tts [^:}]+:(?P<field>[^}]+)\}\}")
# Templates name their scripts like a web page would; Anki needs them inline.
_SCRIPT = re.compile(r'<script src="(?P<name>[\w.-]+\.js)"></script>')


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
    cloze: bool = False

    @cached_property  # nine note types: its lock is taken nine times
    def field_names(self) -> tuple[str, ...]:
        """The field names in order."""
        return tuple(name for name, _ in self.fields)

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """One of NOTE_TYPES pickles as its model id: the same object where unpickled."""
        if _BY_MODEL_ID.get(self.model_id) is self:
            return note_type_by_id, (self.model_id,)
        return super().__reduce_ex__(protocol)

    def ordered(self, **values: str) -> tuple[str, ...]:
        """Field values given by name, in this note type's field order.

        A missing or unknown name is a wrong call, not a wrong value: TypeError, as
        Python raises for a missing or unexpected keyword argument.
        """
        names = self.field_names
        try:
            if len(values) == len(names):  # and every name found: the very same names
                return tuple([values[name] for name in names])
        except KeyError:
            pass
        missing = [name for name in names if name not in values]
        unknown = [name for name in values if name not in names]
        problems = [
            f"{label} fields: {', '.join(found)}"
            for label, found in (("missing", missing), ("unknown", unknown))
            if found
        ]
        raise TypeError(f"note type '{self.name}': {'; '.join(problems)}")


STEP = NoteType(
    "STAR Step", "step", 722717777921140, 3200444467026756,
    (("Key", 2009616041262306), ("Question", 1064291149947936), ("Step", 1259513744561306),
     ("Target", 2575173072842006), ("Example", 552668253273230), ("KeyPhrases", 4350511440886635),
     ("Coaching", 4098355122936314), ("Mistake", 1651384912806059),
     ("Reflections", 3135783581493614)),
    "Question",
)  # fmt: skip
KEY_PHRASES = NoteType(
    "STAR Key Phrases", "key-phrases", 614599005569078, 2156889465650834,
    (("Key", 3596743913639433), ("Question", 1804826200709959), ("Step", 49341761927293),
     ("Text", 3066668791257495)),
    "Question",
    cloze=True,
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
     ("KeyQuote", 2943666444628254), ("WeakAnswer", 3172272074795254),
     ("WeakWhy", 2012960409279702)),
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
     ("Seconds", 2804684404798672), ("Timing", 3698938990070788),
     ("Overview", 1560040189193280), ("Summary", 910413787541244), ("Guidance", 2521717510320563),
     ("Levels", 85004486960388), ("Reflections", 3776786546320519)),
    "Question",
)  # fmt: skip
WHICH_STORY = NoteType(
    "STAR Which Story", "which-story", 2751637886097545, 1286662758452137,
    (("Key", 2690189484921145), ("Question", 362253900420458), ("Principles", 1533221654916201),
     ("Stories", 2904661208932036)),
    "Question",
)  # fmt: skip
PITCH = NoteType(
    "STAR Pitch", "pitch", 747270039405292, 3427232058226486,
    (("Key", 3321298672227372), ("Question", 1412843752260794), ("Principle", 2832894207561023),
     ("LeadWith", 767342844399267), ("Emphasize", 3712360041567171),
     ("Downplay", 2071712828540870)),
    "Question",
)  # fmt: skip
LEVEL = NoteType(
    "STAR Level", "level", 1730496829512741, 2964109873250316,
    (("Key", 892741365028714), ("Question", 3158204967315842), ("Level", 1297530681462395),
     ("Focus", 2619047385730164), ("Reflection", 480372916584023), ("Bar", 3904718263501297),
     ("Time", 1573920846172638)),
    "Question",
)  # fmt: skip
# The note types of one scenario's notes; a Which Story note draws on several scenarios.
SCENARIO_NOTE_TYPES = (STEP, KEY_PHRASES, WEAK_ANSWER, FOLLOW_UP, QUIZ, STORY, PITCH, LEVEL)
NOTE_TYPES = (*SCENARIO_NOTE_TYPES, WHICH_STORY)
_BY_MODEL_ID = {note_type.model_id: note_type for note_type in NOTE_TYPES}


def note_type_by_id(model_id: int) -> NoteType:
    """The one of NOTE_TYPES with this model id; KeyError for none."""
    return _BY_MODEL_ID[model_id]


def template(note_type: NoteType, side: str, tts_lang: str | None) -> str:
    """A template file's HTML, its {{tts}} readings in ``tts_lang`` (or left out if None)."""
    folder = cards_dir()
    html = (folder / f"{note_type.kind}.{side}.html").read_text(encoding="utf-8")
    html = _SCRIPT.sub(
        lambda m: f"<script>\n{(folder / m['name']).read_text(encoding='utf-8')}</script>", html
    )
    if tts_lang is None:
        return _TTS.sub("", html)
    return _TTS.sub(lambda m: f"{{{{tts {tts_lang}:{m['field']}}}}}", html)


def stylesheet() -> str:
    """The CSS every note type shares."""
    return (cards_dir() / "style.css").read_text(encoding="utf-8")


@cache
def genanki_model(note_type: NoteType, tts_lang: str | None = DEFAULT_TTS_LANG) -> genanki.Model:
    """The genanki model of a note type, with its templates and CSS read from cards/."""
    import genanki  # only builds need it; the command line starts without it

    return genanki.Model(
        note_type.model_id,
        note_type.name,
        fields=[{"name": name, "id": field_id} for name, field_id in note_type.fields],
        templates=[
            {
                "name": "Cloze" if note_type.cloze else "Card 1",
                "id": note_type.template_id,
                "qfmt": template(note_type, "front", tts_lang),
                "afmt": template(note_type, "back", tts_lang),
            }
        ],
        css=stylesheet(),
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=note_type.field_names.index(note_type.sort_field),
    )
