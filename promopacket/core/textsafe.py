"""Text made safe for Word XML: characters XML 1.0 forbids are removed, nothing else changes."""

from __future__ import annotations

import re
from typing import Any

# What XML 1.0 (so Word, and openpyxl's writer) cannot hold: control characters but tab, line
# feed and carriage return; U+FFFE/U+FFFF; a lone half of a UTF-16 surrogate pair.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return ILLEGAL_XML.sub("", text)


def xml_safe_tree(value: Any) -> Any:
    """Apply xml_safe to every string in nested dicts/lists."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {k: xml_safe_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe_tree(v) for v in value]
    return value
