"""`promopacket run`: build documents for each workbook through the Prefect flow."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Annotated

import typer

from . import app, console, err, find_workbooks, make_settings, print_problems, report_crash


@app.command()
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Workbooks or folders (default: every workbook in inputs/)."),
    ] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write PDFs (LibreOffice).")] = False,
) -> None:
    """Build packets and follow-up letters for each workbook through the Prefect flow."""
    settings = make_settings(outputs, pdf=pdf)
    from ..runtime import configure_prefect_env

    configure_prefect_env(settings, verbose)
    if not verbose:
        logging.getLogger("prefect").setLevel(logging.ERROR)
    workbooks = find_workbooks(paths or [], settings)
    if not workbooks:
        err.print(
            f"No workbooks found in {settings.inputs_dir}. "
            "Run 'promopacket init inputs/mine.xlsx' for a starter workbook."
        )
        raise typer.Exit(1)
    started = time.perf_counter()
    try:
        from flows.build_workbook import build_workbook

        results = [build_workbook(path, settings) for path in workbooks]
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    elapsed = time.perf_counter() - started
    failed = any(r.failed or any(p.status != "ok" for p in r.people) for r in results)
    blocking = sum(r.blocking for r in results)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
    else:
        for result in results:
            _print_result(result)
        console.print(f"Done in {elapsed:.1f}s.")
    raise typer.Exit(1 if failed or blocking else 0)


def _print_result(result) -> None:
    name = result.file
    if result.failed:
        console.print(f"[red]✗ {name}: not processed[/]")
        for p in result.problems:
            if p.severity == "workbook":
                where = " / ".join(x for x in (p.sheet, p.column) if x)
                console.print(f"  {where + ': ' if where else ''}{p.message} {p.fix}")
        return
    read = sum(c.read for c in result.counts.values())
    used = sum(c.used for c in result.counts.values())
    rejected = sum(c.rejected for c in result.counts.values())
    advice = sum(1 for p in result.problems if p.severity == "advice")
    failed_people = [p for p in result.people if p.status != "ok"]
    mark = "[green]✓[/]" if not result.blocking and not failed_people else "[yellow]![/]"
    console.print(
        f"{mark} {name}: {len(result.people)} people, rows read {read}, used {used}, "
        f"rejected {rejected}; {result.blocking} blocking problems, {advice} advice; "
        f"{len(result.files)} files → {result.output_dir}"
    )
    for person in failed_people:
        console.print(f"  [red]✗ {person.person_id}: {person.error}[/]")
    print_problems([p for p in result.problems if p.blocking])
