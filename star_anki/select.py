"""Choosing what goes into a deck: scenarios by principle or tag, and one level's variant."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .errors import NothingSelectedError
from .model import Scenario
from .rules import principle_key
from .story import matches_level, variants


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


@dataclass(frozen=True)
class Offered:
    """The principles, tags and levels the scenarios hold: what a filter can match."""

    principles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    @classmethod
    def of(cls, scenarios: Iterable[Scenario]) -> Offered:
        """What ``scenarios`` offer, each value once, in the order first met."""
        found: tuple[dict[str, None], dict[str, None], dict[str, None]] = ({}, {}, {})
        for scenario in scenarios:
            found[0].update(dict.fromkeys(scenario.principles))
            found[1].update(dict.fromkeys(scenario.tags))
            found[2].update(dict.fromkeys(v.level for v in scenario.levels))
        return cls(*(tuple(values) for values in found))

    def __add__(self, other: Offered) -> Offered:
        def both(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys((*mine, *theirs)))

        return Offered(
            both(self.principles, other.principles), both(self.tags, other.tags),
            both(self.levels, other.levels),
        )  # fmt: skip

    def misses(
        self, principles: Sequence[str], tags: Sequence[str], level: str | None
    ) -> list[str]:
        """A line for each value asked that nothing offered matches, with the values there are."""
        return [
            *_misses("--principle", principles, self.principles, _same_principle, "principles"),
            *_misses("--tag", tags, self.tags, _same_tag, "tags"),
            *_misses("--level", [level] if level else [], self.levels, matches_level, "levels"),
        ]


def _same_principle(offered: str, asked: str) -> bool:
    return principle_key(offered) == principle_key(asked)


def _same_tag(offered: str, asked: str) -> bool:
    return offered.casefold() == asked.casefold()


def _misses(
    option: str, asked: Sequence[str], offered: Sequence[str], match: Callable[[str, str], bool],
    noun: str,
) -> list[str]:  # fmt: skip
    lines = []
    names = sorted(offered, key=str.casefold)
    for value in asked:
        if any(match(name, value) for name in offered):
            continue
        folded = {name.casefold(): name for name in names}
        close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
        hint = f" (did you mean '{folded[close[0]]}'?)" if close else ""
        what = "level" if noun == "levels" else "scenario"
        there = f"these {noun}: {', '.join(names)}" if names else f"no {noun}"
        lines.append(f"{option} '{value}' matches no {what}{hint}; your scenarios have {there}")
    return lines


def nothing_selected(
    principles: Sequence[str], tags: Sequence[str], offered: Offered = Offered()
) -> NothingSelectedError:
    """The error of filters that leave no scenario, naming the values that match nothing."""
    misses = offered.misses(principles, tags, None)
    if len(misses) == len(principles) + len(tags):  # each value matches nothing: say so
        return NothingSelectedError("\n".join(misses))
    asked = [f"--principle '{p}'" for p in principles] + [f"--tag '{t}'" for t in tags]
    return NothingSelectedError("\n".join([f"no scenario matches {' or '.join(asked)}", *misses]))


def select_scenarios(
    scenarios: Sequence[Scenario], principles: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Scenario]:
    """The scenarios ``chosen`` by ``principles`` and ``tags``; NothingSelectedError if none."""
    found = [s for s in scenarios if chosen(s, principles, tags)]
    if not found:
        raise nothing_selected(principles, tags, Offered.of(scenarios))
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
