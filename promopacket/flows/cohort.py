"""Flow `build-cohort`: many workbooks → one task per workbook to read, one per person to render.

A failing workbook or person is recorded and the others finish. Unchanged people are skipped
(manifest); summary.xlsx, problems.xlsx and Prefect artifacts (counts and ids only) report it.
"""

# No `from __future__ import annotations` here: the flow's parameter types must be objects, not
# strings. A served run gets the flow pickled by value, whose globals hold only the names its
# body uses, so a string 'CohortRequest' could not be resolved there ("Build_CohortModel is not
# fully defined": tests/integration/test_schedule.py caught it).
import re
import time
from pathlib import Path
from typing import NamedTuple

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from promopacket.build import pool as workers
from promopacket.build.manifest import (
    Manifest,
    PersonBuild,
    PersonEntry,
    environment_hash,
    load_manifest,
    save_manifest,
    unchanged_build,
)
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.core import progress, timing
from promopacket.core.fsutil import ensure_private_dir
from promopacket.core.models import PersonBundle
from promopacket.flows.states import final_state, refused_state
from promopacket.report.current import current_reports, finished_group
from promopacket.report.summary import (
    STATUS_WORDS,
    artifact_markdown,
    artifact_table,
    intake_line,
    write_reports,
)
from promopacket.run.cohort import (
    Group,
    GroupResult,
    Intake,
    RunResult,
    cached_intake,
    failed_intake,
    list_workbooks,
    plan_groups,
    read_intake,
)
from promopacket.run.guard import run_guard
from promopacket.run.lock import OutputBusy
from promopacket.run.request import CohortRequest
from promopacket.settings import Settings

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


def person_failure(bundle: PersonBundle, exc: BaseException) -> PersonResult:
    """A person whose documents could not be built, with the error as one line."""
    return PersonResult(
        person_id=bundle.person.person_id,
        workbook=bundle.workbook,
        status=PersonStatus.FAILED,
        error=f"{type(exc).__name__}: {exc}",
    )


timing.mark("flows_imported")  # Prefect and the core are imported; the server is not started


# NO_CACHE: no task result is persisted (personal data), so Prefect's input hashing for a
# cache key bought nothing and cost a hash of every parameter per task run.
@task(
    name="read_workbook",
    task_run_name="read {path.name}",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=1,
    retry_condition_fn=is_transient,
)
def read_workbook_task(path: Path, settings: Settings) -> Intake:
    intake = read_intake(path, settings)
    get_run_logger().info(intake_line(intake.data))
    return intake


# At most this many person task runs in a flow run. Prefect's bookkeeping of a task run costs
# about 50 ms of CPU (this process and its server, measured in bench/), as much as building a
# person, so a larger cohort shares them: 1,000 people → 100 task runs of 10 people each. Up to
# 100 people, every person is a task run of their own. Each person is still logged and counted
# on their own, and one failing never stops the others.
TASK_RUNS = 100


class Job(NamedTuple):
    bundle: PersonBundle
    out_dir: Path
    previous: PersonEntry | None


# Task runs are named by person id (ids are what the Prefect UI may show; names never).
@task(name="render_people", cache_policy=NO_CACHE, task_run_name="render {label}")
def render_people(
    jobs: list[Job], settings: Settings, env_hash: str, force: bool, label: str
) -> list[PersonBuild | PersonResult]:
    """Build each person of `jobs`: their PersonBuild, or a failed PersonResult."""
    built = [_build(job, settings, env_hash, force) for job in jobs]
    if timing.enabled():
        timing.flush()  # a Dask worker may be stopped before its atexit runs
    return built


def _build(job: Job, settings: Settings, env_hash: str, force: bool) -> PersonBuild | PersonResult:
    """One person's build (in a worker process of this run when a pool is open), tried once
    more after a file-system hiccup; a failure is recorded and logged, never raised."""
    bundle, out_dir, previous = job
    logger = get_run_logger()
    try:
        try:
            build = workers.build_person(bundle, out_dir, settings, env_hash, previous, force)
        except TRANSIENT:
            time.sleep(1)
            build = workers.build_person(bundle, out_dir, settings, env_hash, previous, force)
    except Exception as exc:  # a failing person is recorded; the others go on
        failure = person_failure(bundle, exc)
        logger.error("%s: failed (%s)", failure.person_id, failure.error)
        return failure
    result = build.result
    logger.info(
        "%s: %s, files %d", result.person_id, STATUS_WORDS[result.status], len(result.files)
    )
    return build


def _chunks(jobs: list, size: int) -> list[list]:
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def _label(jobs: list[Job]) -> str:
    first = jobs[0].bundle.person.person_id
    return first if len(jobs) == 1 else f"{first} and {len(jobs) - 1} more"


@task(name="write_reports", cache_policy=NO_CACHE)
def write_reports_task(group: GroupResult, manifest: Manifest) -> list[str]:
    with timing.stage("reports"):
        reports = write_reports(group, manifest)
        saved = save_manifest(manifest, Path(group.output_dir))
    return [*reports, str(saved or Path(group.output_dir) / "manifest.json")]


def _read_all(paths: list[Path], settings: Settings) -> list[Intake]:
    """Each workbook's intake: an unchanged one's cached intake at once, the others read and
    validated by a task run each (a task run to load a cached file cost more than the load:
    a 20-workbook rerun spent 2 s in them)."""
    cached = {i: cached_intake(p, settings) for i, p in enumerate(paths)}
    futures = {
        i: read_workbook_task.submit(p, settings) for i, p in enumerate(paths) if cached[i] is None
    }
    if len(futures) < len(paths):
        get_run_logger().info(
            "%d workbooks unchanged since the last run: their intake reused",
            len(paths) - len(futures),
        )
    intakes = []
    for i, path in enumerate(paths):
        if cached[i] is not None:
            get_run_logger().info(intake_line(cached[i].data))  # one line per workbook, always
            intakes.append(cached[i])
            continue
        try:
            intakes.append(futures[i].result())
        except Exception as exc:  # one unreadable workbook never stops the others
            intakes.append(failed_intake(path, exc))
    return intakes


def _render_all(
    groups: list[Group], manifests: list[Manifest], settings: Settings, force: bool
) -> dict[tuple[int, int], PersonResult]:
    """Submit every person of every group at once, collect as they finish (progress)."""
    env_hash = environment_hash(settings)
    todo = []
    results: dict[tuple[int, int], PersonResult] = {}
    for g, (group, manifest) in enumerate(zip(groups, manifests, strict=True)):
        out_dir = ensure_private_dir(Path(group.output_dir))
        for b, bundle in enumerate(group.bundles):
            previous = manifest.people.get(bundle.person.person_id)
            # Unchanged people are settled here: a task run each would cost more than the check.
            skipped = None if force else unchanged_build(bundle, out_dir, env_hash, previous)
            if skipped is not None:
                results[(g, b)] = skipped.result
                progress.emit("person", person_id=bundle.person.person_id, status="unchanged")
                continue
            todo.append((g, b, Job(bundle, out_dir, previous)))
    get_run_logger().info(
        "%d people to render, %d unchanged since the last build", len(todo), len(results)
    )
    timing.mark("builds_start")
    size = -(-len(todo) // TASK_RUNS) if todo else 1  # people per task run
    threads = _in_threads()  # Dask workers are processes of their own
    processes = workers.size_for(settings.processes, len(todo)) if threads else 0
    if processes:
        get_run_logger().info("building in %d worker processes", processes)
    if todo and not processes and threads:
        workers.warm(settings)  # once, before the threads' first builds race to load it
    with workers.pool(processes):
        futures = {}
        for batch in _chunks(todo, size):
            jobs = [job for _, _, job in batch]
            # quote(): Prefect would otherwise walk every field of every bundle looking for
            # futures to resolve (measured: 5 s of a 1,000-person rerun's 31 s in the run).
            # Threads only: Dask workers receive a quoted parameter still wrapped.
            sent = quote(jobs) if threads else jobs
            future = render_people.submit(sent, settings, env_hash, force, _label(jobs))
            futures[future] = batch
        for future in as_completed(list(futures)):
            batch = futures[future]
            try:
                built = future.result()
            except Exception as exc:  # the task itself failed (a Dask worker lost …)
                built = [person_failure(job.bundle, exc) for _, _, job in batch]
            for (g, b, job), item in zip(batch, built, strict=True):
                bundle = job.bundle
                if isinstance(item, PersonBuild):
                    results[(g, b)] = item.result
                    if item.entry is not None:
                        manifests[g].people[bundle.person.person_id] = item.entry
                else:
                    results[(g, b)] = item
                status = results[(g, b)].status
                progress.emit("person", person_id=bundle.person.person_id, status=status)
                timing.mark("first_build_done")
    timing.mark("builds_end")
    return results


def _in_threads() -> bool:
    """Whether this flow run's tasks run on threads of this process (not Dask workers)."""
    context = FlowRunContext.get()
    return context is not None and isinstance(context.task_runner, ThreadPoolTaskRunner)


# Renders take turns within a process (render.py) and Python runs one thread at a time, so a
# few threads keep the work flowing; with worker processes each thread waits for one of them,
# so there are more threads than workers. Prefect's default is a thread per submitted task:
# with 1,000 people, 1,000 threads contending for the GIL, and memory growing with the cohort.
THREADS = workers.MAX_DEFAULT + 2


def artifact_key(cohort: str | None, kind: str = "summary") -> str:
    """An artifact's key, one per cohort (`promopacket-2026-h2-summary`, `…-people`), so the
    UI's Artifacts page versions each cohort's own; Prefect allows lowercase, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", (cohort or "").lower()).strip("-")
    return f"promopacket-{slug}-{kind}" if slug else f"promopacket-{kind}"


def summary_key(cohort: str | None) -> str:
    return artifact_key(cohort, "summary")


@flow(name="build-cohort", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def build_cohort(
    request: CohortRequest = CohortRequest(),  # never changed by the flow: one shared default
    settings: Settings | None = None,
) -> State:
    """Build every person's documents from a folder of workbooks, or from a named cohort.

    `request` is one typed parameter, so the Prefect UI shows it as a form. Ends Failed when a
    workbook or person failed, "Completed with problems" when rows were rejected, else
    Completed; the state's data is the RunResult (flows.states.result_of).
    """
    timing.mark("flow_start")
    settings = settings or Settings()
    overrides = {"inputs_dir": request.inputs, "outputs_dir": request.outputs}
    settings = settings.model_copy(update={k: Path(v) for k, v in overrides.items() if v})
    # The run's invariants (checks, the one-writer lock, a killed run's clean-up) are taken
    # here, so every way of starting this flow gets them; the CLI already holds the lock.
    try:
        with run_guard(settings):
            return _build_cohort(request.workbooks, request.cohort, request.force, settings)
    except OutputBusy as exc:
        return refused_state(str(exc), RunResult(cohort=request.cohort))


def _build_cohort(
    workbooks: list[Path] | None, cohort: str | None, force: bool, settings: Settings
) -> State:
    intakes = _read_all(list_workbooks(workbooks or [settings.inputs_dir]), settings)
    groups = plan_groups(intakes, settings, cohort)
    progress.emit("planned", total=sum(len(g.bundles) + len(g.failures) for g in groups))
    for group in groups:
        for failure in group.failures:
            progress.emit("person", person_id=failure.person_id, status="failed")
            get_run_logger().info("%s: failed (%s)", failure.person_id, failure.error)
    manifests = [load_manifest(Path(g.output_dir)) for g in groups]
    rendered = _render_all(groups, manifests, settings, force)
    run = RunResult(cohort=cohort)
    for g, group in enumerate(groups):
        people = [rendered[(g, b)] for b in range(len(group.bundles))] + group.failures
        result = finished_group(group, people, settings)  # redacted when settings say so
        ensure_private_dir(Path(group.output_dir))
        current = current_reports(result, manifests[g])  # made from the same: no task run
        if current is not None:
            result.reports = [*current, str(Path(group.output_dir) / "manifest.json")]
        else:
            result.reports = write_reports_task(quote(result), quote(manifests[g]))
        run.groups.append(result)
    scope = f"cohort {cohort}" if cohort else "folder run"
    create_table_artifact(
        key=artifact_key(cohort, "people"),
        table=artifact_table(run),
        description=f"People, {scope} (counts, ids)",
    )
    create_markdown_artifact(
        key=summary_key(cohort),
        markdown=artifact_markdown(run),
        description=f"Run summary, {scope}: workbooks, people written, problems",
    )
    for group in run.groups:
        reports = ", ".join(Path(r).name for r in group.reports)
        get_run_logger().info("%s: %s written or current", group.name, reports)
    timing.mark("flow_end")
    # Failed / "Completed with problems" / Completed, carrying the RunResult (flows/states.py).
    return final_state([w for g in run.groups for w in g.workbooks], run)
