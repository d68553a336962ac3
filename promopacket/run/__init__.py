"""Stage 8, run: one run's bookkeeping around the builds.

Workbook discovery and folder ownership, the intake cache, groups per workbook and cohort,
results, committee decisions and history, and the run's invariants. Entry: `run_guard(settings)`,
the context every entry path (run, watch, serve, a deployment's worker) runs inside: the
one-writer lock, stale temporary-file clean-up, template and profile checks.
"""

from promopacket.core.lazy import exports

__all__ = ["run_guard"]
__getattr__, __dir__ = exports(__name__, {"run_guard": "promopacket.run.guard"})
