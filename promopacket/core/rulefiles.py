"""Reading every rule file the same way (rewrite rules, document rules, letters, vocabularies,
profiles): one error format, `file:line: key: message`, every error of a file at once, and one
cache by file version."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from promopacket.core import yamltext

_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleFileError(ValueError):
    """A rule file that cannot be used: one line per problem, each `file:line: key: message`."""

    def __init__(self, lines: str | Sequence[str]):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


def read_yaml(path: Path, name: str | None = None) -> tuple[Any, str]:
    """The file's data and text; unreadable or invalid YAML is a RuleFileError naming the line."""
    name = name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"{name}: (file): cannot be read ({exc.strerror})") from None
    try:
        return yamltext.safe_load(text), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None)
        raise RuleFileError(
            f"{where}: not valid YAML" + (f" ({problem})" if problem else "")
        ) from None


def key_line(text: str, loc: Sequence[str | int]) -> int | None:
    """The line (1-based) of the deepest node of `loc` (a pydantic error location) in text."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def located(name: str, text: str, loc: Sequence[str | int]) -> str:
    """`file:line` where the location is found in text, else `file`."""
    line = key_line(text, loc)
    return f"{name}:{line}" if line else name


def plain_key(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def plain_message(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key (the keys of this file are a closed set)"
    if error["type"] == "missing":
        return "required key is missing"
    return error["msg"].removeprefix("Value error, ")


def validation_lines(
    name: str,
    text: str,
    exc: ValidationError,
    key: Callable[[Sequence[str | int]], str] = plain_key,
    message: Callable[[dict], str] = plain_message,
) -> list[str]:
    """Every error of a validation, each `file:line: key: message`."""
    return [f"{located(name, text, e['loc'])}: {key(e['loc'])}: {message(e)}" for e in exc.errors()]


def validate(model: type[BaseModel], data: Any, name: str, text: str, **how) -> BaseModel:
    """model.model_validate(data), every error raised at once as a RuleFileError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(validation_lines(name, text, exc, **how)) from None


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float, model: type[BaseModel] | None):
    data, text = read_yaml(path)
    data = data or {}
    if model is None:
        return data
    return validate(model, data, str(path), text)


def load_rule_file(path: Path, model: type[BaseModel] | None = None):
    """A rule file validated with model (the raw mapping when model is None), read once per
    file version (path and modification time)."""
    path = Path(path).resolve()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise RuleFileError(f"{path}: (file): missing; restore it from the package") from None
    return _load(path, mtime, model)
