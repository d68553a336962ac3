"""The cohort flow's deployments, declared once, here.

`promopacket serve` serves one of them (no work pool, no worker), and prefect.yaml, which
`prefect deploy` / `make deploy` read for a process worker, is written from them
(`make prefect-yaml`; tests/flows/test_deployments.py fails when the file is not current).
Python rather than the YAML as the source: `serve` ships in the wheel, where the repository's
prefect.yaml is not, and reading that file would mean re-implementing Prefect's templating.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from promopacket.run.request import CohortRequest

ENTRYPOINT = "promopacket/flows/cohort.py:build_cohort"
POOL = "promopacket"  # the process work pool `make deploy` creates


@dataclass(frozen=True)
class Deployment:
    name: str
    description: str
    request: CohortRequest
    cron: str | None = None  # None: runs only when triggered (UI, `prefect deployment run`)

    def parameters(self) -> dict:
        """The flow's parameters as Prefect stores them: the request, without its defaults."""
        return {"request": self.request.model_dump(mode="json", exclude_defaults=True)}


DEPLOYMENTS = {
    d.name: d
    for d in (
        Deployment(
            "cohort-weekly",
            "Every workbook in inputs/ for the open promotion cycle, Mondays 06:00.",
            CohortRequest(inputs=Path("inputs"), outputs=Path("outputs")),
            cron="0 6 * * 1",
        ),
        Deployment(
            "example-workbook",
            "The cohort flow on one workbook: the same incremental path as `promopacket run`.",
            CohortRequest(workbooks=[Path("inputs/example.xlsx")]),
        ),
    )
}

HEADER = """\
# Written by `make prefect-yaml` from promopacket/flows/deployments.py: edit that, not this
# (tests/flows/test_deployments.py fails when this file is not current).
# Prefect deployments for promopacket, for a real server and a process worker:
#   prefect server start   (then)   export PREFECT_API_URL=http://127.0.0.1:4200/api
#   make deploy            creates the process work pool `promopacket` if missing, deploys these
#   .venv/bin/prefect worker start --pool promopacket      runs what is scheduled or triggered
# (`promopacket serve` is the other way, for the same deployments: no work pool, no worker.)
"""

# As `promopacket run` sets for itself (flows/runtime.py): nothing leaves the machine, and task
# results, which hold personal data, are not written to storage.
WORKER_ENV = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def prefect_yaml() -> str:
    """prefect.yaml's text for DEPLOYMENTS; the worker runs flows from the folder deployed."""
    work_pool = {"name": POOL, "job_variables": {"env": WORKER_ENV}}
    document = {
        "name": "promopacket",
        "prefect-version": version("prefect"),
        "pull": [{"prefect.deployments.steps.set_working_directory": {"directory": "{{ $PWD }}"}}],
        "deployments": [
            {
                "name": d.name,
                "description": d.description,
                "entrypoint": ENTRYPOINT,
                "parameters": d.parameters(),
                **({"schedules": [{"cron": d.cron}]} if d.cron else {}),
                "work_pool": work_pool,
            }
            for d in DEPLOYMENTS.values()
        ],
    }
    # No anchors: each deployment reads whole, as `prefect deploy` sees it.
    Dumper = type("Dumper", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    body = yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


if __name__ == "__main__":  # `make prefect-yaml`: python -m promopacket.flows.deployments FILE
    Path(sys.argv[1]).write_text(prefect_yaml(), encoding="utf-8")
