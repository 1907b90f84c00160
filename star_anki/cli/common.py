"""What the commands share: paths, loading with warnings, the card options, scenario selection."""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence

import click

from .. import DEFAULT_TTS_LANG
from ..errors import NoScenariosError, Problem, ScenarioError

if typing.TYPE_CHECKING:  # the command line starts without these; commands import them
    from pathlib import Path

    from ..bank import Bank
    from ..model import Scenario

DEFAULT_SCENARIOS = "scenarios"
DEFAULT_OUTPUT = "decks/star-interview.apkg"
F = typing.TypeVar("F", bound=typing.Callable[..., typing.Any])

paths_argument = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True), metavar="[PATH]..."
)


def to_paths(values: Sequence[str]) -> list[Path]:
    """Paths from the command line; pathlib is imported only once a command runs."""
    from pathlib import Path

    return [Path(value) for value in values]


def scenario_paths(paths: Sequence[str]) -> list[Path]:
    """The PATHs given, or ./scenarios; a usage error when neither is there."""
    folders = to_paths(paths or [DEFAULT_SCENARIOS])
    if not paths and not folders[0].is_dir():
        raise click.UsageError(
            "no PATH given and no 'scenarios' folder here; name scenario files or folders"
        )
    return folders


def scenario_files(paths: Sequence[str]) -> list[Path]:
    """The scenario files under the PATHs given, or under ./scenarios; a usage error if none."""
    from ..load import find_scenario_files

    try:
        return find_scenario_files(scenario_paths(paths))
    except NoScenariosError as error:
        raise click.UsageError(str(error)) from None


def load(paths: Sequence[str]) -> list[Scenario]:
    """Load scenarios for a command, printing their warnings; every problem stops it."""
    from ..load import read_scenarios

    scenarios, problems = read_scenarios(scenario_files(paths))
    if problems:
        fail(ScenarioError(problems))
    warn(w for scenario in scenarios for w in scenario.warnings)
    return scenarios


def warn(warnings: typing.Iterable[Problem]) -> None:
    """Print what the loader warns of, each as FILE:LINE:COLUMN: warning: message."""
    for warning in warnings:
        click.echo(str(warning._replace(message=f"warning: {warning.message}")), err=True)


def _tts_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", value):
        raise click.BadParameter(f"'{value}' is not a language like en_US or de_DE")
    return value


def _level(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("the level needs a name, e.g. 'Senior SDE'")
    return value.strip() if value is not None else None


def _complete(key: str) -> typing.Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of an option from the values the scenarios hold under ``key``."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        import os
        import shlex

        from ..targets import listed_values

        # Before an option still being typed, Click leaves the PATHs in ctx.args.
        given = ctx.params.get("paths") or [a for a in ctx.args if os.path.exists(a)]
        found = listed_values(to_paths(given or [DEFAULT_SCENARIOS]), key)
        start = incomplete.casefold()
        matches = sorted(v for v in found if v.casefold().startswith(start))
        # Bash inserts a completion as it is: "Invent and Simplify" would be three words.
        bash = os.environ.get("_STAR_ANKI_COMPLETE", "").startswith("bash")
        return [shlex.quote(v) for v in matches] if bash else matches

    return complete


questions_option = click.option(
    "--questions", "bank_files", multiple=True, metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="A question bank of your own, added to the built-in one, or used instead of it"
    " if it says 'include_builtin: false' (repeatable).",
)  # fmt: skip


def question_bank(files: Sequence[str]) -> Bank:
    """The built-in question bank and the bank ``files``, every problem reported as load does."""
    from ..bank import load_bank

    try:
        return load_bank(to_paths(files))
    except ScenarioError as error:
        fail(error)


def fail(error: ScenarioError) -> typing.NoReturn:
    """Print every problem of ``error``, then stop with its summary (exit code 1)."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    raise click.ClickException(error.summary) from None


def card_options(command: F) -> F:
    """The options build and preview share: which scenarios, which level, which voice."""
    options = [
        click.option(
            "--principle", "principles", multiple=True, shell_complete=_complete("principles"),
            help="Only scenarios for this principle (repeatable).",
        ),
        click.option(
            "--tag", "tags", multiple=True, shell_complete=_complete("tags"),
            help="Only scenarios with this tag (repeatable).",
        ),
        click.option(
            "--level", shell_complete=_complete("levels"), callback=_level,
            help="Keep only this level's variant and reflections, e.g. 'Senior SDE'.",
        ),
        click.option(
            "--tts-lang", default=DEFAULT_TTS_LANG, show_default=True, callback=_tts_lang,
            help="The voice language for reading answers aloud.",
        ),
        click.option("--no-tts", is_flag=True, help="Leave out text-to-speech."),
        questions_option,
        click.option(
            "--no-which-story", is_flag=True, help="Leave out the 'Which story?' cards.",
        ),
        click.option(
            "--no-key-phrases", is_flag=True,
            help="Leave out the key-phrase cards (fill in the missing words).",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def selected(
    paths: Sequence[str], principles: Sequence[str], tags: Sequence[str], level: str | None
) -> tuple[list[Scenario], list[Scenario]]:
    """The scenarios a preview covers, and all that loaded.

    Which Story cards draw on every story loaded. Filters that match nothing to show are
    a usage error naming the values there are; a value that matches nothing, or a chosen
    scenario that lacks ``level``, gets a warning.
    """
    from ..errors import NothingSelectedError
    from ..select import Offered, level_warning, select_scenarios

    loaded = load(paths)
    offered = Offered.of(loaded)
    try:
        scenarios = select_scenarios(loaded, principles, tags)
    except NothingSelectedError as error:
        raise click.UsageError(str(error)) from None
    if level is not None and (missed := offered.misses((), (), level)):
        raise click.UsageError(missed[0])
    for miss in offered.misses(principles, tags, level):
        click.echo(f"warning: {miss}", err=True)
    if level is not None:
        for scenario in scenarios:
            message = level_warning(scenario, level)
            if message is not None:
                click.echo(f"{scenario.origin}: warning: {message}", err=True)
    return scenarios, loaded
