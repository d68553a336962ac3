"""Flow end states that tell the truth, and a flow's result whatever state it ended in.

A flow that returns a manually created state ends in that state (Prefect's
`return_value_to_state`); its data is still the flow's result for an in-process caller.
See promopacket.run.outcome for which outcome is which.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from prefect import get_run_logger
from prefect.states import Completed, Failed, State
from prefect.utilities.annotations import quote

from promopacket.build.results import WorkbookResult
from promopacket.run.outcome import run_outcome

ANNOUNCE_ENV = "PROMOPACKET_ANNOUNCE_RUNS"  # set by `promopacket serve`


def final_state(workbooks: list[WorkbookResult], data: Any) -> State:
    """Failed, "Completed with problems" or Completed, carrying `data`, with a counts message.

    The data is quoted: Prefect otherwise walks all of it looking for futures when the flow
    returns (1.1 s of a 1,000-person run, measured); result_of unquotes it."""
    outcome = run_outcome(workbooks)
    data = quote(data)
    get_run_logger().info("%s: %s", outcome.state_name, outcome.message)
    if os.environ.get(ANNOUNCE_ENV):  # under `promopacket serve`: one line per run
        _announce(outcome.state_name, outcome.message)
    if outcome.failed:
        return Failed(message=outcome.message, data=data)
    return Completed(name=outcome.state_name, message=outcome.message, data=data)


def refused_state(reason: str, data: Any) -> State:
    """Failed before any work, with the reason (another run holds the outputs folder)."""
    get_run_logger().error(reason)
    if os.environ.get(ANNOUNCE_ENV):
        _announce("Failed", reason)
    return Failed(message=reason, data=quote(data))


def _announce(state_name: str, message: str) -> None:
    from prefect.runtime import flow_run  # only under `serve` (the announcement)

    url = run_url(flow_run.id)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    line = f"{when} run {flow_run.name!r}: {state_name} — {message}"
    print(line + (f" → {url}" if url else ""), flush=True)


def result_of(state: State) -> Any:
    """The flow's return value, also from a Failed run; an exception in the flow re-raised."""
    value = state.result(raise_on_failure=False)
    if isinstance(value, quote):
        value = value.unquote()
    if isinstance(value, BaseException):
        raise value
    return value


def flow_run_url(state: State) -> str | None:
    """The flow run's page in the Prefect UI, when a real server is used (PREFECT_API_URL)."""
    return run_url(state.state_details.flow_run_id)


def run_url(run_id) -> str | None:
    if not os.environ.get("PREFECT_API_URL") or not run_id:
        return None  # the embedded server is gone when the command ends: no page to link
    from prefect.utilities.urls import url_for  # only for a long-lived server's page

    return url_for("flow-run", obj_id=run_id)
