"""Document contexts → .docx files with docxtpl (autoescape always on), plus Word comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate
from pydantic import BaseModel

from .fsutil import atomic_write
from .textsafe import xml_safe, xml_safe_tree

COMMENT_AUTHOR = "promopacket"


@dataclass(frozen=True)
class Annotation:
    """A Word comment attached to the first paragraph whose text contains `anchor`."""

    anchor: str
    comment: str


def render_docx(
    template: Path, context: BaseModel, out_path: Path, annotations: list[Annotation] | None = None
) -> Path:
    """Render a template with a typed context and write it atomically."""
    doc = DocxTemplate(str(template))
    # autoescape keeps "&", "<tag>" and quotes as written; user text is data, never Jinja.
    doc.render(xml_safe_tree(context.model_dump(mode="json")), autoescape=True)
    if annotations:
        _add_comments(doc, annotations)
    return atomic_write(out_path, lambda tmp: doc.save(str(tmp)))


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _add_comments(doc: DocxTemplate, annotations: list[Annotation]) -> None:
    document = doc.docx
    pending = {xml_safe(a.anchor): a.comment for a in annotations}
    for paragraph in _paragraphs(document):
        if not pending or not paragraph.runs:
            continue
        text = paragraph.text
        for anchor in list(pending):
            if anchor and anchor in text:
                document.add_comment(
                    paragraph.runs,
                    text=xml_safe(pending.pop(anchor)),
                    author=COMMENT_AUTHOR,
                    initials="PP",
                )
                break
