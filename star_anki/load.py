"""Load stage: scenario YAML files → checked, typed scenarios, or every problem at once."""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import NoScenariosError, Problem, ScenarioError
from .model import (
    SCALARS,
    Origin,
    QuizItem,
    Scenario,
    choices_problem,
    field_shape,
    field_types,
    is_required,
    yaml_fields,
)

SCENARIO_SUFFIXES = (".yaml", ".yml")
_YAML = "tag:yaml.org,2002:"
_KNOWN_TAGS = {
    _YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
# The C loader where PyYAML has it: several times faster.
SAFE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INVALID = object()
MAX_FILE = 1 << 20
_QUOTABLE = {_YAML + t for t in ("int", "float", "bool", "timestamp")}


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
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for path in find_scenario_files(paths):
        try:
            scenarios.append((read or load_file)(path))
        except ScenarioError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_ids(scenarios))
    if problems:
        raise ScenarioError(problems)
    return scenarios


def load_file(path: Path) -> Scenario:
    """Load one scenario file; raise ScenarioError listing all its problems."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ScenarioError([Problem(name, 1, 1, f"cannot read file: {error.strerror}")]) from None
    return parse_scenario(data, name)


def parse_scenario(data: bytes, name: str) -> Scenario:
    """Parse the bytes of one scenario file named ``name``."""
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
        message = "the file is empty; a scenario is a mapping with keys such as 'id' and 'question'"
        raise ScenarioError([Problem(name, 1, 1, message)])
    converter = _Converter(name)
    scenario = converter.convert(root, Scenario, "scenario")
    if converter.aliased:
        # Composed nodes do not remember where an alias stood; the events do.
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                message = "YAML aliases (*name) are not supported; write the value out"
                converter.problems.append(Problem(name, line, column, message))
    if converter.problems or not isinstance(scenario, Scenario):
        raise ScenarioError(converter.problems)
    id_node = _value_node(root, "id")
    assert id_node is not None  # the converter checked that 'id' is there
    line, column = _position(id_node)
    return dataclasses.replace(scenario, origin=Origin(path=name, line=line, column=column))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _syntax_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    if at == "\t":
        message = "invalid YAML: a tab cannot indent or start a value; use spaces"
    elif error.problem == "but found another document":
        message = "invalid YAML: a scenario file holds one document; remove the second '---'"
    else:
        message = f"invalid YAML: {error.problem}"
        if error.context:
            message += f" ({error.context}"
            context = error.context_mark
            if context is not None and context is not mark:
                message += f" at line {context.line + 1}, column {context.column + 1}"
            message += ")"
    return Problem(name, line, column, message)


def _duplicate_ids(scenarios: list[Scenario]) -> list[Problem]:
    first: dict[str, Origin] = {}
    problems = []
    for scenario in scenarios:
        origin = scenario.origin
        assert origin is not None
        if scenario.id in first:
            other = first[scenario.id]
            message = f"scenario id '{scenario.id}' is also used by {other}; ids must be unique"
            problems.append(Problem(origin.path, origin.line, origin.column, message))
        else:
            first[scenario.id] = origin
    return problems


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _value_node(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if key_node.value == key:
                return typing.cast(Node, value_node)
    return None


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = node.tag.removeprefix(_YAML)
    if kind == "bool":
        return "true/false"
    if kind in ("int", "float"):
        return str(node.value)
    return {"null": "empty", "timestamp": "a date", "str": "text"}.get(kind, kind)


class _Converter:
    """Turns composed YAML nodes into dataclasses, collecting every problem on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliased = False
        self.constructor = yaml.constructor.SafeConstructor()

    def report(self, node: Node, message: str) -> None:
        line, column = _position(node)
        self.problems.append(Problem(self.name, line, column, message))

    def convert(self, node: Node, tp: Any, label: str, meta: Any = None) -> Any:
        """Convert ``node`` to type ``tp``; report and return _INVALID when it does not fit."""
        if id(node) in self.seen:
            self.aliased = True
            return _INVALID
        self.seen.add(id(node))
        if node.tag not in _KNOWN_TAGS:
            tag = node.tag.replace(_YAML, "!!", 1)
            self.report(node, f"YAML tag '{tag}' is not allowed; scenarios hold plain data only")
            return _INVALID
        shape, inner, optional = field_shape(tp)
        if optional and node.tag == _YAML + "null":
            return None
        if shape == "dataclass":
            return self._dataclass(node, inner, label)
        if shape == "list":
            return self._list(node, inner, label, meta or {})
        return self._scalar(node, inner, label, meta or {})

    def _scalar(self, node: Node, tp: type, label: str, meta: Any) -> Any:
        scalar = SCALARS[tp]
        if tp is str and node.tag == _YAML + "null":
            value: Any = ""  # an empty value is empty text, which the text rule refuses
        elif node.tag != _YAML + scalar.tag:
            quotable = tp is str and node.tag in _QUOTABLE
            hint = " (put it in quotes to keep it as text)" if quotable else ""
            self.report(node, f"{label} must be {scalar.name}, not {_describe(node)}{hint}")
            return _INVALID
        else:
            value = node.value.strip() if tp is str else self.constructor.construct_object(node)
        problem = scalar.check(value) or (meta["check"](value) if "check" in meta else None)
        if problem is not None:
            self.report(node, f"{label} {problem}")
            return _INVALID
        if "minimum" in meta and value < meta["minimum"]:
            self.report(node, f"{label} must be at least {meta['minimum']}, not {value}")
            return _INVALID
        return value

    def _list(self, node: Node, item_type: Any, label: str, meta: Any) -> Any:
        if not isinstance(node, SequenceNode):
            self.report(node, f"{label} must be a list, not {_describe(node)}")
            return _INVALID
        if len(node.value) < meta.get("minItems", 0):
            self.report(node, f"{label} must have at least {meta['minItems']} item")
            return _INVALID
        items = [
            self.convert(item, item_type, f"{label} item {number}")
            for number, item in enumerate(node.value, start=1)
        ]
        return _INVALID if _INVALID in items else tuple(items)

    def _dataclass(self, node: Node, cls: type, label: str) -> Any:
        if not isinstance(node, MappingNode):
            self.report(node, f"{label} must be a mapping of keys to values, not {_describe(node)}")
            return _INVALID
        fields = yaml_fields(cls)
        hints = field_types(cls)
        values: dict[str, Any] = {}
        value_nodes: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                self.aliased = True
                continue
            self.seen.add(id(key_node))
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key_node.tag == _YAML + "merge":
                self.report(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key, str) or key_node.tag != _YAML + "str":
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
            value_nodes[key] = value_node
            values[key] = self.convert(value_node, hints[key], f"'{key}'", fields[key].metadata)
        for key, spec in fields.items():
            if is_required(spec) and key not in key_lines:
                if key not in suggested:  # "did you mean" already names it
                    self.report(node, f"missing required key '{key}' in {label}")
                values[key] = _INVALID
        check = _CHECKS.get(cls)
        if check is not None:
            check(self, values, value_nodes)
        if _INVALID in values.values():
            return _INVALID
        return cls(**values)


def _unknown_key(key: str, close: list[str], known: list[str]) -> str:
    if close:
        return f"unknown key '{key}' (did you mean '{close[0]}'?)"
    return f"unknown key '{key}' (known keys: {', '.join(known)})"


def _text_nodes(nodes: Sequence[Node], key: str | None) -> Iterator[ScalarNode]:
    """The text scalars among ``nodes`` (or among their values under ``key``)."""
    for node in nodes:
        found = node if key is None else _value_node(node, key)
        if isinstance(found, ScalarNode) and found.tag == _YAML + "str":
            yield found


def _check_unique(conv: _Converter, node: Node | None, key: str | None, what: str) -> None:
    """Report repeated texts in a list (or repeated values of ``key`` in its items)."""
    if not isinstance(node, SequenceNode):
        return
    first: dict[str, int] = {}
    for found in _text_nodes(node.value, key):
        value = found.value.strip()
        if value in first:
            message = f"duplicate {what} '{value}' (first used at line {first[value]})"
            conv.report(found, message)
        else:
            first[value] = found.start_mark.line + 1


def _id_lists(cls: type) -> tuple[str, ...]:
    """The keys of ``cls`` whose list items have an ``id``, which is unique within its list."""
    found = []
    for key, tp in field_types(cls).items():
        shape, inner, _ = field_shape(tp)
        if shape == "list" and field_shape(inner)[0] == "dataclass" and "id" in yaml_fields(inner):
            found.append(key)
    return tuple(found)


def _check_scenario(conv: _Converter, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    for key in _id_lists(Scenario):
        _check_unique(conv, nodes.get(key), "id", "id")
    principles_node, guidance_node = nodes.get("principles"), nodes.get("guidance")
    _check_unique(conv, principles_node, None, "principle")
    _check_unique(conv, guidance_node, "principle", "guidance for")
    if isinstance(principles_node, SequenceNode) and isinstance(guidance_node, SequenceNode):
        listed = list(
            dict.fromkeys(f.value.strip() for f in _text_nodes(principles_node.value, None))
        )
        for found in _text_nodes(guidance_node.value, "principle"):
            if found.value.strip() not in listed:
                message = f"'{found.value.strip()}' is not in 'principles'"
                if listed:
                    message += f" ({', '.join(listed)})"
                conv.report(found, message)


def _check_quiz_item(conv: _Converter, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    choices = values.get("choices", _INVALID)
    if choices is not _INVALID and (problem := choices_problem(choices)):
        conv.report(nodes["choices"], problem)


# Checks across fields; they run even when other fields failed, so all problems show at once.
_CHECKS: dict[type, Callable[[_Converter, dict[str, Any], dict[str, Node]], None]] = {
    Scenario: _check_scenario,
    QuizItem: _check_quiz_item,
}
