"""Import pages: decode, parse, and give YAML that the loader accepts."""

from __future__ import annotations

from .emit import scenario_yaml
from .errors import PageError, ScenarioError
from .lines import decode_page
from .load import parse_scenario
from .page import ImportedPage, parse_page
from .schema import SCHEMA_COMMENT


def import_page(data: bytes, name: str) -> tuple[str, ImportedPage]:
    """The scenario YAML of one page, checked by the loader, and what the parser found."""
    page = parse_page(decode_page(data, name), name)
    text = scenario_text(page)
    try:
        parse_scenario(text.encode("utf-8"), name)
    except ScenarioError as error:
        reason = "; ".join(problem.message for problem in error.problems)
        raise PageError(f"{name}: cannot import: {reason}") from None
    return text, page


def scenario_text(page: ImportedPage, scenario_id: str | None = None) -> str:
    """The YAML text of an imported page, its id replaced by ``scenario_id`` if given."""
    data = page.data if scenario_id is None else {**page.data, "id": scenario_id}
    return SCHEMA_COMMENT + scenario_yaml(data)
