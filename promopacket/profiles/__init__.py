"""Role profiles: a ladder's content as data (templates/rules/profiles/), chosen per person."""

from promopacket.profiles.choose import ProfileChoice, choose_profile, find, profile_for_title
from promopacket.profiles.loading import (
    SHIPPED_DEFAULT,
    ProfileError,
    cached_profiles,
    load_profiles,
    read_profile,
)
from promopacket.profiles.model import Profile

__all__ = [
    "SHIPPED_DEFAULT",
    "Profile",
    "ProfileChoice",
    "ProfileError",
    "cached_profiles",
    "choose_profile",
    "find",
    "load_profiles",
    "profile_for_title",
    "read_profile",
]
