"""Progress over people (a rich bar on a terminal, plain lines otherwise) and quiet logging."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from promopacket.cli import console, shown

NOISY_LOGGERS = ("prefect", "great_expectations", "distributed", "asyncio", "httpx", "uvicorn")


class _ErrorsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


class _NoTraceback(logging.Formatter):
    """An error on the terminal is its one-line message; the traceback stays out of the way
    (with --verbose it shows; a crash of the run writes it to promopacket-error.log)."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            text = self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        return text.split("\nTraceback (most recent call last)")[0]


def quiet_logs(verbose: bool) -> None:
    """Prefect, GX and Dask log to the terminal only with --verbose; errors always show.

    Call it after Prefect is imported: Prefect installs the terminal handlers then, and some
    libraries (GX) set their own loggers to INFO, so the filter sits on the handlers.
    """
    if verbose:
        return
    # Before Prefect is imported, and inherited by its child processes (scheduled runs, Dask
    # workers): its terminal handler shows warnings and errors only.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _ErrorsOnly) for f in handler.filters):
            handler.addFilter(_ErrorsOnly())
        if not isinstance(handler.formatter, _NoTraceback):
            handler.setFormatter(_NoTraceback(handler.formatter))
    try:
        import dask

        dask.config.set({"logging.distributed": "error"})
    except ImportError:
        pass


@contextmanager
def progress_listener(enabled: bool = True) -> Iterator[Any]:
    """A listener for promopacket.core.progress events: done / total, failures, ETA."""
    state = {"total": 0, "done": 0, "failed": 0}
    if not enabled:
        yield lambda event: None
        return
    if not console.is_terminal:

        def plain(event: dict) -> None:
            if event["event"] == "planned":
                state["total"] = event["total"]
                console.print(f"{event['total']} people to build")
            elif event["event"] == "person":
                state["done"] += 1
                from promopacket.report.summary import STATUS_WORDS

                status = STATUS_WORDS.get(event["status"], event["status"])
                console.print(
                    f"\\[{state['done']}/{state['total']}] {shown(event['person_id'])}: {status}"
                )

        yield plain
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task_id = bar.add_task("people", total=None, failed=0)

    def live(event: dict) -> None:
        if event["event"] == "planned":
            bar.update(task_id, total=event["total"])
        elif event["event"] == "person":
            state["failed"] += event["status"] == "failed"
            bar.update(task_id, advance=1, failed=state["failed"])

    with bar:
        yield live
