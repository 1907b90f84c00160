"""Lint and types are part of the suite: ruff and strict mypy must pass."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_lint_passes() -> None:
    result = run("ruff", "check", "star_anki", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run("ruff", "format", "--check", "star_anki", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = run("mypy", "--strict", "star_anki")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_is_on_the_package_map() -> None:
    import star_anki

    modules = sorted(p.name for p in (ROOT / "star_anki").glob("*.py"))
    unmapped = [m for m in modules if m not in ("__init__.py", "__main__.py")]
    unmapped = [m for m in unmapped if m not in (star_anki.__doc__ or "")]
    assert unmapped == []


def test_every_exception_is_on_the_errors_tree() -> None:
    from star_anki import errors

    classes = [
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.StarAnkiError)
    ]
    assert len(classes) == 10
    tree = errors.__doc__ or ""
    assert [name for name in classes if f"── {name} " not in tree and name != "StarAnkiError"] == []
