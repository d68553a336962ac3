"""Cheap stage timers for the benchmarks: off (a no-op) unless PROMOPACKET_TIMINGS names a folder.

With it set, each process adds up the CPU seconds spent in each named stage (over its threads)
and, at exit, writes `timings-<pid>.json` there: totals, counts and wall-clock marks. Nothing is
printed; the user's output is unchanged. bench/bench_cohort.py reads these files.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_FOLDER = os.environ.get("PROMOPACKET_TIMINGS")
_LOCK = threading.Lock()
_TOTALS: dict[str, float] = {}
_COUNTS: dict[str, int] = {}
_MARKS: dict[str, float] = {}


def enabled() -> bool:
    return bool(_FOLDER)


def add(name: str, seconds: float) -> None:
    with _LOCK:
        _TOTALS[name] = _TOTALS.get(name, 0.0) + seconds
        _COUNTS[name] = _COUNTS.get(name, 0) + 1


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the CPU time this thread spends inside to the stage `name` (summed over calls).

    Thread CPU time, not wall time: tasks run on several threads that take turns under the GIL
    (and for renders, a lock), so wall times would count every wait once per waiting thread.
    """
    if not _FOLDER:
        yield
        return
    started = time.thread_time()
    try:
        yield
    finally:
        add(name, time.thread_time() - started)


def mark(name: str) -> None:
    """Record the wall-clock time (epoch seconds) a point was first reached in this process."""
    if _FOLDER:
        with _LOCK:
            _MARKS.setdefault(name, time.time())


def flush() -> None:
    """Write this process's file now (Dask workers may be stopped before atexit runs)."""
    _dump(final=False)


def _dump(final: bool = True) -> None:
    if not _FOLDER or not (_TOTALS or _MARKS):
        return
    if final:
        _MARKS.setdefault("exit", time.time())
    payload = {"pid": os.getpid(), "totals": _TOTALS, "counts": _COUNTS, "marks": _MARKS}
    try:
        folder = Path(_FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"timings-{os.getpid()}.json").write_text(json.dumps(payload), encoding="utf-8")
    except OSError:
        pass  # a benchmark aid never fails a run


if _FOLDER:
    mark("timing_imported")
    atexit.register(_dump)
