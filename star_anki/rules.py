"""The rules a scenario's values follow: text, ids, scalar types, and how fields read.

One home, read by the loader, the JSON Schema, ``new`` and the importer: what text
may be, what an id is, each scalar type with its checker, and the shape, key order
and requiredness of the model's fields (model.py holds the dataclasses themselves).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata: a one-line description plus schema hints."""
    return {"doc": text, **extra}


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# What ID_PATTERN asks for, as error messages say it.
ID_RULE = "lowercase letters, digits and single hyphens (like 'built-from-scratch')"
# Generous: a long STAR answer is a few thousand characters.
MAX_TEXT = 10_000
# Control characters other than tab and newline (Anki separates fields with U+001F).
CONTROL_CHARACTERS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)


# The rules a value can break, by name: callers that word one rule their own way match on it.
Rule = Literal["empty", "too long", "control character", "id"]


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """What is wrong with a value, said after its name, and which rule it breaks."""

    rule: Rule
    message: str

    def __str__(self) -> str:
        return self.message


def text_problem(text: str) -> ValueProblem | None:
    """What is wrong with ``text`` as a scenario's text, or None if nothing is."""
    if not text.strip():
        return ValueProblem("empty", "must not be empty")
    if len(text) > MAX_TEXT:
        message = f"is too long: {len(text):,} characters (the limit is {MAX_TEXT:,})"
        return ValueProblem("too long", message)
    if control := _CONTROL.search(text):
        where = f"U+{ord(control[0]):04X} at character {control.start() + 1}"
        return ValueProblem("control character", f"holds the control character {where}; remove it")
    return None


def id_problem(text: str) -> ValueProblem | None:
    """What is wrong with ``text`` as an id, or None if nothing is."""
    if re.fullmatch(ID_PATTERN, text) is None:
        return ValueProblem("id", f"must be {ID_RULE}, not '{text}'")
    return None


def _no_problem(value: Any) -> ValueProblem | None:
    return None


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar type of the model: its YAML tag, its JSON Schema, its name in errors, its rule."""

    tag: str  # without the YAML prefix, as in !!int
    schema: dict[str, Any]
    name: str  # as in "'x' must be {name}, not ..."
    check: Callable[[Any], ValueProblem | None] = _no_problem


# Every scalar type the model uses; the loader and the JSON Schema read each from here.
SCALARS: dict[type, Scalar] = {
    str: Scalar(
        "str",
        # text_problem as JSON Schema can say it: not blank, not too long, no control characters.
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            "pattern": r"^(?=[\s\S]*\S)" + CONTROL_CHARACTERS.replace("[", "[^", 1) + "*$",
        },
        "text",
        text_problem,
    ),
    int: Scalar("int", {"type": "integer"}, "a whole number"),
    bool: Scalar("bool", {"type": "boolean"}, "true or false"),
}


@cache
def field_shape(tp: Any) -> tuple[str, Any, bool]:
    """How a field's type reads: ('dataclass' | 'list' | 'scalar', inner type, optional).

    The loader and the JSON Schema both read the model through this.
    """
    optional = isinstance(tp, types.UnionType)  # X | None: null means "not given"
    if optional:
        (tp,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
    if dataclasses.is_dataclass(tp):
        return "dataclass", tp, optional
    if typing.get_origin(tp) is tuple:
        return "list", typing.get_args(tp)[0], optional
    return "scalar", tp, optional


@cache
def yaml_fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """The fields of a model class that are YAML keys, by name, in the format's key order."""
    return {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("yaml", True)}


@cache
def field_types(cls: type) -> dict[str, Any]:
    """The type of each YAML key of a model class, in key order."""
    hints = typing.get_type_hints(cls)
    return {name: hints[name] for name in yaml_fields(cls)}


def is_required(spec: dataclasses.Field[Any]) -> bool:
    """Whether a file (scenario or question bank) must give this key: it has no default."""
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


def _scalar_keys(cls: type, seen: set[type]) -> Iterator[tuple[str, Any]]:
    """Each YAML key within ``cls``, at any depth, that holds scalars, with their type."""
    seen.add(cls)
    for key, tp in field_types(cls).items():
        shape, inner, _ = field_shape(tp)
        while shape == "list":
            shape, inner, _ = field_shape(inner)
        if shape == "scalar":
            yield f"{cls.__name__}.{key}", inner
        elif inner not in seen:
            yield from _scalar_keys(inner, seen)


def unknown_scalars(cls: type) -> list[str]:
    """The keys within ``cls``, at any depth, whose scalar type has no entry in SCALARS."""
    return [
        f"{where} ({getattr(tp, '__name__', tp)})"
        for where, tp in _scalar_keys(cls, set())
        if tp not in SCALARS
    ]


def principle_key(name: str) -> str:
    """A principle as compared: letters and digits only, in any case.

    'Have Backbone; Disagree and Commit' and 'have backbone, disagree & commit'
    differ only in what a story's author might type, so they match. A name of
    symbols alone is compared as written.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    return "".join(re.findall(r"\w", text.replace("&", "and"))) or text.strip()
