"""Packaging: the wheel carries the templates and its star-anki command builds a deck."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from anki.collection import Collection

from star_anki.schema import schema_text

from .conftest import ROOT, SCENARIOS, import_deck


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_installs_into_a_clean_virtualenv_and_builds(
    tmp_path: Path, collection: Collection
) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT, cwd=tmp_path)
    (wheel,) = dist.glob("star_anki-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    cards = sorted(p.name for p in (ROOT / "cards").iterdir())
    assert {f"star_anki/cards/{name}" for name in cards} <= names

    env = tmp_path / "venv"
    # No pip of its own (Debian's Python lacks ensurepip without python3-venv): this pip
    # installs into it.
    venv.EnvBuilder(with_pip=False).create(env)
    bin_dir = env / ("Scripts" if sys.platform == "win32" else "bin")
    pip = [sys.executable, "-m", "pip", "--python", bin_dir / "python"]
    run(*pip, "install", "-q", wheel, cwd=tmp_path)
    project = tmp_path / "project"
    shutil.copytree(SCENARIOS, project / "scenarios")

    output = run(bin_dir / "star-anki", "build", cwd=project)

    assert output.splitlines()[0] == "Wrote decks/star-interview.apkg: 37 notes from 1 scenario"
    log = import_deck(collection, project / "decks" / "star-interview.apkg")
    assert len(log.log.new) == 37  # 22 of the scenario, 15 Which Story
    assert run(bin_dir / "star-anki", "schema", cwd=project) == schema_text()
