"""promopacket: promotion-case spreadsheets in, validated and quantified Word documents out."""

__version__ = "0.1.0"
