"""Task runners and the schedule runner the CLI hands the cohort flow to (Prefect's own types
stay in this layer)."""

from __future__ import annotations

import asyncio
import signal

from prefect.runner import Runner
from prefect_dask import DaskTaskRunner


def dask_runner(workers: int | None, address: str | None):
    """prefect-dask's runner: the given scheduler, or a LocalCluster on loopback."""
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers or 2,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
        }
    )


def run_served(flow, deployment: str, cron: str, parameters: dict, description: str) -> None:
    """`flow.serve`, stopping cleanly on SIGTERM as on Ctrl-C (exit 0, no traceback).

    Prefect's runner handles SIGTERM by calling its async `stop` from the signal handler, which
    is never awaited ("coroutine 'Runner.astop' was never awaited"). Here SIGTERM becomes a
    SIGINT: asyncio then cancels the runner's main task, the runner closes as on Ctrl-C (its
    schedule paused, as `flow.serve` does), and the KeyboardInterrupt ends the loop.

    A process started in the background by a shell script (`promopacket serve … &`, nohup)
    begins with SIGINT ignored, and Python then leaves it ignored: SIGTERM and Ctrl-C did
    nothing and a service manager had to kill it. SIGINT gets Python's own handler back first.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)

    class _Runner(Runner):
        def handle_sigterm(self, *args, **kwargs) -> None:
            signal.raise_signal(signal.SIGINT)

    runner = _Runner(name=deployment, pause_on_shutdown=True)
    runner.add_flow(
        flow, name=deployment, cron=cron, parameters=parameters, description=description
    )
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
