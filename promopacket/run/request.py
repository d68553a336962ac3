"""What one cohort run builds: the cohort flow's parameters as one typed model.

Prefect turns a pydantic parameter into a form in its UI (a field per line, with these
descriptions) and validates a deployment run's parameters against it; the CLI, `serve` and
prefect.yaml all fill this same model.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from promopacket.settings import Settings


class CohortRequest(BaseModel):
    """The workbooks to read and where the documents go."""

    # A misspelt key in prefect.yaml or the UI's JSON is refused, not silently dropped.
    model_config = ConfigDict(extra="forbid", title="Cohort run")

    inputs: Path | None = Field(
        None, description="Folder of workbooks (.xlsx). Empty: the settings' inputs/ folder."
    )
    workbooks: list[Path] | None = Field(
        None, description="Workbooks or folders to read instead of the inputs folder."
    )
    cohort: str | None = Field(
        None,
        description="Only the people whose People.cohort is this, into outputs/<cohort>/.",
        examples=["2026-H2"],
    )
    force: bool = Field(
        False, description="Rebuild every document, also for people unchanged since last run."
    )
    outputs: Path | None = Field(
        None, description="Output folder. Empty: the settings' outputs/ folder."
    )


def absolute(request: CohortRequest, settings: Settings) -> CohortRequest:
    """The request with its folders filled in from the settings and every path absolute."""
    workbooks = [p.resolve() for p in request.workbooks] if request.workbooks else None
    return request.model_copy(
        update={
            "workbooks": workbooks,
            "inputs": None if workbooks else (request.inputs or settings.inputs_dir).resolve(),
            "outputs": (request.outputs or settings.outputs_dir).resolve(),
        }
    )
