"""Commands about your story bank: the question bank, and how your stories cover it."""

from __future__ import annotations

import click

from ..wording import plural
from .common import load, paths_argument, question_bank, questions_option


def _wanted(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for name in value)


@click.command()
@click.option(
    "--principle", "principles", multiple=True, callback=_wanted,
    help="Only this principle's questions, in any case (repeatable).",
)  # fmt: skip
@questions_option
def questions(principles: tuple[str, ...], bank_files: tuple[str, ...]) -> None:
    """List the question bank: behavioural questions, grouped by the principle they test.

    The built-in bank asks about each of Amazon's 16 Leadership Principles. A
    bank file of your own (--questions) adds principles and questions, or
    replaces the built-in bank when it says 'include_builtin: false'.

    \b
    Example:
      star-anki questions
      star-anki questions --principle Ownership --principle "Earn Trust"
      star-anki questions --questions my-company-values.yaml
    """
    bank = question_bank(bank_files)
    chosen = list(bank.principles)
    if principles:
        unknown = [p for p in principles if bank.principle(p) is None]
        if unknown:
            raise click.BadParameter(
                f"'{unknown[0]}' is not a principle of the bank; 'star-anki questions' lists them",
                param_hint="--principle",
            )
        picked = {bank.principle(name) for name in principles}
        chosen = [p for p in chosen if p in picked]
    for principle in chosen:
        asked = bank.of(principle)
        click.echo(f"{principle} ({len(asked)})")
        for question in asked:
            click.echo(f"  {question.text}")
    shown = sum(len(bank.of(p)) for p in chosen)
    names = ", ".join(bank.names)
    click.echo(f"{plural(shown, 'question')} for {plural(len(chosen), 'principle')} ({names})")


@click.command()
@paths_argument
@questions_option
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON.")
def coverage(paths: tuple[str, ...], bank_files: tuple[str, ...], as_json: bool) -> None:
    """Show which of your stories answer for each principle, and the principles with none.

    One row per principle of the question bank (plus any principle your stories
    name that the bank lacks): how many stories target it, and their ids. Then
    the stories claimed for too many principles, and those for none of them.
    'star-anki preview' shows the same matrix above the cards.

    \b
    Example:
      star-anki coverage
      star-anki coverage scenarios/ --json > coverage.json
    """
    from ..coverage import coverage as matrix
    from ..coverage import coverage_json, coverage_text

    found = matrix(load(paths), question_bank(bank_files))
    click.echo((coverage_json if as_json else coverage_text)(found), nl=False)
