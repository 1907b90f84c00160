"""The star-anki command line: thin commands that turn library errors into messages."""

from __future__ import annotations

import click

from .. import __version__
from .author import import_, new, schema
from .deck import build, list_, preview, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="star-anki")
def main() -> None:
    """Turn STAR interview walkthroughs (YAML) into Anki decks.

    \b
    Example:
      star-anki new "Tell me about a time you failed"   # a skeleton to fill in
      star-anki import page.txt         # a copied walkthrough page -> scenarios/<id>.yaml
      star-anki validate scenarios/     # check without writing anything
      star-anki build                   # every scenario under ./scenarios -> one deck
    """


for command in (build, import_, list_, new, preview, schema, validate):
    main.add_command(command)
