"""How counts are said in messages: one helper, so every message says them alike."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """'1 scenario', '2 scenarios', '0 scenarios': the count, then the noun for it."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
