"""The run's invariants, in the one entry every run goes through (the cohort flow calls it):
`run`, `watch`, `serve` and a worker running prefect.yaml's deployments all get them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from promopacket.profiles import cached_profiles
from promopacket.render.check import ensure_templates
from promopacket.run.lock import output_lock
from promopacket.settings import Settings


@contextmanager
def run_guard(settings: Settings) -> Iterator[list[Path]]:
    """Check templates and role profiles, then hold the outputs folder's one-writer lock
    (clearing a killed run's temporary files) for the run. Raises TemplateContractError,
    ProfileError or OutputBusy before anything is written."""
    ensure_templates(settings.templates_dir)  # a broken template stops the run before rendering
    cached_profiles(settings.rules_dir, settings.profiles_dir)  # a broken profile, likewise
    with output_lock(settings.outputs_dir, reentrant=True) as removed:
        yield removed
