"""Evidence cells as Word text: a URL becomes a real hyperlink, anything else stays as written."""

from __future__ import annotations

import re
from typing import Any

from docxtpl import DocxTemplate, RichText

URL = re.compile(r"https?://[^\s;,<>]+[^\s;,<>.)]")
LINK_COLOR, TEXT_COLOR = "0563C1", "595959"  # Word's hyperlink blue; the project line's grey


def evidence_text(doc: DocxTemplate, text: str) -> RichText:
    """'design doc FS-12; https://wiki/x' → plain text and a clickable link, in order."""
    rich, at = RichText(), 0
    for match in URL.finditer(text):
        if match.start() > at:
            rich.add(text[at : match.start()], italic=True, color=TEXT_COLOR)
        url = match.group(0)
        rich.add(url, url_id=doc.build_url_id(url), color=LINK_COLOR, underline=True)
        at = match.end()
    if at < len(text):
        rich.add(text[at:], italic=True, color=TEXT_COLOR)
    return rich


def link_evidence(doc: DocxTemplate, value: Any) -> Any:
    """Every context value under an 'evidence' key → RichText (templates print it with {{r }})."""
    if isinstance(value, dict):
        return {
            k: evidence_text(doc, v)
            if k == "evidence" and isinstance(v, str) and v
            else link_evidence(doc, v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [link_evidence(doc, v) for v in value]
    return value
