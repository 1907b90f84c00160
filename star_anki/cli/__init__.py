"""The star-anki command line: thin commands that turn library errors into messages."""

from __future__ import annotations

import importlib

import click

from .. import __version__

# The one registry of commands: name -> "module:attribute" of its definition, imported only
# when the command is used, so 'star-anki --version' and completion cost little more than click.
_COMMANDS = {
    "build": "deck:build", "coverage": "bank:coverage", "import": "author:import_",
    "list": "deck:list_", "new": "author:new", "preview": "deck:preview",
    "questions": "bank:questions", "schema": "author:schema", "serve": "phone:serve",
    "validate": "deck:validate",
}  # fmt: skip


class _LazyGroup(click.Group):
    """A group whose commands are imported when first named."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
