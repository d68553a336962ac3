"""Document contexts → .docx files with docxtpl (autoescape always on), charts and Word comments."""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup as oxml_element_class_lookup
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, TemplateError
from lxml import etree
from pydantic import BaseModel

from promopacket.core.fsutil import atomic_write
from promopacket.core.textsafe import xml_safe, xml_safe_tree
from promopacket.render.charts import bar_chart_png
from promopacket.render.docxslim import slim_template
from promopacket.render.links import link_evidence

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


class _Compiled:
    """A template file prepared once per process: its bytes and each part's Jinja-ready XML.

    docxtpl reads the file, serialises the body back to text and cleans it with a dozen
    regular expressions (patch_xml) on every render; all of that depends only on the file.
    The unused style definitions are dropped here too (docxslim): most of a render's cost.
    """

    def __init__(self, path: Path, stamp: tuple[int, int]):
        self.stamp = stamp
        self.blob = slim_template(path.read_bytes())  # without the styles nothing can use
        self.sources: dict[str, tuple[str, str]] = {}  # part name → (patched XML, encoding)


_COMPILED: dict[str, _Compiled] = {}
_COMPILED_KEPT = 16


def _compiled(template: Path) -> _Compiled:
    """The prepared template, reloaded when the file changes (`watch` edits templates too)."""
    info = Path(template).stat()
    stamp = (info.st_mtime_ns, info.st_size)
    key = str(Path(template).resolve())
    found = _COMPILED.get(key)
    if found is None or found.stamp != stamp:
        if found is None and len(_COMPILED) >= _COMPILED_KEPT:
            _COMPILED.pop(next(iter(_COMPILED)))
        found = _COMPILED[key] = _Compiled(Path(template), stamp)
    return found


# The rendered body is parsed once, straight into python-docx's element classes. Like
# docxtpl's own parse it recovers from stray markup; like python-docx's it drops blank text
# and never resolves entities.
_BODY_PARSER = etree.XMLParser(recover=True, remove_blank_text=True, resolve_entities=False)
_BODY_PARSER.set_element_class_lookup(oxml_element_class_lookup)
# Only text inside <w:t> holding a tab, newline, bell or form feed makes resolve_listing act.
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")


class _Document(DocxTemplate):
    """docxtpl's DocxTemplate rendering from a _Compiled template (same output, less work)."""

    def __init__(self, compiled: _Compiled):
        super().__init__(io.BytesIO(compiled.blob))
        self._compiled = compiled

    def _source(self, name: str, make) -> tuple[str, str]:
        found = self._compiled.sources.get(name)
        if found is None:
            xml, encoding = make()
            found = self._compiled.sources[name] = (
                re.sub(r"<w:p([ >])", r"\n<w:p\1", self.patch_xml(xml)),
                encoding,
            )
        return found

    def build_xml(self, context, jinja_env=None):
        source, _ = self._source("body", lambda: (self.get_xml(), "utf-8"))
        return self._render_part(source, self.docx._part, context, jinja_env)

    def build_headers_footers_xml(self, context, uri, jinja_env=None):
        for rel_key, part in self.get_headers_footers(uri):

            def make(part=part):
                xml = self.get_part_xml(part)
                return xml, self.get_headers_footers_encoding(xml)

            source, encoding = self._source(str(part.partname), make)
            yield rel_key, self._render_part(source, part, context, jinja_env).encode(encoding)

    def _render_part(self, source: str, part, context, jinja_env) -> str:
        """docxtpl's render_xml_part from an already patched source."""
        self.current_rendering_part = part
        try:
            xml = jinja_env.from_string(source).render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                first = max(exc.lineno - 4, 0)
                exc.docx_context = [
                    re.sub(r"<[^>]+>", "", line) for line in source.splitlines()[first : first + 7]
                ]
            raise
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        return self.resolve_listing(xml) if _LISTING.search(xml) else xml

    def fix_tables(self, xml):
        """Parse once into python-docx's classes; docxtpl's grid fix only when a table needs it.

        docxtpl parses with plain lxml; on Dask workers its elements sometimes kept plain
        classes ("'lxml.etree._Element' object has no attribute 'p_lst'"), so the body used to
        be parsed a second time. Parsing with python-docx's class lookup makes that certain.
        """
        tree = etree.fromstring(xml, _BODY_PARSER)
        if any(_grid_mismatch(table) for table in tree.iter(qn("w:tbl"))):
            tree = etree.fromstring(etree.tostring(super().fix_tables(xml)), _BODY_PARSER)
        return tree

    def fix_docpr_ids(self, tree):
        for element in tree.iter(qn("wp:docPr")):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree):
        super().map_tree(tree)
        self.docx._Document__body = None  # python-docx caches the body wrapper


def _grid_mismatch(table) -> bool:
    """The table's rows span a different number of columns than its grid declares (what
    docxtpl's fix_tables corrects after a {%tc%} loop)."""
    grid = table.find(qn("w:tblGrid"))
    declared = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    widest = 0
    for row in table.iter(qn("w:tr")):
        span = 0
        for cell in row.findall(qn("w:tc")):
            props = cell.find(qn("w:tcPr"))
            grid_span = props.find(qn("w:gridSpan")) if props is not None else None
            span += int(grid_span.get(qn("w:val"))) if grid_span is not None else 1
        widest = max(widest, span)
        if len(row.findall(qn("w:tc"))) > declared:
            return True
    return widest < declared


def _render(
    template: Path, context: BaseModel, out_path: Path, annotations: list[Annotation] | None
) -> Path:
    doc = _Document(_compiled(template))
    data = _draw_charts(doc, xml_safe_tree(context.model_dump(mode="json")))
    data = link_evidence(doc, data)  # evidence cells: a URL is a real Word hyperlink
    # autoescape keeps "&", "<tag>" and quotes as written; user text is data, never Jinja.
    doc.render(data, jinja_env=_JINJA, autoescape=True)
    if annotations:
        _add_comments(doc, annotations)
    return atomic_write(out_path, lambda tmp: doc.save(str(tmp)))


def _paragraph_elements(body):
    """The body's paragraphs, then those of its tables' cells: python-docx's
    document.paragraphs and table.rows[].cells[].paragraphs, without building a cell grid."""
    yield from body.iterchildren(qn("w:p"))
    for table in body.iterchildren(qn("w:tbl")):
        for row in table.iterchildren(qn("w:tr")):
            for cell in row.iterchildren(qn("w:tc")):
                yield from cell.iterchildren(qn("w:p"))


# What python-docx's paragraph.text reads (w:r and w:hyperlink children, then these run
# items): text as is, a non-breaking hyphen as "-", tabs and breaks as a separator that no
# anchor holds. The same text as paragraph.text for an anchor without tabs or newlines.
_RUNS = (qn("w:r"), qn("w:hyperlink"))
_RUN_TEXT = {qn("w:t"): None, qn("w:noBreakHyphen"): "-"}
_RUN_TEXT.update(dict.fromkeys(map(qn, ("w:br", "w:cr", "w:ptab", "w:tab")), "\t"))


def _quick_text(paragraph) -> str:
    parts = []
    for child in paragraph.iterchildren(*_RUNS):
        runs = (child,) if child.tag == _RUNS[0] else child.iterchildren(_RUNS[0])
        for run in runs:
            for item in run.iterchildren(*_RUN_TEXT):
                shown = _RUN_TEXT[item.tag]
                parts.append(item.text or "" if shown is None else shown)
    return "".join(parts)


def _add_comments(doc: DocxTemplate, annotations: list[Annotation]) -> None:
    document = doc.docx
    pending = {xml_safe(a.anchor): a.comment for a in annotations}
    # python-docx's paragraph.text on every paragraph and table cell was most of this step;
    # plain anchors are looked for in _quick_text, and only a hit builds the paragraph.
    plain = not any(ch in anchor for anchor in pending for ch in "\t\n")
    for element in _paragraph_elements(document.element.body):
        if not pending:
            break
        if plain:
            quick = _quick_text(element)
            if not any(anchor and anchor in quick for anchor in pending):
                continue
        paragraph = Paragraph(element, document._body)
        if not paragraph.runs:
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
