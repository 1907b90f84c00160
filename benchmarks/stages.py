"""``bench.py --profile``: where one build's time goes, stage by stage.

The build runs in this process under cProfile; each function's internal time (tottime) goes
to the stage of its module, looked up in STAGES. Interpreter start and imports are timed
apart, as whole processes, since the profiled build runs after them.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthetic import load_seed, write_scenarios
from timing import SOURCE_DATE_EPOCH, log, measure, median_run, python

START = "interpreter start + imports"
READ = "find/read/parse YAML"
VALIDATE = "validation into dataclasses"
NOTES = "note making"
PACKAGE = "packaging"
OTHER_STAR = "other star-anki"
OTHER = "other"
ORDER = (START, READ, VALIDATE, NOTES, PACKAGE, OTHER_STAR, OTHER)
HEADER = "| stage | seconds | share |"

# Each stage's modules, or module.function names, star-anki's without "star_anki.". A
# function goes to the stage of the longest name its "module.function" starts with. Modules
# named nowhere (the standard library, builtins, genanki) pass their time on to their
# callers' stages; star-anki modules named nowhere are "other star-anki".
_TABLE = {
    READ: "yaml _yaml load.find_scenario_files load.load_scenarios load.read_scenarios"
    " load.load_file load.read_bytes load.parse_document",
    VALIDATE: "load checks rules model fastpath",
    NOTES: "notes story phrases markup ids whichstory collect notetypes stream select",
    PACKAGE: "package apkg changes previous sqlite3 _sqlite3 zipfile zlib json _json",
}
_THIRD_PARTY = frozenset("yaml _yaml sqlite3 _sqlite3 zipfile zlib json _json".split())
STAGES: dict[str, str] = {
    name if name.split(".")[0] in _THIRD_PARTY else f"star_anki.{name}": stage
    for stage, names in _TABLE.items()
    for name in names.split()
}

# Prints the modules a build imports, in the order it first imports them.
_BUILD_MODULES = """\
import contextlib, json, sys
from star_anki.cli import main
with contextlib.redirect_stdout(sys.stderr):
    main(sys.argv[1:], standalone_mode=False)
print(json.dumps([name for name in sys.modules if name != "__main__"]))
"""
# Imports the modules named, in order; a few (Cython's own) cannot be imported by name.
_IMPORT = """\
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
"""
_BUILTIN = re.compile(r"<built-in method (?:([\w.]+)\.)?(\w+)>")
_METHOD = re.compile(r"<method '(\w+)' of '([\w.]+)' objects>")
Key = tuple[str, int, str]  # cProfile's file, line, function


def stage_of(name: str | None) -> str | None:
    """The stage of ``module.function`` ``name``; None when its callers decide."""
    if name is None:
        return None
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        stage = STAGES.get(".".join(parts[:end]))
        if stage is not None:
            return stage
    return OTHER_STAR if parts[0] == "star_anki" else None


def qualified(key: Key, modules: Mapping[str, str]) -> str | None:
    """``module.function`` of a profiled function, if its module can be told."""
    file, _, function = key
    if file == "~":
        if builtin := _BUILTIN.fullmatch(function):
            return f"{builtin[1] or 'builtins'}.{builtin[2]}"
        if method := _METHOD.fullmatch(function):
            module, _, _ = method[2].rpartition(".")
            return f"{module or 'builtins'}.{method[1]}"
        return None
    if file.startswith("<frozen ") and file.endswith(">"):
        return f"{file[len('<frozen ') : -1]}.{function}"
    module = modules.get(os.path.realpath(file))
    return None if module is None else f"{module}.{function}"


def loaded_modules() -> dict[str, str]:
    """Every loaded module's file and name."""
    found = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file:
            found[os.path.realpath(file)] = name
    return found


def stage_seconds(stats: Mapping[Key, Any], modules: Mapping[str, str]) -> tuple[
    dict[str, float], set[str]
]:  # fmt: skip
    """Internal seconds per stage, and the star-anki modules put in "other star-anki".

    A function whose own module has no stage shares its time among its callers' stages,
    in proportion to the time it spent called from each.
    """
    names = {key: qualified(key, modules) for key in stats}
    shares: dict[Key, dict[str, float]] = {}

    def share(key: Key, path: frozenset[Key]) -> dict[str, float]:
        stage = stage_of(names[key])
        if stage is not None:
            return {stage: 1.0}
        if key in shares:
            return shares[key]
        callers = {c: e[2] for c, e in stats[key][4].items() if c in stats and c not in path}
        total = sum(callers.values())
        found: dict[str, float] = defaultdict(float)
        for caller, seconds in callers.items():
            for stage, part in share(caller, path | {key}).items():
                found[stage] += part * seconds / total
        shares[key] = dict(found) if total else {OTHER: 1.0}
        return shares[key]

    seconds: dict[str, float] = defaultdict(float)
    for key, entry in stats.items():
        for stage, part in share(key, frozenset()).items():
            seconds[stage] += part * entry[2]
    others = {
        name.rpartition(".")[0].removeprefix("star_anki.")
        for name in names.values()
        if name is not None and stage_of(name) == OTHER_STAR
    }
    return dict(seconds), others


@dataclass(frozen=True)
class Profile:
    """One profiled build: seconds per stage, and what the start-up figure stands on."""

    n: int
    notes: int
    seconds: dict[str, float]
    others: set[str]  # star-anki modules in "other star-anki"
    unprofiled: float  # the same in-process build without the profiler
    runs: int
    imports: list[str]  # the modules a build imports
    bare: float  # python -c pass


def build_once(folder: Path, out: Path, profiler: cProfile.Profile | None) -> tuple[int, float]:
    """Load ``folder`` and build ``out`` from scratch: the notes written and the wall seconds."""
    from star_anki.load import load_scenarios
    from star_anki.package import build_deck

    out.unlink(missing_ok=True)
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = build_deck(load_scenarios([folder]), out, timestamp=float(SOURCE_DATE_EPOCH))
    if profiler is not None:
        profiler.disable()
    return report.notes, time.perf_counter() - started


def build_imports(work: Path, env: dict[str, str]) -> list[str]:
    """The modules ``star-anki build`` imports, from a build of one scenario."""
    folder = work / "one"
    write_scenarios(folder, 1, load_seed())
    probe = python("-c", _BUILD_MODULES, "build", folder, "-o", work / "one.apkg")
    found = subprocess.run(probe, env=env, capture_output=True, text=True, check=True)
    modules: list[str] = json.loads(found.stdout)
    return modules


def profile(n: int, runs: int, work: Path, env: dict[str, str]) -> Profile:
    """Profile one build of ``n`` synthetic scenarios; time start-up over ``runs`` runs."""
    work = work / "profile"
    imports = build_imports(work, env)
    log(f"profile: start-up and imports, {runs} runs each")
    start = median_run(runs, lambda: measure(python("-c", _IMPORT, *imports), env))
    bare = median_run(runs, lambda: measure(python("-c", "pass"), env))
    folder, out = work / "scenarios", work / "deck.apkg"
    write_scenarios(folder, n, load_seed())
    log(f"profile: N={n}, one build without the profiler, then one with it")
    # The first build also makes the imports done lazily, so the profile holds none.
    notes, unprofiled = build_once(folder, out, None)
    profiler = cProfile.Profile()
    build_once(folder, out, profiler)
    stats: Mapping[Key, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    seconds, others = stage_seconds(stats, loaded_modules())
    seconds[START] = start.seconds
    return Profile(n, notes, seconds, others, unprofiled, runs, imports, bare.seconds)


def render(result: Profile) -> str:
    """The profile as Markdown: stage, seconds, share, then what the figures stand on."""
    total = sum(result.seconds.values())
    star = sum(name.split(".")[0] == "star_anki" for name in result.imports)
    lines = [
        f"One star-anki build of {result.n} scenarios ({result.notes} notes) by stage:"
        " cProfile internal time, start-up apart",
        "",
        HEADER,
        "|---|---:|---:|",
    ]
    for stage in ORDER:
        seconds = result.seconds.get(stage, 0.0)
        if round(seconds, 3) <= 0:  # nothing to show: a row of zeros would only be noise
            continue
        label = stage
        if stage == OTHER_STAR:
            label += f" ({', '.join(sorted(result.others))})"
        lines.append(f"| {label} | {seconds:.3f} | {seconds / total:.1%} |")
    lines += [
        f"| total | {total:.3f} | 100.0% |",
        "",
        f"Start-up: the median of {result.runs} whole processes importing, in order, the"
        f" {len(result.imports)} modules `star-anki build` loads ({star} of star-anki's);"
        f" a bare `python -c pass` takes {result.bare:.3f} s of it.",
        f"The other stages ran in this process under cProfile: the same build without it"
        f" took {result.unprofiled:.3f} s.",
    ]
    return "\n".join(lines) + "\n"
