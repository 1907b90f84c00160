"""Scenario data → YAML text that is pleasant to edit by hand.

Keys stay in the format's documented order, long or multi-line text becomes a
literal block, and Unicode is written as itself, never escaped.
"""

from __future__ import annotations

from typing import Any

import yaml

_BLOCK_FROM = 60


class _Dumper(yaml.SafeDumper):
    """A safe dumper that indents lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value or len(value) > _BLOCK_FROM else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def scenario_yaml(data: dict[str, Any]) -> str:
    """The YAML text of one scenario's data."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, indent=2
    )


def inline(value: str) -> str:
    """``value`` as a YAML scalar on one line, quoted only where YAML needs it."""
    style = '"' if "\n" in value else None
    # The plain safe dumper: this module's own would make text with a newline a block.
    text: str = yaml.safe_dump(value, allow_unicode=True, width=4096, default_style=style)
    return text.strip().removesuffix("\n...")
