"""Commands that write scenarios: new (a skeleton), import (copied pages), schema (for editors)."""

from __future__ import annotations

import typing

import click

from ..errors import OutputError, StarAnkiError
from .common import DEFAULT_SCENARIOS, plural, to_paths

if typing.TYPE_CHECKING:
    from pathlib import Path


def _write_scenario(
    target: Path, text: str, force: bool, exists: str = "use --force to overwrite it"
) -> Path | None:
    """Write a scenario file, never over an existing one without ``force``, and its schema.

    The schema's path is returned when it was written or brought up to date. The
    scenario is what was asked for: a schema that cannot be written is only a warning.
    """
    from ..files import write_text_atomically
    from ..schema import write_schema

    try:
        found = target.exists()
    except OSError as error:  # a name too long for the system, for one
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    if found and not force:
        raise OutputError(f"{target} already exists; {exists}")
    write_text_atomically(target, text)
    try:
        return write_schema(target.parent)
    except StarAnkiError as error:
        click.echo(f"warning: {error}; editors will not check {target}", err=True)
        return None


def _make_folder(folder: Path) -> None:
    """Make the folder scenario files go to, with its parents, unless it is there."""
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"cannot write into {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.ClickException(f"cannot make the folder {folder}: {error.strerror}") from None


def _schema_written(schema: Path | None) -> None:
    if schema is not None:
        click.echo(f"Wrote {schema}: editors use it to check and complete scenario files")


def _check_text(text: str) -> str:
    """Text from the command line as a scenario value, or why it cannot be one."""
    import re

    from ..model import CONTROL_CHARACTERS, MAX_TEXT

    if not text.strip():
        raise click.BadParameter("must not be empty")
    if len(text) > MAX_TEXT:
        raise click.BadParameter(f"is too long (the limit is {MAX_TEXT:,} characters)")
    if re.search(CONTROL_CHARACTERS, text):
        raise click.BadParameter("must not hold control characters")
    return text.strip()


def _output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "":
        raise click.BadParameter("needs a file name (or - for standard output)")
    return value


def _question(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return _check_text(value)


def _principles(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    names = tuple(_check_text(name) for name in value)
    repeated = sorted({name for name in names if names.count(name) > 1})
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
@click.option("--force", is_flag=True, help="Overwrite the file if it already exists.")
def new(question: str, principles: tuple[str, ...], output: str | None, force: bool) -> None:
    """Start a scenario: every section present and empty, with a note on what good looks like.

    The id is made from the QUESTION. Fill in the empty values, then run
    'star-anki validate' on the file: it lists by line whatever is left.

    \b
    Example:
      star-anki new "Tell me about a time you disagreed with your manager" \\
          --principle "Have Backbone; Disagree and Commit" --principle "Earn Trust"
    """
    import shlex

    from ..schema import SCHEMA_COMMENT
    from ..skeleton import new_id, skeleton

    text = skeleton(question, principles, SCHEMA_COMMENT)
    if output == "-":
        click.echo(text, nl=False)
        return
    (target,) = to_paths([output or f"{DEFAULT_SCENARIOS}/{new_id(question)}.yaml"])
    _make_folder(target.parent)
    try:
        schema = _write_scenario(
            target, text, force, "name another file with -o, or overwrite it with --force"
        )
    except StarAnkiError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target}: fill in the empty values, then check it with")
    click.echo(f"  star-anki validate {shlex.quote(str(target))}")
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
    from ..importer import import_page

    if output is not None and directory is not None:
        raise click.UsageError("give either -o/--output or -d/--directory, not both")
    if output is not None and len(pages) > 1:
        raise click.UsageError("-o/--output takes a single PAGE; use -d/--directory for several")
    (folder,) = to_paths([directory or DEFAULT_SCENARIOS])
    if output is None:
        _make_folder(folder)
    written: dict[Path, str] = {}
    failures = 0
    for page in pages:
        name = "<stdin>" if page == "-" else page
        try:
            with click.open_file(page, "rb") as stream:
                data = stream.read()
            text, parsed = import_page(data, name)
            target = to_paths([output])[0] if output else folder / f"{parsed.data['id']}.yaml"
            if target.resolve() in written:
                earlier = written[target.resolve()]
                raise OutputError(f"{name}: {target} is already written from {earlier} in this run")
            schema = _write_scenario(target, text, force)
        except StarAnkiError as error:
            click.echo(str(error), err=True)
            failures += 1
            continue
        written[target.resolve()] = name
        for line, message in parsed.warnings:
            click.echo(f"{name}:{line}: warning: {message}", err=True)
        click.echo(f"Wrote {target} from {name}: {parsed.summary()}")
        _schema_written(schema)
    if failures:
        raise click.ClickException(
            f"{failures} of {plural(len(pages), 'page')} could not be imported"
        )


COMMANDS = {"import": import_, "new": new, "schema": schema}
