"""Flow `build-workbook`: one workbook → validated records → one task per person → documents."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.states import State

from promopacket.build.person import build_person
from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.core.fsutil import ensure_private_dir
from promopacket.core.models import PersonBundle, WorkbookData
from promopacket.flows.states import final_state
from promopacket.render.check import ensure_templates
from promopacket.report.problems import write_problems
from promopacket.report.summary import STATUS_WORDS
from promopacket.run.workbooks import load_and_validate, person_bundles, workbook_output_dir
from promopacket.settings import Settings


@task(name="validate_workbook")
def validate_workbook_task(
    path: Path, settings: Settings, docs_dir: Path | None = None
) -> WorkbookData:
    return load_and_validate(path, settings, docs_dir)


@task(
    name="render_person",
    task_run_name="render {bundle.person.person_id}",
    retries=1,
    retry_delay_seconds=1,
    retry_condition_fn=lambda task, run, state: is_transient(task, run, state),
)
def render_person(bundle: PersonBundle, out_dir: Path, settings: Settings) -> PersonResult:
    result = build_person(bundle, out_dir, settings)
    get_run_logger().info(
        "%s: %s, files %d", result.person_id, STATUS_WORDS[result.status], len(result.files)
    )
    return result


# File-system hiccups (locks, busy files): worth one more try, unlike data problems.
TRANSIENT = (PermissionError, BlockingIOError, TimeoutError)


def is_transient(task, run, state) -> bool:
    """Retry only file-system hiccups (locks, busy files), never data problems."""
    try:
        state.result()
    except TRANSIENT:
        return True
    except Exception:
        return False
    return False


@task(name="write_problems")
def write_problems_task(result: WorkbookResult) -> str:
    sources = {result.file: result.path} if result.path else None
    path = Path(result.output_dir) / "problems.xlsx"
    return str(write_problems(result.problems, path, sources))


def person_failure(bundle: PersonBundle, exc: BaseException) -> PersonResult:
    """A person whose documents could not be built, with the error as one line."""
    return PersonResult(
        person_id=bundle.person.person_id,
        workbook=bundle.workbook,
        status="failed",
        error=f"{type(exc).__name__}: {exc}",
    )


@flow(name="build-workbook")
def build_workbook(path: Path, settings: Settings | None = None) -> State:
    """Read and validate one workbook, then render each person's documents in its own task.

    Ends as build-cohort does (promopacket/flows/states.py); the state's data is the WorkbookResult.
    """
    settings = settings or Settings()
    ensure_templates(settings.templates_dir)  # a broken template stops the run before rendering
    path = Path(path)
    out_dir = ensure_private_dir(workbook_output_dir(path, settings))
    data = validate_workbook_task(path, settings, out_dir / "validation")
    result = WorkbookResult(
        file=data.file,
        output_dir=str(out_dir),
        path=str(path),
        failed=data.failed,
        counts=data.counts,
        problems=data.problems,
    )
    bundles = [] if data.failed else person_bundles(data)
    futures = [render_person.submit(b, out_dir, settings) for b in bundles]
    for bundle, future in zip(bundles, futures, strict=True):
        try:
            result.people.append(future.result())
        except Exception as exc:  # a failing person is recorded; the others finish
            result.people.append(person_failure(bundle, exc))
    result.files = [f for p in result.people for f in p.files]
    result.files.append(write_problems_task(result))
    return final_state([result], result)
