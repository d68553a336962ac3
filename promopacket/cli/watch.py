"""`promopacket watch`: rebuild a workbook's documents when it changes in inputs/."""

from __future__ import annotations

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
from promopacket.report.problems import sorted_problems
from promopacket.run.lock import OutputBusy, output_lock


def is_workbook_change(change, path: str) -> bool:
    """Workbooks only: not Excel's lock files ('~$…'), hidden or temporary files."""
    from promopacket.core.contract import WORKBOOK_SUFFIXES

    name = Path(path).name
    return not name.startswith(("~$", ".")) and Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def workbook_changes(
    folder: Path, debounce_ms: int = 1500, stop_event=None
) -> Iterator[list[Path]]:
    """Batches of changed workbooks that still exist, debounced (Excel saves in several steps)."""
    from watchfiles import watch

    for changes in watch(
        folder,
        watch_filter=is_workbook_change,
        debounce=debounce_ms,
        stop_event=stop_event,
        recursive=False,
    ):
        paths = sorted({Path(p) for _, p in changes if Path(p).is_file()})
        if paths:
            yield paths


@app.command()
def watch(
    folder: Annotated[Path | None, typer.Argument(help="Folder (default inputs/).")] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    debounce: Annotated[int, typer.Option(help="Wait this many ms for saves to settle.")] = 1500,
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
    import os

    from promopacket.flows.server import ServerError, for_run

    server = for_run(Path(os.environ["PREFECT_HOME"]))  # boots while Prefect is imported
    console.print(f"Watching {shown(folder)} for workbook changes. Ctrl-C stops.")
    import promopacket.flows.cohort  # noqa: F401  (imports Prefect)

    quiet_logs(verbose)  # again: importing Prefect installed its handlers
    try:
        if server is not None:
            server.wait()  # every build, the first one too, finds the server up
    except ServerError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None

    start = find_workbooks([folder], settings)
    if start:  # build once at start: what is there now, before waiting for a change
        console.print(f"Building {len(start)} workbooks now, then on each save.")
        build_once(start, settings)
    for paths in workbook_changes(folder, debounce):
        console.print(f"Changed: {shown(', '.join(p.name for p in paths))}")
        build_once(paths, settings)


def build_once(paths: list[Path], settings) -> None:
    """One build of these workbooks; the blocking problems shown inline with their cells."""
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    try:
        with output_lock(settings.outputs_dir):  # as `run`: one writer per outputs folder
            result = result_of(build_cohort(workbooks=paths, settings=settings, return_state=True))
    except OutputBusy as exc:
        err.print(f"{exc} Skipped; save the workbook again to retry.", markup=False)
        return
    except Exception as exc:
        report_crash(exc, settings)
        return
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
