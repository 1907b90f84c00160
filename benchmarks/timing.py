"""Whole-process timing shared by the benchmarks: one run, its peak memory, and medians."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

SOURCE_DATE_EPOCH = "1700000000"

# Runs one command and prints its wall time, its own peak memory and its CPU time
# (RUSAGE_CHILDREN: the command alone, not this wrapper).
_WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "seconds": seconds, "peak": usage.ru_maxrss, "cpu": cpu}))
"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Run:
    """Wall seconds, peak resident KiB and CPU seconds: of one run, or medians and highest."""

    seconds: float
    peak_kib: float
    cpu: float = 0.0  # user + system: what wall time is, less waiting on a busy machine


def python(*args: object) -> list[str]:
    """The command that runs this Python with ``args``."""
    return [sys.executable, *map(str, args)]


def measure(command: Sequence[str], env: dict[str, str]) -> Run:
    """Run ``command`` once through the wrapper; fail loudly if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"wrapper failed: {' '.join(command)}\n{result.stderr}")
    report = json.loads(result.stdout)
    if report["code"] != 0:
        raise RuntimeError(f"exit {report['code']}: {' '.join(command)}\n{result.stderr}")
    # Linux reports KiB, macOS bytes.
    peak = report["peak"] / 1024 if sys.platform == "darwin" else report["peak"]
    return Run(report["seconds"], float(peak), report["cpu"])


def summarize(runs: Iterable[Run]) -> Run:
    """The median seconds, the highest peak and the median CPU seconds of ``runs``."""
    done = list(runs)
    return Run(
        statistics.median(r.seconds for r in done),
        max(r.peak_kib for r in done),
        statistics.median(r.cpu for r in done),
    )


def median_run(runs: int, once: Callable[[], Run]) -> Run:
    """The median seconds and the highest peak of ``runs`` calls of ``once``."""
    return summarize(once() for _ in range(runs))
