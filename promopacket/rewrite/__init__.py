"""Rewriting: rules as data turn weak entries into strong statements without inventing numbers."""

from promopacket.rewrite.engine import rewrite_achievement, rewrite_all
from promopacket.rewrite.loading import load_rules
from promopacket.rewrite.rules import RulesError, RuleSet

__all__ = ["RuleSet", "RulesError", "load_rules", "rewrite_achievement", "rewrite_all"]
