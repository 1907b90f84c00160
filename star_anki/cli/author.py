"""Commands that write scenarios: new (a skeleton), import (copied pages), schema (for editors)."""

from __future__ import annotations

import typing

import click

from ..errors import OutputError, StarAnkiError
from ..wording import plural
from .common import DEFAULT_SCENARIOS, to_paths

if typing.TYPE_CHECKING:
    from pathlib import Path

    from ..targets import Target


def _write_scenario(target: Target, text: str, force: bool) -> Path | None:
    """Write the scenario (see targets.write_scenario), warning when its schema cannot be."""
    from ..targets import write_scenario

    written = write_scenario(target, text, force)
    if written.schema_problem is not None:
        click.echo(
            f"warning: {written.schema_problem}; editors will not check {target.path}", err=True
        )
    return written.schema


# How to go on when the file is there and holds the same question.
_HINTS = {
    "new": "name another file with -o, or overwrite it with --force",
    "import": "use --force to overwrite it",
}


def _make_folder(folder: Path) -> None:
    """Make the folder scenario files go to, with its parents, unless it is there."""
    from ..files import make_folders

    try:
        make_folders(folder)
    except NotADirectoryError as error:
        found = "it" if error.filename == str(folder) else error.filename
        raise click.ClickException(
            f"cannot write into {folder}: {found} is a file, not a folder"
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot make the folder {folder}: {error.strerror}") from None


def _schema_written(schema: Path | None) -> None:
    if schema is not None:
        click.echo(f"Wrote {schema}: editors use it to check and complete scenario files")


def _check_text(text: str) -> str:
    """Text from the command line as a scenario value, or why it cannot be one."""
    from ..rules import text_problem

    problem = text_problem(text)
    if problem is None:
        return text.strip()
    # `new` keeps its established wording for control characters; the rest is as the loader says.
    if problem.rule == "control character":
        raise click.BadParameter("must not hold control characters")
    raise click.BadParameter(str(problem))


def _output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "":
        raise click.BadParameter("needs a file name (or - for standard output)")
    return value


def _question(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return _check_text(value)


def _scenario_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..rules import id_problem

    problem = None if value is None else id_problem(value)
    if problem is not None:
        raise click.BadParameter(str(problem))
    return value


_id_option = click.option(
    "--id", "chosen", metavar="ID", callback=_scenario_id,
    help="The scenario id.  [default: from the question's words]",
)  # fmt: skip


def _principles(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    from ..rules import principle_key

    names = tuple(_check_text(name) for name in value)
    # Compared as the loader compares them, so a file that 'new' writes always loads.
    keys = [principle_key(name) for name in names]
    repeated = sorted({name for name, key in zip(names, keys, strict=True) if keys.count(key) > 1})
    if repeated:
        raise click.BadParameter(f"'{repeated[0]}' is given twice")
    return names


@click.command()
@click.argument("question", callback=_question)
@click.option(
    "--principle", "principles", multiple=True, callback=_principles,
    help="A leadership principle the story shows (repeatable).",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=_output,
    help=f"The file to write; - prints it.  [default: {DEFAULT_SCENARIOS}/<id>.yaml]",
)  # fmt: skip
@_id_option
@click.option(
    "--full", is_flag=True,
    help="Write every section of a walkthrough: timings, coaching, a weak answer, follow-ups,"
    " quiz items, guidance, levels.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite the file, unless it holds another question.")
def new(
    question: str, principles: tuple[str, ...], output: str | None, chosen: str | None,
    full: bool, force: bool,
) -> None:  # fmt: skip
    """Start a scenario, each value empty under a note on what good looks like.

    By default the short form: the principles, other wordings of the question,
    a hook, and an example for each of the five steps, which is all a story
    needs. With --full, every section of a walkthrough instead.

    The id is made from the QUESTION, unless --id gives it. A file holding
    another question is never overwritten, nor is a second file started for
    a question a scenario file already holds. Fill in the empty values, then
    run 'star-anki validate' on the file: it lists by line whatever is left.

    \b
    Example:
      star-anki new "Tell me about a time you disagreed with your manager" \\
          --principle "Have Backbone; Disagree and Commit" --principle "Earn Trust"
      star-anki new "Tell me about a time you failed" --full    # every section
    """
    import shlex

    from ..ids import scenario_id
    from ..schema import SCHEMA_COMMENT
    from ..skeleton import short_skeleton, skeleton
    from ..targets import Shelf, place

    form = skeleton if full else short_skeleton
    if output == "-":
        click.echo(form(question, principles, SCHEMA_COMMENT, chosen), nl=False)
        return
    (path,) = to_paths([output or DEFAULT_SCENARIOS])
    _make_folder(path.parent if output else path)
    scenario = chosen or scenario_id(question)
    try:
        where = path if output else Shelf(path)
        target = place(where, question, scenario, chosen is not None, _HINTS["new"])
        schema = _write_scenario(
            target, form(question, principles, SCHEMA_COMMENT, target.id), force
        )
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target.path}: fill in the empty values, then check it with")
    click.echo(f"  star-anki validate {shlex.quote(str(target.path))}")
    _schema_written(schema)


@click.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=_output,
    help="Write the schema to this file instead of printing it.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite a file that is not a star-anki schema.")
def schema(output: str | None, force: bool) -> None:
    """Print the JSON Schema of scenario files, for editors and other tools.

    'new' and 'import' keep a copy named scenario.schema.json beside the files
    they write, and the first line of each scenario file points editors to it.

    \b
    Example:
      star-anki schema > scenario.schema.json
      star-anki schema -o scenarios/scenario.schema.json
    """
    from ..files import write_text_atomically
    from ..schema import is_schema_file, schema_text

    if output in (None, "-"):
        click.echo(schema_text(), nl=False)
        return
    (target,) = to_paths([output])
    if target.is_file() and not force and not is_schema_file(target):
        raise click.ClickException(
            f"{target} exists and is not a star-anki schema; use --force to overwrite it"
        )
    try:
        write_text_atomically(target, schema_text())
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target}")


@click.command("import")
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
@_id_option
@click.option("--force", is_flag=True, help="Overwrite files, unless they hold another question.")
def import_(
    pages: tuple[str, ...], output: str | None, directory: str | None, chosen: str | None,
    force: bool,
) -> None:  # fmt: skip
    """Turn walkthrough pages copied from a browser into scenario YAML files.

    A PAGE of - reads standard input. Existing files are never overwritten
    without --force: you may have edited them. A file holding another question
    is never overwritten; a page whose question a file in the folder already
    holds goes to that file, keeping its id. Text that cannot be placed is
    kept under 'unplaced' and reported with its page line number.

    \b
    Example:
      star-anki import page.txt -o scenarios/my-story.yaml
      star-anki import pages/*.txt -d scenarios/
    """
    from ..importer import import_page, scenario_text
    from ..targets import Held, Shelf, place

    if output is not None and directory is not None:
        raise click.UsageError("give either -o/--output or -d/--directory, not both")
    if output is not None and len(pages) > 1:
        raise click.UsageError("-o/--output takes a single PAGE; use -d/--directory for several")
    if chosen is not None and len(pages) > 1:
        raise click.UsageError("--id takes a single PAGE")
    (folder,) = to_paths([output or directory or DEFAULT_SCENARIOS])
    if output is None:
        _make_folder(folder)
    where = folder if output else Shelf(folder)
    written: dict[Path, str] = {}
    failures = 0
    for page in pages:
        name = "<stdin>" if page == "-" else page
        try:
            with click.open_file(page, "rb") as stream:
                data = stream.read()
            text, parsed = import_page(data, name)
            question, scenario = parsed.data["question"], chosen or parsed.data["id"]
            target = place(where, question, scenario, chosen is not None, _HINTS["import"])
            if target.path.resolve() in written:
                earlier = written[target.path.resolve()]
                raise OutputError(
                    f"{name}: {target.path} is already written from {earlier} in this run"
                )
            if target.id != parsed.data["id"]:
                text = scenario_text(parsed, target.id)
            schema = _write_scenario(target, text, force)
        except StarAnkiError as error:
            click.echo(str(error), err=True)
            failures += 1
            continue
        written[target.path.resolve()] = name
        if isinstance(where, Shelf):
            where.record(Held(target.path, target.id, question))
        for line, message in parsed.warnings:
            click.echo(f"{name}:{line}: warning: {message}", err=True)
        click.echo(f"Wrote {target.path} from {name}: {parsed.summary()}")
        if parsed.dropped_count:
            click.echo(
                f"  Left out {plural(parsed.dropped_count, 'line')} of the site around the"
                f" walkthrough (page lines {parsed.dropped_lines()})."
            )
        _schema_written(schema)
    if failures:
        raise click.ClickException(
            f"{failures} of {plural(len(pages), 'page')} could not be imported"
        )
