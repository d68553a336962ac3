"""`promopacket serve`: the cohort flow as a deployment on a cron schedule (a real server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import app, console, err, make_settings, report_crash
from promopacket.cli.display import quiet_logs
from promopacket.run.request import absolute


@app.command()
def serve(
    deployment: Annotated[
        str,
        typer.Option(help="A deployment of prefect.yaml (promopacket/flows/deployments.py)."),
    ] = "cohort-weekly",
    cron: Annotated[
        str | None,
        typer.Option(help='Cron schedule, e.g. "0 6 * * 1" (default: the deployment\'s).'),
    ] = None,
    inputs: Annotated[Path | None, typer.Option(help="Workbook folder (default inputs/).")] = None,
    cohort: Annotated[str | None, typer.Option(help="Only this People.cohort.")] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    name: Annotated[
        str | None, typer.Option(help="Served under this name (default: the deployment's).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Serve a deployment of prefect.yaml on its schedule until stopped (Ctrl-C); needs
    PREFECT_API_URL. The options change what that one deployment declares."""
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
    from promopacket.flows.deployments import DEPLOYMENTS

    declared = DEPLOYMENTS.get(deployment)
    if declared is None:
        err.print(f"--deployment {deployment!r}: not declared; choose {', '.join(DEPLOYMENTS)}.")
        raise typer.Exit(2)
    cron = cron or declared.cron
    if not cron:
        err.print(f"{deployment} has no schedule: give one with --cron, e.g. --cron '0 6 * * 1'.")
        raise typer.Exit(2)
    changes = {"inputs": inputs, "cohort": cohort, "outputs": outputs}
    request = declared.request.model_copy(update={k: v for k, v in changes.items() if v})
    if inputs:  # a folder named here replaces the deployment's workbooks
        request.workbooks = None
    # Absolute paths: scheduled runs must not depend on where the runner's process starts.
    request = absolute(request, settings)
    name = name or declared.name
    try:
        from promopacket.flows.cohort import build_cohort
        from promopacket.flows.serving import run_served
        from promopacket.flows.states import ANNOUNCE_ENV

        quiet_logs(verbose)  # again: importing Prefect installed its handlers

        if len(cron.split()) != 5:
            err.print(f"--cron {cron!r}: expected 5 fields (minute hour day month weekday).")
            raise typer.Exit(2)
        source = request.inputs or ", ".join(str(w) for w in request.workbooks or [])
        console.print(
            f"Serving build-cohort/{name} on cron '{cron}' against {api}; "
            f"workbooks from {source}. One line per run below; Ctrl-C stops."
        )
        # Each run's process prints its one line (flows/states.py); the runner streams it here.
        os.environ[ANNOUNCE_ENV] = "1"
        parameters = {"request": request.model_dump(mode="json")}
        run_served(build_cohort, name, cron, parameters, declared.description)
        console.print("Stopped.")
    except typer.Exit:
        raise
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
