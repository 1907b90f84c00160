"""How build tells what changed since the deck it replaced."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..changes import ChangeReport
from ..previous import scenario_of
from ..wording import plural

# New and changed notes are named up to this many each; removed and restored ones always.
NAMED = 10


def change_lines(changes: ChangeReport, target: str, notes: int) -> Iterator[str]:
    """The summary line against the previous deck, then the notes it names."""
    if not changes.compared:
        yield f"No earlier deck at {target}: all {plural(notes, 'note')} are new."
        return
    changed = len(changes.changed) + len(changes.restored)
    yield (
        f"Since the last build: {len(changes.new)} new, {changed} changed,"
        f" {changes.unchanged} unchanged, {len(changes.removed)} removed"
    )
    yield from _named("new", changes.new, NAMED)
    yield from _named("changed", changes.changed, NAMED)
    yield from _named("back", changes.restored)
    for scenario in changes.gone:
        count = sum(scenario_of(key) == scenario for key in changes.removed)
        yield f"  removed: {scenario}/* (the whole scenario, {_notes(count)})"
    yield from _named("removed", [k for k in changes.removed if scenario_of(k) not in changes.gone])
    retired = len(changes.removed) + changes.retired
    if retired:
        yield (
            f"{_notes(retired)} of removed items {_are(retired)} kept in the deck, tagged"
            f" star::removed: delete {'it' if retired == 1 else 'them'} in Anki (search"
            " tag:star::removed), then build with --drop-removed."
        )
    if changes.dropped:
        yield f"Left out {_notes(changes.dropped)} of removed items (--drop-removed)."
    if changes.kept:
        own = changes.kept - changes.kept_shared
        parts = [f"{_notes(own)} of {plural(changes.kept_scenarios, 'scenario')}"] if own else []
        if changes.kept_shared:
            parts.append(plural(changes.kept_shared, "Which Story note"))
        yield f"Kept as they were: {' and '.join(parts)} this build left out."
    if changes.emptied:
        cards = plural(changes.emptied, "key-phrase card")
        yield (
            f"{cards} no longer {'asks' if changes.emptied == 1 else 'ask'} for a phrase (removed,"
            " reworded or too slight): in Anki, Tools > Empty Cards deletes"
            f" {'it' if changes.emptied == 1 else 'them'}."
        )


def _named(label: str, keys: Sequence[str], limit: int | None = None) -> Iterator[str]:
    shown = keys if limit is None or len(keys) <= limit else keys[: limit - 1]
    for key in shown:
        yield f"  {label}: {key}"
    if len(shown) < len(keys):
        yield f"  … and {len(keys) - len(shown)} more"


def _notes(count: int) -> str:
    return plural(count, "note")


def _are(count: int) -> str:
    return "is" if count == 1 else "are"
