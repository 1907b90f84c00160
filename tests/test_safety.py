"""Hostile input and data safety: author text survives, identity holds, nothing is lost."""

from __future__ import annotations

import functools
import html
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from anki.collection import Collection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from star_anki.collect import collect_notes
from star_anki.emit import scenario_yaml
from star_anki.errors import OutputError, ScenarioError
from star_anki.load import load_scenarios, parse_scenario
from star_anki.phrases import find_phrases
from star_anki.rules import principle_key
from star_anki.schema import SCHEMA_COMMENT
from star_anki.skeleton import skeleton

from .conftest import SEED, T1, build, edit_yaml, import_deck, run, scenario_texts, shown_in

STEPS = ("situation", "task", "action", "result", "reflection")

# Any printable Unicode: letters of every script, emoji, right-to-left text, symbols, and
# things that look like markup ('<', '&', '{{Field}}', '[sound:x.mp3]', '{{c1::x}}').
_TEXT = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
_MARKUP = st.sampled_from(
    ["<b>bold</b> & \"quotes\" 'single'", "{{Question}}", "{{c1::cloze}}", "[sound:x.mp3]",
     "שלום עולם", "مرحبا", "🧠🔥 emoji", "a::b", "}}", "&amp; &lt;", "e\u0301 (not NFC)"]
)  # fmt: skip
TEXT = st.one_of(_TEXT, _MARKUP, st.builds(lambda a, b: f"{a} {b}", _MARKUP, _TEXT))


@st.composite
def scenarios(draw: st.DrawFn, text: st.SearchStrategy[str] = TEXT) -> dict[str, Any]:
    """Scenario data in the YAML format, every text drawn from ``text``."""

    def step(reflection: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"target_seconds": draw(st.integers(1, 600))}
        if not reflection or draw(st.booleans()):
            data["example"] = draw(text)
        # Given once each, in any case, as the loader requires.
        data["key_phrases"] = draw(
            st.lists(text, max_size=3, unique_by=lambda phrase: phrase.strip().casefold())
        )
        data["coaching"], data["mistake"] = draw(text), draw(text)
        return data

    principles = draw(st.lists(text, max_size=2, unique_by=principle_key))
    choices = draw(st.lists(text, min_size=2, max_size=3, unique=True))
    return {
        "id": "random-story",
        "question": draw(text),
        "family": draw(text),
        "principles": principles,
        "overview": draw(text),
        "summary": draw(text),
        "steps": {key: step(key == "reflection") for key in STEPS},
        "weak_answer": {
            "text": draw(text), "problems": draw(st.lists(text, min_size=1, max_size=3)),
            "verdict": draw(text),
        },
        "follow_ups": [
            {"id": f"f{n}", "question": draw(text), "probes": draw(text),
             "weak_answer": draw(text), "weak_why": draw(text), "strong_answer": draw(text),
             "key_quote": draw(text)}
            for n in range(draw(st.integers(0, 2)))
        ],
        "quiz": [
            {"id": "q1", "question": draw(text), "explanation": draw(text),
             "choices": [{"text": c, "correct": i == 0} for i, c in enumerate(choices)]},
        ],
        "reflections": [{"id": "r1", "level": draw(text), "text": draw(text)}],
        "guidance": [
            {"principle": p, "lead_with": draw(text), "emphasize": draw(text),
             "downplay": draw(text)}
            for p in principles
        ],
        "levels": [
            {"id": "l1", "level": draw(text), "focus": draw(text), "reflection": draw(text),
             "bar": draw(text), "time": draw(text)}
        ],
    }  # fmt: skip


def _field_text(field: str) -> str:
    """A field's author text: our markup removed (author markup is entities), then decoded."""
    field = re.sub(r"\{\{c\d+::|\}\}", "", field)
    field = re.sub(r"<br>", "\n", field)
    field = re.sub(r"</?mark\b[^>]*>", "", field)  # a marked phrase stays inside its text
    return html.unescape(re.sub(r"<[^>]+>", "\n", field))


@pytest.mark.slow
@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=scenarios())
def test_every_author_string_survives_yaml_build_and_anki(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = folder / "story.yaml"
        source.write_text(scenario_yaml(data), encoding="utf-8")
        (scenario,) = load_scenarios([source])
        collection = Collection(str(folder / "collection.anki2"))
        try:
            log = import_deck(collection, build(source, folder / "deck.apkg", T1))
            stored = "\n".join(
                _field_text(field)
                for note_id in collection.find_notes("")
                for field in collection.get_note(note_id).fields
            )
            problems = collection._backend.check_database()
        finally:
            collection.close()
    assert len(log.log.new) == len(collect_notes([scenario]))
    lost = [
        text
        for text in scenario_texts(scenario)
        if not shown_in(unicodedata.normalize("NFC", text), stored)
    ]
    assert lost == []
    assert problems == []


def _retext(value: Any, draw: st.DrawFn) -> Any:
    """The same scenario data with new text everywhere but in ids and principle names."""
    if isinstance(value, dict):
        return {
            key: item
            if key in ("id", "principles", "principle", "choices")
            else _phrases(len(item), draw)
            if key == "key_phrases"
            else _retext(item, draw)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_retext(item, draw) for item in value]
    return draw(TEXT) if isinstance(value, str) else value


def _phrases(count: int, draw: st.DrawFn) -> list[str]:
    """``count`` key phrases, each given once in any case, as the loader requires."""
    unique = st.lists(
        TEXT, min_size=count, max_size=count, unique_by=lambda p: p.strip().casefold()
    )
    return draw(unique)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=scenarios(), data=st.data())
def test_guids_are_distinct_and_unchanged_when_only_text_changes(
    first: dict[str, Any], data: st.DataObject
) -> None:
    second = _retext(first, data.draw)
    one = collect_notes([parse_scenario(scenario_yaml(first).encode(), "one.yaml")])
    two = collect_notes([parse_scenario(scenario_yaml(second).encode(), "two.yaml")])
    guids = {note.key: note.guid for note in one}
    assert len(set(guids.values())) == len(one)
    # Key Phrases notes come and go with the phrases found in the text; all others stay.
    stable = {key for key in guids if "/key-phrases/" not in key}
    assert stable == {note.key for note in two if "/key-phrases/" not in note.key}
    assert all(note.guid == guids[note.key] for note in two if note.key in guids)


@settings(max_examples=300, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 40)), max_size=6),
       junk=st.binary(max_size=40))  # fmt: skip
def test_mutated_yaml_never_crashes_the_loader(cuts: list[tuple[int, int]], junk: bytes) -> None:
    data = bytearray(SEED.read_bytes())
    for at, length in cuts:
        at %= len(data) + 1
        data[at : at + length] = junk[: length % (len(junk) + 1)]
    try:
        parse_scenario(bytes(data), "story.yaml")
    except ScenarioError as error:
        assert error.problems
        assert all(str(p).startswith("story.yaml:") for p in error.problems)


def test_hundred_edit_rebuild_import_cycles_keep_every_note_and_review(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    keys = [f"built-something-from-scratch/step/{step}" for step in STEPS]

    def edit(data: dict[str, Any], cycle: int) -> None:
        data["steps"]["task"]["coaching"] = f"Edit number {cycle}: state the scope boundary."
        data["follow_ups"].reverse()

    for cycle in range(100):
        edit_yaml(seed_copy, functools.partial(edit, cycle=cycle))
        log = import_deck(collection, build(seed_copy, tmp_path / "deck.apkg", T1 + cycle))
        assert len(log.log.new) == (22 if cycle == 0 else 0)
        (note_id,) = collection.find_notes(f'"Key:{keys[cycle % len(keys)]}"')
        card = collection.get_note(note_id).cards()[0]
        card.start_timer()
        collection.sched.answerCard(card, 3)

    assert collection.note_count() == 22
    assert collection.db.scalar("select count() from revlog") == 100
    assert collection.db.scalar("select sum(reps) from cards") == 100
    (task_id,) = collection.find_notes(f'"Key:{keys[1]}"')
    assert collection.get_note(task_id)["Coaching"] == "Edit number 99: state the scope boundary."


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["steps"]["task"].update(coaching="x" * 10_001),
            "'coaching' is too long: 10,001 characters (the limit is 10,000)",
        ),
        (
            lambda d: d["steps"]["task"].update(coaching="state the\x1fscope"),
            "'coaching' holds the control character U+001F at character 10; remove it",
        ),
    ],
    ids=["too-long", "control-character"],
)
def test_text_limits(edit: Any, message: str, tmp_path: Path) -> None:
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    edit(data)
    with pytest.raises(ScenarioError) as error:
        parse_scenario(yaml.safe_dump(data).encode(), "story.yaml")
    assert [p.message for p in error.value.problems] == [message]


def test_a_huge_file_is_refused_before_parsing() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(b"id: x\n" + b"#" * (1 << 20), "big.yaml")
    assert str(error.value.problems[0]) == (
        "big.yaml:1:1: the file is too large: 1,048,582 bytes (the limit is 1,048,576)"
    )


def test_windows_line_endings_and_a_byte_order_mark_load_the_same() -> None:
    plain = SEED.read_bytes()
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")
    assert parse_scenario(windows, "a.yaml") == parse_scenario(plain, "b.yaml")


def test_unwritable_outputs_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("build", str(SEED), "-o", "afile/deck.apkg")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write afile/deck.apkg: afile is a file, not a folder\n"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as error:
        build(SEED, tmp_path / "deck.apkg", T1)
    assert str(error.value) == f"cannot write {tmp_path / 'deck.apkg'}: Permission denied"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def _regex_spans(example: str, phrases: list[str]) -> list[tuple[int, int]]:
    wanted = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not wanted:
        return []
    pattern = re.compile("|".join(re.escape(p) for p in wanted), re.IGNORECASE)
    return [m.span() for m in pattern.finditer(example)]


@settings(max_examples=500, deadline=None)
@given(
    example=st.text(alphabet="abAB cC.", max_size=40),
    phrases=st.lists(st.text(alphabet="abAB c", min_size=1, max_size=4), max_size=4),
)
def test_key_phrases_are_found_as_a_case_blind_regex_would(
    example: str, phrases: list[str]
) -> None:
    spans = [(start, end) for start, end, _ in find_phrases(example, phrases)]
    assert spans == _regex_spans(example, phrases)


@settings(max_examples=300, deadline=None)
# Principles as 'new' takes them: no two the same as the loader compares them.
@given(question=TEXT, principles=st.lists(TEXT, max_size=3, unique_by=principle_key))
def test_any_question_and_principles_make_a_skeleton_that_only_wants_filling(
    question: str, principles: list[str]
) -> None:
    text = skeleton(question, principles, SCHEMA_COMMENT)
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text.encode("utf-8"), "new.yaml")
    assert all(p.message.endswith(" must not be empty") for p in error.value.problems)
    data = yaml.safe_load(text)
    assert data["question"] == question
    assert data["principles"] == (principles or [None])
    assert [g["principle"] for g in data["guidance"]] == (principles or [None])
