"""Which profile a person gets: their `profile` cell, else their titles, else the workbook's
default (Settings sheet), else ml-engineering. The choice says how it was made."""

from __future__ import annotations

from promopacket.core.contract import normalise_name
from promopacket.core.models import ProfileChoice
from promopacket.profiles.model import SHIPPED_DEFAULT, Profile


def find(name: str | None, profiles: dict[str, Profile]) -> str | None:
    """The profile named (ignoring case and spacing), or None."""
    if not name:
        return None
    keys = {normalise_name(n): n for n in profiles}
    return keys.get(normalise_name(name))


def profile_for_title(title: str | None, profiles: dict[str, Profile]) -> str | None:
    """The highest-priority profile whose title words appear in title (ties: by name)."""
    hits = [p for p in profiles.values() if p.match.matches(title)]
    if not hits:
        return None
    return sorted(hits, key=lambda p: (-p.match.priority, p.name))[0].name


def choose_profile(
    profiles: dict[str, Profile],
    *,
    column: str | None = None,
    target_title: str | None = None,
    current_title: str | None = None,
    workbook_default: str | None = None,
) -> ProfileChoice:
    """column, else target title, else current title, else workbook default, else the built-in."""
    name, how = find(column, profiles), "column"
    if name is None:
        name, how = profile_for_title(target_title, profiles), "target_title"
    if name is None:
        name, how = profile_for_title(current_title, profiles), "current_title"
    if name is None:
        name, how = find(workbook_default, profiles), "workbook"
    if name is None:
        name, how = SHIPPED_DEFAULT, "default"
    profile = profiles[name]
    level = profile.level(target_title)
    return ProfileChoice(name=name, label=profile.label, how=how, level=level.name, role=level.role)
