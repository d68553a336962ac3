"""Document contexts → .docx files with docxtpl (autoescape always on), charts and Word comments."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment
from lxml import etree
from pydantic import BaseModel

from .charts import bar_chart_png
from .fsutil import atomic_write
from .textsafe import xml_safe, xml_safe_tree

COMMENT_AUTHOR = "promopacket"
CHART_WIDTH = Mm(150)


@dataclass(frozen=True)
class Annotation:
    """A Word comment attached to the first paragraph whose text contains `anchor`."""

    anchor: str
    comment: str


def _draw_charts(doc: DocxTemplate, value: Any) -> Any:
    """Replace each chart described as data with an inline PNG image in the document."""
    if isinstance(value, dict):
        if value.get("kind") == "bar_chart" and "counts" in value:
            png = bar_chart_png(value["title"], value["labels"], value["counts"], value["x_label"])
            return InlineImage(doc, io.BytesIO(png), width=CHART_WIDTH)
        return {k: _draw_charts(doc, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_draw_charts(doc, v) for v in value]
    return value


def render_docx(
    template: Path, context: BaseModel, out_path: Path, annotations: list[Annotation] | None = None
) -> Path:
    """Render a template with a typed context and write it atomically."""
    with _RENDER_LOCK:
        return _render(template, context, out_path, annotations)


# Renders in one process take turns: python-docx and docxtpl share one lxml parser, and the
# work is CPU-bound under the GIL anyway (Dask workers give real parallelism).
_RENDER_LOCK = threading.Lock()


class _CompileOnce(Environment):
    """A Jinja environment that compiles each distinct template text once per process.

    docxtpl compiles every part of a .docx (body, headers, footers) from its XML text on every
    render: about a quarter of a packet's render time, for text that is the same for every
    person. Compiled templates are immutable and safe to render from any thread.
    """

    KEPT = 32  # distinct part texts kept (a template has a handful of parts)

    def __init__(self) -> None:
        super().__init__(autoescape=True)  # user text is data: "&", "<tag>", "{{ }}" as written
        self._compiled: dict[str, Any] = {}
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
            if template is None:
                if len(self._compiled) >= self.KEPT:
                    self._compiled.pop(next(iter(self._compiled)))
                template = self._compiled[source] = super().from_string(source)
        return template


_JINJA = _CompileOnce()


def _rebind_body(doc: DocxTemplate) -> None:
    """Give the rendered body python-docx's element classes, whatever happened to it.

    docxtpl swaps in a body parsed by a plain lxml parser; its nodes get python-docx's classes
    only through lxml's proxy lookup. On Dask workers that sometimes failed (about one render
    in ten: "'lxml.etree._Element' object has no attribute 'p_lst'"). Parsing the body again
    with python-docx's parser makes the classes certain, for a few milliseconds.
    """
    root = doc.docx.element
    body = root.find(qn("w:body"))
    fresh = parse_xml(etree.tostring(body))
    root.replace(body, fresh)
    doc.docx._Document__body = None  # python-docx caches the body wrapper


def _render(
    template: Path, context: BaseModel, out_path: Path, annotations: list[Annotation] | None
) -> Path:
    doc = DocxTemplate(str(template))
    data = _draw_charts(doc, xml_safe_tree(context.model_dump(mode="json")))
    # autoescape keeps "&", "<tag>" and quotes as written; user text is data, never Jinja.
    doc.render(data, jinja_env=_JINJA, autoescape=True)
    _rebind_body(doc)
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


def text_dump(path: Path) -> str:
    """A readable, stable dump of a .docx: paragraphs, tables (cells joined by ' | '), images
    and comments, in document order. Golden files compare this, never the bytes."""
    document = Document(str(path))
    lines: list[str] = []
    body = document.element.body
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = next(paragraphs)
            text = paragraph.text.strip()
            if paragraph._p.xpath(".//pic:pic"):
                text = f"{text} [image]".strip()
            if text:
                style = paragraph.style.name if paragraph.style is not None else ""
                prefix = "# " if style.startswith(("Heading", "Title")) else ""
                lines.append(prefix + text)
        elif tag == "tbl":
            for row in next(tables).rows:
                lines.append("| " + " | ".join(c.text.strip() for c in row.cells) + " |")
    for comment in document.comments:
        lines.append(f"[comment by {comment.author}] {comment.text.strip()}")
    return "\n".join(lines) + "\n"
