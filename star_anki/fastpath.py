"""The load stage's fast path: a leaner tag resolver, and a converter for files with no problem.

Most files are fine, and most scalars are plain prose. The resolver answers "text" for
those without trying PyYAML's patterns. The converter builds the model's dataclasses from
the composed nodes with what it needs of each class worked out once; at the first sign of
a problem it gives up (Refused), and the slow converter in load.py finds and words every
problem. Both read the model through what this module shares with load.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .checks import Checks
from .rules import (
    SCALARS,
    Scalar,
    ValueProblem,
    field_shape,
    field_types,
    is_required,
    yaml_fields,
)

YAML_TAG = "tag:yaml.org,2002:"
KNOWN_TAGS = frozenset(
    YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_STR, _NULL = YAML_TAG + "str", YAML_TAG + "null"
T = TypeVar("T")

# The C loader where PyYAML has it: several times faster.
_BASE: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT = Resolver.yaml_implicit_resolvers
# The first characters PyYAML's implicit resolvers look at ('' is the empty value, a null).
_FIRSTS = frozenset(first for first in _IMPLICIT if first is not None)
# Of those, letters start only booleans and nulls: words of at most five letters ('false'),
# and a pattern's '$' also matches before a final newline.
_WORD_FIRSTS = frozenset(first for first in _FIRSTS if first.isalpha())
_LONGEST_WORD = len("false\n")
_COLLECTION_TAGS = {
    MappingNode: Resolver.DEFAULT_MAPPING_TAG,
    SequenceNode: Resolver.DEFAULT_SEQUENCE_TAG,
}


def _resolvers_as_known() -> bool:
    """Whether the loader resolves as the lean resolver assumes.

    That is with PyYAML's own implicit resolvers, each found by first character, the
    letters' only booleans and nulls, and no path resolvers.
    """
    word_tags = {tag for first in _WORD_FIRSTS for tag, _ in _IMPLICIT[first]}
    return (
        _BASE.yaml_implicit_resolvers is _IMPLICIT
        and None not in _IMPLICIT
        and not _BASE.yaml_path_resolvers
        and word_tags <= {YAML_TAG + "bool", _NULL}
    )


@lru_cache(maxsize=4096)
def _short_plain_tag(value: str) -> str:
    """PyYAML's tag of a short plain scalar: keys, numbers and true/false repeat."""
    return str(Resolver().resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


class _LeanResolver(Resolver):
    """PyYAML's resolver, with an early answer for the plain scalars that can only be text."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag PyYAML gives; its patterns are tried only where one could match."""
        if kind is not ScalarNode:
            return _COLLECTION_TAGS.get(kind)
        if not implicit[0]:
            return _STR  # quoted or block: text, as no path resolver says otherwise
        first = value[:1]
        if first not in _FIRSTS:
            return _STR
        if len(value) <= _LONGEST_WORD:
            return _short_plain_tag(value)
        if first in _WORD_FIRSTS:
            return _STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    # PyYAML's own return at once when there are no path resolvers; these are not even called.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to do: there are no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to do: there are no path resolvers."""


# What load.py composes with; PyYAML's own loader should its resolvers ever be others.
SAFE_LOADER: type[Any] = (
    type("LeanSafeLoader", (_LeanResolver, _BASE), {}) if _resolvers_as_known() else _BASE
)


class Refused(Exception):
    """The fast path gives up on a document: the slow converter says what is wrong."""


class _Refuse:
    """What the checks across fields report to on the fast path: any report refuses."""

    def report(self, node: Node, message: str) -> None:
        """Give up: the slow converter reports ``message`` itself."""
        raise Refused


_REFUSE = _Refuse()


@dataclass(frozen=True, slots=True)
class _Context:
    """What converting one document needs besides the nodes."""

    checks: Checks
    constructor: SafeConstructor


Reader = Callable[[Node, _Context], Any]
Rule = Callable[[Any], "ValueProblem | str | None"]


def value_rule(scalar: Scalar, meta: Mapping[str, Any]) -> Rule:
    """What is wrong with a scalar field's value, said after the field's name, or None.

    The scalar's own rule, then the field's ``check`` and ``minimum`` (from its metadata).
    """
    check, minimum = meta.get("check"), meta.get("minimum")
    if check is None and minimum is None:
        return scalar.check

    def rule(value: Any) -> ValueProblem | str | None:
        problem = scalar.check(value) or (check(value) if check is not None else None)
        if problem is None and minimum is not None and value < minimum:
            return f"must be at least {minimum}, not {value}"
        return problem

    return rule


def scalar_value(node: Node, tp: type, constructor: SafeConstructor) -> Any:
    """The value of a scalar node whose tag is ``tp``'s: text is taken without outer spaces."""
    return node.value.strip() if tp is str else constructor.construct_object(node)


def convert(root: Node, cls: type[T], checks: Checks) -> T:
    """The ``cls`` that ``root`` holds, checked like the slow converter checks it.

    Raise Refused where that converter would report anything. An alias is not looked
    for: the caller hands only documents without one to this.
    """
    value: T = _reader(cls, {})(root, _Context(checks, SafeConstructor()))
    return value


def _reader(tp: Any, meta: Mapping[str, Any]) -> Reader:
    """How a node becomes a field's value: shaped and checked as the slow converter does."""
    shape, inner, optional = field_shape(tp)
    if shape == "dataclass":
        read = _dataclass_reader(inner)
    elif shape == "list":
        read = _list_reader(inner, meta.get("minItems", 0))
    else:
        read = _scalar_reader(inner, meta)
    if not optional:
        return read

    def read_optional(node: Node, context: _Context) -> Any:
        return None if node.tag == _NULL else read(node, context)

    return read_optional


def _scalar_reader(tp: type, meta: Mapping[str, Any]) -> Reader:
    scalar = SCALARS[tp]
    tag = YAML_TAG + scalar.tag
    rule = value_rule(scalar, meta)

    # An empty value (null) is refused too: as text it is empty, which text_problem refuses.
    def read(node: Node, context: _Context) -> Any:
        if node.tag != tag or node.__class__ is not ScalarNode:
            raise Refused
        value = scalar_value(node, tp, context.constructor)
        if rule(value) is not None:
            raise Refused
        return value

    return read


def _list_reader(item_type: Any, min_items: int) -> Reader:
    read_item = _reader(item_type, {})

    def read(node: Node, context: _Context) -> Any:
        if node.tag not in KNOWN_TAGS or node.__class__ is not SequenceNode:
            raise Refused
        if len(node.value) < min_items:
            raise Refused
        return tuple([read_item(item, context) for item in node.value])

    return read


@cache
def _dataclass_reader(cls: type) -> Reader:
    specs = yaml_fields(cls)
    required = frozenset(key for key, spec in specs.items() if is_required(spec))
    fields: dict[str, Reader] = {}  # filled on first use: a class may hold itself

    def read(node: Node, context: _Context) -> Any:
        if node.tag not in KNOWN_TAGS or node.__class__ is not MappingNode:
            raise Refused
        if not fields:
            hints = field_types(cls)
            fields.update((key, _reader(hints[key], spec.metadata)) for key, spec in specs.items())
        pairs = node.value
        values: dict[str, Any] = {}
        for key_node, given in pairs:
            if key_node.tag != _STR or key_node.__class__ is not ScalarNode:
                raise Refused
            read_value = fields.get(key_node.value)
            if read_value is None:
                raise Refused
            values[key_node.value] = read_value(given, context)
        # Fewer values than keys: a key was given twice.
        if len(values) < len(pairs) or not values.keys() >= required:
            raise Refused
        check = context.checks.get(cls)
        if check is not None:
            check(_REFUSE, values, {key_node.value: given for key_node, given in pairs})
        return cls(**values)

    return read
