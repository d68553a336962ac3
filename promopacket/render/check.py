"""The template contract: every variable a Word template uses must exist in its context model.

`promopacket templates check [DIR]` and the start of every batch call check_templates, so a
variable misspelt in Word fails before anything is rendered, named with its template and place.
Loop variables are followed: in `{%tr for s in statements %}`, `s.txet` is checked against the
fields of the statements' item model.
"""

from __future__ import annotations

import difflib
import types
from dataclasses import dataclass
from inspect import isclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateSyntaxError, nodes
from pydantic import BaseModel

from promopacket.assemble.contexts import TEMPLATE_CONTEXTS

UNKNOWN = object()  # a value whose type the check cannot follow (filters, set, macros)
JINJA_GLOBALS = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "super"}
DICT_ATTRS = set(dir(dict))  # Jinja looks these up before a key: `g.items` is dict.items


@dataclass(frozen=True)
class TemplateIssue:
    template: str
    variable: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.template}: {self.where}: {self.message}"


class TemplateContractError(ValueError):
    """Templates use variables their context does not provide."""

    def __init__(self, issues: list[TemplateIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


def _unwrap(ann: Any) -> Any:
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else UNKNOWN
    return ann


def _model(ann: Any) -> type[BaseModel] | None:
    ann = _unwrap(ann)
    return ann if isclass(ann) and issubclass(ann, BaseModel) else None


def _element(ann: Any) -> Any:
    ann = _unwrap(ann)
    if get_origin(ann) in (list, tuple, set):
        return get_args(ann)[0]
    return UNKNOWN


def _source(node: nodes.Node) -> str:
    """The expression as written, e.g. 's.text' or 'person.name'."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_source(node.node)}.{node.attr}"
    return "…"


class _Checker:
    def __init__(self, model: type[BaseModel]):
        self.model = model
        self.found: list[tuple[str, str]] = []  # (expression, message)

    def issue(self, expression: str, message: str) -> None:
        if (expression, message) not in self.found:
            self.found.append((expression, message))

    def unknown_field(self, node: nodes.Node, model: type[BaseModel], name: str) -> None:
        close = difflib.get_close_matches(name, list(model.model_fields), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.issue(
            _source(node),
            f"unknown variable '{_source(node)}' ({model.__name__} has no field '{name}'{hint})",
        )

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.model.model_fields:
                return self.model.model_fields[node.name].annotation
            if node.name not in JINJA_GLOBALS:
                self.unknown_field(node, self.model, node.name)
            return UNKNOWN
        if isinstance(node, nodes.Getattr):
            model = _model(self.type_of(node.node, scope))
            if model is None:
                return UNKNOWN
            if node.attr not in model.model_fields:
                self.unknown_field(node, model, node.attr)
                return UNKNOWN
            if node.attr in DICT_ATTRS:
                self.issue(
                    _source(node),
                    f"'{_source(node)}' resolves to the dict method '{node.attr}' in Jinja; "
                    f"rename the field in {model.__name__}",
                )
            return model.model_fields[node.attr].annotation
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return UNKNOWN

    def bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, UNKNOWN, scope)

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.Expr):
            self.type_of(node, scope)
        elif isinstance(node, nodes.For):
            inner = dict(scope)
            self.bind(node.target, _element(self.type_of(node.iter, scope)), inner)
            for child in [*node.body, *([node.test] if node.test else [])]:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            for child in node.iter_child_nodes(exclude=("target",)):
                self.visit(child, scope)
            self.bind(node.target, UNKNOWN, scope)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                self.bind(arg, UNKNOWN, inner)
            for child in node.body:
                self.visit(child, inner)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)


def _jinja_source(path: Path) -> str:
    """The template's Jinja text as docxtpl renders it (body, headers and footers)."""
    doc = DocxTemplate(str(path))
    doc.init_docx()
    xml = doc.patch_xml(doc.get_xml())
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _, part in doc.get_headers_footers(uri):
            xml += doc.patch_xml(doc.get_part_xml(part))
    return xml


def _places(path: Path):
    """(where, text) for every paragraph and table cell, numbered as a reader counts them."""
    document = Document(str(path))
    for i, paragraph in enumerate(document.paragraphs, start=1):
        yield f"paragraph {i}", paragraph.text
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                yield f"table {t}, row {r}, cell {c}", cell.text


def _locate(path: Path, expression: str) -> str:
    for where, text in _places(path):
        if expression in text:
            return f"{where} ({text.strip()[:60]!r})"
    return "somewhere in the document"


def check_template(path: Path, model: type[BaseModel]) -> list[TemplateIssue]:
    """Variables in one template that its context model does not provide."""
    name = str(path)
    try:
        tree = Environment().parse(_jinja_source(path))
    except TemplateSyntaxError as exc:
        return [TemplateIssue(name, "", "template syntax", f"Jinja syntax error: {exc.message}")]
    except Exception as exc:  # not a .docx, or damaged
        return [TemplateIssue(name, "", "file", f"cannot be opened as a Word template: {exc}")]
    checker = _Checker(model)
    checker.visit(tree, {})
    return [
        TemplateIssue(name, expression, _locate(path, expression), message)
        for expression, message in checker.found
    ]


def check_templates(templates_dir: Path) -> list[TemplateIssue]:
    """Check every template the pipeline renders against its context model."""
    issues: list[TemplateIssue] = []
    for file_name, model in TEMPLATE_CONTEXTS.items():
        path = Path(templates_dir) / file_name
        if not path.is_file():
            issues.append(TemplateIssue(str(path), "", "file", "missing; run make templates"))
            continue
        issues.extend(check_template(path, model))
    return issues


def ensure_templates(templates_dir: Path) -> None:
    """Raise TemplateContractError (naming template, place and variable) before a batch."""
    issues = check_templates(templates_dir)
    if issues:
        raise TemplateContractError(issues)
