"""The load stage's fast path gives exactly what the slow path alone gives.

The lean resolver gives PyYAML's tag for every scalar, and the fast converter (with the
slow one behind it) gives the same scenario, origin and warnings included, or the same
problems, for every file in the repository and for many seeded mutations of the bundled
scenario and the built-in question bank. A fast path made wrong on purpose is caught.
"""

from __future__ import annotations

import copy
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from star_anki import bank, fastpath
from star_anki.checks import SCENARIO_CHECKS, Checks
from star_anki.errors import ScenarioError
from star_anki.load import SAFE_LOADER, parse_document, parse_scenario
from star_anki.model import Scenario

from .conftest import ROOT, SEED

_YAML = "tag:yaml.org,2002:"
PYYAML = Resolver()
LEAN = SAFE_LOADER("")
# The lean resolver on PyYAML's pure-Python loader, as load.py makes it without the C one.
PURE_LOADER = type("PureLeanLoader", (fastpath._LeanResolver, yaml.SafeLoader), {})


def corpus() -> list[Path]:
    """Every YAML file of the repository that the loader may be given."""
    found = [*ROOT.glob("scenarios/*.yaml"), *(ROOT / "tests" / "bad").rglob("*.yaml")]
    found += [*ROOT.glob("tests/pages/*.yaml"), *ROOT.glob("docs/examples/*.yaml")]
    return sorted(found)


# --- the lean resolver ---------------------------------------------------------------


def _words() -> list[str]:
    """Booleans and nulls in every case, and near misses of them."""
    words = "yes no true false on off null y n ~".split()
    cased = [f(w) for w in words for f in (str.lower, str.upper, str.title, str.swapcase)]
    near = [w + tail for w in cased for tail in ("\n", "\n\n", " ", "s", "x", "_", "!")]
    return [*cased, *near, *("  " + w for w in cased), "onion", "offset", "nullable", "yesterday"]


TRICKY = [
    *_words(),
    *"0777 0o17 0x1F 0X1F 0b101 0b 0x 1_000 1__0 _1 +1 -1 +0 -0 -1.5 1. .5 1e3 1.0e+3".split(),
    "1.0e3",
    *"6.8523015e+5 685.230_15e+03 190:20:30.15 1:30 1:60 -1:30 +12:59:59 1:2:3 12:3a 0:30".split(),
    *".inf -.Inf +.INF .NaN .nan .NAN .Nan inf nan .infinity".split(),
    *"2026-01-01 2026-1-1 2026-01-01T12:00:00Z 2001-12-14t21:59:43.10-05:00 1999-99-99".split(),
    "2026-1-1 12:00:00Z",
    "2001-12-14 21:59:43.10 -5",
    "2026-01-01 is a date in prose",
    *"= == <<  < <<< ! & * ~ ~~ - -- + . .. 0 00 000 9 99".split(" "),
    "",
    " ",
    "  ",
    "\n",
    "\t",
    "é",
    "ñandú",
    "日本語のテキスト",
    "🙂 smile",
    "Yes, and then some",
    "no ticket existed",
    "true story",
    "off by one",
    "on call",
    "null pointer",
    "~ approximately",
    "Tracking the 0.5% miss rate",
    "0.5% miss rate",
    "30 seconds",
    "1,000 users",
    "+1 to that",
    "-1.5 points",
    "<< not a merge",
    "= not a value",
    "a long line\nand another",
    "false\nfalse",
]


def scalar_events(path: Path) -> Iterator[tuple[str, tuple[bool, bool]]]:
    """Each scalar's value and implicit flags in a file, up to any syntax error."""
    try:
        for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
            if isinstance(event, yaml.ScalarEvent):
                yield event.value, event.implicit
    except (yaml.YAMLError, UnicodeDecodeError):
        return


def small_strings() -> Iterator[str]:
    """Every string of up to three characters over the characters resolvers look at."""
    alphabet = "yYnNoOtTfFlLeEsSuUaA~0179-+._:<=!&* xb\n"
    for size in range(4):
        for chars in itertools.product(alphabet, repeat=size):
            yield "".join(chars)


IMPLICITS = [(True, False), (True, True), (False, True), (False, False)]


def assert_resolves_alike(value: str) -> None:
    for implicit in IMPLICITS:
        expected = PYYAML.resolve(ScalarNode, value, implicit)
        assert LEAN.resolve(ScalarNode, value, implicit) == expected, (value, implicit)


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_values_resolve_as_pyyaml_resolves_them(value: str) -> None:
    assert_resolves_alike(value)


def test_every_scalar_of_the_files_resolves_as_pyyaml_resolves_it() -> None:
    pairs = {pair for path in corpus() for pair in scalar_events(path)}
    pairs |= set(scalar_events(bank.BUILTIN))
    assert len(pairs) > 500
    for value, implicit in pairs:
        assert LEAN.resolve(ScalarNode, value, implicit) == PYYAML.resolve(
            ScalarNode, value, implicit
        ), value


def test_every_short_string_resolves_as_pyyaml_resolves_it() -> None:
    for value in small_strings():
        assert_resolves_alike(value)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12) | st.from_regex(r"[-+0-9.:_eE xTZ]{1,20}", fullmatch=True))
def test_any_text_resolves_as_pyyaml_resolves_it(value: str) -> None:
    assert_resolves_alike(value)


def test_collections_resolve_as_pyyaml_resolves_them() -> None:
    for kind, implicit in itertools.product((MappingNode, SequenceNode), (True, False)):
        assert LEAN.resolve(kind, None, implicit) == PYYAML.resolve(kind, None, implicit)


def tags(node: Node, seen: dict[int, int] | None = None) -> object:
    """A composed tree as its tags, values and styles; a node met again as its number."""
    seen = {} if seen is None else seen
    if id(node) in seen:  # an alias: not expanded, or a billion laughs would fill memory
        return seen[id(node)]
    seen[id(node)] = len(seen)
    if isinstance(node, ScalarNode):
        return node.tag, node.value, node.style
    if isinstance(node, SequenceNode):
        return node.tag, [tags(item, seen) for item in node.value]
    return node.tag, [(tags(key, seen), tags(value, seen)) for key, value in node.value]


def styled(value: str) -> list[str]:
    """YAML that holds ``value`` as a plain, quoted and block scalar, as a key and in flow."""
    single = value.replace("'", "''")
    double = value.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    block = "\n".join("  " + line for line in value.split("\n"))
    return [
        f"a: {value}\n",
        f"- {value}\n",
        f"a: '{single}'\n",
        f'a: "{double}"\n',
        f"a: |-\n{block}\n",
        f"a: >\n{block}\n",
        f"{value}: a\n",
        f"[{value}, '{single}']\n",
        f"a: {value}\n  continued\n",
    ]


@pytest.mark.parametrize(
    ("loader", "pyyaml"),
    [(SAFE_LOADER, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), (PURE_LOADER, yaml.SafeLoader)],
    ids=["C", "pure"],
)
def test_documents_compose_to_the_same_tags(loader: type[Any], pyyaml: type[Any]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus() if p.stat().st_size < 20_000]
    texts += [text for value in TRICKY for text in styled(value)]
    composed = 0
    for text in texts:
        try:
            expected = yaml.compose(text, Loader=pyyaml)
        except yaml.YAMLError:
            continue
        assert expected is None or tags(yaml.compose(text, Loader=loader)) == tags(expected), text
        composed += 1
    assert composed > 500


def test_the_lean_loader_is_the_one_load_composes_with() -> None:
    assert fastpath._resolvers_as_known()
    assert issubclass(SAFE_LOADER, fastpath._LeanResolver)
    assert issubclass(SAFE_LOADER, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# --- the fast converter --------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of document: its class, label, words for an empty file and checks."""

    cls: type
    label: str
    empty: str
    checks: Checks


SCENARIO = Kind(Scenario, "scenario", "empty", SCENARIO_CHECKS)
BANK = Kind(bank.BankFile, "bank", bank._EMPTY, {bank.BankFile: bank._check_bank})
REFUSED = object()


def outcome(data: bytes, kind: Kind, fast: bool) -> object:
    """What loading gives: the value (a scenario with its origin and warnings) or problems."""
    name = "story.yaml"
    try:
        if kind is SCENARIO:
            scenario = parse_scenario(data, name, fast=fast)
            return scenario, scenario.origin, scenario.warnings
        value, _ = parse_document(
            data, name, kind.cls, kind.label, kind.empty, kind.checks, fast=fast
        )
        return value, None, ()
    except ScenarioError as error:
        return error.problems
    except Exception as error:  # odd input may crash the slow path: the fast one must alike
        return type(error), str(error)


def fast_alone(data: bytes, kind: Kind) -> object:
    """The fast converter's value, or REFUSED; None where the text does not compose."""
    try:
        root = yaml.compose(data.decode("utf-8-sig"), Loader=SAFE_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if root is None:
        return None
    try:
        return fastpath.convert(root, kind.cls, kind.checks)
    except fastpath.Refused:
        return REFUSED


def mismatches(documents: list[tuple[str, bytes, Kind]]) -> list[str]:
    """Where the fast path (and the fallback behind it) gives other than the slow path."""
    found = []
    for label, data, kind in documents:
        slow = outcome(data, kind, fast=False)
        if outcome(data, kind, fast=True) != slow:
            found.append(f"{label}: fast path and fallback differ")
        alone = fast_alone(data, kind)
        if alone is None or b"*" in data:
            continue  # no tree, or perhaps an alias: parse_document keeps those off the fast path
        if not isinstance(slow, tuple) or not isinstance(slow[0], kind.cls):
            if alone is not REFUSED:
                found.append(f"{label}: the fast path accepts what the slow path refuses")
        elif alone is REFUSED:
            found.append(f"{label}: the fast path refuses a good file")
        elif alone != slow[0]:
            found.append(f"{label}: the fast path gives another value")
    return found


# --- mutations of the bundled scenario and the built-in bank --------------------------


def slots(node: Node) -> Iterator[tuple[list[Any], int]]:
    """Every place in a tree that holds a value node: (list, index), pairs' values included."""
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield node.value, index
            yield from slots(item)
    elif isinstance(node, MappingNode):
        for index, (_, value) in enumerate(node.value):
            yield node.value, index
            yield from slots(value)


def containers(node: Node, kind: type[Node]) -> list[Node]:
    """The mapping or list nodes of a tree, the root included."""
    found = [node] if isinstance(node, kind) else []
    children = node.value if isinstance(node, SequenceNode) else []
    if isinstance(node, MappingNode):
        children = [value for _, value in node.value]
    for child in children:
        found += containers(child, kind)
    return found


def scalar(value: str, tag: str = "str") -> ScalarNode:
    return ScalarNode(_YAML + tag, value)


REPLACEMENTS: list[Callable[[], Node]] = [
    lambda: scalar("42", "int"),
    lambda: scalar("0", "int"),
    lambda: scalar("1.5", "float"),
    lambda: scalar("true", "bool"),
    lambda: scalar("false", "bool"),
    lambda: scalar("", "null"),
    lambda: scalar("2026-01-01", "timestamp"),
    lambda: SequenceNode(_YAML + "seq", [scalar("item")]),
    lambda: SequenceNode(_YAML + "seq", []),
    lambda: MappingNode(_YAML + "map", [(scalar("a"), scalar("b"))]),
    lambda: scalar(""),
    lambda: scalar("   "),
    lambda: scalar("x" * 10_001),
    lambda: scalar("a control \x07 character"),
    lambda: scalar("  padded text  "),
    lambda: scalar("Not An Id"),
    lambda: scalar("a-good-id"),
    lambda: scalar("42"),
    lambda: scalar("yes"),
]
TAGS = ["!thing", _YAML + "binary", _YAML + "str", _YAML + "python/object", "!"]


def _value(rng: random.Random, root: Node) -> tuple[list[Any], int, Node]:
    """A random value slot and the node in it."""
    held, index = rng.choice(list(slots(root)))
    node = held[index][1] if isinstance(held[index], tuple) else held[index]
    return held, index, node


def _holds(node: Node, held: list[Any]) -> bool:
    """Whether ``held`` (a mapping's pairs or a list's items) is within ``node``."""
    inside = containers(node, MappingNode) + containers(node, SequenceNode)
    return any(found.value is held for found in inside)


def _put(held: list[Any], index: int, node: Node) -> None:
    held[index] = (held[index][0], node) if isinstance(held[index], tuple) else node


def mutate(rng: random.Random, root: Node) -> str:
    """Change the tree in one random way; say which."""
    maps = containers(root, MappingNode)
    lists = [node for node in containers(root, SequenceNode) if node.value]
    pairs = rng.choice(maps).value
    how = rng.choice(
        "delete rename-near rename-far duplicate-key replace alias tag merge drop-item"
        " empty-list duplicate-item reorder".split()
    )
    if how in ("drop-item", "empty-list", "duplicate-item") and not lists:
        how = "replace"
    if how in ("delete", "rename-near", "rename-far", "duplicate-key") and not pairs:
        how = "replace"
    index = rng.randrange(len(pairs)) if pairs else 0
    if how == "delete":
        del pairs[index]
    elif how.startswith("rename"):
        key = pairs[index][0].value
        new = key[:-1] + "x" if how == "rename-near" else "zz_unheard_of"
        pairs[index] = (scalar(new), pairs[index][1])
    elif how == "duplicate-key":
        pairs.append(copy.deepcopy(pairs[index]))
    elif how == "replace":
        held, at, _ = _value(rng, root)
        _put(held, at, rng.choice(REPLACEMENTS)())
    elif how == "alias":
        held, at, _ = _value(rng, root)
        node = _value(rng, root)[2]
        if not _holds(node, held):  # a node within itself would make the tree endless
            _put(held, at, node)  # the same node twice: an anchor and an alias
    elif how == "tag":
        _value(rng, root)[2].tag = rng.choice(TAGS)
    elif how == "merge":
        pairs.append((scalar("<<", "merge"), MappingNode(_YAML + "map", [])))
    elif how == "reorder":
        rng.shuffle(pairs)
    else:
        items = rng.choice(lists).value
        at = rng.randrange(len(items))
        if how == "drop-item":
            del items[at]
        elif how == "empty-list":
            items.clear()
        else:
            items.insert(at, copy.deepcopy(items[at]))
    return how


def mutants(path: Path, kind: Kind, count: int, seed: int) -> list[tuple[str, bytes, Kind]]:
    """``count`` copies of a file, each changed in one to three random ways."""
    rng = random.Random(seed)
    original = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    found = []
    for number in range(count):
        root = copy.deepcopy(original)
        hows = [mutate(rng, root) for _ in range(rng.choice((1, 1, 2, 3)))]
        text = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True, width=100)
        found.append((f"{path.name} mutant {number} ({', '.join(hows)})", text.encode(), kind))
    return found


def documents() -> list[tuple[str, bytes, Kind]]:
    """The repository's files, the built-in bank and their mutations."""
    found = [(str(path.relative_to(ROOT)), path.read_bytes(), SCENARIO) for path in corpus()]
    found.append(("questions.yaml", bank.BUILTIN.read_bytes(), BANK))
    found += mutants(SEED, SCENARIO, 320, seed=1)
    found += mutants(bank.BUILTIN, BANK, 80, seed=2)
    return found


DOCUMENTS = documents()


def test_the_documents_cover_good_and_bad_files() -> None:
    results = [outcome(data, kind, fast=False) for _, data, kind in DOCUMENTS]
    good = sum(isinstance(result, tuple) and len(result) == 3 for result in results)
    problems = sum(isinstance(result, list) for result in results)
    assert good > 60 and problems > 150, (good, problems)


def test_the_fast_path_gives_what_the_slow_path_gives() -> None:
    assert mismatches(DOCUMENTS) == []


def _lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    class Lenient:
        def report(self, node: Node, message: str) -> None:
            pass

    monkeypatch.setattr(fastpath, "_REFUSE", Lenient())


def _any_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    class Everything(frozenset[str]):
        def __contains__(self, item: object) -> bool:
            return True

    monkeypatch.setattr(fastpath, "KNOWN_TAGS", Everything())


def _no_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpath, "value_rule", lambda scalar, meta: lambda value: None)


def _unstripped(monkeypatch: pytest.MonkeyPatch) -> None:
    original = fastpath.scalar_value
    monkeypatch.setattr(
        fastpath,
        "scalar_value",
        lambda node, tp, constructor: node.value if tp is str else original(node, tp, constructor),
    )


@pytest.mark.parametrize(
    "spoil",
    [_lenient, _any_tag, _no_rules, _unstripped],
    ids=["checks-ignored", "any-tag", "no-value-rules", "text-unstripped"],
)
def test_a_wrong_fast_path_is_caught(
    spoil: Callable[[pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    fastpath._dataclass_reader.cache_clear()  # readers made after the spoiling use it
    spoil(monkeypatch)
    try:
        assert mismatches(DOCUMENTS) != []
    finally:
        monkeypatch.undo()
        fastpath._dataclass_reader.cache_clear()
