"""One run at a time per output folder: a second run gets a clear message, not a corrupt file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".promopacket.lock"


class OutputBusy(RuntimeError):
    """Another promopacket run is writing to the same output folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        super().__init__(f"Another promopacket run is writing to {folder}. Wait for it to "
                         "finish, or use a different --outputs folder.")


@contextmanager
def output_lock(folder: Path, wait_seconds: float = 0) -> Iterator[None]:
    """Hold the folder's lock for the duration of a run; raise OutputBusy if it is taken."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = FileLock(str(folder / LOCK_NAME), timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise OutputBusy(folder) from None
    try:
        yield
    finally:
        lock.release()
