"""Cell text as Excel shows it: its `_xHHHH_` escapes decoded, and what Word cannot hold removed.

The file format escapes characters XML cannot carry as `_xHHHH_` (`_x000D_` for a carriage
return, `_x005F_` for a literal '_x…' that is not an escape), and some tools write each UTF-16
half of an emoji that way (`_xD83D__xDE00_`). openpyxl hands these over literally, so they
reached the documents; Excel decodes them on load, and so do we, joining surrogate pairs. A
character Word's XML cannot hold (a control character, a lone half of a pair) is removed, and
the cell gets an advice saying which.
"""

from __future__ import annotations

import re
import unicodedata

from promopacket.core.textsafe import ILLEGAL_XML

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _join_pair(match: re.Match) -> str:
    return match[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (half of an emoji or symbol)"
    return f"{code} ({unicodedata.name(char, 'control character').lower()})"


def excel_text(value: str) -> tuple[str, str]:
    """(the text as Excel shows it, '' or which characters were removed for Word)."""
    if "_x" in value:
        value = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
    if "\r" in value:  # Excel's line break is '\n'; '_x000D_\n' is one break
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not ILLEGAL_XML.search(value):
        return value, ""
    value = _PAIR.sub(_join_pair, value)
    removed = sorted(set(ILLEGAL_XML.findall(value)))
    if not removed:
        return value, ""
    return ILLEGAL_XML.sub("", value), ", ".join(_name(c) for c in removed)
