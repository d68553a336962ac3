"""Process environment for Prefect, set before Prefect is imported (the core never imports it)."""

from __future__ import annotations

import os
from pathlib import Path

from promopacket.settings import Settings

QUIET_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    # The run and task loggers send INFO (counts, ids, statuses) to the server always, so the
    # flow-run page has a log; the terminal handler stays at warnings (cli/display.quiet_logs).
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_UI_ENABLED": "false",
    # Task results hold personal data (bundles, statements): never written to Prefect storage.
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    # Let the embedded server take a little longer on a busy 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def configure_prefect_env(settings: Settings, verbose: bool = False) -> None:
    """Keep Prefect's home inside the project, analytics off, and its logs quiet by default."""
    home = Path(os.environ.get("PREFECT_HOME") or settings.prefect_home).resolve()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ["PREFECT_HOME"] = str(home)
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
