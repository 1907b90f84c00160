"""Ids for imported scenarios and items, derived from their words so re-imports match."""

from __future__ import annotations

import re
import unicodedata

# Words of the interview prompt ("Tell me about a time you ...") that say nothing of the topic.
_PROMPT_WORDS = frozenset(
    "tell me about a an the time times describe situation where when that you your give example"
    " of share walk us through have ever in which".split()
)
_CLAUSE_WORDS = frozenset("that when where which who because but while".split())
_STOP_WORDS = frozenset(
    "a an the you your did do does how what why which who when where is are was were of to in"
    " on for and or if this that it i me my would could should best most with at by from as be"
    " s".split()
)


MAX_ID_LENGTH = 64


def slug(words: list[str], limit: int) -> str:
    """Up to ``limit`` words joined by hyphens."""
    return "-".join(words[:limit])


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text``, accents folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def scenario_id(question: str) -> str:
    """A short, stable id from the question: the prompt phrasing dropped, the topic kept."""
    words = ascii_words(question)
    start = 0
    while start < len(words) and words[start] in _PROMPT_WORDS:
        start += 1
    topic: list[str] = []
    for word in words[start:]:
        if word in _CLAUSE_WORDS or len(topic) == 4:
            break
        topic.append(word)
    # Short enough for a file name on any system, whatever the words.
    return slug(topic or words, 6)[:MAX_ID_LENGTH].rstrip("-") or "scenario"


def item_id(text: str, taken: set[str]) -> str:
    """A stable id from an item's significant words, unique among ``taken``."""
    words = [w for w in ascii_words(text) if w not in _STOP_WORDS]
    base = slug(words, 4) or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate
