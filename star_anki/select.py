"""Choosing what goes into a deck: scenarios by principle or tag, and one level's variant."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .errors import NothingSelectedError
from .model import Scenario
from .rules import principle_key
from .story import variants


def chosen(scenario: Scenario, principles: Sequence[str] = (), tags: Sequence[str] = ()) -> bool:
    """Whether ``scenario`` targets any of ``principles`` and carries any of ``tags``.

    Tags match in any case; principles as everywhere (rules.principle_key), so
    'earn trust' picks a story for 'Earn  Trust'.
    """

    def wanted(values: Sequence[str], asked: Sequence[str], same: Callable[[str], str]) -> bool:
        return not asked or bool({same(v) for v in values} & {same(a) for a in asked})

    return wanted(scenario.principles, principles, principle_key) and wanted(
        scenario.tags, tags, str.casefold
    )


def nothing_selected(principles: Sequence[str], tags: Sequence[str]) -> NothingSelectedError:
    """The error of filters that leave no scenario."""
    asked = [f"--principle '{p}'" for p in principles] + [f"--tag '{t}'" for t in tags]
    return NothingSelectedError(f"no scenario matches {' or '.join(asked)}")


def select_scenarios(
    scenarios: Sequence[Scenario], principles: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Scenario]:
    """The scenarios ``chosen`` by ``principles`` and ``tags``; NothingSelectedError if none."""
    found = [s for s in scenarios if chosen(s, principles, tags)]
    if not found:
        raise nothing_selected(principles, tags)
    return found


def levels_of(scenario: Scenario, level: str) -> list[str]:
    """The names of a scenario's level variants that ``level`` keeps."""
    return [v.level for v in variants(scenario, level)]


def level_warning(scenario: Scenario, level: str) -> str | None:
    """What to warn of when ``level`` keeps no level variant of ``scenario``, or several."""
    kept = levels_of(scenario, level)
    if not kept:
        return f"no level '{level}'; it gets no level card"
    if len(kept) > 1:
        return f"--level '{level}' keeps {len(kept)} levels: {', '.join(kept)}"
    return None
