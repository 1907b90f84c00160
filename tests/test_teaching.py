"""Cards that teach: the Story back, pitch and level cards, the order of new cards, and a deck
from before these cards updating in place, in the real Anki library (key-phrase cards are in
test_key_phrases.py)."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from anki.collection import Collection

from star_anki.changes import NO_PHRASE_NOTICE
from star_anki.collect import BuildOptions
from star_anki.load import load_scenarios
from star_anki.pacing import InterviewPlan
from star_anki.package import build_deck

from .conftest import (
    ROOT,
    SEED,
    T1,
    T2,
    build,
    deck_keys,
    edit_yaml,
    import_deck,
    note_of,
    run,
    visible_text,
)

SCENARIO = "built-something-from-scratch"
OLD_DECK = ROOT / "tests" / "data" / "deck-before-cards-that-teach.apkg"


def note(col: Collection, key: str) -> int:
    """The id of the bundled scenario's note with this key after the scenario id."""
    return note_of(col, f"{SCENARIO}/{key}")


def back(col: Collection, key: str) -> str:
    return visible_text(col.get_note(note(col, key)).cards()[0].answer())


def test_the_story_back_gives_five_beats_the_full_answer_collapsed_and_one_line(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SEED, tmp_path / "deck.apkg", T1))
    story = collection.get_note(note(collection, "story/main")).cards()[0]
    front = visible_text(story.question())
    shown = visible_text(story.answer())
    assert shown.startswith(front)
    beats, rest = shown.removeprefix(front).split(" Full answer ", 1)
    assert beats == (
        " The answer, beat by beat"
        " Situation I noticed · 0.3% drop rate · no alerts · silent failures"
        " Task not my team · no ticket · nobody asked · build a solution from scratch"
        " Action I pulled · I traced · I reproduced · I designed · I added · I submitted"
        " · I coordinated"
        " Result 0.3% to zero · recovered $8,000 weekly · adopted pattern · improving reliability"
        " Reflection shared webhook reliability SLO · organizational gap · cross-team visibility"
        " · systemic blind spots"
    )
    assert rest.startswith("Situation While working as an SDE2, I noticed a recurring 0.3%")
    assert "Reflection · Senior The root cause was an organizational gap" in rest
    # The overview's opening is the situation word for word: only the rest of it is given.
    assert " Overview and takeaways Overview The Platform team had no monitoring" in rest
    assert rest.count("While working as an SDE2") == 1
    assert rest.endswith(
        "💡 Lead with · Invent and Simplify Lead with the outcome: zero drop rate, $8K recovered"
        " weekly, pattern adopted."
    )
    html = story.answer()
    assert html.count("<details") == 2 and "<details open" not in html  # closed until tapped
    for gone in ("By leadership principle", "By level", "Reflections by level", "Emphasize"):
        assert gone not in shown


def test_a_short_story_has_beats_from_its_first_sentences(
    tmp_path: Path, collection: Collection
) -> None:
    source = ROOT / "docs" / "examples" / "billing-cutover.yaml"
    import_deck(collection, build(source, tmp_path / "deck.apkg", T1))
    (story_id,) = collection.find_notes('"Key:billing-cutover/story/main"')
    shown = visible_text(collection.get_note(story_id).cards()[0].answer())
    # A step's key phrases where it has some (the result), else its first sentence.
    assert (
        "The answer, beat by beat"
        " Situation Our billing vendor announced it would shut down its API in five weeks."
        " Task I was the senior engineer on payments, so I owned getting us onto a new provider"
        " before the cut-off without a single missed invoice."
        " Action I picked the provider in three days from the two that met our compliance needs,"
        " rather than waiting for a full evaluation."
        " Result four days early · no failed invoice"
        " Reflection Deciding fast on the reversible choices is what left time for care on the"
        " ones that were not."
        " Full answer Situation Our billing vendor announced"
    ) in shown
    assert "Lead with" not in shown  # no guidance given, none invented


def test_each_principle_has_a_pitch_card(tmp_path: Path, collection: Collection) -> None:
    import_deck(collection, build(SEED, tmp_path / "deck.apkg", T1))
    assert len(collection.find_notes('"note:STAR Pitch"')) == 3
    card = collection.get_note(note(collection, "pitch/ownership")).cards()[0]
    front = (
        "Pitch Ownership Describe a Situation Where You Built Something From Scratch That Did Not"
        " Exist Before Pitch this story for Ownership. What do you lead with, emphasize and"
        " downplay?"
    )
    assert visible_text(card.question()) == front
    assert visible_text(card.answer()) == front + (
        " Lead with Highlight that this was not your team’s service, no ticket existed, and"
        " nobody asked you. Emphasize how you took full ownership end-to-end."
        " ✅ Emphasize Scope boundary, self-initiated investigation, and delivering a complete"
        " fix. ⬇ Downplay Any suggestion that the Platform team assigned or requested your help."
    )


def queue(col: Collection) -> list[tuple[str, int]]:
    """The new cards in the order Anki's scheduler shows them: (key without scenario, ord)."""
    deck_id = col.decks.id_for_name("STAR Interview")
    assert deck_id is not None
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["new"]["perDay"] = 999
    col.decks.update_config(config)
    col.decks.select(deck_id)
    order = []
    for queued in col.sched.get_queued_cards(fetch_limit=999).cards:
        card = col.get_card(queued.card.id)
        order.append((card.note()["Key"].split("/", 1)[1], card.ord))
    return order


def test_new_cards_come_story_first_then_each_step_before_its_clozes(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SEED, tmp_path / "deck.apkg", T1))
    order = queue(collection)
    first = [key for key, ordinal in order if ordinal == 0]
    assert first == [
        "story/main",
        "step/situation",
        "step/task", "key-phrases/task",
        "step/action",
        "step/result", "key-phrases/result",
        "step/reflection",
        "weak-answer/main",
        "follow-up/ensure-platform-team-accepted", "follow-up/decide-build-dead-letter",
        "follow-up/measure-business-impact-fix", "follow-up/differently-faced-problem-again",
        "pitch/inventandsimplify", "pitch/ownership", "pitch/divedeep",
        "level/sde-1", "level/senior-sde",
        "quiz/phrase-demonstrates-ownership-action", "quiz/top-disqualifier-phrase-task",
        "quiz/result-statement-meets-amazon",
    ]  # fmt: skip
    # Anki's default sort takes each card type in turn: later clozes after all of these.
    assert order[len(first) :] == [
        ("key-phrases/situation", 1), ("key-phrases/task", 1), ("key-phrases/situation", 2),
        ("key-phrases/task", 2),
    ]  # fmt: skip


def test_the_interview_preset_shows_new_cards_exactly_in_teaching_order(
    tmp_path: Path, collection: Collection
) -> None:
    plan = InterviewPlan(datetime.date.today() + datetime.timedelta(days=30), datetime.date.today())
    deck = build_deck(load_scenarios([SEED]), tmp_path / "deck.apkg", BuildOptions(interview=plan))
    import_deck(collection, deck.path, deck_presets=True)
    assert queue(collection)[:9] == [
        ("story/main", 0),
        ("step/situation", 0), ("key-phrases/situation", 1), ("key-phrases/situation", 2),
        ("step/task", 0), ("key-phrases/task", 0), ("key-phrases/task", 1),
        ("key-phrases/task", 2),
        ("step/action", 0),
    ]  # fmt: skip


def cloze_answer(col: Collection, card_id: int) -> str:
    """The phrase a key-phrase card asks for, as its back shows it ('' for an empty card)."""
    found = re.findall(
        r'<span class="cloze" data-ordinal="\d+">([^<]*)</span>', col.get_card(card_id).answer()
    )
    return " / ".join(found)


def test_a_deck_from_before_these_cards_updates_in_place_and_keeps_reviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Collection
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    deck = tmp_path / "decks" / "star-interview.apkg"
    deck.parent.mkdir()
    shutil.copy(OLD_DECK, deck)
    import_deck(collection, deck)
    reviewed = [
        *collection.find_cards('"note:STAR Key Phrases"'),
        *collection.find_cards('"note:STAR Story"'),
    ]
    asked = {card_id: cloze_answer(collection, card_id) for card_id in reviewed}
    for card_id in reviewed:
        card = collection.get_card(card_id)
        card.start_timer()
        collection.sched.answerCard(card, 3)
    types_before = {m.id: m.name for m in collection.models.all_names_and_ids()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T2))

    result = run("build")

    assert result.exit_code == 0
    assert result.stdout.endswith(
        "1 key-phrase card no longer asks for a phrase (removed, reworded or too slight): in"
        " Anki, Tools > Empty Cards deletes it.\n"
    )
    log = import_deck(collection, deck).log
    assert len(log.new) == 5  # three pitch cards, two level cards
    # The story, the situation's clozes, the retired action's, two quiz items given choices.
    assert len(log.updated) == 5
    assert collection.note_count() == 33 + 5
    types = {m.id: m.name for m in collection.models.all_names_and_ids()}
    assert {i: n for i, n in types.items() if i in types_before} == types_before
    assert sorted(set(types.values()) - set(types_before.values())) == [
        "STAR Level", "STAR Pitch",
    ]  # fmt: skip
    assert {collection.get_card(card_id).reps for card_id in reviewed} == {1}
    # Every card still asks for the phrase it asked for, but "I noticed", now too slight.
    now = {card_id: cloze_answer(collection, card_id) for card_id in asked}
    changed = {asked[c]: now[c] for c in asked if now[c] != asked[c]}
    assert changed == {"I noticed": ""}
    (story,) = collection.find_cards('"note:STAR Story"')
    assert "The answer, beat by beat" in visible_text(collection.get_card(story).answer())
    action = collection.get_note(note(collection, "key-phrases/action"))
    assert action["Question"].startswith(NO_PHRASE_NOTICE)
    assert "star::removed" in action.tags


def test_a_level_no_reflection_names_gets_its_variants_reflection(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    edit_yaml(seed_copy, lambda data: data["reflections"].pop())  # no 'Senior' reflection
    build(seed_copy, tmp_path / "deck.apkg", T1)
    result = run("build", seed_copy, "-o", tmp_path / "senior.apkg", "--level", "Senior SDE")
    assert result.exit_code == 0
    import_deck(collection, tmp_path / "senior.apkg")
    assert "Reflections by level Senior SDE The root cause was an organizational gap" in back(
        collection, "step/reflection"
    )


def test_no_which_story_retires_those_cards_naming_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Collection
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    assert run("build").exit_code == 0

    result = run("build", "--no-which-story")

    assert result.exit_code == 0
    assert "Since the last build: 0 new, 0 changed, 22 unchanged, 15 removed\n" in result.stdout
    deck = tmp_path / "decks" / "star-interview.apkg"
    retired = deck_keys(deck, "star::removed")
    assert len(retired) == 15 and all(key.startswith("question:") for key in retired)
    import_deck(collection, deck)
    card = collection.get_card(collection.find_cards('"note:STAR Which Story"')[0])
    assert visible_text(card.question()).startswith(
        "Which story? Ownership Left out of this deck. It was built with --no-which-story. To"
        " delete it,"
    )


def test_a_level_build_retires_the_other_levels_cards_naming_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Collection
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    assert run("build", "--no-which-story").exit_code == 0

    result = run("build", "--no-which-story", "--level", "senior sde")

    assert result.exit_code == 0
    assert result.stderr == ""
    assert "  STAR Level           1\n" in result.stdout
    assert f"  removed: {SCENARIO}/level/sde-1\n" in result.stdout
    import_deck(collection, tmp_path / "decks" / "star-interview.apkg")
    (card_id,) = collection.find_cards(f'"Key:{SCENARIO}/level/sde-1"')
    assert visible_text(collection.get_card(card_id).question()).startswith(
        "Level SDE 1 Left out of this deck. It was built with --level 'senior sde'. To delete"
    )


@pytest.mark.parametrize(
    ("level", "stderr", "code"),
    [
        ("SDE", "scenarios/built-something-from-scratch.yaml:2:5: warning: --level 'SDE' keeps 2"
         " levels: SDE 1, Senior SDE\n", 0),
        ("Staff", "Error: --level 'Staff' matches no level; your scenarios have these levels:"
         " SDE 1, Senior SDE\n", 2),
        ("  ", "Error: Invalid value for '--level': the level needs a name, e.g. 'Senior SDE'\n",
         2),
    ],
)  # fmt: skip
def test_a_level_that_keeps_none_or_several_is_named(
    level: str, stderr: str, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    result = run("build", "--no-which-story", "--level", level)
    assert result.exit_code == code
    assert result.stderr.endswith(stderr)
