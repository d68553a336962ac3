"""What the worker fork server (promopacket.build.pool) loads before it forks any worker.

Importing this module loads the core, lemminflect's tables, and the rules and role profiles
the environment's settings name (PROMOPACKET_* variables, as the run sees them): each worker is
a fork of a process that already holds them, instead of loading them again for its first
person (about 0.7 s each, measured). Only the fork server imports it; a failure here is left
for the builds, which load the same things themselves and report it.
"""

from __future__ import annotations

from promopacket.build.pool import warm
from promopacket.settings import Settings

try:
    warm(Settings())
except Exception:  # noqa: BLE001, S110 - each build loads these itself and reports a problem
    pass
