"""Checks across the fields of a scenario, made on its YAML nodes so each problem has a place.

They run even where other fields failed to convert (those hold INVALID), so all of
a file's problems show at once. Bank files' checks use the same helpers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import QuizItem, Scenario, Steps, choices_problem, step_problem
from .rules import field_shape, field_types, principle_key, yaml_fields

# A value that did not convert; its problem is reported already.
INVALID: Any = object()
_STR = "tag:yaml.org,2002:str"


class Reports(Protocol):
    """What a check reports to: a problem at a node."""

    def report(self, node: Node, message: str) -> None:
        """Report ``message`` at the node's line and column."""


# Checks across the fields of a class, by class: they see the values and the value nodes.
Checks = Mapping[type, Callable[[Reports, dict[str, Any], dict[str, Node]], None]]


def value_node(mapping: Node | None, key: str) -> Node | None:
    """The value node under ``key`` of a mapping node, if there is one."""
    if isinstance(mapping, MappingNode):
        for key_node, found in mapping.value:
            if key_node.value == key:
                return found  # type: ignore[no-any-return]
    return None


def items(node: Node | None) -> list[Node]:
    """The item nodes of a list node; none for anything else (the converter reports it)."""
    return list(node.value) if isinstance(node, SequenceNode) else []


def _text_nodes(nodes: Sequence[Node], key: str | None) -> Iterator[ScalarNode]:
    """The text scalars among ``nodes`` (or among their values under ``key``)."""
    for node in nodes:
        found = node if key is None else value_node(node, key)
        if isinstance(found, ScalarNode) and found.tag == _STR:
            yield found


def check_unique(
    conv: Reports, nodes: Sequence[Node], key: str | None, what: str,
    same: Callable[[str], str] = str.strip,
) -> None:  # fmt: skip
    """Report texts repeated among ``nodes`` (or among their values under ``key``).

    Texts are compared as ``same`` gives them (by default: spaces around aside).
    """
    first: dict[str, int] = {}
    for found in _text_nodes(nodes, key):
        compared = same(found.value)
        if compared in first:
            value = found.value.strip()
            message = f"duplicate {what} '{value}' (first used at line {first[compared]})"
            conv.report(found, message)
        else:
            first[compared] = found.start_mark.line + 1


def _id_lists(cls: type) -> tuple[str, ...]:
    """The keys of ``cls`` whose list items have an ``id``, which is unique within its list."""
    found = []
    for key, tp in field_types(cls).items():
        shape, inner, _ = field_shape(tp)
        if shape == "list" and field_shape(inner)[0] == "dataclass" and "id" in yaml_fields(inner):
            found.append(key)
    return tuple(found)


def _check_scenario(conv: Reports, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    for key in _id_lists(Scenario):
        check_unique(conv, items(nodes.get(key)), "id", "id")
    principles_node, guidance_node = nodes.get("principles"), nodes.get("guidance")
    check_unique(conv, items(principles_node), None, "principle", principle_key)
    check_unique(conv, items(nodes.get("questions")), None, "question")
    check_unique(conv, items(guidance_node), "principle", "guidance for", principle_key)
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


def _check_steps(conv: Reports, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    for key, step in values.items():
        if step is not INVALID and (problem := step_problem(step, f"'{key}'")):
            conv.report(nodes[key], problem)
        # A phrase is found in any case: one given twice would be one cloze, said twice.
        phrases = items(value_node(nodes.get(key), "key_phrases"))
        check_unique(conv, phrases, None, "key phrase", lambda p: p.strip().casefold())


def _check_quiz_item(conv: Reports, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    choices = values.get("choices", INVALID)
    if choices is not INVALID and (problem := choices_problem(choices)):
        conv.report(nodes["choices"], problem)


# Checks across fields; they run even when other fields failed, so all problems show at once.
SCENARIO_CHECKS: Checks = {
    Scenario: _check_scenario,
    Steps: _check_steps,
    QuizItem: _check_quiz_item,
}


# A quiz question that asks for words to say: "Which phrase ...", "What is the line ...".
_ASKS_FOR_WORDS = re.compile(
    r"^\s*(?:which|what)\b.*\b(?:phrases?|statements?|sentences?|lines?|words?|quotes?)\b",
    re.IGNORECASE,
)
# Words given in quotes: straight or curly, single or double, two characters at least.
_QUOTED = re.compile(r"(?:^|\W)(['\"\u2018\u201c])(?=\S)[^'\"\u2018\u2019\u201c\u201d]{2,}"
                     r"['\"\u2019\u201d](?!\w)")  # fmt: skip


def warnings(scenario: Scenario, root: Node) -> list[tuple[tuple[int, int], str]]:
    """What a good scenario may still want looked at, each at its key: (line, column), text.

    Lines under 'unplaced' are on no card. A quiz question that asks for words to say
    (which or what phrase, statement, sentence, line, word or quote) gives the learner no
    answer without choices, unless its explanation quotes the words.
    """
    found = []
    keys = {key.value: key for key, _ in root.value} if isinstance(root, MappingNode) else {}
    if scenario.unplaced and "unplaced" in keys:
        count = len(scenario.unplaced)
        lines = (
            "1 line under 'unplaced' is" if count == 1 else f"{count} lines under 'unplaced' are"
        )
        found.append(
            (_at(keys["unplaced"]), f"{lines} on no card; move each line where it belongs")
        )
    for item, node in zip(scenario.quiz, items(value_node(root, "quiz")), strict=False):
        if item.choices or not _ASKS_FOR_WORDS.search(item.question):
            continue
        if _QUOTED.search(item.explanation):
            continue
        question = value_node(node, "question") or node
        found.append((
            _at(question),
            "this question asks for words to say, but it has no 'choices' and its explanation"
            " quotes none: add choices (one 'correct: true'), or quote the answer in the"
            " explanation",
        ))  # fmt: skip
    return sorted(found)


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
