"""Where a new or imported scenario is written: never over another question, never twice.

Note GUIDs derive from the scenario id, so a file written over another question's
would hand that story's review history to this one, and a second file for one
question would fork it. The question a file holds decides, not its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import NoScenariosError, OutputError, StarAnkiError
from .ids import is_valid_id, question_key
from .load import MAX_FILE, SAFE_LOADER, find_scenario_files

_QUOTED = 100


@dataclass(frozen=True)
class Held:
    """What a scenario file holds, read leniently: None where that cannot be told."""

    path: Path
    id: str | None
    question: str | None


@dataclass(frozen=True)
class Target:
    """The file to write, the id to give the scenario, and why it needs --force, if it does."""

    path: Path
    id: str
    clash: str | None = None


def same_question(one: str, other: str) -> bool:
    """Whether two questions are the same text, case, spacing and a closing mark aside."""
    return question_key(one) == question_key(other)


def _quoted(question: str) -> str:
    text = " ".join(question.split())
    if len(text) > _QUOTED:
        text = text[:_QUOTED].rsplit(" ", 1)[0] + "…"
    return f'"{text}"'


def read_mapping(path: Path) -> dict[str, Any] | None:
    """A scenario file's top-level mapping, read leniently: None where it is not one.

    For files that may be half-written or broken: nothing here raises.
    """
    try:
        if path.stat().st_size > MAX_FILE:
            return None
        data = yaml.load(path.read_bytes(), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def read_held(path: Path) -> Held:
    """The id and question of a scenario file; a file that does not read as one tells neither."""
    data = read_mapping(path)
    if data is None:
        return Held(path, None, None)
    found = [data.get(key) for key in ("id", "question")]
    scenario, question = (v.strip() if isinstance(v, str) and v.strip() else None for v in found)
    return Held(path, scenario if scenario and is_valid_id(scenario) else None, question)


def listed_values(paths: Sequence[Path], key: str) -> set[str]:
    """The texts the scenario files under ``paths`` list under ``key`` (levels by name).

    For shell completion, while files may be half-written: nothing here raises.
    """
    try:
        files = find_scenario_files(paths)
    except (NoScenariosError, OSError):
        return set()
    found: set[str] = set()
    for path in files:
        data = read_mapping(path)
        values = data.get(key) if data is not None else None
        for value in values if isinstance(values, list) else []:
            value = value.get("level") if isinstance(value, dict) else value
            if isinstance(value, str):
                found.add(value.strip())
    return found


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as error:  # a name too long for the system, for one
        raise OutputError(f"cannot write {path}: {error.strerror}") from None


class Shelf:
    """The scenario files in a folder and its subfolders, as a build reads them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[Path, Held] | None = None

    def held(self) -> list[Held]:
        """Every scenario file's id and question, read once."""
        if self._held is None:
            try:
                files = find_scenario_files([self.folder]) if self.folder.is_dir() else []
            except (NoScenariosError, OSError):
                files = []
            self._held = {path.resolve(): read_held(path) for path in files}
        return list(self._held.values())

    def record(self, held: Held) -> None:
        """Remember a file just written."""
        self.held()
        assert self._held is not None
        self._held[held.path.resolve()] = held

    def free_id(self, base: str) -> str:
        """``base`` numbered from 2 on, as no file name or scenario id here uses it."""
        taken = {name for held in self.held() for name in (held.id, held.path.stem)}
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"


def in_folder(shelf: Shelf, question: str, scenario: str, chosen: bool, hint: str) -> Target:
    """Where ``question`` goes in the shelf's folder, as ``scenario`` unless a file holds it.

    A file that already holds the question is the target and keeps its id
    (unless the id was ``chosen`` and differs: refused). A file holding another
    question under that name or id is refused. ``hint`` says how to go on
    when the file must be overwritten.
    """
    named = shelf.folder / f"{scenario}.yaml"
    same = [h for h in shelf.held() if h.question and same_question(h.question, question)]
    if same:
        found = next((h for h in same if h.path.resolve() == named.resolve()), same[0])
        if chosen and found.id not in (None, scenario):
            raise OutputError(
                f"{found.path} already holds this question, with the id '{found.id}';"
                " leave out --id to keep it"
            )
        at_name = found.path.resolve() == named.resolve()
        clash = f"{found.path} {'already exists' if at_name else 'already holds this question'}"
        return Target(found.path, found.id or scenario, f"{clash}; {hint}")
    for held in shelf.held():
        if held.question and (held.id == scenario or held.path.resolve() == named.resolve()):
            raise OutputError(
                f"{held.path} holds another question ({_quoted(held.question)});"
                f" choose another id, e.g. --id {shelf.free_id(scenario)}"
            )
    return Target(named, scenario, f"{named} already exists; {hint}" if _exists(named) else None)


def at_file(path: Path, question: str, scenario: str, chosen: bool, hint: str) -> Target:
    """``path`` as the target for ``question``, unless it holds another question.

    A file holding this question keeps its id, unless one was ``chosen``.
    """
    if not _exists(path):
        return Target(path, scenario)
    held = read_held(path)
    if held.question and not same_question(held.question, question):
        raise OutputError(
            f"{path} holds another question ({_quoted(held.question)}); name another file with -o"
        )
    kept = held.id if held.question and held.id and not chosen else scenario
    return Target(path, kept, f"{path} already exists; {hint}")


@dataclass(frozen=True)
class Written:
    """A scenario file written, and its schema: the path if written or updated, or why not."""

    path: Path
    schema: Path | None
    schema_problem: str | None = None


def write_scenario(target: Target, text: str, force: bool) -> Written:
    """Write ``text`` where ``target`` says: over an existing file only with ``force``.

    The scenario is what was asked for: a schema beside it that cannot be written
    is told in ``schema_problem``, not raised.
    """
    from .files import write_text_atomically
    from .schema import write_schema

    if target.clash and not force:
        raise OutputError(target.clash)
    write_text_atomically(target.path, text)
    try:
        return Written(target.path, write_schema(target.path.parent))
    except StarAnkiError as error:
        return Written(target.path, None, str(error))


def place(where: Shelf | Path, question: str, scenario: str, chosen: bool, hint: str) -> Target:
    """The target in a shelf's folder, or the file named (``-o``), which alone is checked."""
    if isinstance(where, Shelf):
        return in_folder(where, question, scenario, chosen, hint)
    return at_file(where, question, scenario, chosen, hint)
