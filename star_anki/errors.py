"""The small named exceptions the library raises; the CLI turns them into messages."""

from __future__ import annotations

from typing import NamedTuple


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
        count = len(self.problems)
        self.summary = (
            f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
        super().__init__("\n".join([*map(str, self.problems), self.summary]))


class NoScenariosError(StarAnkiError):
    """The paths given hold no scenario files."""


class OutputError(StarAnkiError):
    """The deck could not be written; any earlier deck at that path is untouched."""
