"""Progress events from a run to whoever shows them (the CLI), without the core printing.

The cohort flow calls `emit`; the CLI subscribes a listener for its progress bar. Events are
plain dicts: {"event": "planned", "total": n} and {"event": "person", "person_id", "status"}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Listener = Callable[[dict[str, Any]], None]
_listeners: list[Listener] = []


def emit(event: str, **fields: Any) -> None:
    for listener in list(_listeners):
        listener({"event": event, **fields})


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
