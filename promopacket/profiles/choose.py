"""Which profile a person gets: their `profile` cell, else their titles, else the workbook's
default (Settings sheet), else ml-engineering. The choice says how it was made."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..contract import normalise_name
from .loading import SHIPPED_DEFAULT
from .model import Profile

How = Literal["column", "target_title", "current_title", "workbook", "default"]
HOW_WORDS: dict[str, str] = {
    "column": "People.profile",
    "target_title": "matched from the target title",
    "current_title": "matched from the current title",
    "workbook": "the workbook's default (Settings sheet)",
    "default": "the built-in default",
}


class ProfileChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    how: How
    level: str  # Lead, Staff, Principal, Manager… from the target title
    role: str  # how the documents name the target role, e.g. "Staff engineer"

    @property
    def reason(self) -> str:
        return HOW_WORDS[self.how]

    @property
    def describe(self) -> str:
        """e.g. "data-engineering (matched from the target title), level Staff"."""
        return f"{self.name} ({self.reason}), level {self.level}"


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
