"""Pacing to an interview date: the preset's numbers, its messages, and how Anki takes it."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection

from star_anki.collect import BuildOptions
from star_anki.errors import PacingError
from star_anki.load import load_scenarios
from star_anki.pacing import InterviewPlan
from star_anki.package import build_deck

from .conftest import SEED, T1, import_deck, run

TODAY = datetime.date(2026, 11, 28)
SOON = datetime.date.today() + datetime.timedelta(days=30)


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (-1, "the interview date 2026-11-27 is in the past"),
        (0, "the interview date 2026-11-28 is today; new cards are spread over the days before"
            " the last 3, so choose 2026-12-02 or later"),
        (1, "the interview date 2026-11-29 is 1 day away; new cards are spread over the days"
            " before the last 3, so choose 2026-12-02 or later"),
        (3, "the interview date 2026-12-01 is 3 days away; new cards are spread over the days"
            " before the last 3, so choose 2026-12-02 or later"),
    ],
)  # fmt: skip
def test_dates_that_leave_no_days_to_learn_are_refused(count: int, message: str) -> None:
    with pytest.raises(PacingError) as error:
        InterviewPlan(days(count), TODAY)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("count", "cards", "per_day", "last_new_day", "maximum_interval"),
    [
        (4, 28, 28, "2026-11-28", 2),  # one day to learn in: today
        (10, 28, 4, "2026-12-04", 5),
        (31, 28, 1, "2026-12-25", 15),
        (31, 84, 3, "2026-12-25", 15),
        (60, 10, 1, "2026-12-07", 30),  # one a day: done long before the deadline
        (30, 28, 2, "2026-12-11", 15),
    ],
)
def test_new_cards_a_day_spread_every_card_over_the_days_before_the_last_three(
    count: int, cards: int, per_day: int, last_new_day: str, maximum_interval: int
) -> None:
    preset = InterviewPlan(days(count), TODAY).preset(cards)
    assert preset.new_per_day == per_day
    assert preset.last_new_day.isoformat() == last_new_day
    assert preset.maximum_interval == maximum_interval
    learning_days = count - 3
    assert per_day * learning_days >= cards > (per_day - 1) * learning_days
    assert preset.name == (
        f"STAR interview {days(count).isoformat()}: {per_day} new a day, answers up to 60 s"
    )


@pytest.mark.parametrize(
    ("longest", "seconds"),
    [
        (0, 60),
        (40, 60),
        (60, 90),
        (175, 270),
        (180, 270),
        (181, 300),
        (400, 600),
        (600, 600),
        (700, 720),
    ],
)
def test_maximum_answer_seconds_cover_the_longest_target_and_half_again(
    longest: int, seconds: int
) -> None:
    preset = InterviewPlan(days(30), TODAY).preset(28, longest)
    assert preset.maximum_answer_seconds == seconds
    assert preset.name.endswith(f", answers up to {seconds} s")
    assert preset.config({"new": {}, "rev": {}, "lapse": {}}, T1)["maxTaken"] == seconds


def test_too_many_cards_for_the_days_left_is_refused() -> None:
    with pytest.raises(PacingError) as error:
        InterviewPlan(days(5), TODAY).preset(102)
    assert str(error.value) == (
        "102 cards by 2026-11-29 would take 51 new cards a day (at most 50 leaves time for their"
        " reviews); choose a later interview date or fewer scenarios (--principle, --tag)"
    )
    assert InterviewPlan(days(5), TODAY).preset(100).new_per_day == 50


def test_a_new_pace_is_a_new_preset_and_the_same_pace_the_same_one() -> None:
    plan = InterviewPlan(days(30), TODAY)
    # A day later with a card fewer is still 2 a day for the same date: the same preset.
    assert plan.preset(28).id == InterviewPlan(days(30), days(1)).preset(27).id
    assert plan.preset(28).id != plan.preset(60).id
    assert plan.preset(28).id != InterviewPlan(days(31), TODAY).preset(28).id


def paced_deck(path: Path, interview: datetime.date) -> Path:
    plan = InterviewPlan(interview, datetime.date.today())
    build_deck(load_scenarios([SEED]), path, BuildOptions(interview=plan), timestamp=T1)
    return path


def deck_configs(col: Collection) -> dict[str, dict[str, object]]:
    return {
        deck.name: col.decks.config_dict_for_deck_id(deck.id)
        for deck in col.decks.all_names_and_ids()
        if deck.name.startswith("STAR Interview")
    }


def test_anki_imports_the_preset_when_deck_presets_are_ticked(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, paced_deck(tmp_path / "deck.apkg", SOON), deck_presets=True)
    configs = deck_configs(collection)
    assert len(configs) == 2  # the root deck and the scenario's subdeck
    # 25 cards over 27 days; the whole story's target is 2 min 55 s.
    name = f"STAR interview {SOON.isoformat()}: 1 new a day, answers up to 270 s"
    for config in configs.values():
        assert config["name"] == name
        assert config["maxTaken"] == 270
        assert config["newSortOrder"] == 1  # as gathered: in the deck's teaching order
        assert config["new"]["perDay"] == 1  # type: ignore[index]
        assert config["new"]["delays"] == [10.0, 1440.0]  # type: ignore[index]
        assert config["new"]["ints"][:2] == [3, 4]  # type: ignore[index]
        assert config["rev"]["perDay"] == 9999  # type: ignore[index]
        assert config["rev"]["maxIvl"] == 15  # type: ignore[index]
        assert config["lapse"]["delays"] == [10.0]  # type: ignore[index]
    # Anki's own scheduler holds to the pace: 1 of the 25 new cards today.
    collection.decks.select(collection.decks.id_for_name("STAR Interview"))
    assert collection.sched.counts()[0] == 1
    assert collection.card_count() == 25


def test_without_deck_presets_ticked_the_deck_keeps_the_default(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, paced_deck(tmp_path / "deck.apkg", SOON), deck_presets=False)
    assert {c["name"] for c in deck_configs(collection).values()} == {"Default"}
    assert [c["name"] for c in collection.decks.all_config()] == ["Default"]


def test_a_new_date_brings_a_new_preset_and_never_changes_the_old_one(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, paced_deck(tmp_path / "a.apkg", SOON), deck_presets=True)
    first = collection.decks.config_dict_for_deck_id(collection.decks.id_for_name("STAR Interview"))
    first["new"]["perDay"] = 5  # the learner's own change
    collection.decks.update_config(first)

    later = SOON - datetime.timedelta(days=20)  # 10 days left: 25 cards over 7 days
    import_deck(collection, paced_deck(tmp_path / "b.apkg", later), deck_presets=True)
    assert {c["name"] for c in deck_configs(collection).values()} == {
        f"STAR interview {later.isoformat()}: 4 new a day, answers up to 270 s"
    }
    kept = collection.decks.get_config(first["id"])
    assert kept is not None and kept["new"]["perDay"] == 5

    # The same pace again: Anki keeps the preset it has, with the learner's changes.
    import_deck(collection, paced_deck(tmp_path / "a.apkg", SOON), deck_presets=True)
    configs = deck_configs(collection).values()
    assert {(c["id"], c["new"]["perDay"]) for c in configs} == {(first["id"], 5)}  # type: ignore[index]

    # A build without a date leaves the decks on the preset they have.
    unpaced = build_deck(load_scenarios([SEED]), tmp_path / "c.apkg", timestamp=T1 + 60).path
    import_deck(collection, unpaced, deck_presets=True)
    assert {c["id"] for c in deck_configs(collection).values()} == {first["id"]}


def test_cli_reports_the_preset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build", SEED, "-o", "deck.apkg", "--interview-date", SOON.isoformat())
    assert result.exit_code == 0
    assert result.stdout.endswith(
        f"Preset 'STAR interview {SOON.isoformat()}: 2 new a day, answers up to 270 s': 40 cards,"
        " 2 new a day, all introduced by"
        f" {(datetime.date.today() + datetime.timedelta(days=19)).isoformat()}.\n"
        "  Tick 'Import deck presets' in Anki's import dialog to use it.\n"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-01-01", "the interview date 2020-01-01 is in the past"),
        ("next week", "'next week' is not a date like 2026-12-15 (YYYY-MM-DD)"),
        ("2026-02-30", "'2026-02-30' is not a day in the calendar: day is out of range for month"),
    ],
)
def test_cli_refuses_a_date_before_building(
    value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build", SEED, "-o", "deck.apkg", "--interview-date", value)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--interview-date': {message}\n")
    assert not (tmp_path / "deck.apkg").exists()


def test_too_many_cards_keeps_the_last_good_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("build", SEED, "-o", "deck.apkg").exit_code == 0
    before = (tmp_path / "deck.apkg").read_bytes()
    # Seven scenarios of 25 cards and 15 Which Story cards: 190 cards in one learning day.
    for number in range(7):
        text = SEED.read_text(encoding="utf-8").replace(
            "id: built-something-from-scratch", f"id: story-{number}", 1
        )
        (tmp_path / f"story-{number}.yaml").write_text(text, encoding="utf-8")
    close = datetime.date.today() + datetime.timedelta(days=4)
    result = run("build", tmp_path, "-o", "deck.apkg", "--interview-date", close.isoformat())
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 190 cards by {datetime.date.today().isoformat()} would take 190 new cards a day"
        " (at most 50 leaves time for their reviews); choose a later interview date or fewer"
        " scenarios (--principle, --tag)\n"
    )
    assert (tmp_path / "deck.apkg").read_bytes() == before
    assert zipfile.is_zipfile(tmp_path / "deck.apkg")
