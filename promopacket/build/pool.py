"""People built in worker processes, so rewriting, assembling and rendering use every core.

A run's person tasks are threads, and Python runs one thread at a time: one core does all the
CPU-bound work while the others wait. With enough people to build, the flow opens a pool here
and each person's task hands the build to a worker process and waits for its result. Workers
are forked from a fork server that imported the core once (no Prefect, no Great Expectations),
so a worker costs a fork, not a second import; they are stopped when the builds are done.
Results and exceptions come back pickled; the core never imports Prefect.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from promopacket.build.manifest import PersonBuild, PersonEntry, build_person_incremental
from promopacket.core import timing
from promopacket.core.lifetime import die_with_parent
from promopacket.core.models import PersonBundle
from promopacket.settings import Settings

# From this many workbooks, `run` reads and validates them in worker processes too (each
# worker imports Great Expectations once, about 2 s): fewer are read faster in this process.
MIN_WORKBOOKS = 3
# Below this many people to build, starting the workers (about a second and a half: the fork
# server's imports and each worker's first templates and rules) costs more than the second core
# saves (bench/report.md measures both ways). `--processes N` asks for N workers at any size.
MIN_PEOPLE = 20
# More workers than cores only contend; each holds its own templates and rules (~150 MB).
MAX_DEFAULT = 4
# What the fork server imports once, before any worker is forked from it (the core, word
# tables, rules and profiles): a worker's first person then costs what the others do.
_PRELOAD = ["promopacket.build.preload"]

_pool: ProcessPoolExecutor | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def size_for(requested: int, people: int) -> int:
    """How many worker processes build `people`: 0 means in this process.

    requested: Settings.processes — 0 chooses one per core (up to MAX_DEFAULT) when there are
    at least MIN_PEOPLE people (fewer are built faster here: `watch` rebuilding one person
    measured 2.2 s in a fresh worker, 1.2 s in its warm process); 1 keeps every build in this
    process; N asks for N.
    """
    if people < 1 or requested == 1:
        return 0
    if requested >= 2:
        return min(requested, people)
    size = min(cores(), MAX_DEFAULT, people)
    if cores() < 2:
        return 0
    return size if people >= MIN_PEOPLE else 0


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _executor(size: int) -> ProcessPoolExecutor:
    """Workers that die with the run: a worker's parent is the fork server, which sets the
    same death signal for the run (preload), so a SIGKILLed run leaves neither behind (the
    fork server alone would exit, its workers blocked forever on their queue)."""
    from multiprocessing import forkserver  # only when a pool is to be started

    # Started from this thread, which outlives the pool: the fork server's death signal
    # follows the thread that started it, not the process.
    _context()
    forkserver.ensure_running()
    return ProcessPoolExecutor(max_workers=size, mp_context=_context(), initializer=die_with_parent)


def prestart(requested: int, people: int) -> None:
    """Start the fork server now when `people` would get workers: it loads the core on the
    other core while this process goes on reading and validating, so builds need not wait for
    it (calling again costs nothing).
    Not for fewer people: its loading competes with the Prefect server's boot and this
    process's validation, and a cold one-person run measured 6.0 s without it, 6.7 s with."""
    if multiprocessing.parent_process() is not None:  # a worker starts no servers
        return
    if not size_for(requested, people):
        return
    from multiprocessing import forkserver  # only when a pool is to be started

    _context()
    forkserver.ensure_running()


@contextmanager
def pool(size: int) -> Iterator[None]:
    """Builds go to `size` worker processes inside the block (none: this process)."""
    global _pool
    if size < 1 or _pool is not None:
        yield
        return
    executor = _executor(size)
    _pool = executor
    finished = False
    try:
        yield
        finished = True
    finally:
        _pool = None
        # Stopped by Ctrl-C or SIGTERM: builds not started are dropped (nothing was written for
        # them), a build under way finishes its atomic writes.
        executor.shutdown(wait=True, cancel_futures=not finished)


def read_ahead(
    paths: list[Path], settings: Settings, read: Callable[[Path, Settings], object]
) -> bool:
    """Run `read` (a module-level function: it is sent to the workers) on each workbook in
    worker processes, side by side (run.cohort.read_intakes_ahead); False when there are too
    few to be worth it (nothing done).
    A workbook that fails here is left to the flow's own read, which reports it, located."""
    size = min(cores(), MAX_DEFAULT, len(paths))
    if settings.processes == 1 or len(paths) < MIN_WORKBOOKS or size < 2:
        return False
    with _executor(size) as executor:
        for future in [executor.submit(read, path, settings) for path in paths]:
            try:
                future.result()
            except Exception:  # noqa: BLE001, S112 - reported by the flow's read
                continue
    return True


def warm(settings: Settings) -> None:
    """Load what every build reads, once: lemminflect's tables, the rules and the profiles.

    The fork server does it before forking workers (promopacket.build.preload); a run building on
    threads of its own process does it before the first build, which would otherwise have each
    thread load them at the same time (a 10-person run measured 2 s slower)."""
    # Imported here on purpose: warm() is what loads these, once, before any build.
    from lemminflect import getAllInflections, getAllLemmas

    from promopacket.profiles import cached_profiles
    from promopacket.rewrite.grammar import singular_noun
    from promopacket.rewrite.loading import cached_rules

    singular_noun("pipelines")
    getAllLemmas("reduced")
    getAllInflections("reduce")
    cached_rules(settings.rules_dir, settings.user_rules_dir)
    cached_profiles(settings.rules_dir, settings.profiles_dir)


def build_person(
    bundle: PersonBundle,
    out_dir: Path,
    settings: Settings,
    env_hash: str,
    previous: PersonEntry | None = None,
    force: bool = False,
) -> PersonBuild:
    """build_person_incremental, in a worker process when a pool is open."""
    executor = _pool
    if executor is None:
        return build_person_incremental(bundle, out_dir, settings, env_hash, previous, force)
    return executor.submit(
        _in_worker, bundle, out_dir, settings, env_hash, previous, force
    ).result()


def _in_worker(*args) -> PersonBuild:
    build = build_person_incremental(*args)
    if timing.enabled():
        timing.flush()  # a pool's worker ends without running atexit handlers
    return build
