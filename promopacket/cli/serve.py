"""`promopacket serve`: the cohort flow as a deployment on a cron schedule (a real server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import app, console, err, make_settings, report_crash
from promopacket.cli.display import quiet_logs


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help='Cron schedule, e.g. "0 6 * * 1" (Mondays 06:00).')],
    inputs: Annotated[Path | None, typer.Option(help="Workbook folder (default inputs/).")] = None,
    cohort: Annotated[str | None, typer.Option(help="Only this People.cohort.")] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    name: Annotated[str | None, typer.Option(help="Deployment name (default from cohort).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Run the cohort flow on a schedule until stopped (Ctrl-C); needs PREFECT_API_URL."""
    settings = make_settings(outputs)
    from promopacket.flows.runtime import configure_prefect_env

    configure_prefect_env(settings, verbose)
    quiet_logs(verbose)
    api = os.environ.get("PREFECT_API_URL")
    if not api:
        err.print(
            "Schedules need a Prefect server: run 'prefect server start' in another terminal, "
            "then set PREFECT_API_URL=http://127.0.0.1:4200/api and run this again."
        )
        raise typer.Exit(2)
    # Absolute paths: scheduled runs must not depend on where the runner's process starts.
    parameters = {
        "inputs": str((inputs or settings.inputs_dir).resolve()),
        "outputs": str(settings.outputs_dir.resolve()),
        "cohort": cohort,
    }
    deployment = name or f"cohort-{cohort or 'all'}"
    try:
        from promopacket.flows.cohort import build_cohort
        from promopacket.flows.serving import run_served
        from promopacket.flows.states import ANNOUNCE_ENV

        quiet_logs(verbose)  # again: importing Prefect installed its handlers

        if len(cron.split()) != 5:
            err.print(f"--cron {cron!r}: expected 5 fields (minute hour day month weekday).")
            raise typer.Exit(2)
        console.print(
            f"Serving build-cohort/{deployment} on cron '{cron}' against {api}; "
            f"workbooks from {parameters['inputs']}. One line per run below; Ctrl-C stops."
        )
        # Each run's process prints its one line (flows/states.py); the runner streams it here.
        os.environ[ANNOUNCE_ENV] = "1"
        run_served(build_cohort, deployment, cron, parameters)
        console.print("Stopped.")
    except typer.Exit:
        raise
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
