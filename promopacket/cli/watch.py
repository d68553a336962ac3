"""`promopacket watch`: rebuild a workbook's documents when it changes in inputs/."""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import (
    app,
    console,
    err,
    find_workbooks,
    make_settings,
    problem_line,
    report_crash,
    shown,
)
from promopacket.cli.display import quiet_logs
from promopacket.cli.run import exit_server_lost
from promopacket.core.problems import sorted_problems
from promopacket.run.lock import OutputBusy, output_lock
from promopacket.run.request import CohortRequest


def is_workbook_change(change, path: str) -> bool:
    """Workbooks only: not Excel's lock files ('~$…'), hidden or temporary files."""
    from promopacket.core.contract import WORKBOOK_SUFFIXES

    name = Path(path).name
    return not name.startswith(("~$", ".")) and Path(path).suffix.lower() in WORKBOOK_SUFFIXES


# A burst of saves is one batch: changes are gathered until none came for `debounce` ms (they
# used to be cut every `debounce` ms from the first, so 20 saves in 2 s gave 3 builds), up to
# this long for a save that never stops.
MAX_BURST_MS = 60_000
# The quiet period that ends a burst. Measured with make bench-quick (save → packet, median of
# 3, 50-person workbook): 1,500 ms gave 4.97 s; saves a burst is made of come 0.1 s apart.
DEBOUNCE_MS = 400
# How often a wait (for a file to settle, or for changes) looks at the stop event.
POLL_S = 0.1
# A file is settled when its size and time stay the same this long and it opens as a zip
# package; one that is no zip but stays unchanged for SETTLED_ANYWAY_S is read all the same
# (the reader then says what it is).
SETTLED_S = 0.3
SETTLED_ANYWAY_S = 3.0


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _whole_package(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path):
            return True
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def wait_until_settled(path: Path, stop_event=None) -> bool:
    """Wait while a file is still being written (size or time changing, not yet a whole zip
    package); False when it disappeared or the stop event was set. A file last written
    SETTLED_S ago or longer that opens whole is settled at once: the burst's quiet period
    (the debounce) has passed already, so waiting SETTLED_S more only delayed every build."""
    last, since = _signature(path), time.monotonic()
    if last is not None and time.time() - last[1] / 1e9 >= SETTLED_S and _whole_package(path):
        return True
    while last is not None:
        if stop_event is not None and stop_event.is_set():
            return False
        time.sleep(POLL_S)
        now = _signature(path)
        if now != last:
            last, since = now, time.monotonic()
            continue
        quiet = time.monotonic() - since
        if quiet >= SETTLED_ANYWAY_S or (quiet >= SETTLED_S and _whole_package(path)):
            return True
    return False


def workbook_changes(
    folder: Path, debounce_ms: int = DEBOUNCE_MS, stop_event=None
) -> Iterator[list[Path]]:
    """Batches of changed workbooks that still exist, each yielded once `debounce_ms` passed
    with no further change and every file in it is whole (Excel saves in several steps)."""
    from watchfiles import watch

    for changes in watch(
        folder,
        watch_filter=is_workbook_change,
        debounce=MAX_BURST_MS,
        step=max(50, debounce_ms),
        stop_event=stop_event,
        rust_timeout=int(POLL_S * 1000 * 5),
        recursive=False,
    ):
        paths = sorted({Path(p) for _, p in changes if Path(p).is_file()})
        paths = [p for p in paths if wait_until_settled(p, stop_event)]
        if stop_event is not None and stop_event.is_set():
            return
        if paths:
            yield paths


@app.command()
def watch(
    folder: Annotated[Path | None, typer.Argument(help="Folder (default inputs/).")] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    debounce: Annotated[
        int, typer.Option(help="Build once no save came for this many ms (a burst is one build).")
    ] = DEBOUNCE_MS,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Watch a folder and rebuild each workbook that changes (Ctrl-C stops)."""
    settings = make_settings(outputs)
    from promopacket.flows.runtime import configure_prefect_env

    configure_prefect_env(settings, verbose)
    quiet_logs(verbose)
    folder = folder or settings.inputs_dir
    if not folder.is_dir():
        err.print(f"{shown(folder)} is not a folder. Create it, or name the folder to watch.")
        raise typer.Exit(2)
    stop = _stop_on_signals()
    from promopacket.flows.server import ServerError, for_run

    server = for_run(Path(os.environ["PREFECT_HOME"]))  # boots while Prefect is imported
    import promopacket.flows.cohort  # noqa: F401  (imports Prefect)

    quiet_logs(verbose)  # again: importing Prefect installed its handlers
    try:
        if server is not None:
            server.wait()  # every build, the first one too, finds the server up
            # A temporary server that dies would leave every later build waiting on it.
            server.watch(functools.partial(exit_server_lost, WATCH_SERVER_LOST))
    except ServerError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None

    start = find_workbooks([folder], settings)
    if start:  # build once at start: what is there now, before waiting for a change
        console.print(f"Building {len(start)} workbooks now, then on each save.")
        build_once(start, settings)
    # Said once start-up is over: from here on, a save is a change (tests wait for this line).
    console.print(f"Watching {shown(folder)} for workbook changes. Ctrl-C stops.")
    for paths in workbook_changes(folder, debounce, stop_event=stop):
        console.print(f"Changed: {shown(', '.join(p.name for p in paths))}")
        build_once(paths, settings)


WATCH_SERVER_LOST = (
    "The Prefect server this watch started stopped; watch was ended. Documents already "
    "built are kept; start watch again."
)


def build_once(paths: list[Path], settings) -> None:
    """One build of these workbooks; the blocking problems shown inline with their cells.
    The documents come first: the workbooks' Data Docs are brought up to date after them."""
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of
    from promopacket.run.cohort import without_data_docs

    try:
        with output_lock(settings.outputs_dir):  # as `run`: one writer per outputs folder
            request = CohortRequest(workbooks=paths)
            state = build_cohort(request, without_data_docs(settings), return_state=True)
            result = result_of(state)
    except OutputBusy as exc:
        err.print(f"{exc} Skipped; save the workbook again to retry.", markup=False)
        return
    except Exception as exc:
        report_crash(exc, settings)
        return
    _print_result(result)
    _write_data_docs(paths, settings)


def _write_data_docs(paths: list[Path], settings) -> None:
    """The validation reports of the workbooks just built (run.cohort.write_data_docs)."""
    from promopacket.run.cohort import write_data_docs

    try:
        with output_lock(settings.outputs_dir):
            write_data_docs(paths, settings)
    except OutputBusy:
        return  # another run holds the folder: it writes them itself
    except Exception as exc:
        report_crash(exc, settings)


def _print_result(result) -> None:
    from promopacket.report.summary import totals

    t = totals(result)
    state = "[red]problems[/]" if result.failed else "[green]ok[/]"
    console.print(
        f"  {state}: {t['written']} written, {t['unchanged']} unchanged, {t['failed']} failed;"
        f" {t['blocking_problems']} blocking problems — see summary.xlsx"
    )
    for group in result.groups:
        for workbook in group.workbooks:
            for problem in sorted_problems(p for p in workbook.problems if p.blocking):
                console.print(f"    {problem_line(problem)}")


# After Ctrl-C or SIGTERM, what is left gets this long to end on its own (a document being
# written is renamed into place, whole, or not at all) before the process exits regardless:
# Prefect's threads, a pool's shutdown or a server's stop once kept `watch` alive 15-20 s.
STOP_DEADLINE_S = 0.5  # the whole stop must stay within 2 s on a loaded machine


def _stop_on_signals() -> threading.Event:
    """Ctrl-C and SIGTERM stop `watch` in every state: the event ends the wait for changes
    (or for a file to settle), KeyboardInterrupt unwinds a build under way, and a deadline
    ends the process if unwinding takes longer than STOP_DEADLINE_S.

    The deadline is armed by a thread woken by the signal itself (signal.set_wakeup_fd, at
    the C level), not by the Python handler: that one runs only when the main thread gets
    back to Python code, which a long C call (rendering, a lock) delays."""
    stop = threading.Event()
    stopping = {signal.SIGINT, signal.SIGTERM}

    def handler(signum, frame):
        if stop.is_set():
            return  # a second Ctrl-C: the deadline is already running
        stop.set()
        raise KeyboardInterrupt

    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)

    def deadline() -> None:
        while True:
            try:
                got = os.read(read_end, 64)
            except OSError:
                return
            if not got:
                return
            signums = [n for n in got if n in stopping]
            if signums:
                time.sleep(STOP_DEADLINE_S)
                _exit_now(128 + signums[0])

    threading.Thread(target=deadline, name="watch-stop-deadline", daemon=True).start()
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def _exit_now(code: int) -> None:
    """The end of a stop that took too long: the process ends here, its files already whole
    (writes are atomic) and its children ending with it (pool, server). Written with os.write:
    the main thread may hold the console's or a stream's lock."""
    try:
        os.write(2, b"Stopped.\n")
    except OSError:
        pass
    os._exit(code)
