"""Prefect flows: thin orchestration over promopacket's stages, and the only code that imports
Prefect (flows, states, artifacts, alerts, the local server, serve's runner, the Dask runner).

Entry: `build_cohort(request, settings)`, the flow every run, watch, schedule and deployment runs.
"""

from promopacket.core.lazy import exports

__all__ = ["build_cohort"]
__getattr__, __dir__ = exports(__name__, {"build_cohort": "promopacket.flows.cohort"})
