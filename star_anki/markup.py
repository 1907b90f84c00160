"""Author text as field HTML: escaped text, lists, definition lists and first sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_ENTITIES = (
    ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("[", "&#91;"), ("{", "&#123;"),
    ("}", "&#125;"), ("\n", "<br>"),
)  # fmt: skip
# Chinese and Japanese end sentences with these, and put no space after them.
FULL_STOPS = "\u3002\uff01\uff1f"
# A sentence ends at . ! or ? before a space and a capital, digit or quote ("0.3%" does
# not), or at a full-width stop, exclamation or question mark, as in Chinese and Japanese.
# A match starts at the stop (a lookbehind at every character searches twice as long);
# the sentence ends just after it and the next starts at the match's end.
_SENTENCE_END = re.compile(f"[.!?]\\s+(?=[A-Z0-9\"'(\u201c\u2018])|[{FULL_STOPS}]")
# Words whose full stop ends no sentence.
_ABBREVIATIONS = frozenset("dr. mr. mrs. ms. st. prof. e.g. i.e. vs. etc. inc.".split())


def text(value: str | None) -> str:
    """Author text as field HTML: shown exactly as written, never read as markup.

    Brackets and braces become entities too, so '[sound:x]', '{{Field}}' and
    '{{c1::x}}' in a scenario stay text on every card, cloze cards included.
    """
    if not value:
        return ""
    # Anki stores note text in NFC; the deck holds exactly what Anki will keep.
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    # Most text has none of _ENTITIES: seven scans for one character each (memchr) cost
    # half a regex search, and a deck calls this hundreds of times a story.
    if (
        "&" in value or "<" in value or ">" in value or "[" in value
        or "{" in value or "}" in value or "\n" in value
    ):  # fmt: skip
        for char, entity in _ENTITIES:
            value = value.replace(char, entity)
    return value


def html_list(items: Sequence[str], css_class: str = "") -> str:
    """Texts as an HTML list, or nothing for none."""
    if not items:
        return ""
    attr = f' class="{css_class}"' if css_class else ""
    return f"<ul{attr}>" + "".join(f"<li>{text(item)}</li>" for item in items) + "</ul>"


def definitions(rows: Sequence[tuple[str, str]]) -> str:
    """Term and text pairs as a definition list; a pair with no text is left out."""
    shown = "".join(f"<dt>{text(t)}</dt><dd>{text(d)}</dd>" for t, d in rows if d)
    return f"<dl>{shown}</dl>" if shown else ""


def sentences(value: str) -> list[str]:
    """The sentences of ``value``, their spaces trimmed; a text without an end is one."""
    found, start = [], 0
    rest = value.strip()
    for end in _SENTENCE_END.finditer(rest):
        stop = end.start() + 1
        words = rest[start:stop].rsplit(None, 1)  # the last word is all that is asked
        if words and words[-1].casefold() not in _ABBREVIATIONS:
            found.append(rest[start:stop].strip())
            start = end.end()
    tail = rest[start:].strip()
    return [*found, tail] if tail else found


def first_sentence(value: str) -> str:
    """The first sentence of ``value``, or nothing for no text."""
    return next(iter(sentences(value)), "")
