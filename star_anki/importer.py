"""Import pages: decode, parse, write YAML the loader accepts, never clobbering edits."""

from __future__ import annotations

from pathlib import Path

from .emit import scenario_yaml
from .errors import OutputError, ScenarioError
from .files import write_text_atomically
from .lines import PageError, decode_page
from .load import parse_scenario
from .page import ImportedPage, parse_page


def import_page(data: bytes, name: str) -> tuple[str, ImportedPage]:
    """The scenario YAML of one page, checked by the loader, and what the parser found."""
    page = parse_page(decode_page(data, name), name)
    text = scenario_yaml(page.data)
    try:
        parse_scenario(text.encode("utf-8"), name)
    except ScenarioError as error:
        reason = "; ".join(problem.message for problem in error.problems)
        raise PageError(f"{name}: cannot import: {reason}") from None
    return text, page


def write_scenario(path: Path, text: str, force: bool = False) -> None:
    """Write a scenario file; an existing one is replaced only with ``force``."""
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    write_text_atomically(path, text)
