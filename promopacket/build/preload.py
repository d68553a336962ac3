"""What the worker fork server (promopacket.build.pool) loads before it forks any worker.

Importing this module loads the core, lemminflect's tables, and the rules and role profiles
the environment's settings name (PROMOPACKET_* variables, as the run sees them): each worker is
a fork of a process that already holds them, instead of loading them again for its first
person (about 0.7 s each, measured). It also sets the fork server's death signal, so it ends
with the run that started it (promopacket.core.lifetime). Only the fork server imports it; a
failure here is left for the builds, which load the same things themselves and report it.
"""

from __future__ import annotations

from promopacket.core.lifetime import die_with_parent

die_with_parent()  # first: the fork server ends with the run, also while it loads the rest

from promopacket.build.pool import warm  # noqa: E402
from promopacket.settings import Settings  # noqa: E402

try:
    warm(Settings())
except Exception:  # noqa: BLE001, S110 - each build loads these itself and reports a problem
    pass
