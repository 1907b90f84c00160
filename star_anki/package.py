"""Package stage: notes → decks → a compressed .apkg, written atomically by apkg.py."""

from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .apkg import ApkgWriter, Stamp
from .changes import ChangeReport, Placement, Planner, note_digest
from .collect import BuildOptions, check_unique, shared_notes
from .errors import StarAnkiError, TimestampError
from .model import Scenario
from .notes import Note
from .notetypes import NOTE_TYPES, genanki_model
from .pacing import Preset
from .previous import SOURCES_TABLE, PreviousDeck, Remembered, open_previous, scenario_of
from .stream import Gathered, Made, MadeCache, Recipe, made_of, paused_gc, stream

_SOURCES_COLUMNS = {"id": "TEXT PRIMARY KEY", "source": "TEXT NOT NULL"}
_DEFAULT_OPTIONS = BuildOptions()  # frozen: one serves every call


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: path, scenarios, notes per note type, cards, any preset, changes."""

    path: Path
    scenarios: int
    counts: Mapping[str, int]
    cards: int
    preset: Preset | None = None
    changes: ChangeReport = field(default_factory=ChangeReport)

    @property
    def notes(self) -> int:
        """All notes in the deck."""
        return sum(self.counts.values())


def build_timestamp(environ: Mapping[str, str] = os.environ) -> float:
    """The time stamped on notes and note types: SOURCE_DATE_EPOCH if set, else now."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return time.time()
    if not value.strip().isdigit():
        raise TimestampError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not '{value}'")
    return float(value)


def build_deck(
    scenarios: Sequence[Scenario], out: Path, options: BuildOptions = _DEFAULT_OPTIONS,
    timestamp: float | None = None, progress: Callable[[int], None] | None = None,
) -> BuildReport:  # fmt: skip
    """Write the deck of ``scenarios``, already loaded, to ``out``: as ``build_files`` does."""

    def made(recipe: Recipe) -> Iterator[Made]:
        every = dataclasses.replace(recipe, principles=(), tags=())  # chosen by the caller
        return (made_of(scenario, every) for scenario in scenarios)

    return _build(made, out, options, Gathered(), timestamp, progress)


def build_files(
    files: Sequence[Path], out: Path, options: BuildOptions = _DEFAULT_OPTIONS,
    gathered: Gathered | None = None, timestamp: float | None = None,
    progress: Callable[[int], None] | None = None, cache: MadeCache | None = None,
    workers: int | None = None, remembered: Remembered | None = None,
) -> BuildReport:  # fmt: skip
    """Write the deck of the scenario ``files`` to ``out``; a deck there survives any failure.

    Each file is loaded, chosen by ``options.principles`` and ``options.tags`` and made
    into notes (on ``workers`` processes; None: as many as pay), and its notes are
    written at once, so memory stays flat however many files there are. ``gathered``
    collects problems and warnings (stream.Gathered); a problem stops the build with
    ScenarioError once every file is read, unless the gathering is partial. A deck
    already at ``out`` is compared with (see changes.py); one star-anki did not write
    is refused with PreviousDeckError and left alone. ``progress`` hears of each file.
    A watch keeps a ``cache`` of what files made and the deck it ``remembered`` writing.
    """

    def made(recipe: Recipe) -> Iterator[Made]:
        return stream(files, recipe, cache, workers)

    return _build(made, out, options, gathered or Gathered(), timestamp, progress, remembered)


def _build(
    made: Callable[[Recipe], Iterator[Made]], out: Path, options: BuildOptions,
    gathered: Gathered, timestamp: float | None, progress: Callable[[int], None] | None,
    remembered: Remembered | None = None,
) -> BuildReport:  # fmt: skip
    stamp = build_timestamp() if timestamp is None else timestamp
    counts: Counter[str] = Counter()
    cards = 0
    preset = None
    root = options.deck_name
    recipe = Recipe(root, options.level, options.key_phrases, options.principles, options.tags)
    with paused_gc(), ExitStack() as stack:
        try:
            written = remembered.last if remembered is not None else None
            previous = stack.enter_context(open_previous(out, written))
            keep = remembered.begin() if remembered is not None else None
            base = previous.written if previous is not None else None
            apkg = stack.enter_context(ApkgWriter(out, keep, base))
        except (StarAnkiError, OSError):
            # The files' problems come first, as when all were read before the deck was opened.
            _gather(made(recipe), gathered, options)
            raise
        if previous is not None:
            recipe = dataclasses.replace(recipe, clozes=previous.clozes)
        planner = Planner(previous, stamp)
        models = (genanki_model(t, options.tts_lang) for t in NOTE_TYPES)
        old_models = previous.models if previous else {}
        apkg.add_note_types(models, root, planner.time, _stamp(planner, old_models))
        seen: set[int] = set()

        def add(notes: Sequence[Note], digests: Sequence[bytes] = ()) -> None:
            nonlocal cards
            check_unique(notes, seen)
            contents = digests or [note_digest(note) for note in notes]
            counts.update(note.note_type.name for note in notes)
            kept = apkg.unchanged(notes, contents)
            if kept is not None:  # a watch, and a file that did not change
                assert remembered is not None
                planner.keep([guid for guid, _ in kept])
                for guid, known in kept:
                    remembered.known(guid, known)
                    cards += len(known.cards)
                return
            placed = [(n, planner.place(n, c)) for n, c in zip(notes, contents, strict=True)]
            write(placed, contents)
            cards += sum(len(placement.cards) for _, placement in placed)

        def write(placed: Sequence[tuple[Note, Placement]], contents: Sequence[bytes]) -> None:
            firsts = apkg.add_notes(placed, contents)
            if remembered is not None:
                for (note, at), content, first in zip(placed, contents, firsts, strict=True):
                    remembered.record(note, at.note_id, at.mod, at.cards, content, first)

        for one in made(recipe):
            if gathered.take(one):
                add(one.notes, one.digests)
            if progress is not None:
                progress(1)
        gathered.finish(options.principles, options.tags, options.level)
        if gathered.problems:  # a partial build: as a build of some files
            options = dataclasses.replace(options, filtered=True, bank=None)
        chosen = gathered.chosen
        shared: dict[str, None] = {}  # their decks
        for note in shared_notes(gathered.stories, options):  # each large with many stories
            add([note])
            shared[note.deck] = None
        built = {m.id for m in chosen}
        carried, changes = planner.carried(
            built, out.parent, options.drop_removed, options.filtered, options.left_out
        )
        write(carried, [note_digest(note) for note, _ in carried])
        owners = {scenario_of(note.key) for note, _ in carried}
        left_out = {s for s in owners if s is not None} - built
        apkg.add_table(SOURCES_TABLE, _SOURCES_COLUMNS, _sources(chosen, out, previous, left_out))
        if options.interview is not None:
            # Known only now that the cards are counted; raising here keeps the last deck.
            longest = max((m.seconds for m in chosen), default=0)
            preset = options.interview.preset(cards, longest)
            old_presets = previous.presets if previous else {}
            apkg.add_preset(preset, planner.time, _stamp(planner, old_presets))
        apkg.add_decks([root, *(m.deck for m in chosen), *shared,
                        *(n.deck for n, _ in carried)])  # fmt: skip
    if remembered is not None and keep is not None:
        remembered.end(keep, out)
    per_type = {t.name: counts[t.name] for t in NOTE_TYPES}
    return BuildReport(out, len(chosen), per_type, cards, preset, changes)


def _gather(made: Iterator[Made], gathered: Gathered, options: BuildOptions) -> None:
    """Read every file, writing nothing: ScenarioError for their problems, if any."""
    for one in made:
        gathered.take(one)
    gathered.finish(options.principles, options.tags, options.level)


def _stamp(planner: Planner, old: Mapping[str, Mapping[str, Any]]) -> Stamp:
    """The 'mod' of a note type or preset: kept from ``old`` when nothing else changed."""
    return lambda key, new: planner.stable_mod(new, old.get(key))


def _sources(
    built: Sequence[Made], out: Path, previous: PreviousDeck | None, left_out: set[str]
) -> list[tuple[object, ...]]:
    """The file each scenario came from, relative to the deck's folder, for the sources table.

    A later build then tells a scenario that was deleted from one it merely left out.
    Scenarios ``left_out`` of this build, their notes kept, keep their recorded source.
    """
    folder = out.parent.resolve()
    rows: list[tuple[object, ...]] = []
    for made in built:
        assert made.origin is not None
        source = Path(os.path.relpath(Path(made.origin.path).resolve(), folder))
        rows.append((made.id, source.as_posix()))
    old = previous.sources if previous else {}
    rows += [(s, old[s]) for s in sorted(left_out) if s in old]
    return rows
