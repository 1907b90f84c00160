"""Choosing what goes into a deck: scenarios by principle or tag, and one level's variant."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import NothingSelectedError
from .model import Scenario
from .notes import matches_level


def select_scenarios(
    scenarios: Sequence[Scenario], principles: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Scenario]:
    """The scenarios that target any of ``principles`` and carry any of ``tags`` (any case)."""

    def wanted(values: Sequence[str], asked: Sequence[str]) -> bool:
        return not asked or bool({v.casefold() for v in values} & {a.casefold() for a in asked})

    chosen = [s for s in scenarios if wanted(s.principles, principles) and wanted(s.tags, tags)]
    if not chosen:
        asked = [f"--principle '{p}'" for p in principles] + [f"--tag '{t}'" for t in tags]
        raise NothingSelectedError(f"no scenario matches {' or '.join(asked)}")
    return chosen


def without_level(scenarios: Sequence[Scenario], level: str) -> list[Scenario]:
    """The scenarios that have no variant for ``level``."""
    return [s for s in scenarios if not any(matches_level(v, level) for v in s.levels)]
