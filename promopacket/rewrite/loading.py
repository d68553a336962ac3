"""Read the shipped rules file and merge a user's folder over it; every error is located."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from promopacket.core.rulefiles import RuleFileError, key_line, read_yaml
from promopacket.rewrite.rules import RulesError, RuleSet, RuleSetPatch

RULES_FILE = "rewrite.yaml"
BY_ID = (
    "tidy",
    "weak_phrases",
    "openings",
    "ownership",
    "verb_upgrades",
    "connectors",
    "templates",
)
LISTS = ("strong_verbs", "subjects", "absolute_metrics", "ownership_verbs")
MAPPINGS = ("verbs", "questions", "scope", "period_words", "changes", "partial_credit")


def _read_yaml(path: Path) -> tuple[dict, str]:
    try:
        data, text = read_yaml(path)
    except RuleFileError as exc:
        # "file:line: not valid YAML" / "file: (file): cannot be read": the first line, as is
        head, _, message = exc.lines[0].partition(": ")
        line = head.rsplit(":", 1)[1] if head.rsplit(":", 1)[-1].isdigit() else None
        raise RulesError(path, None, None, message, int(line) if line else None) from None
    data = data or {}
    if not isinstance(data, dict):
        raise RulesError(path, None, None, "the file must be a mapping of rule kinds")
    return data, text


def _error_parts(data: dict, error: dict) -> tuple[str | None, str, str]:
    loc = list(error["loc"])
    rule_id = None
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = data.get(loc[0]) or []
        if loc[1] < len(items) and isinstance(items[loc[1]], dict):
            rule_id = items[loc[1]].get("id")
    field = ".".join(str(p) for p in loc if not isinstance(p, int))
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key (rule kinds and fields are a closed set)"
    return rule_id, field, message


def _locate(path: Path, data: dict, text: str | None, exc: ValidationError) -> RulesError:
    """Every error of the file, each with its line (when the text is the file's own); the
    error's attributes describe the first."""
    found = [
        (*_error_parts(data, error), key_line(text, error["loc"]) if text is not None else None)
        for error in exc.errors()
    ]
    more = [RulesError(path, *parts).lines[0] for parts in found[1:]]
    return RulesError(path, *found[0], more=more)


def _validate(model: type[BaseModel], path: Path, data: dict, text: str) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise _locate(path, data, text, exc) from None


def _merge_by_id(base: list[dict], extra: list[dict]) -> list[dict]:
    """Same id replaces in place; new ids go first, so a user's rule wins over shipped ones."""
    extra_ids = {item.get("id") for item in extra}
    base_ids = {item.get("id") for item in base}
    replaced = [
        next(e for e in extra if e.get("id") == b.get("id")) if b.get("id") in extra_ids else b
        for b in base
    ]
    return [e for e in extra if e.get("id") not in base_ids] + replaced


def merge(data: dict, patch: dict) -> dict:
    merged = dict(data)
    for kind in BY_ID:
        if kind in patch:
            merged[kind] = _merge_by_id(merged.get(kind) or [], patch[kind])
    for kind in LISTS:
        if kind in patch:
            merged[kind] = list(merged.get(kind) or []) + list(patch[kind])
    for kind in MAPPINGS:
        if kind in patch:
            merged[kind] = {**(merged.get(kind) or {}), **patch[kind]}
    return merged


def load_rules(rules_dir: Path, user_rules_dir: Path | None = None) -> RuleSet:
    """Load the shipped rules and merge each user file over them (validated one by one)."""
    path = Path(rules_dir) / RULES_FILE
    data, text = _read_yaml(path)
    _validate(RuleSet, path, data, text)
    last = path
    if user_rules_dir is not None:
        folder = Path(user_rules_dir)
        if not folder.is_dir():
            raise RulesError(folder, None, None, "the user rules folder does not exist")
        for extra_path in sorted(folder.glob("*.y*ml")):
            patch, patch_text = _read_yaml(extra_path)
            _validate(RuleSetPatch, extra_path, patch, patch_text)
            data = merge(data, patch)
            last = extra_path
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:  # a patch that is valid alone but breaks the whole
        raise _locate(last, data, None, exc) from None


def _stamp(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=8)
def _cached(rules_dir: Path, user_rules_dir: Path | None, stamps: tuple) -> RuleSet:
    return load_rules(rules_dir, user_rules_dir)


def cached_rules(rules_dir: Path, user_rules_dir: Path | None = None) -> RuleSet:
    """load_rules once per process while the files stay as they are (an edit reloads them).

    Loading and validating the YAML costs ~50 ms: once per person it was a sixth of a render.
    """
    files = [Path(rules_dir) / RULES_FILE]
    if user_rules_dir is not None and Path(user_rules_dir).is_dir():
        files += sorted(Path(user_rules_dir).glob("*.y*ml"))
    stamps = tuple(_stamp(f) for f in files)
    return _cached(Path(rules_dir), user_rules_dir and Path(user_rules_dir), stamps)
