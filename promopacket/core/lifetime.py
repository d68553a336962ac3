"""Child processes that end with the run, however the run ends (even by SIGKILL).

Linux's parent-death signal (prctl PR_SET_PDEATHSIG) is delivered to a process when the thread
that created it exits: the embedded Prefect server, the worker fork server, each worker and
LibreOffice set it, so an OOM kill or a container stop of the run leaves none of them behind.
Elsewhere these are no-ops (the run's exit handlers and the fork server's pipe still apply).
"""

from __future__ import annotations

import ctypes
import signal

PR_SET_PDEATHSIG = 1

try:  # resolved here, in the parent: a child between fork and exec must not dlopen
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Have this process receive `signum` when its parent (thread) exits; as a preexec_fn,
    a worker initializer or at import in the fork server."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signum))
