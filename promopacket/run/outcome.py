"""How a run ended, as one of three outcomes a scheduler can act on (counts and ids only).

- ``failed``: a workbook was not processed or a person got no documents (their People row
  was rejected, or rendering failed). Prefect: a ``Failed`` flow run.
- ``problems``: every person was built, but rows were rejected (left out of the documents).
  Prefect: a ``Completed`` run named "Completed with problems".
- ``completed``: nothing blocked (advice, such as a missing metric, does not count).

The message is what the Prefect UI, the run log and `serve` show: never names or statements.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from promopacket.build.results import PersonStatus, WorkbookResult

COMPLETED = "Completed"
WITH_PROBLEMS = "Completed with problems"
FAILED = "Failed"


class RunOutcome(BaseModel):
    kind: Literal["completed", "problems", "failed"]
    state_name: str  # the Prefect state name for this outcome
    message: str  # counts only

    @property
    def failed(self) -> bool:
        return self.kind == "failed"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_outcome(workbooks: list[WorkbookResult]) -> RunOutcome:
    """The outcome of building these workbooks, with a one-line message of counts."""
    people = [p for w in workbooks for p in w.people]
    not_processed = sum(w.failed for w in workbooks)
    failed_people = sum(p.status == PersonStatus.FAILED for p in people)
    rejected = sum(c.rejected for w in workbooks if not w.failed for c in w.counts.values())
    blocking = sum(w.blocking for w in workbooks)
    written = sum(p.status == PersonStatus.OK for p in people)
    unchanged = sum(p.status == PersonStatus.UNCHANGED for p in people)
    parts = [
        _plural(len(workbooks), "workbook")
        + (f" ({not_processed} not processed)" if not_processed else ""),
        f"{_plural(len(people), 'person') if len(people) == 1 else f'{len(people)} people'}: "
        f"{written} written, {unchanged} unchanged, {failed_people} failed",
        f"{_plural(rejected, 'row')} rejected",
        f"{_plural(blocking, 'blocking problem')}",
    ]
    message = "; ".join(parts)
    if not_processed or failed_people:
        return RunOutcome(kind="failed", state_name=FAILED, message=message)
    if blocking:
        return RunOutcome(kind="problems", state_name=WITH_PROBLEMS, message=message)
    return RunOutcome(kind="completed", state_name=COMPLETED, message=message)
