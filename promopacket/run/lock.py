"""One run at a time per output folder: a second run gets a clear message, not a corrupt file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from promopacket.core.fsutil import ensure_private_dir, remove_stale_temps
from promopacket.core.messages import problem_text

LOCK_NAME = ".promopacket.lock"

# Folders this process holds, and how many times: the CLI takes the lock before the flow
# starts (it reads workbooks while the server boots), and the flow takes it again as every
# entry path must. An OS lock taken twice by one process would wait for itself.
_held: dict[Path, int] = {}
_held_guard = threading.Lock()


class OutputBusy(RuntimeError):
    """Another promopacket run is writing to the same output folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        message, fix = problem_text("output_busy", detail=folder)
        super().__init__(f"{message} {fix}")


def _enter_held(key: Path) -> bool:
    with _held_guard:
        if key in _held:
            _held[key] += 1
            return True
        return False


def _leave_held(key: Path) -> None:
    with _held_guard:
        _held[key] -= 1
        if not _held[key]:
            del _held[key]


@contextmanager
def output_lock(
    folder: Path, wait_seconds: float = 0, reentrant: bool = False
) -> Iterator[list[Path]]:
    """Hold the folder's lock for the duration of a run; raise OutputBusy if it is taken.

    The lock is an OS file lock (released by the kernel even when a run is killed). Once it
    is held, temp files and staging folders a killed run left behind are removed; the context
    gives their paths. With reentrant, a lock this process already holds is simply held on
    (the run's entry, run.guard, inside a CLI command that took it first); otherwise a second
    holder is refused, in this process as in any other.
    """
    ensure_private_dir(folder)
    key = Path(folder).resolve()
    if reentrant and _enter_held(key):
        try:
            yield []
        finally:
            _leave_held(key)
        return
    # Owner-only whatever the umask: a lock file others can open could be held by anyone,
    # refusing every run on this folder.
    lock = FileLock(str(folder / LOCK_NAME), timeout=wait_seconds, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise OutputBusy(folder) from None
    with _held_guard:
        _held[key] = 1
    try:
        yield remove_stale_temps(folder, skip_marker=LOCK_NAME)
    finally:
        _leave_held(key)
        lock.release()
