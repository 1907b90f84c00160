"""How counts are said and how wide text is: one helper each, so every message agrees."""

from __future__ import annotations

import unicodedata


def plural(count: int, noun: str) -> str:
    """'1 scenario', '2 scenarios', '0 scenarios': the count, then the noun for it."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
