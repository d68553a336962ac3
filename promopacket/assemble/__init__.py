"""Records → document contexts (plain, typed data a template can use)."""

from promopacket.assemble.brief import assemble_brief
from promopacket.assemble.contexts import (
    TEMPLATE_CONTEXTS,
    BriefContext,
    LetterContext,
    PacketContext,
)
from promopacket.assemble.ladder import Ladder, ladder_for
from promopacket.assemble.letter import assemble_letter, follow_up_date, letter_dates
from promopacket.assemble.packet import assemble_packet, build_case

__all__ = [
    "TEMPLATE_CONTEXTS",
    "BriefContext",
    "Ladder",
    "LetterContext",
    "PacketContext",
    "assemble_brief",
    "assemble_letter",
    "assemble_packet",
    "build_case",
    "follow_up_date",
    "ladder_for",
    "letter_dates",
]
