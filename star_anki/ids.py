"""Ids for scenarios, items and notes, derived from their words so re-imports match."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .rules import id_problem

# The interview prompt before the topic: "Tell me about a time when you had to ...",
# "Give me an example of a situation in which you ...", "Have you ever ...".
_PROMPT = re.compile(
    r"""^
    (?:(?:can|could|would|will)\s(?:you|we)\s)?(?:please\s)?
    (?:(?:
        (?:tell|walk|talk|take)\s(?:me|us)(?:\s(?:about|through|of|how|why|what))?
      | talk\sabout | describe | share(?:\swith\s(?:me|us))? | give(?:\sme|\sus)?
      | explain | recall | discuss | think\s(?:about|of) | name | provide | relate
      | (?:what|which)\s(?:is|was|are|were|s|has\sbeen|have\sbeen) | whats
      | how\s(?:do|did|would|have|will|does)\syou
      | (?:have|did|were|had)\syou(?:\sever)?
      | when\s(?:did|have)\syou(?:\sever)?
    )\s)?
    (?:
        (?:(?:a|an|the|one|some|any|your)\s)?(?:(?:specific|particular|recent|real)\s)?
        (?:time|times|situation|situations|occasion|instance|moment|example|examples|scenario|case)
        \s(?:(?:of|in|from|at|on|during)\s)?
    ){0,2}
    (?:(?:when|where|that|which|in\swhich|during\swhich|in\sthat|on\swhich)\s)?
    (?:(?:you|we)\s)?(?:(?:have|had|were|did|ve|ever)\s)*
    (?:(?:had|needed|have|asked|required)\sto\s)?
    """,
    re.VERBOSE,
)
# Words that carry no topic; prepositions that do (with, under, from, without...) are kept.
_FILLER = frozenset(
    "a an the this that these those some any i me my mine myself you your yours yourself we us"
    " our ours he him his she her they them their it its s t am is are was were be been being"
    " have has had having do does did doing will would shall should can could may might must ve"
    " ll d re m youre youve youd youll ive im weve theyre thats whats of to for and or so as at"
    " on in into by about than then how what why ever very really just also much when where which"
    " who whom whose because while but if even still there too".split()
)
# Where a second clause starts: the title's topic ends there once it has enough words.
_CLAUSE = frozenset("that when where which who whom whose because while but if".split())
# Words that read badly at the end of an id cut short.
_DANGLING = frozenset(
    "with without under over from against despite before after during across between"
    " within outside beyond above through not".split()
)
_ENOUGH = 3
MAX_WORDS = 6
MAX_ID_LENGTH = 48

_STOP_WORDS = frozenset(
    "a an the you your did do does how what why which who when where is are was were of to in"
    " on for and or if this that it i me my would could should best most with at by from as be"
    " s".split()
)


def slug(words: list[str], limit: int) -> str:
    """Up to ``limit`` words joined by hyphens."""
    return "-".join(words[:limit])


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text``, accents folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def _title_words(question: str) -> list[str]:
    """The question's words, "didn't" as one word and a possessive "'s" dropped."""
    joined = re.sub(r"['\u2019]s\b", "", question, flags=re.IGNORECASE)
    return ascii_words(re.sub(r"(?<=[A-Za-z])['\u2019](?=[A-Za-z])", "", joined))


def _capped(words: list[str]) -> list[str]:
    """As many whole words as fit the caps, none dangling at the end."""
    kept: list[str] = []
    for word in words[:MAX_WORDS]:
        if kept and len("-".join([*kept, word])) > MAX_ID_LENGTH:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _DANGLING:
        kept.pop()
    return kept


def scenario_id(question: str) -> str:
    """A short, readable, stable id from the question's distinctive words.

    The prompt phrasing and filler words are dropped; the topic ends at a second
    clause once it has enough words. A question without Latin letters gets an id
    from its hash, which keeps stories in other scripts apart.
    """
    words = _title_words(question)
    rest = _PROMPT.sub("", " ".join(words) + " ").split()
    topic: list[str] = []
    for word in rest:
        if word in _CLAUSE and len(topic) >= _ENOUGH:
            break
        if word not in _FILLER:
            topic.append(word)
    kept = _capped(topic or words)
    if not kept:
        digest = hashlib.sha256(question.strip().encode("utf-8", "surrogatepass")).hexdigest()
        return f"scenario-{digest[:8]}"
    # One word longer than the cap: cut, as a file name must stay short on any system.
    return "-".join(kept)[:MAX_ID_LENGTH]


def question_key(text: str) -> str:
    """A question as compared with another: case, spacing, quote style and a closing mark aside."""
    words = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return words.translate(_QUOTES).rstrip(".?!…。 ")


# Typographic quotes compare as plain ones: a copied question has either.
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def question_id(text: str) -> str:
    """A stable id for a question with none given: its topic, then a hash of its words."""
    key = question_key(text)  # two wordings that compare the same share one id
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{scenario_id(key)}-{digest[:6]}"


def is_valid_id(text: str) -> bool:
    """Whether ``text`` is an id as the loader takes one: lowercase words joined by hyphens."""
    return id_problem(text) is None


def item_id(text: str, taken: set[str]) -> str:
    """A stable id from an item's significant words, unique among ``taken``."""
    words = [w for w in ascii_words(text) if w not in _STOP_WORDS]
    base = slug(words, 4) or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


# Anki's base 91 digits, in the order genanki.guid_for uses.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(key: str) -> str:
    """The GUID of the note keyed ``key``: genanki.guid_for("star-anki", key), byte for byte.

    That is the first 8 bytes of the SHA-256 of "star-anki__" and the key, in base 91
    with the most significant digit first. Made here, a note needs no genanki.
    """
    digest = hashlib.sha256(f"star-anki__{key}".encode()).digest()
    number, guid = int.from_bytes(digest[:8], "big"), ""
    while number:
        guid = _BASE91[number % 91] + guid
        number //= 91
    return guid
