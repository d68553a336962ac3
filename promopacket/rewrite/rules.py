"""Rewrite rules as data: YAML files loaded into strict pydantic models."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

RULES_FILE = "rewrite.yaml"
Has = Literal["metric", "baseline", "result", "outcome", "unit", "better", "scope"]
Direction = Literal["improved", "worsened", "unchanged", "unknown"]
ChangeKind = Literal["percent", "points", "multiple", "from_to"]


class RulesError(ValueError):
    """A rules file that cannot be used, located by file, rule id and field."""

    def __init__(self, file: Path | str, rule_id: str | None, field: str | None, message: str):
        self.file, self.rule_id, self.field = str(file), rule_id, field
        where = ", ".join(
            x
            for x in (
                f"rule '{rule_id}'" if rule_id else None,
                f"field '{field}'" if field else None,
            )
            if x
        )
        super().__init__(f"{file}: {where + ': ' if where else ''}{message}")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Example(Rule):
    row: dict[str, Any]
    expect: str


class WeakPhrase(Rule):
    id: str
    pattern: str
    examples: list[str] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class When(Rule):
    has: list[Has] = Field(default_factory=list)
    lacks: list[Has] = Field(default_factory=list)
    direction: Direction | list[Direction] | None = None
    change: list[ChangeKind] | None = None

    def directions(self) -> list[str] | None:
        if self.direction is None:
            return None
        return [self.direction] if isinstance(self.direction, str) else list(self.direction)


class Template(Rule):
    id: str
    when: When
    template: str
    review: str | None = None
    needs_metric: bool = False
    examples: list[Example] = Field(default_factory=list)


class Verbs(Rule):
    lower: str
    higher: str
    higher_quality: str
    unknown: str


class Questions(Rule):
    by_metric_word: dict[str, str] = Field(default_factory=dict)
    by_competency: dict[str, str] = Field(default_factory=dict)
    by_lever: dict[str, str] = Field(default_factory=dict)
    default: str


class RuleSet(Rule):
    weak_phrases: list[WeakPhrase]
    verbs: Verbs
    quality_words: list[str] = Field(default_factory=list)
    templates: list[Template]
    questions: Questions

    def weak_matches(self, text: str) -> list[str]:
        return [w.id for w in self.weak_phrases if re.search(w.pattern, text, re.IGNORECASE)]


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise RulesError(path, None, None, f"{line}not valid YAML") from exc
    if not isinstance(data, dict):
        raise RulesError(path, None, None, "the file must be a mapping of rule kinds")
    return data


def _merge_by_id(base: list[dict], extra: list[dict]) -> list[dict]:
    merged = {item.get("id"): item for item in base}
    for item in extra:
        merged[item.get("id")] = item  # same id overrides, new id adds
    return list(merged.values())


def _locate(path: Path, data: dict, exc: ValidationError) -> RulesError:
    error = exc.errors()[0]
    loc = list(error["loc"])
    rule_id = None
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = data.get(loc[0]) or []
        if loc[1] < len(items) and isinstance(items[loc[1]], dict):
            rule_id = items[loc[1]].get("id")
    field = ".".join(str(p) for p in loc if not isinstance(p, int))
    return RulesError(path, rule_id, field, error["msg"])


def load_rules(rules_dir: Path, user_rules_dir: Path | None = None) -> RuleSet:
    """Load the shipped rules and merge a user's folder over them (same id overrides)."""
    path = rules_dir / RULES_FILE
    data = _read_yaml(path)
    source = path
    if user_rules_dir is not None:
        for extra_path in sorted(Path(user_rules_dir).glob("*.y*ml")):
            extra = _read_yaml(extra_path)
            unknown = set(extra) - set(RuleSet.model_fields)
            if unknown:
                raise RulesError(extra_path, None, sorted(unknown)[0], "unknown rule kind")
            for kind in ("weak_phrases", "templates"):
                if kind in extra:
                    data[kind] = _merge_by_id(data.get(kind, []), extra[kind])
            for kind in ("verbs", "questions"):
                if kind in extra:
                    data[kind] = {**data.get(kind, {}), **extra[kind]}
            if "quality_words" in extra:
                data["quality_words"] = list(data.get("quality_words", [])) + extra["quality_words"]
            source = extra_path
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        raise _locate(source, data, exc) from None
