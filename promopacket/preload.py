"""What the worker fork server (promopacket.workers) loads before it forks any worker.

Importing this module loads the core, lemminflect's tables, and the rules and role
profiles the environment's settings name (PROMOPACKET_* variables, as the run sees them): each
worker is a fork of a process that already holds them, instead of loading them again for its
first person (about 0.7 s each, measured). Nothing else happens on import; a failure here is
left for the builds, which load the same things themselves and report it.
"""

from __future__ import annotations

from . import manifest  # noqa: F401 - the core a build runs: rewrite, assemble, render


def _load() -> None:
    from lemminflect import getAllInflections, getAllLemmas

    from .profiles import cached_profiles
    from .rewrite.grammar import singular_noun
    from .rewrite.loading import cached_rules
    from .settings import Settings

    singular_noun("pipelines")
    getAllLemmas("reduced")
    getAllInflections("reduce")
    settings = Settings()
    cached_rules(settings.rules_dir, settings.user_rules_dir)
    cached_profiles(settings.rules_dir, settings.profiles_dir)


try:
    _load()
except Exception:  # noqa: BLE001, S110 - each build loads these itself and reports a problem
    pass
