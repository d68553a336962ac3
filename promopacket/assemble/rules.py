"""The packet's rule files under templates/rules/, loaded and validated once per file version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Matcher(RuleModel):
    """What in a row counts as evidence: its lever, its competency, or a keyword in its text."""

    levers: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class Expectation(Matcher):
    id: str
    label: str


class Coverage(RuleModel):
    covered_at: int = Field(ge=1)
    labels: dict[str, str]


class ExpectationRules(RuleModel):
    coverage: Coverage
    expectations: list[Expectation]


class Signal(RuleModel):
    id: str
    check: dict
    signal: str
    gap: str


class Archetype(Matcher):
    reason: str


class Flag(RuleModel):
    id: str
    check: dict
    text: str


class ReadinessRules(RuleModel):
    strong_score: int
    leverage_levers: list[str]
    signals: list[Signal]
    archetypes: dict[str, Archetype]
    archetype_text: dict[str, str]
    flags: list[Flag]


class Objection(Matcher):
    objection: str
    stance: str
    compensation: bool = False


class ObjectionRules(RuleModel):
    objections: list[Objection]
    max_evidence: int = Field(ge=1)
    no_evidence: str
    compensation_answer: str
    compensation_off: str


class RulesFileError(ValueError):
    """A rule file that cannot be used, named with the file and the field."""


def _read(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesFileError(f"{path}: cannot be read ({exc})") from None


@lru_cache(maxsize=32)
def _load(path: Path, mtime: float, model: type[BaseModel] | None):
    data = _read(path)
    if model is None:
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RulesFileError(f"{path}: {where}: {first['msg']}") from None


def load(rules_dir: Path, name: str, model: type[BaseModel] | None = None):
    """templates/rules/<name>, validated with model (or the raw mapping when model is None)."""
    path = (Path(rules_dir) / name).resolve()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise RulesFileError(f"{path}: missing; restore it from the repository") from None
    return _load(path, mtime, model)


def expectations(rules_dir: Path) -> ExpectationRules:
    return load(rules_dir, "expectations.yaml", ExpectationRules)


def readiness(rules_dir: Path) -> ReadinessRules:
    return load(rules_dir, "readiness.yaml", ReadinessRules)


def objections(rules_dir: Path) -> ObjectionRules:
    return load(rules_dir, "objections.yaml", ObjectionRules)


def letters(rules_dir: Path):
    """letters.yaml as LetterRules (assemble/letter_rules.py, which builds on RuleModel here)."""
    from .letter_rules import LetterRules

    return load(rules_dir, "letters.yaml", LetterRules)


def packet_wording(rules_dir: Path) -> dict:
    return load(rules_dir, "packet.yaml")


def compensation(rules_dir: Path) -> dict:
    return load(rules_dir, "compensation.yaml")


def vocabulary(rules_dir: Path, name: str) -> list[str]:
    return list(load(rules_dir, "vocabularies.yaml").get(name) or [])
