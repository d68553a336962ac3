"""The one sentence-template syntax of every rule file: Python's format-string syntax.

`{name}` is a placeholder; `{name:filter}` applies a named filter from FILTERS (the format
spec names the filter, so `{what:the}` reads "what, with the"). Values are substituted,
never parsed: a value such as `{{ 7*7 }}` or `{what}` stays literal in the sentence.

    fill("Thanks for {what:the}.", {"what": "Roadmap"})  ->  "Thanks for the roadmap."
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping

DETERMINERS = frozenset(
    "the a an my your our his her their its this that these those each every any some no".split()
)
_OLD_STYLE = re.compile(r"\{(\w+)\|(\w+)\}")


def _decap(value: str) -> str:
    """First letter lower case, unless the first word is an acronym (two capitals or more)."""
    head = value.partition(" ")[0]
    if sum(ch.isupper() for ch in head) > 1:
        return value
    return value[:1].lower() + value[1:]


def _the(value: str) -> str:
    value = _decap(value)
    head = value.partition(" ")[0]
    return value if head.lower() in DETERMINERS else f"the {value}"


def _def(value: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "the ", value, flags=re.IGNORECASE)


def _if(value: str) -> str:
    return ""  # the variant needs the value but does not print it


FILTERS: dict[str, Callable[[str], str]] = {"lower": _decap, "the": _the, "def": _def, "if": _if}


class _Missing(Exception):
    """A placeholder with no value (or a blank one): the template cannot be filled."""


class _Formatter(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():  # no {x.attr}, {x[0]} or {} in a sentence
            raise _Missing(field_name)
        return self.get_value(field_name, args, kwargs), field_name

    def get_value(self, key, args, kwargs):
        value = kwargs.get(key)
        if value is None or not str(value).strip():
            raise _Missing(key)
        return str(value).strip()

    def convert_field(self, value, conversion):
        return value  # conversions are refused at load time; a value is never repr'd

    def format_field(self, value, format_spec):
        if format_spec in FILTERS:
            return FILTERS[format_spec](value)
        return format(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, values: Mapping[str, str | None]) -> str | None:
    """The template with its placeholders filled, or None when one of them is unknown."""
    try:
        return _FORMATTER.vformat(template, (), values)
    except _Missing:
        return None


def _parsed(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    old = _OLD_STYLE.search(template)
    if old:
        name, spec = old.groups()
        raise ValueError(f"{old.group(0)} is the old filter syntax; write {{{name}:{spec}}}")
    try:
        return list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(
            f"not a sentence template ({exc}); placeholders are {{name}} or {{name:filter}}, "
            "a literal brace is written {{ or }}"
        ) from None


def placeholders(template: str) -> list[str]:
    """The placeholder names of a template, in order; bad syntax is a ValueError saying the fix."""
    names = []
    for _, name, spec, conversion in _parsed(template):
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"placeholder {{{name}}} must be a plain name, such as {{what}}")
        if conversion:
            raise ValueError(f"placeholder {{{name}!{conversion}}}: conversions are not allowed")
        if spec and "{" in spec:
            raise ValueError(f"placeholder {{{name}:{spec}}}: a filter is a plain name")
        names.append(name)
    return names


def literal_text(template: str) -> str:
    """The template's own words, placeholders left out."""
    return "".join(literal for literal, *_ in _parsed(template))


def check(template: str) -> str:
    """The template, when its syntax is right and every filter is known (else a ValueError)."""
    for _, name, spec, _ in _parsed(template):
        if name is not None and spec and spec not in FILTERS:
            raise ValueError(
                f"unknown filter '{spec}' in {{{name}:{spec}}}; use one of {', '.join(FILTERS)}"
            )
    placeholders(template)
    return template
