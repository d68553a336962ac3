"""Records → document contexts (plain, typed data a template can use)."""

from .contexts import TEMPLATE_CONTEXTS, LetterContext, PacketContext
from .letter import assemble_letter, follow_up_date, letter_dates
from .packet import assemble_packet

__all__ = [
    "TEMPLATE_CONTEXTS",
    "LetterContext",
    "PacketContext",
    "assemble_letter",
    "assemble_packet",
    "follow_up_date",
    "letter_dates",
]
