"""Key phrases in an example: where they occur, highlighted, clozed, which deserve a cloze.

A cloze card asks for a phrase with the rest of the sentence showing. A phrase
whose only real word is a verb or noun the sentence gives away ("I split",
"the template") is too slight to be worth one: a phrase earns a cloze when it
holds a figure or at least two words that are not filler (pronouns, articles,
auxiliaries, prepositions and conjunctions; negations such as "no" and "not"
count, since "no ticket" is the point). A word may hold an apostrophe or hyphen
("didn't", "end-to-end"); scripts written without spaces count each character
as a word.

A cloze's number is its card, and the card holds the learner's history: a phrase
keeps the number the deck being replaced gave it (``kept``), whatever else changes.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from .markup import text

FILLER = frozenset(
    """a an the i me my mine we us our ours you your he him his she her it its they them
    their this that these those to of in on at for from by with into onto over about up out
    and or but so as then just also is am are was were be been being do does did have has had
    will would can could should shall may might must get got i'm i've i'd i'll we're we've
    we'd we'll it's that's there's they're they've let's""".split()
)
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.S)


@lru_cache(maxsize=256)  # asked of each occurrence, for has_cloze and for cloze
def worth_a_cloze(phrase: str) -> bool:
    """Whether a key phrase deserves a cloze card: a figure, or two words that are not filler."""
    if any(char.isdigit() for char in phrase):
        return True
    words = 0
    for word in _WORD.findall(phrase.casefold().replace("\u2019", "'")):
        unspaced = 0 if word.isascii() else sum(_unspaced(char) for char in word)
        words += unspaced or (word not in FILLER)
    return words >= 2


def _unspaced(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words."""
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI"))


def find_phrases(example: str, phrases: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where the key phrases occur in the example (any case): (start, end, phrase), in order."""
    return _find_phrases(example, tuple(phrases))


@lru_cache(maxsize=64)  # a step's example is searched for the step, its highlight and its cloze
def _find_phrases(example: str, phrases: tuple[str, ...]) -> list[tuple[int, int, str]]:
    # Longest first, ties in a fixed order: the same phrases always match the same way.
    wanted = sorted({p for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not wanted:
        return []
    lowered = example.lower()
    if len(lowered) != len(example) or any(len(p.lower()) != len(p) for p in wanted):
        # Lowercasing moved characters: let the regex engine fold case instead.
        pattern = re.compile(
            "|".join(f"(?P<p{i}>{re.escape(p)})" for i, p in enumerate(wanted)), re.IGNORECASE
        )
        found = pattern.finditer(example)
        return [(m.start(), m.end(), wanted[int(str(m.lastgroup)[1:])]) for m in found]
    # Leftmost first, the longest phrase at a place, no overlaps: as the regex would match,
    # without compiling one for every example.
    candidates = []
    for phrase in wanted:
        needle, at = phrase.lower(), lowered.find(phrase.lower())
        while at >= 0:
            candidates.append((at, -len(needle), phrase))
            at = lowered.find(needle, at + 1)
    spans, end = [], 0
    for start, negative_length, phrase in sorted(candidates):
        if start >= end:
            end = start - negative_length
            spans.append((start, end, phrase))
    return spans


def _marked(example: str, phrases: Sequence[str], mark: Callable[[str, str], str]) -> str:
    """The example as field HTML, each key phrase occurrence wrapped by ``mark``."""
    parts: list[str] = []
    last = 0
    for start, end, phrase in find_phrases(example, phrases):
        parts.append(text(example[last:start]))
        parts.append(mark(phrase, text(example[start:end])))
        last = end
    parts.append(text(example[last:]))
    return "".join(parts)


def highlight(example: str, phrases: Sequence[str]) -> str:
    """The example as field HTML with every occurrence of a key phrase marked."""
    return _highlight(example, tuple(phrases))


@lru_cache(maxsize=64)  # a step's example shows on its Step note and the Story's full answer
def _highlight(example: str, phrases: tuple[str, ...]) -> str:
    """highlight, its phrases hashable."""
    return _marked(example, phrases, _mark)


def _mark(_: str, shown: str) -> str:
    """A key phrase occurrence as highlight shows it."""
    return f'<mark class="kp">{shown}</mark>'


def has_cloze(example: str, phrases: Sequence[str]) -> bool:
    """Whether the example holds a key phrase worth a cloze card."""
    return any(worth_a_cloze(phrase) for _, _, phrase in find_phrases(example, phrases))


def cloze(example: str, phrases: Sequence[str], kept: Mapping[str, int] | None = None) -> str:
    """The example with each key phrase worth it as a cloze; the others stay plain text.

    A phrase in ``kept`` (as cloze_numbers reads them) keeps its number. Without
    one, numbers go by first use in the example, slight phrases counted (as star-anki
    0.1 numbered them, so its cards keep their phrases); a phrase new to a kept note
    takes the next number above all of its old ones, never a number another phrase had.
    """
    kept = kept or {}
    numbers: dict[str, int] = {}
    fresh = max(kept.values(), default=0)
    for _, _, phrase in find_phrases(example, phrases):
        key = phrase.casefold()
        if key not in numbers:
            if key in kept:
                numbers[key] = kept[key]
            else:
                fresh += 1
                numbers[key] = fresh

    def mark(phrase: str, shown: str) -> str:
        if not worth_a_cloze(phrase):
            return shown
        # A colon inside a cloze would start a hint; as an entity it stays text.
        return f"{{{{c{numbers[phrase.casefold()]}::{shown.replace(':', '&#58;')}}}}}"

    return _marked(example, phrases, mark)


def cloze_numbers(field: str) -> dict[str, int]:
    """The cloze number of each phrase in a key-phrase note's text, by the phrase in any case."""
    return {html.unescape(shown).casefold(): int(n) for n, shown in _CLOZE.findall(field)}
