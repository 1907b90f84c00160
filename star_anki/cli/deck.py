"""Commands that read scenarios: build (once or on every save), preview, validate, list."""

from __future__ import annotations

import datetime
import sys
import typing
from collections.abc import Sequence

import click

from .. import DEFAULT_DECK_NAME
from ..errors import (
    NothingSelectedError,
    PacingError,
    PreviousDeckError,
    ScenarioError,
    StarAnkiError,
)
from ..pacing import REVIEW_DAYS
from ..wording import plural
from .common import (
    DEFAULT_OUTPUT,
    card_options,
    fail,
    load,
    paths_argument,
    question_bank,
    scenario_files,
    scenario_paths,
    selected,
    to_paths,
    warn,
)

if typing.TYPE_CHECKING:
    from pathlib import Path

    from ..collect import BuildOptions
    from ..stream import Gathered
    from ..watch import Watched

PROGRESS_FROM = 200  # scenarios: about half a second of building


def _interview_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime.date | None:
    """The date, refused at once when it is not one or leaves no days to learn in."""
    if value is None:
        return None
    import re

    from ..pacing import InterviewPlan

    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        raise click.BadParameter(f"'{value}' is not a date like 2026-12-15 (YYYY-MM-DD)")
    try:
        date = datetime.date(*map(int, value.split("-")))
        InterviewPlan(date, datetime.date.today())
    except ValueError as error:  # no such day, e.g. 2026-02-30
        raise click.BadParameter(f"'{value}' is not a day in the calendar: {error}") from None
    except PacingError as error:
        raise click.BadParameter(str(error)) from None
    return date


@click.command()
@paths_argument
@click.option(
    "-o", "--output", type=click.Path(), default=None,
    help=f"Where to write the deck.  [default: {DEFAULT_OUTPUT}]",
)  # fmt: skip
@click.option(
    "--deck-name", default=DEFAULT_DECK_NAME, show_default=True,
    help="The root deck; each scenario becomes a subdeck of it ('::' nests it).",
)  # fmt: skip
@click.option(
    "--interview-date", callback=_interview_date, metavar="YYYY-MM-DD",
    help=f"Ship a deck options preset that introduces every card in time to spend the last"
    f" {REVIEW_DAYS} days before this date on reviews alone.",
)  # fmt: skip
@click.option(
    "--watch", is_flag=True,
    help="Keep running and rebuild whenever a scenario file is saved (Ctrl+C stops).",
)  # fmt: skip
@click.option(
    "--open", "open_", is_flag=True,
    help="Then open the deck with this computer's opener: Anki's import dialog.",
)  # fmt: skip
@click.option(
    "--drop-removed", is_flag=True,
    help="Leave out the notes of removed items that an earlier build kept, tagged"
    " star::removed (delete them in Anki first).",
)  # fmt: skip
@card_options
def build(
    paths: tuple[str, ...], output: str | None, deck_name: str,
    interview_date: datetime.date | None, watch: bool, open_: bool, drop_removed: bool,
    principles: tuple[str, ...], tags: tuple[str, ...], level: str | None, tts_lang: str,
    no_tts: bool, bank_files: tuple[str, ...], no_which_story: bool, no_key_phrases: bool,
) -> None:  # fmt: skip
    """Build one .apkg deck from scenario files and folders (default: ./scenarios).

    When a deck is already at the output path, the build compares with it: it
    prints what is new, changed, unchanged and removed, and keeps the notes of
    removed items, tagged star::removed, so that Anki hears of them.

    \b
    Example:
      star-anki build
      star-anki build scenarios/ extra/story.yaml -o interview.apkg --deck-name "Amazon LPs"
      star-anki build --principle Ownership --level "Senior SDE" --tts-lang en_GB
      star-anki build --no-key-phrases   # no cloze cards
      star-anki build --interview-date 2026-12-15 --watch
      star-anki build --drop-removed     # once tag:star::removed notes are deleted in Anki
      star-anki build --open             # then Anki's import dialog opens it
    """
    import dataclasses

    from ..collect import BuildOptions

    if not deck_name.strip(": "):
        raise click.BadParameter("the deck needs a name", param_hint="--deck-name")
    options = BuildOptions(
        deck_name.strip(), None if no_tts else tts_lang, level,
        filtered=bool(principles or tags), principles=principles, tags=tags,
        drop_removed=drop_removed,
        key_phrases=not no_key_phrases, which_story=not no_which_story,
    )  # fmt: skip

    def with_bank() -> BuildOptions:
        """The options with the question bank read now (a watch reads it on every turn)."""
        if no_which_story:
            return options
        return dataclasses.replace(options, bank=question_bank(bank_files))

    from .phone import open_deck

    (target,) = to_paths([output or DEFAULT_OUTPUT])
    if not watch:
        _build_once(paths, output, with_bank(), interview_date)
        if open_:
            open_deck(target)
        return
    import logging

    from ..watch import Watched, turns

    # watchfiles warns of Ctrl+C on stderr; the command says it stopped in its own words.
    logging.getLogger("watchfiles").setLevel(logging.ERROR)
    kept = Watched()

    def once() -> None:
        # Partial: a half-written story must not hold back the others.
        _build_once(paths, output, with_bank(), interview_date, kept)

    watched = [*scenario_paths(paths), *to_paths(bank_files)]
    names = ", ".join(str(p) for p in watched)
    try:
        for turn in turns(watched):
            if not turn.first:
                now = datetime.datetime.now().strftime("%H:%M:%S")
                click.echo(f"\n[{now}] changed: {', '.join(_shown(p) for p in turn.changed)}")
            if turn.rebuild:
                _keep_going(once)
                if turn.first and open_ and target.is_file():
                    open_deck(target)
            else:
                gone = ", ".join(str(p) for p in turn.gone)
                click.echo(f"Waiting for {gone} to come back; the deck is kept.")
            if turn.first:
                click.echo(f"Watching {names} for changes; press Ctrl+C to stop.")
    except KeyboardInterrupt:  # during a build: that deck is left as it was
        pass
    click.echo("Stopped watching.")


def _shown(path: Path) -> str:
    """A changed file as the user knows it: relative to here when it is below here."""
    try:
        return str(path.relative_to(path.cwd().resolve()))
    except ValueError:
        return str(path)


def _keep_going(step: typing.Callable[[], None]) -> None:
    """Run ``step``; print its error the way a command would, then carry on watching."""
    try:
        step()
    except click.ClickException as error:
        click.echo(f"Error: {error.format_message()}", err=True)


def _told(gathered: Gathered) -> None:
    """What a build has to say once every file is read: left-out files, then warnings."""
    if gathered.problems:  # a partial build: the files with problems are left out
        for problem in ScenarioError(gathered.problems).problems:  # which puts them in order
            click.echo(str(problem), err=True)
    warn(w for made in gathered.loaded for w in made.warnings)
    if not gathered.going_on:
        return
    for miss in gathered.misses:
        click.echo(f"warning: {miss}", err=True)
    for made in gathered.chosen:
        if made.level_warning is not None:
            click.echo(f"{made.origin}: warning: {made.level_warning}", err=True)
    if gathered.problems:
        # As a build of some files: the notes of the stories left out stay as they were, and
        # so do the Which Story notes, which would otherwise lose those stories for a while.
        files = len({problem.path for problem in gathered.problems})
        those = "is left out until it is" if files == 1 else "are left out until they are"
        click.echo(
            f"{plural(files, 'file')} with problems {those} fixed;"
            f" building the {plural(len(gathered.chosen), 'other scenario')}.",
            err=True,
        )


def _build_once(
    paths: Sequence[str], output: str | None, options: BuildOptions,
    interview_date: datetime.date | None, watch: Watched | None = None,
) -> None:  # fmt: skip
    """Build once; a ``watch`` builds the scenarios that load when some files have problems."""
    import dataclasses

    from ..pacing import InterviewPlan
    from ..package import build_files
    from ..stream import Gathered
    from .report import change_lines

    files = scenario_files(paths)
    (target,) = to_paths([output or DEFAULT_OUTPUT])
    if interview_date is not None:
        try:  # today again: a watch may run past midnight
            plan = InterviewPlan(interview_date, datetime.date.today())
        except PacingError as error:
            raise click.ClickException(str(error)) from None
        options = dataclasses.replace(options, interview=plan)
    # A progress bar only where a person watches and the build takes more than a moment.
    show = sys.stderr.isatty() and len(files) >= PROGRESS_FROM
    bar = click.progressbar(length=len(files), label="Building", file=sys.stderr)
    gathered = Gathered(watch is not None, _told)
    cache, remembered = (watch.cache, watch.remembered) if watch is not None else (None, None)
    try:
        if show:
            with bar:
                report = build_files(
                    files, target, options, gathered, progress=bar.update, cache=cache,
                    remembered=remembered,
                )  # fmt: skip
        else:
            report = build_files(
                files, target, options, gathered, cache=cache, remembered=remembered
            )
    except ScenarioError as error:
        fail(error)
    except NothingSelectedError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror}") from None
    except PreviousDeckError as error:
        raise click.ClickException(
            f"{error}; move it away or build to another file with -o"
        ) from None
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target}: {report.notes} notes from {plural(report.scenarios, 'scenario')}")
    width = max(map(len, report.counts))
    for name, count in report.counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")
    for line in change_lines(report.changes, str(target), report.notes):
        click.echo(line)
    if report.preset is not None:
        preset = report.preset
        click.echo(
            f"Preset '{preset.name}': {report.cards} cards, {preset.new_per_day} new a day,"
            f" all introduced by {preset.last_new_day.isoformat()}.\n"
            "  Tick 'Import deck presets' in Anki's import dialog to use it."
        )


@click.command()
@paths_argument
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default="preview.html",
    show_default=True, help="Where to write the preview page.",
)  # fmt: skip
@card_options
def preview(
    paths: tuple[str, ...], output: str, principles: tuple[str, ...], tags: tuple[str, ...],
    level: str | None, tts_lang: str, no_tts: bool, bank_files: tuple[str, ...],
    no_which_story: bool, no_key_phrases: bool,
) -> None:  # fmt: skip
    """Write one self-contained page showing every card, front and back, at phone width.

    The cards use the deck's own templates and CSS; a switch shows them in night
    mode. Above them, the coverage of each principle by your stories (as the
    'coverage' command prints it). Open the page in any browser to check your
    cards before importing.

    \b
    Example:
      star-anki preview -o preview.html
      star-anki preview scenarios/my-story.yaml --level "Senior SDE"
    """
    from ..collect import BuildOptions, collect_notes
    from ..coverage import coverage, coverage_html
    from ..files import write_text_atomically
    from ..preview import preview_page
    from ..whichstory import Story

    scenarios, loaded = selected(paths, principles, tags, level)
    bank = question_bank(bank_files)
    options = BuildOptions(
        tts_lang=None if no_tts else tts_lang, level=level, principles=principles,
        bank=None if no_which_story else bank, stories=tuple(map(Story.of, loaded)),
        key_phrases=not no_key_phrases, which_story=not no_which_story,
    )  # fmt: skip
    notes = collect_notes(scenarios, options)
    matrix = coverage_html(coverage(loaded, bank))  # of every story: a gap is a real one
    page, cards = preview_page(notes, options.tts_lang, len(scenarios), matrix)
    try:
        write_text_atomically(to_paths([output])[0], page)
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {output}: {cards} cards from {plural(len(scenarios), 'scenario')}")


@click.command()
@paths_argument
def validate(paths: tuple[str, ...]) -> None:
    """Check scenario files and folders (default: ./scenarios) without writing anything.

    Every problem in every file is printed as FILE:LINE:COLUMN: message; the
    exit code is 1 if there is any.

    \b
    Example:
      star-anki validate
      star-anki validate scenarios/my-story.yaml
    """
    scenarios = load(paths)
    click.echo(f"OK: {plural(len(scenarios), 'scenario')}, no problems")


@click.command("list")
@paths_argument
def list_(paths: tuple[str, ...]) -> None:
    """List scenarios (default: ./scenarios) with the notes and cards each one makes.

    On a terminal, long questions and principles are cut to fit its width; one
    too narrow for the table shows each scenario as a block, nothing cut.

    \b
    Example:
      star-anki list
      star-anki list scenarios/ extra/ | less -S
    """
    from ..listing import listing_text, rows

    listing = rows(load(paths))
    click.echo(listing_text(listing, _terminal_width()), nl=False)
    notes = sum(sum(row.notes) for row in listing)
    cards = sum(row.cards for row in listing)
    click.echo(f"{plural(len(listing), 'scenario')}, {notes} notes, {cards} cards")


def _terminal_width() -> int | None:
    """The width of the terminal the output goes to, or None when it goes elsewhere."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None
