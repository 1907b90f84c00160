"""Study modes chosen at build time: text-to-speech, one level's variant, and scenario filters."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from star_anki.collect import BuildOptions
from star_anki.load import load_scenarios
from star_anki.package import build_deck

from .conftest import ROOT, SCENARIOS, SEED, T1, import_deck, run, visible_text

ICONS_PAGE = ROOT / "tests" / "pages" / "icons.txt"


def card(col: Collection, key: str) -> object:
    (note_id,) = col.find_notes(f'"Key:built-something-from-scratch/{key}"')
    return col.get_note(note_id).cards()[0]


def deck_with(tmp_path: Path, options: BuildOptions, col: Collection) -> None:
    out = tmp_path / "deck.apkg"
    build_deck(load_scenarios([SCENARIOS]), out, options, timestamp=T1)
    import_deck(col, out)


def test_the_back_reads_the_strong_answer_aloud(tmp_path: Path, collection: Collection) -> None:
    deck_with(tmp_path, BuildOptions(tts_lang="en_GB"), collection)
    step = card(collection, "step/situation")
    (tag,) = step.answer_av_tags()  # type: ignore[attr-defined]
    assert (type(tag).__name__, tag.lang) == ("TTSTag", "en_GB")
    assert tag.field_text.startswith("While working as an SDE2, I noticed a recurring 0.3%")
    follow_up = card(collection, "follow-up/ensure-platform-team-accepted")
    (spoken,) = follow_up.answer_av_tags()  # type: ignore[attr-defined]
    assert spoken.field_text.startswith("I flagged the issue to their tech lead")
    assert step.question_av_tags() == []  # type: ignore[attr-defined]


def test_no_tts_leaves_speech_out(tmp_path: Path, collection: Collection) -> None:
    deck_with(tmp_path, BuildOptions(tts_lang=None), collection)
    for card_id in collection.find_cards(""):
        assert collection.get_card(card_id).answer_av_tags() == []


def test_one_level_is_kept_everywhere(tmp_path: Path, collection: Collection) -> None:
    deck_with(tmp_path, BuildOptions(level="senior sde"), collection)
    level = visible_text(card(collection, "level/senior-sde").answer())  # type: ignore[attr-defined]
    assert level == (
        "Level Senior SDE Describe a Situation Where You Built Something From Scratch That Did"
        " Not Exist Before Tell this story at Senior SDE level. What do you focus on, how do you"
        " reflect, and what bar must it clear? Focus Add organizational context and trade-offs,"
        " such as why the dead letter queue was chosen over other solutions. Discuss cross-team"
        " coordination challenges. Reflection The root cause was an organizational gap: no shared"
        " webhook reliability SLO or monitoring standards across teams, causing systemic blind"
        " spots. The bar Demonstrates systemic thinking, trade-off analysis, and leadership in"
        " cross-team influence. ⏱ Time 2.5-3 minutes."
    )
    assert collection.find_notes('"Key:built-something-from-scratch/level/sde-1"') == []
    # The reflection labelled 'Senior' is the senior SDE's; the SDE2 one is left out.
    reflection = card(collection, "step/reflection").answer()  # type: ignore[attr-defined]
    assert "Reflections by level Senior The root cause" in visible_text(reflection)
    assert "SDE2" not in visible_text(reflection)
    story = visible_text(card(collection, "story/main").answer())  # type: ignore[attr-defined]
    assert "Reflection · Senior The root cause" in story
    assert "Reflection · SDE2" not in story and "SDE 1" not in story
    assert collection.find_notes("tag:star::level::SDE_1") == []
    assert len(collection.find_notes("tag:star::level::Senior_SDE")) == 2  # story and level


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two scenarios: the seed, tagged 'platform' and without its senior level, and the
    icons test page."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["tags"] = ["platform"]
    data["levels"] = data["levels"][:1]
    (folder / SEED.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ICONS_PAGE, tmp_path / "icons.txt")
    monkeypatch.chdir(tmp_path)
    assert run("import", "icons.txt").exit_code == 0
    return tmp_path


def quiz_warning(library: Path) -> str:
    """The warning the imported icons page earns: its first quiz question asks for a phrase."""
    path = "scenarios/make-decision-without-all-data.yaml"
    lines = (library / path).read_text(encoding="utf-8").splitlines()
    # A long question is a block: the warning is at the 'question:' line, on its '|-'.
    at = lines.index("      Which phrase best shows calculated risk-taking in the Action step?")
    return (
        f"{path}:{at}:15: warning: this question asks for words to say, but it has no"
        " 'choices' and its explanation quotes none: add choices (one 'correct: true'), or quote"
        " the answer in the explanation\n"
    )


@pytest.mark.parametrize(
    ("args", "scenarios"),
    [
        (["--principle", "dive deep"], 2),
        (["--principle", "Ownership"], 1),
        (["--principle", "Bias for Action", "--principle", "Ownership"], 2),
        (["--tag", "platform"], 1),
    ],
)
def test_principle_and_tag_select_scenarios(library: Path, args: list[str], scenarios: int) -> None:
    result = run("build", *args)
    assert result.exit_code == 0
    assert f"from {scenarios} scenario" in result.stdout


USAGE = (
    "Usage: star-anki {command} [OPTIONS] [PATH]...\nTry 'star-anki {command} --help' for help.\n\n"
)
PRINCIPLES = "Bias for Action, Dive Deep, Invent and Simplify, Ownership"


@pytest.mark.parametrize("command", ["build", "preview"])
@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--tag", "platform", "--principle", "Bias for Action"],
         "no scenario matches --principle 'Bias for Action' or --tag 'platform'"),
        (["--principle", "Frugality"],
         f"--principle 'Frugality' matches no scenario; your scenarios have these principles:"
         f" {PRINCIPLES}"),
        (["--principle", "dive  deeep", "--tag", "platfrom"],
         "--principle 'dive  deeep' matches no scenario (did you mean 'Dive Deep'?); your"
         f" scenarios have these principles: {PRINCIPLES}\n"
         "--tag 'platfrom' matches no scenario (did you mean 'platform'?); your scenarios have"
         " these tags: platform"),
        (["--tag", "platform", "--principle", "Ownershp"],
         "no scenario matches --principle 'Ownershp' or --tag 'platform'\n"
         "--principle 'Ownershp' matches no scenario (did you mean 'Ownership'?); your scenarios"
         f" have these principles: {PRINCIPLES}"),
        (["--level", "L8"],
         "--level 'L8' matches no level; your scenarios have these levels: SDE 1, Senior SDE"),
    ],
)  # fmt: skip
def test_filters_that_leave_nothing_name_what_there_is(
    library: Path, command: str, args: list[str], error: str
) -> None:
    result = run(command, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == quiz_warning(library) + USAGE.format(command=command) + (
        f"Error: {error}\n"
    )
    assert not (library / "decks").exists() and not (library / "preview.html").exists()


@pytest.mark.parametrize("command", ["build", "preview"])
def test_a_value_that_matches_nothing_is_said_once(library: Path, command: str) -> None:
    result = run(command, "--principle", "Ownership", "--principle", "Frugalty")
    assert result.exit_code == 0
    assert result.stderr == quiz_warning(library) + (
        f"warning: --principle 'Frugalty' matches no scenario; your scenarios have these"
        f" principles: {PRINCIPLES}\n"
    )
    result = run(command, "--tag", "nope", "--tag", "PLATFORM")
    assert result.exit_code == 0
    assert result.stderr == quiz_warning(library) + (
        "warning: --tag 'nope' matches no scenario; your scenarios have these tags: platform\n"
    )


def test_tts_lang_must_be_a_language(library: Path) -> None:
    result = run("build", "--tts-lang", "english")
    assert result.exit_code == 2
    assert "Invalid value for '--tts-lang': 'english' is not a language like en_US or de_DE" in (
        result.stderr
    )


def test_card_scripts_keep_to_what_anki_clients_allow() -> None:
    cards = ROOT / "cards"
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(cards.iterdir())}
    for name, source in sources.items():
        assert "alert(" not in source and "document.write" not in source, name
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", source), name
    script = sources["countdown.js"]
    assert "clearInterval(window.starCountdown)" in script  # one timer, however often it runs
    assert 'getElementById("star-countdown")' in script
