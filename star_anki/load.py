"""Load stage: scenario YAML files → checked, typed scenarios, or every problem at once."""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fastpath
from .checks import INVALID, SCENARIO_CHECKS, Checks, value_node, warnings
from .errors import NoScenariosError, Problem, ScenarioError
from .fastpath import KNOWN_TAGS, YAML_TAG, scalar_value, value_rule
from .fastpath import SAFE_LOADER as SAFE_LOADER  # targets.py reads with it too
from .model import Origin, Scenario
from .rules import SCALARS, field_shape, field_types, is_required, yaml_fields

SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_FILE = 1 << 20
_QUOTABLE = {YAML_TAG + t for t in ("int", "float", "bool", "timestamp")}
T = typing.TypeVar("T")


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their YAML files (recursively, sorted); keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in SCENARIO_SUFFIXES and p.is_file())
            )
        else:
            found.append(path)
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise NoScenariosError(f"no scenario files (*.yaml, *.yml) in {names}")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_scenarios(
    paths: Sequence[Path], read: Callable[[Path], Scenario] | None = None
) -> list[Scenario]:
    """Load every scenario under ``paths`` (each file with ``read``, default ``load_file``).

    Raise ScenarioError listing all problems.
    """
    scenarios, problems = read_scenarios(paths, read)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def read_scenarios(
    paths: Sequence[Path], read: Callable[[Path], Scenario] | None = None
) -> tuple[list[Scenario], list[Problem]]:
    """The scenarios under ``paths`` that load, and every problem of the files that do not.

    A scenario whose id an earlier file already uses is a problem, and left out.
    """
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    first: dict[str, Origin] = {}
    for path in find_scenario_files(paths):
        try:
            scenario = (read or load_file)(path)
        except ScenarioError as error:
            problems.extend(error.problems)
            continue
        origin = scenario.origin
        assert origin is not None
        if scenario.id in first:
            other = first[scenario.id]
            message = f"scenario id '{scenario.id}' is also used by {other}; ids must be unique"
            problems.append(Problem(origin.path, origin.line, origin.column, message))
        else:
            first[scenario.id] = origin
            scenarios.append(scenario)
    return scenarios, problems


def load_file(path: Path) -> Scenario:
    """Load one scenario file; raise ScenarioError listing all its problems."""
    return parse_scenario(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """A file's bytes; one that cannot be read is a problem at its first line."""
    try:
        return path.read_bytes()
    except OSError as error:
        problem = Problem(str(path), 1, 1, f"cannot read file: {error.strerror}")
        raise ScenarioError([problem]) from None


def parse_scenario(data: bytes, name: str, *, fast: bool = True) -> Scenario:
    """Parse the bytes of one scenario file named ``name`` (``fast`` as parse_document)."""
    empty = "the file is empty; a scenario is a mapping with keys such as 'id' and 'question'"
    scenario, root = parse_document(data, name, Scenario, "scenario", empty, fast=fast)
    id_node = value_node(root, "id")
    assert id_node is not None  # the converter checked that 'id' is there
    line, column = position(id_node)
    origin = Origin(path=name, line=line, column=column)
    found = tuple(Problem(name, *at, message) for at, message in warnings(scenario, root))
    return dataclasses.replace(scenario, origin=origin, warnings=found)


def parse_document(
    data: bytes,
    name: str,
    cls: type[T],
    label: str,
    empty: str,
    checks: Checks | None = None,
    *,
    fast: bool = True,
) -> tuple[T, Node]:
    """Parse one YAML file into the model class ``cls``, with its root node.

    Raise ScenarioError listing every problem; ``label`` names the whole document in
    messages, ``empty`` is said of an empty file, and ``checks`` add checks across
    the fields of a class (the scenario's own by default). ``fast`` tries the fast
    converter first; without it the slow one alone runs (the tests compare the two).
    """
    if len(data) > MAX_FILE:
        message = f"the file is too large: {len(data):,} bytes (the limit is {MAX_FILE:,})"
        raise ScenarioError([Problem(name, 1, 1, message)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        line, column = _line_column(before, len(before))
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)"
        raise ScenarioError([Problem(name, line, column, message)]) from None
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.reader.ReaderError as error:
        line, column = _line_column(text, error.position)
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
        message = f"invalid YAML: control character {character} is not allowed; remove it"
        raise ScenarioError([Problem(name, line, column, message)]) from None
    except yaml.MarkedYAMLError as error:
        raise ScenarioError([_syntax_problem(name, error, text)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([Problem(name, 1, 1, f"invalid YAML: {error}")]) from None
    if root is None:
        raise ScenarioError([Problem(name, 1, 1, empty)])
    checks = SCENARIO_CHECKS if checks is None else checks
    # Only an alias ('*name') makes a node appear twice, which the fast path does not look for.
    if fast and "*" not in text:
        try:
            return fastpath.convert(root, cls, checks), root
        except fastpath.Refused:
            pass  # the slow converter finds and words every problem
    converter = _Converter(name, checks)
    value = converter.convert(root, cls, label)
    if converter.aliased:
        # Composed nodes do not remember where an alias stood; the events do.
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                message = "YAML aliases (*name) are not supported; write the value out"
                converter.problems.append(Problem(name, line, column, message))
    if converter.problems or not isinstance(value, cls):
        raise ScenarioError(converter.problems)
    return value, root


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _syntax_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The problem to report for a YAML syntax error, in our words (see syntax.py)."""
    from .syntax import syntax_problem  # only a file with a syntax error needs it

    return syntax_problem(name, error, text)


def position(node: Node) -> tuple[int, int]:
    """A node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = node.tag.removeprefix(YAML_TAG)
    if kind == "bool":
        return "true/false"
    if kind in ("int", "float"):
        return str(node.value)
    return {"null": "empty", "timestamp": "a date", "str": "text"}.get(kind, kind)


class _Converter:
    """Turns composed YAML nodes into dataclasses, collecting every problem on the way."""

    def __init__(self, name: str, checks: Checks) -> None:
        self.name = name
        self.checks = checks
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliased = False
        self.constructor = yaml.constructor.SafeConstructor()

    def report(self, node: Node, message: str) -> None:
        line, column = position(node)
        self.problems.append(Problem(self.name, line, column, message))

    def convert(self, node: Node, tp: Any, label: str, meta: Any = None) -> Any:
        """Convert ``node`` to type ``tp``; report and return INVALID when it does not fit."""
        if id(node) in self.seen:
            self.aliased = True
            return INVALID
        self.seen.add(id(node))
        if node.tag not in KNOWN_TAGS:
            tag = node.tag.replace(YAML_TAG, "!!", 1)
            self.report(node, f"YAML tag '{tag}' is not allowed; scenarios hold plain data only")
            return INVALID
        shape, inner, optional = field_shape(tp)
        if optional and node.tag == YAML_TAG + "null":
            return None
        if shape == "dataclass":
            return self._dataclass(node, inner, label)
        if shape == "list":
            return self._list(node, inner, label, meta or {})
        return self._scalar(node, inner, label, meta or {})

    def _scalar(self, node: Node, tp: type, label: str, meta: Any) -> Any:
        scalar = SCALARS[tp]
        if tp is str and node.tag == YAML_TAG + "null":
            value: Any = ""  # an empty value is empty text, which the text rule refuses
        elif node.tag != YAML_TAG + scalar.tag:
            quotable = tp is str and node.tag in _QUOTABLE
            hint = " (put it in quotes to keep it as text)" if quotable else ""
            self.report(node, f"{label} must be {scalar.name}, not {_describe(node)}{hint}")
            return INVALID
        else:
            value = scalar_value(node, tp, self.constructor)
        problem = value_rule(scalar, meta)(value)
        if problem is not None:
            self.report(node, f"{label} {problem}")
            return INVALID
        return value

    def _list(self, node: Node, item_type: Any, label: str, meta: Any) -> Any:
        if not isinstance(node, SequenceNode):
            self.report(node, f"{label} must be a list, not {_describe(node)}")
            return INVALID
        if len(node.value) < meta.get("minItems", 0):
            self.report(node, f"{label} must have at least {meta['minItems']} item")
            return INVALID
        items = [
            self.convert(item, item_type, f"{label} item {number}")
            for number, item in enumerate(node.value, start=1)
        ]
        return INVALID if INVALID in items else tuple(items)

    def _dataclass(self, node: Node, cls: type, label: str) -> Any:
        if not isinstance(node, MappingNode):
            self.report(node, f"{label} must be a mapping of keys to values, not {_describe(node)}")
            return INVALID
        fields = yaml_fields(cls)
        hints = field_types(cls)
        values: dict[str, Any] = {}
        value_nodes: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        suggested: set[str] = set()
        for key_node, given in node.value:
            if id(key_node) in self.seen:
                self.aliased = True
                continue
            self.seen.add(id(key_node))
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key_node.tag == YAML_TAG + "merge":
                self.report(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key, str) or key_node.tag != YAML_TAG + "str":
                self.report(key_node, f"keys must be plain names, not {_describe(key_node)}")
                continue
            if key in key_lines:
                self.report(
                    key_node, f"duplicate key '{key}' (first given at line {key_lines[key]})"
                )
                continue
            key_lines[key] = key_node.start_mark.line + 1
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                suggested.update(close)
                self.report(key_node, _unknown_key(key, close, list(fields)))
                continue
            value_nodes[key] = given
            values[key] = self.convert(given, hints[key], f"'{key}'", fields[key].metadata)
        for key, spec in fields.items():
            if is_required(spec) and key not in key_lines:
                if key not in suggested:  # "did you mean" already names it
                    self.report(node, f"missing required key '{key}' in {label}")
                values[key] = INVALID
        check = self.checks.get(cls)
        if check is not None:
            check(self, values, value_nodes)
        if INVALID in values.values():
            return INVALID
        return cls(**values)


def _unknown_key(key: str, close: list[str], known: list[str]) -> str:
    if close:
        return f"unknown key '{key}' (did you mean '{close[0]}'?)"
    return f"unknown key '{key}' (known keys: {', '.join(known)})"
