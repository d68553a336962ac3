"""A template's package without the style definitions no document made from it can use.

A template saved from python-docx's default (or from Word) carries about 160 style definitions
in word/styles.xml (350 KB) and the same again in word/stylesWithEffects.xml (440 KB, read
only by Word 2010): every document rendered from it parses, re-serialises and compresses that
800 KB, most of a render's cost, for the dozen styles it uses. A rendered document can only
use the styles its template's parts name (user text is escaped, never markup), so the template
is prepared once per process with those styles, the ones they are based on, link to or are
followed by, the defaults, and the styles Word comments use. Word and LibreOffice supply any
built-in style a reviewer applies later. A package that does not parse is returned unchanged:
docxtpl then reports it as it would have.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES = "word/styles.xml"
_WITH_EFFECTS = "word/stylesWithEffects.xml"
# Styles named in a part: paragraph, run, table and numbering styles.
_STYLE_REF = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
# python-docx's Word comments (render.py) use these.
_ALWAYS = {"CommentText", "CommentReference", "CommentSubject", "BalloonText"}


def slim_template(blob: bytes) -> bytes:
    """The .docx package `blob` with unused style definitions removed (see the module)."""
    try:
        return _slim(blob)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError):
        return blob


def _slim(blob: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(blob))
    names = source.namelist()
    if _STYLES not in names:
        return blob
    used = set(_ALWAYS)
    for name in names:
        if name.endswith(".xml") and name not in (_STYLES, _WITH_EFFECTS):
            used.update(v.decode("utf-8") for v in _STYLE_REF.findall(source.read(name)))
    styles = etree.fromstring(source.read(_STYLES))
    kept = _kept_styles(styles, used)
    for style in styles.findall(f"{{{W}}}style"):
        if style.get(f"{{{W}}}styleId") not in kept:
            styles.remove(style)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == _WITH_EFFECTS:
                continue
            data = source.read(info.filename)
            if info.filename == _STYLES:
                data = etree.tostring(
                    styles, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            elif info.filename == "[Content_Types].xml" or info.filename.endswith(".rels"):
                data = _without_effects_references(data)
            target.writestr(info, data)
    return out.getvalue()


def _kept_styles(styles, used: set[str]) -> set[str]:
    """The used styles, the defaults, and every style they reach through basedOn, next, link."""
    by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.findall(f"{{{W}}}style")}
    defaults = [i for i, s in by_id.items() if s.get(f"{{{W}}}default") in ("1", "true", "on")]
    kept: set[str] = set()
    todo = [i for i in used if i in by_id] + defaults
    while todo:
        style_id = todo.pop()
        if style_id in kept:
            continue
        kept.add(style_id)
        for tag in ("basedOn", "next", "link"):
            ref = by_id[style_id].find(f"{{{W}}}{tag}")
            target = ref.get(f"{{{W}}}val") if ref is not None else None
            if target in by_id:
                todo.append(target)
    return kept


def _without_effects_references(data: bytes) -> bytes:
    """Content types and relationships without the stylesWithEffects part."""
    return re.sub(rb"<(?:Override|Relationship)\b[^>]*stylesWithEffects[^>]*/>", b"", data)
