"""The seed walkthrough page, and what the import tests do with it."""

from __future__ import annotations

from star_anki.importer import import_page

from .conftest import ROOT

SEED_PAGE = ROOT / "tests" / "data" / "seed-page.txt"
GARBLED_TO_CLEAN = {
    "πŸ’‘": "💡", "βœ…": "✅", "β–Ό": "▼", "βœ—": "✗", "πŸ‘€": "👤", "πŸ†": "🏆", "πŸ’": "💭",
}  # fmt: skip


def seed_page() -> str:
    """The seed page's text."""
    return SEED_PAGE.read_text(encoding="utf-8")


def imported_yaml(text: str, name: str = "page.txt") -> str:
    """The scenario YAML the importer makes of a page's text."""
    return import_page(text.encode("utf-8"), name)[0]


def with_clean_icons(text: str) -> str:
    for garbled, clean in GARBLED_TO_CLEAN.items():
        text = text.replace(garbled, clean)
    return text
