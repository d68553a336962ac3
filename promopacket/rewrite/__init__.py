"""Rewriting: rules as data turn weak entries into strong statements without inventing numbers."""

from .engine import rewrite_achievement, rewrite_all
from .loading import load_rules
from .rules import RulesError, RuleSet

__all__ = ["RuleSet", "RulesError", "load_rules", "rewrite_achievement", "rewrite_all"]
