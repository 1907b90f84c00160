"""Every exception star-anki raises for the user, in one place; the CLI turns them into messages.

The tree::

    StarAnkiError                 anything a command reports as 'Error: ...' (exit 1)
    ├── ScenarioError             scenario files are invalid; .problems lists each one
    ├── NoScenariosError          the paths given hold no scenario files (a usage error)
    ├── NothingSelectedError      no scenario matches --principle / --tag
    ├── PageError                 a copied page cannot be imported
    ├── PacingError               the interview date leaves no sensible pace
    ├── TimestampError            SOURCE_DATE_EPOCH is set but is not a time
    ├── IdentityError             two notes would share a GUID (a bug: identity must not fork)
    ├── PreviousDeckError         the file at the output path is not a deck star-anki wrote
    └── OutputError               a file could not be written; what was there is untouched

A library function raises the narrowest of these; the CLI catches ``StarAnkiError``
(or a narrower class where it adds advice) and prints the message as it stands.
"""

from __future__ import annotations

from typing import NamedTuple

from .wording import plural


class Problem(NamedTuple):
    """One problem in one input file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class StarAnkiError(Exception):
    """Base class of every error star-anki reports to the user."""


class ScenarioError(StarAnkiError):
    """One or more scenario files are invalid; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        # By position only: problems at one place keep the order they were found in.
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        files = len({p.path for p in self.problems})
        self.summary = f"{plural(len(self.problems), 'problem')} in {plural(files, 'file')}"
        super().__init__("\n".join([*map(str, self.problems), self.summary]))


class NoScenariosError(StarAnkiError):
    """The paths given hold no scenario files."""


class NothingSelectedError(StarAnkiError):
    """No scenario matches the --principle and --tag filters."""


class PageError(StarAnkiError):
    """The file is not a walkthrough page that can be imported."""


class PacingError(StarAnkiError):
    """The interview date leaves no sensible pace."""


class TimestampError(StarAnkiError):
    """SOURCE_DATE_EPOCH is set but is not a time."""


class IdentityError(StarAnkiError):
    """Two notes would share a GUID; unreachable while ids are unique, and never let through."""


class PreviousDeckError(StarAnkiError):
    """The file at the output path is not a deck star-anki wrote; it is left alone."""


class OutputError(StarAnkiError):
    """A file could not be written; any earlier file at that path is untouched."""
