"""`promopacket run`: a folder of workbooks or a named cohort as one `build-cohort` flow run."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from promopacket.build.results import PersonStatus
from promopacket.cli import (
    app,
    console,
    err,
    exit_if_profiles_broken,
    find_workbooks,
    make_settings,
    print_problems,
    report_crash,
    shown,
)
from promopacket.cli.display import progress_listener, quiet_logs
from promopacket.core import timing
from promopacket.run.lock import OutputBusy, output_lock
from promopacket.run.request import CohortRequest

EXIT_BUSY = 3  # another run holds the outputs folder (1: problems in the input, 2: internal)


@app.command()
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Workbooks or folders (default: every workbook in inputs/)."),
    ] = None,
    cohort: Annotated[
        str | None,
        typer.Option(help="Only people whose People.cohort is NAME, into outputs/NAME/."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild unchanged people too.")] = False,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Render people on a local Dask cluster of N workers."),
    ] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Render people on this Dask scheduler (tcp://host:port).")
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Build people in N worker processes (1: all in this process). Default: one "
            "per core when 20 or more people are to be built (PROMOPACKET_PROCESSES).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write PDFs (LibreOffice).")] = False,
    redact: Annotated[
        bool,
        typer.Option("--redact", help="Summaries with names and emails replaced by ids."),
    ] = False,
    review: Annotated[
        bool,
        typer.Option("--review", help="Word comments on the committee's packets too."),
    ] = False,
) -> None:
    """Build packets, letters and a summary for every person; unchanged people are skipped."""
    chosen = {"processes": processes} if processes else {}
    settings = make_settings(outputs, pdf=pdf, redact=redact, review=review, **chosen)
    exit_on_sigterm()
    from promopacket.flows.runtime import configure_prefect_env

    configure_prefect_env(settings, verbose)
    quiet_logs(verbose)
    users_server = os.environ.get("PREFECT_API_URL")  # for_run sets it to the one it starts
    workbooks = find_workbooks(paths or [], settings)
    if not workbooks:
        searched = ", ".join(str(p) for p in paths) if paths else str(settings.inputs_dir)
        err.print(
            f"No workbooks (.xlsx) found in {shown(searched)}. "
            "Run 'promopacket init inputs/mine.xlsx' for a starter workbook."
        )
        raise typer.Exit(1)
    if processes and (workers or dask_address):
        err.print("Choose --processes or --workers/--dask-address, not both.")
        raise typer.Exit(2)
    if (workers or dask_address) and not users_server:
        err.print(
            "--workers/--dask-address need a Prefect server shared by the Dask workers: run "
            "'prefect server start' and set PREFECT_API_URL=http://127.0.0.1:4200/api."
        )
        raise typer.Exit(2)
    flow_paths = _flow_paths(paths or [settings.inputs_dir])
    if not flow_paths:
        raise typer.Exit(1)
    from promopacket.cli.templates import exit_if_templates_broken

    exit_if_templates_broken(settings.templates_dir)  # before any flow starts (the flow checks too)
    exit_if_profiles_broken(settings)
    started = time.perf_counter()
    if not force and not (workers or dask_address):
        settled = _settled(flow_paths, cohort, settings)
        if settled is not None:
            _finish(settled, None, as_json, time.perf_counter() - started, settings, settled=True)
    from promopacket.flows.server import ServerError, for_run

    # The Prefect server boots on the other core from here on, while this process imports
    # Prefect, takes the lock and reads the changed workbooks ahead (started after those, it
    # kept a 1,000-person rerun waiting for it 2.4 s). A command that stops before its flow
    # stops the server with it (atexit; it also dies with this process).
    server = for_run(Path(os.environ["PREFECT_HOME"]))
    try:
        # One run per outputs folder; taking the lock also clears a killed run's temp files.
        with output_lock(settings.outputs_dir):
            from promopacket.core.progress import listening
            from promopacket.flows.cohort import build_cohort

            quiet_logs(verbose)  # again: importing Prefect installed its handlers
            from promopacket.run.cohort import read_intakes_ahead

            # While the server boots (or before the flow starts, with a running server); the
            # flow's reads find them done.
            read_intakes_ahead(workbooks, settings)
            timing.mark("intakes_read")
            temporary = server is not None and server.process is not None  # ours, this run's
            if temporary:
                server.wait()
                server.watch(exit_server_lost)
                timing.mark("server_ready")

            flow = build_cohort
            if workers or dask_address:
                from promopacket.flows.serving import dask_runner  # prefect-dask: Dask runs only

                flow = build_cohort.with_options(task_runner=dask_runner(workers, dask_address))
            from promopacket.flows.states import flow_run_url, result_of

            with progress_listener(enabled=not as_json) as listener, listening(listener):
                request = CohortRequest(workbooks=flow_paths, cohort=cohort, force=force)
                state = flow(request, settings=settings, return_state=True)
            result = result_of(state)  # the RunResult, also when the run ended Failed
            # The temporary server stops with this command: its page would not open.
            url = None if temporary else flow_run_url(state)
    except OutputBusy as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(EXIT_BUSY) from None
    except ServerError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    _finish(result, url, as_json, time.perf_counter() - started, settings)


def _settled(flow_paths: list[Path], cohort: str | None, settings) -> object | None:
    """The last run's result when this run would change nothing (report.current.settled_run),
    checked under the outputs lock; None: run the flow. A locked folder is left to the flow's
    own lock, which reports it."""
    from promopacket.report.current import settled_run

    timing.mark("settled_check_start")  # the benchmark's breakdown: imports before it
    try:
        with output_lock(settings.outputs_dir):
            return settled_run(flow_paths, cohort, settings)
    except OutputBusy:
        return None
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    finally:
        timing.mark("settled_check_end")


NOTHING_CHANGED = (
    "Nothing changed since the last run (workbooks, rules, templates, documents): no flow run "
    "was started. --force rebuilds everyone."
)


def _finish(result, url, as_json: bool, elapsed: float, settings, settled: bool = False) -> None:
    """Print the run's summary (or its JSON) and exit: 1 when a workbook or person failed."""
    if as_json:
        from promopacket.report.summary import summary_json

        summary = {**summary_json(result, reuse=True), "flow_run_url": url}
        if settled:
            summary["flow_run"] = "not started: nothing changed"
        print(json.dumps(summary, indent=2, default=str))
    else:
        for group in result.groups:
            _print_group(group)
        _print_validation_reports(result, settings)
        if settled:
            console.print(NOTHING_CHANGED)
        console.print(f"Done in {elapsed:.1f}s.")
        if url:
            console.print(f"Flow run: {url}")
        for group in result.groups:  # last, so the page to open is the line a user sees
            review = Path(group.output_dir) / "review" / "index.html"
            if str(review) in group.reports:
                console.print(f"Review: {review}", soft_wrap=True, markup=False)
    from promopacket import cli

    cli.QUICK_EXIT = True  # everything is written: skip the interpreter's teardown
    raise typer.Exit(1 if result.failed else 0)


SERVER_LOST = (
    "The Prefect server this run started stopped; the run was ended. People already "
    "finished are kept; run again to build the rest."
)


def exit_server_lost(message: str = SERVER_LOST) -> None:
    """The run's (or watch's) temporary Prefect server died mid-run (from its watchdog
    thread): one line, exit 2 at once. Finished people's files are whole (atomic writes)
    and journaled; the workers end with this process (their death signal); the next run
    clears the rest."""
    # On a line of its own: Prefect's log worker may have printed its own error (no newline)
    # about the same lost server a moment before this watchdog fired.
    err.print(f"\n✗ {message}", markup=False, soft_wrap=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(2)  # the main thread is blocked in Prefect's client: nothing else would return


def exit_on_sigterm() -> None:
    """SIGTERM (and SIGHUP) end the run as Ctrl-C would: a clean exit that runs atexit
    handlers, among them the one stopping Prefect's embedded server (a default SIGTERM ends
    the process at once and leaves that server running). The outputs lock is released and a
    half-written file is never in place (writes are atomic)."""

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _utf8(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flow_paths(arguments: list[Path]) -> list[Path]:
    """What the flow is given: the folders and files as named on the command line (the flow
    lists the folders itself, so a workbook inside one may have any name). Prefect sends a
    flow's parameters to its server as JSON, which cannot carry a path that is not UTF-8: such
    an argument is reported and left out, and never stops the others."""
    for argument in arguments:
        if not _utf8(argument):
            err.print(
                f"✗ {shown(argument)}: not processed. Its path is not valid UTF-8 text, so it "
                "cannot be passed on; rename it, or name the folder that holds it."
            )
    return [a for a in arguments if _utf8(a)]


def _print_validation_reports(result, settings) -> None:
    """Where each workbook's validation report is (offline HTML: problems with their cells)."""
    from promopacket.run.workbooks import workbook_output_dir

    for workbook in (w for g in result.groups for w in g.workbooks):
        index = workbook_output_dir(Path(workbook.file), settings) / "validation" / "index.html"
        if not workbook.failed and index.is_file():
            console.print(f"  validation report ({shown(workbook.file)}) → {shown(index)}")


def _print_group(group) -> None:
    for workbook in group.workbooks:
        _print_workbook(workbook)
    people = group.people
    written = sum(p.status == PersonStatus.OK for p in people)
    unchanged = sum(p.status == PersonStatus.UNCHANGED for p in people)
    console.print(
        f"  {shown(group.name)}: {written} written, {unchanged} unchanged; "
        f"summary → {shown(Path(group.output_dir) / 'summary.xlsx')}"
    )
    _print_committee(group)


def _print_committee(group) -> None:
    """The committee's decisions read back, and anything about summary.xlsx to act on."""
    book = group.committee
    if book is None:
        return
    known = [e.known for e in book.file.people.values() if e.present and e.known]
    if known:
        counts = ", ".join(f"{known.count(d)} {d}" for d in ("promote", "not yet", "defer"))
        console.print(f"  committee decisions: {counts} (decisions.json)")
    for p in book.problems:
        where = f"{p.file}{' ' + p.cell if p.cell else ''}"
        console.print(f"  [yellow]! {shown(where)}: {shown(p.message)} {shown(p.fix)}[/]")


def _print_workbook(result) -> None:
    name = shown(result.file)
    if result.failed:
        console.print(f"[red]✗ {name}: not processed[/]")
        for p in result.problems:
            if p.severity == "workbook":
                where = " / ".join(x for x in (p.sheet, p.column) if x)
                console.print(shown(f"  {where + ': ' if where else ''}{p.message} {p.fix}"))
        return
    read = sum(c.read for c in result.counts.values())
    used = sum(c.used for c in result.counts.values())
    rejected = sum(c.rejected for c in result.counts.values())
    advice = sum(1 for p in result.problems if p.severity == "advice")
    failed_people = [p for p in result.people if p.status == PersonStatus.FAILED]
    mark = "[green]✓[/]" if not result.blocking and not failed_people else "[yellow]![/]"
    console.print(
        f"{mark} {name}: {len(result.people)} people, rows read {read}, used {used}, "
        f"rejected {rejected}; {result.blocking} blocking problems, {advice} advice; "
        f"{len(result.files)} files → {shown(result.output_dir)}"
    )
    for person in failed_people:
        console.print(f"  [red]✗ {shown(person.person_id)}: {shown(person.error)}[/]")
    for person in result.people:
        if person.kept_edits:
            beside = ", ".join(Path(f).name for f in person.files if ".new" in Path(f).name)
            console.print(
                f"  [yellow]! {shown(person.person_id)}: kept reviewer edits in "
                f"{shown(', '.join(person.kept_edits))}[/]"
                + (f"; new version: {shown(beside)}" if beside else "")
            )
    for person in result.people:
        if person.broken:
            console.print(
                f"  [yellow]! {shown(person.person_id)}: damaged files rebuilt, the damaged "
                f"copies kept: {shown(', '.join(person.broken))}[/]"
            )
        if person.stale:
            console.print(
                f"  [yellow]! {shown(person.person_id)}: letters no build makes any more moved "
                f"to stale/: {shown(', '.join(person.stale))}[/]"
            )
    print_problems([p for p in result.problems if p.blocking])
