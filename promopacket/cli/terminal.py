"""The terminal's encoding never breaks a command: what it cannot show prints as ASCII.

With an ASCII locale (`LC_ALL=C`, Python's UTF-8 mode off) sys.stdout is an ASCII stream and
the first '✓' or 'Zoë' raised UnicodeEncodeError mid-run. The streams themselves now fall back:
our glyphs to their ASCII forms, accented letters to their base letters, anything else to '?'.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata

ERRORS = "promopacket-ascii"
# The glyphs the commands print, and what an ASCII terminal gets instead.
FALLBACKS = {
    "✓": "ok",
    "✗": "x",
    "→": "->",
    "←": "<-",
    "…": "...",
    "—": "-",
    "–": "-",
    "─": "-",
    "·": "-",
    "•": "*",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "≤": "<=",
    "≥": ">=",
    "×": "x",
    "\u00a0": " ",
    "\ufffd": "?",
}


def _fallback(char: str) -> str:
    if char in FALLBACKS:
        return FALLBACKS[char]
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = []
    for char in text:
        try:
            char.encode(error.encoding)
            out.append(char)
        except (UnicodeEncodeError, LookupError):
            fallback = _fallback(char)
            try:
                fallback.encode(error.encoding)
            except (UnicodeEncodeError, LookupError):
                fallback = "?"
            out.append(fallback)
    return "".join(out), error.end


codecs.register_error(ERRORS, _handler)


def _can_show(stream) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✓→…Zoë".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def safe_streams() -> None:
    """Give stdout and stderr the ASCII fallbacks when their encoding cannot show our text;
    child Python processes (workers, the server) replace what they cannot show."""
    fallen_back = False
    for stream in (sys.stdout, sys.stderr):
        if stream is None or _can_show(stream) or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors=ERRORS)
            fallen_back = True
        except (ValueError, OSError):  # a closed or detached stream: nothing prints anyway
            continue
    if fallen_back:
        os.environ.setdefault("PYTHONIOENCODING", ":replace")
