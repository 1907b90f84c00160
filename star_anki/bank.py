"""The question bank: behavioural questions by principle, built in or your own.

star-anki ships one (questions.yaml: Amazon's 16 Leadership Principles); a bank
file of your own adds to it, or replaces it when it says ``include_builtin: false``.
Bank files are checked like scenarios, every problem with its FILE:LINE:COLUMN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from .checks import Reports, check_unique, items, value_node
from .errors import Problem, ScenarioError
from .ids import question_id, question_key
from .load import parse_document, position, read_bytes
from .model import item_id
from .rules import doc, principle_key

BUILTIN = Path(__file__).with_name("questions.yaml")


@dataclass(frozen=True, kw_only=True, slots=True)
class BankQuestion:
    """One question of a bank."""

    id: str | None = item_id()
    question: str = field(metadata=doc("The question as an interviewer asks it."))


@dataclass(frozen=True, kw_only=True, slots=True)
class BankPrinciple:
    """A principle (or company value) and the questions that test it."""

    principle: str = field(metadata=doc("The principle, as your stories name it."))
    questions: tuple[BankQuestion, ...] = field(
        metadata=doc("The questions that test it.", minItems=1)
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class BankFile:
    """A question bank file."""

    name: str = field(metadata=doc("What the bank is, e.g. 'Acme values'."))
    include_builtin: bool = field(
        default=True, metadata=doc("false: use this bank instead of star-anki's built-in one.")
    )
    principles: tuple[BankPrinciple, ...] = field(
        metadata=doc("The principles and their questions.", minItems=1)
    )


@dataclass(frozen=True)
class Question:
    """A bank question: its stable id (the identity of its card), text and principle."""

    id: str
    text: str
    principle: str


@dataclass(frozen=True)
class Bank:
    """The questions of one or more bank files, principle by principle, in their order."""

    names: tuple[str, ...]
    principles: tuple[str, ...]
    questions: tuple[Question, ...]

    @cached_property
    def _spellings(self) -> dict[str, str]:
        return {principle_key(p): p for p in reversed(self.principles)}

    def principle(self, name: str) -> str | None:
        """The bank's own spelling of a principle a story names, or None if it lacks it."""
        return self._spellings.get(principle_key(name))

    @cached_property
    def _worded(self) -> dict[str, Question]:
        return {question_key(q.text): q for q in reversed(self.questions)}

    def targets(self, principles: Sequence[str]) -> tuple[list[str], list[str]]:
        """A story's principles: the bank's spellings of those it has, then the others.

        Each is given once, however often or however spelt the story names it.
        """
        banked: dict[str, None] = {}
        others: dict[str, str] = {}  # principle_key -> the first spelling
        for name in principles:
            found = self.principle(name)
            if found is not None:
                banked[found] = None
            else:
                others.setdefault(principle_key(name), name)
        return list(banked), list(others.values())

    def find(self, text: str) -> Question | None:
        """The bank question worded as ``text`` (case, spacing and closing mark aside)."""
        return self._worded.get(question_key(text))

    @cached_property
    def _asked(self) -> dict[str, list[Question]]:
        found: dict[str, list[Question]] = {p: [] for p in self.principles}
        for question in self.questions:
            found[question.principle].append(question)
        return found

    def of(self, principle: str) -> list[Question]:
        """The questions of a principle (any spelling the bank matches)."""
        found = self.principle(principle)
        return list(self._asked[found]) if found is not None else []


def _check_bank(conv: Reports, values: dict[str, Any], nodes: dict[str, Node]) -> None:
    """Principles, ids and questions are each given once in a bank file."""
    principles = items(nodes.get("principles"))
    check_unique(conv, principles, "principle", "principle", principle_key)
    questions = _question_nodes(principles)
    check_unique(conv, questions, "id", "id")
    check_unique(conv, questions, "question", "question", question_key)


def _question_nodes(principles: list[Node]) -> list[Node]:
    """The question nodes of a bank's principle nodes, in order."""
    return [q for principle in principles for q in items(value_node(principle, "questions"))]


_EMPTY = "the file is empty; a question bank is a mapping with keys 'name' and 'principles'"


def read_bank_file(path: Path) -> tuple[BankFile, Node]:
    """One bank file, checked, with its root node; ScenarioError lists every problem."""
    data = read_bytes(path)
    return parse_document(data, str(path), BankFile, "bank", _EMPTY, {BankFile: _check_bank})


def load_bank(paths: Sequence[Path] = ()) -> Bank:
    """The built-in bank and the bank files at ``paths``, merged; ScenarioError lists problems.

    A file's principle that the bank already has (in any spelling principle_key
    matches) adds its questions there. An id or question given twice across the
    files is a problem at its second place.
    """
    read: list[tuple[BankFile, Node, str]] = []
    problems: list[Problem] = []
    named = {path.resolve(): path for path in paths if path.resolve() != BUILTIN.resolve()}
    for path in named.values():  # a file named twice is read once
        try:
            read.append((*read_bank_file(path), str(path)))
        except ScenarioError as error:
            problems.extend(error.problems)
    if problems:
        raise ScenarioError(problems)
    if all(bank.include_builtin for bank, _, _ in read):
        read.insert(0, (*read_bank_file(BUILTIN), str(BUILTIN)))
    return _merged(read)


def _merged(read: Sequence[tuple[BankFile, Node, str]]) -> Bank:
    """One bank of several files; an id or question given twice is a problem where repeated."""
    principles: dict[str, str] = {}  # principle_key -> the first spelling given
    questions: list[Question] = []
    first: dict[tuple[str, str], str] = {}  # ("id" | "question", value) -> the file with it
    problems: list[Problem] = []
    for bank, root, name in read:
        given = [(p.principle, q) for p in bank.principles for q in p.questions]
        nodes = _question_nodes(items(value_node(root, "principles")))
        for (principle, question), node in zip(given, nodes, strict=True):
            spelled = principles.setdefault(principle_key(principle), principle)
            text = question.question
            found = Question(question.id or question_id(text), text, spelled)
            # A made-up id clashes only where the question does: that is the one to report.
            given_id = [("id", found.id, found.id)] if question.id else []
            for what, value, key in [*given_id, ("question", text, question_key(text))]:
                other = first.setdefault((what, key), name)
                if other != name:
                    line, column = position(value_node(node, what) or node)
                    where = "the built-in bank" if other == str(BUILTIN) else other
                    problems.append(
                        Problem(name, line, column, f"{what} '{value}' is also in {where}")
                    )
            questions.append(found)
    if problems:
        raise ScenarioError(problems)
    order = {principle: number for number, principle in enumerate(principles.values())}
    questions.sort(key=lambda q: order[q.principle])
    return Bank(tuple(b.name for b, _, _ in read), tuple(order), tuple(questions))
