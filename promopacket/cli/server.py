"""`promopacket server start|stop|status`: an optional long-lived local Prefect server.

`run` and `watch` reuse it when it answers, so they skip starting a temporary one. Schedules
(`serve`) still need a real `prefect server start`; this one runs without its services.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from promopacket.cli import app, console, err, make_settings

server_app = typer.Typer(help="An optional local Prefect server that `run` and `watch` reuse.")
app.add_typer(server_app, name="server")


def _home() -> Path:
    from promopacket.flows.runtime import configure_prefect_env

    configure_prefect_env(make_settings())
    return Path(os.environ["PREFECT_HOME"])


@server_app.command("start")
def start() -> None:
    """Start the local server in the background (or report the one running)."""
    from promopacket.flows.server import ServerError
    from promopacket.flows.server import start as start_server

    try:
        record = start_server(_home())
    except ServerError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    console.print(f"Local Prefect server running at {record['url']} (pid {record['pid']}).")


@server_app.command("stop")
def stop() -> None:
    """Stop the local server started with `promopacket server start`."""
    from promopacket.flows.server import stop as stop_server

    record = stop_server(_home())
    console.print("Stopped." if record else "No local server was running.")


@server_app.command("status")
def status() -> None:
    """Say whether the local server is running (exit 1 when it is not)."""
    from promopacket.flows.server import recorded

    record = recorded(_home())
    if record is None:
        console.print("No local server is running; `run` starts a temporary one.")
        raise typer.Exit(1)
    console.print(f"Local Prefect server running at {record['url']} (pid {record['pid']}).")
