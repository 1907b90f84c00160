"""The star-anki command line: a thin layer that turns library errors into messages."""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Sequence

import click

from . import DEFAULT_TTS_LANG, __version__
from .errors import NoScenariosError, OutputError, ScenarioError, StarAnkiError

if typing.TYPE_CHECKING:  # the command line starts without these; commands import them
    from pathlib import Path

    from .model import Scenario

DEFAULT_SCENARIOS = "scenarios"
DEFAULT_OUTPUT = "decks/star-interview.apkg"
PROGRESS_FROM = 200  # scenarios: about half a second of building
F = typing.TypeVar("F", bound=typing.Callable[..., typing.Any])

_paths_argument = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True), metavar="[PATH]..."
)


def _paths(values: Sequence[str]) -> list[Path]:
    """Paths from the command line; pathlib is imported only once a command runs."""
    from pathlib import Path

    return [Path(value) for value in values]


def _load(paths: Sequence[str]) -> list[Scenario]:
    """Load scenarios for a command, translating library errors for the user."""
    from .load import load_scenarios

    folders = _paths(paths or [DEFAULT_SCENARIOS])
    if not paths and not folders[0].is_dir():
        raise click.UsageError(
            "no PATH given and no 'scenarios' folder here; name scenario files or folders"
        )
    try:
        scenarios = load_scenarios(folders)
    except NoScenariosError as error:
        raise click.UsageError(str(error)) from None
    except ScenarioError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(error.summary) from None
    for scenario in scenarios:
        if scenario.unplaced:
            count = len(scenario.unplaced)
            lines = (
                "1 line under 'unplaced' is"
                if count == 1
                else f"{count} lines under 'unplaced' are"
            )
            click.echo(
                f"{scenario.origin}: warning: {lines} on no card; move each line where it belongs",
                err=True,
            )
    return scenarios


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="star-anki")
def main() -> None:
    """Turn STAR interview walkthroughs (YAML) into Anki decks.

    \b
    Example:
      star-anki import page.txt       # a copied walkthrough page -> scenarios/<id>.yaml
      star-anki validate scenarios/   # check without writing anything
      star-anki build                 # every scenario under ./scenarios -> one deck
    """


def _tts_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", value):
        raise click.BadParameter(f"'{value}' is not a language like en_US or de_DE")
    return value


def _card_options(command: F) -> F:
    """The options build and preview share: which scenarios, which level, which voice."""
    options = [
        click.option(
            "--principle", "principles", multiple=True,
            help="Only scenarios for this principle (repeatable).",
        ),
        click.option(
            "--tag", "tags", multiple=True, help="Only scenarios with this tag (repeatable).",
        ),
        click.option(
            "--level", help="Show only this level's variant on story cards, e.g. 'Senior SDE'.",
        ),
        click.option(
            "--tts-lang", default=DEFAULT_TTS_LANG, show_default=True, callback=_tts_lang,
            help="The voice language for reading answers aloud.",
        ),
        click.option("--no-tts", is_flag=True, help="Leave out text-to-speech."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _selected(
    paths: Sequence[str], principles: Sequence[str], tags: Sequence[str], level: str | None
) -> list[Scenario]:
    """The scenarios a build or preview covers, with a warning for each that lacks ``level``."""
    from .select import select_scenarios, without_level

    try:
        scenarios = select_scenarios(_load(paths), principles, tags)
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    for scenario in without_level(scenarios, level) if level else []:
        message = f"{scenario.origin}: warning: no level '{level}'; its story card shows none"
        click.echo(message, err=True)
    return scenarios


@main.command()
@_paths_argument
@click.option(
    "-o", "--output", type=click.Path(), default=None,
    help=f"Where to write the deck.  [default: {DEFAULT_OUTPUT}]",
)  # fmt: skip
@click.option(
    "--deck-name", default="STAR Interview", show_default=True,
    help="The root deck; each scenario becomes a subdeck of it ('::' nests it).",
)  # fmt: skip
@_card_options
def build(
    paths: tuple[str, ...], output: str | None, deck_name: str, principles: tuple[str, ...],
    tags: tuple[str, ...], level: str | None, tts_lang: str, no_tts: bool,
) -> None:  # fmt: skip
    """Build one .apkg deck from scenario files and folders (default: ./scenarios).

    \b
    Example:
      star-anki build
      star-anki build scenarios/ extra/story.yaml -o interview.apkg --deck-name "Amazon LPs"
      star-anki build --principle Ownership --level "Senior SDE" --tts-lang en_GB
    """
    from .package import BuildOptions, build_deck

    if not deck_name.strip(": "):
        raise click.BadParameter("the deck needs a name", param_hint="--deck-name")
    scenarios = _selected(paths, principles, tags, level)
    (target,) = _paths([output or DEFAULT_OUTPUT])
    options = BuildOptions(deck_name.strip(), None if no_tts else tts_lang, level)
    # A progress bar only where a person watches and the build takes more than a moment.
    show = sys.stderr.isatty() and len(scenarios) >= PROGRESS_FROM
    bar = click.progressbar(length=len(scenarios), label="Building", file=sys.stderr)
    try:
        if output is None and not target.parent.is_dir():
            target.parent.mkdir()
        if show:
            with bar:
                report = build_deck(scenarios, target, options, progress=bar.update)
        else:
            report = build_deck(scenarios, target, options)
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror}") from None
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    plural = "s" if report.scenarios != 1 else ""
    click.echo(f"Wrote {target}: {report.notes} notes from {report.scenarios} scenario{plural}")
    width = max(map(len, report.counts))
    for name, count in report.counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")


@main.command()
@_paths_argument
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default="preview.html",
    show_default=True, help="Where to write the preview page.",
)  # fmt: skip
@_card_options
def preview(
    paths: tuple[str, ...], output: str, principles: tuple[str, ...], tags: tuple[str, ...],
    level: str | None, tts_lang: str, no_tts: bool,
) -> None:  # fmt: skip
    """Write one self-contained page showing every card, front and back, at phone width.

    The cards use the deck's own templates and CSS; a switch shows them in night
    mode. Open the page in any browser to check your cards before importing.

    \b
    Example:
      star-anki preview -o preview.html
      star-anki preview scenarios/my-story.yaml --level "Senior SDE"
    """
    from .files import write_text_atomically
    from .package import BuildOptions, collect_notes
    from .preview import preview_page

    scenarios = _selected(paths, principles, tags, level)
    options = BuildOptions(tts_lang=None if no_tts else tts_lang, level=level)
    page, cards = preview_page(collect_notes(scenarios, options), options.tts_lang, len(scenarios))
    try:
        write_text_atomically(_paths([output])[0], page)
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    plural = "s" if len(scenarios) != 1 else ""
    click.echo(f"Wrote {output}: {cards} cards from {len(scenarios)} scenario{plural}")


@main.command()
@_paths_argument
def validate(paths: tuple[str, ...]) -> None:
    """Check scenario files and folders (default: ./scenarios) without writing anything.

    Every problem in every file is printed as FILE:LINE:COLUMN: message; the
    exit code is 1 if there is any.

    \b
    Example:
      star-anki validate
      star-anki validate scenarios/my-story.yaml
    """
    scenarios = _load(paths)
    plural = "s" if len(scenarios) != 1 else ""
    click.echo(f"OK: {len(scenarios)} scenario{plural}, no problems")


@main.command("import")
@click.argument(
    "pages", nargs=-1, required=True, metavar="PAGE...",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False),
    help="The scenario file to write (for a single PAGE).",
)  # fmt: skip
@click.option(
    "-d", "--directory", type=click.Path(file_okay=False),
    help=f"Write one file per page here, named by its scenario id.  [default: {DEFAULT_SCENARIOS}]",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite scenario files that already exist.")
def import_(pages: tuple[str, ...], output: str | None, directory: str | None, force: bool) -> None:
    """Turn walkthrough pages copied from a browser into scenario YAML files.

    A PAGE of - reads standard input. Existing files are never overwritten
    without --force: you may have edited them. Text that cannot be placed is
    kept under 'unplaced' and reported with its page line number.

    \b
    Example:
      star-anki import page.txt -o scenarios/my-story.yaml
      star-anki import pages/*.txt -d scenarios/
    """
    from .importer import import_page, write_scenario

    if output is not None and directory is not None:
        raise click.UsageError("give either -o/--output or -d/--directory, not both")
    if output is not None and len(pages) > 1:
        raise click.UsageError("-o/--output takes a single PAGE; use -d/--directory for several")
    (folder,) = _paths([directory or DEFAULT_SCENARIOS])
    if output is None and directory is None:
        folder.mkdir(exist_ok=True)
    written: dict[Path, str] = {}
    failures = 0
    for page in pages:
        name = "<stdin>" if page == "-" else page
        try:
            with click.open_file(page, "rb") as stream:
                data = stream.read()
            text, parsed = import_page(data, name)
            target = _paths([output])[0] if output else folder / f"{parsed.data['id']}.yaml"
            if target.resolve() in written:
                earlier = written[target.resolve()]
                raise OutputError(f"{name}: {target} is already written from {earlier} in this run")
            write_scenario(target, text, force)
        except StarAnkiError as error:
            click.echo(str(error), err=True)
            failures += 1
            continue
        written[target.resolve()] = name
        for line, message in parsed.warnings:
            click.echo(f"{name}:{line}: warning: {message}", err=True)
        click.echo(f"Wrote {target} from {name}: {parsed.summary()}")
    if failures:
        total = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
        raise click.ClickException(f"{failures} of {total} could not be imported")
