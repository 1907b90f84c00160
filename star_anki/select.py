"""Choosing what goes into a deck: scenarios by principle or tag, and one level's variant."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .errors import NothingSelectedError
from .model import Scenario
from .rules import principle_key
from .story import variants


def select_scenarios(
    scenarios: Sequence[Scenario], principles: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Scenario]:
    """The scenarios that target any of ``principles`` and carry any of ``tags``.

    Tags match in any case; principles as everywhere (rules.principle_key), so
    'earn trust' picks a story for 'Earn  Trust'.
    """

    def wanted(values: Sequence[str], asked: Sequence[str], same: Callable[[str], str]) -> bool:
        return not asked or bool({same(v) for v in values} & {same(a) for a in asked})

    chosen = [
        s for s in scenarios
        if wanted(s.principles, principles, principle_key) and wanted(s.tags, tags, str.casefold)
    ]  # fmt: skip
    if not chosen:
        asked = [f"--principle '{p}'" for p in principles] + [f"--tag '{t}'" for t in tags]
        raise NothingSelectedError(f"no scenario matches {' or '.join(asked)}")
    return chosen


def levels_of(scenario: Scenario, level: str) -> list[str]:
    """The names of a scenario's level variants that ``level`` keeps."""
    return [v.level for v in variants(scenario, level)]
