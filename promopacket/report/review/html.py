"""The HTML review of an output folder: review/index.html and one page per person.

Self-contained: the style and the one small script are inline, a Content-Security-Policy forbids
every request (no fonts, images or scripts from anywhere, the script allowed by its hash), links
go only to the folder's own files. Jinja2 with autoescape on: workbook text such as `<b>` or
`{{ 7*7 }}` is shown as written. The calibration is split into pages of PAGE_SIZE people, each
with a filter box, so a cohort of thousands stays light. Under --redact every text on the pages
passes through the same redactor as the summaries.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from promopacket import __version__
from promopacket.build.record import StatementRecord
from promopacket.build.results import PersonStatus
from promopacket.core.fsutil import atomic_write, ensure_private_dir, safe_name
from promopacket.core.models import Problem
from promopacket.core.problems import sorted_problems
from promopacket.report.review.calibration import CalibrationRow
from promopacket.report.review.tables import ReviewData
from promopacket.rewrite.score import band
from promopacket.run.cohort import GroupResult, problem_cell

REVIEW_DIR = "review"
PEOPLE_DIR = "people"
PAGE_SIZE = 100  # calibration rows per page
TEMPLATES = Path(__file__).parent / "templates"
# The packet's sections as a committee reads them (coverage has its own table).
SECTION_ORDER = (
    "overall",
    "readiness signals",
    "readiness gaps",
    "open concerns",
    "reviewer flags",
    "archetype",
    "feedback quotes",
)
# Values that are paths, ids of page elements or CSS classes, never user text to redact.
NOT_TEXT = frozenset({"href", "slug", "cls", "level", "kind_cls"})


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    script = (TEMPLATES / "review.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "review.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    env.globals.update(
        script=script,
        style=style,
        csp=(
            "default-src 'none'; "
            f"script-src 'sha256-{digest}'; "
            "style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        ),
    )
    env.filters["band"] = band
    return env


def person_slug(person_id: str) -> str:
    return safe_name(person_id, "person")


def _redacted(value: Any, text: Callable[[str], str], key: str = "") -> Any:
    """Every string in a page's context through `text`, except paths, ids and classes."""
    if isinstance(value, str):
        return value if key in NOT_TEXT else text(value)
    if isinstance(value, dict):
        return {k: _redacted(v, text, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(v, text, key) for v in value]
    return value


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "severity": p.severity,
        "where": problem_cell(p) if p.sheet else p.file,
        "file": p.file,
        "value": p.value or "",
        "message": p.message,
        "fix": p.fix,
    }


def _calibration_row(row: CalibrationRow, expectations: list[str]) -> dict[str, Any]:
    data = asdict(row)
    data["href"] = f"{PEOPLE_DIR}/{person_slug(row.person_id)}.html"
    data["mean_change"] = row.mean_change
    data["levers_text"] = row.levers_text
    data["coverage"] = [{"expectation": e, "level": row.coverage.get(e, "")} for e in expectations]
    return data


def _pages(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pages = []
    for n, start in enumerate(range(0, max(len(rows), 1), PAGE_SIZE), start=1):
        chunk = rows[start : start + PAGE_SIZE]
        pages.append(
            {
                "number": n,
                "href": "index.html" if n == 1 else f"calibration-{n}.html",
                "rows": chunk,
                "first": chunk[0]["person_id"] if chunk else "",
                "last": chunk[-1]["person_id"] if chunk else "",
            }
        )
    return pages


def _problems_by_cell(group: GroupResult) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The group's row problems by (workbook, cell), in problems.xlsx order; sorted once."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in sorted_problems(group.problems):
        if p.sheet:
            found.setdefault((p.file, problem_cell(p)), []).append(_problem(p))
    return found


def _person_context(
    group: GroupResult,
    review: ReviewData,
    row: CalibrationRow,
    row_data: dict[str, Any],
    page_href: str,
    problems: dict[tuple[str, str], list[dict[str, Any]]],
) -> dict[str, Any]:
    out_dir = Path(group.output_dir)
    stored = review.records.get(row.person_id)
    record = stored.current if stored else None
    changes = review.changes.get(row.person_id)
    cells = dict.fromkeys(row.problem_cells)
    return {
        "group": group.name,
        "row": row_data,
        "back": {"href": f"../{page_href}"},
        "record": record,
        "statements": record.statements if record else [],
        "changes": changes,
        "change_causes": [c.cause_text for c in changes.changes] if changes else [],
        "problems": [p for cell in cells for p in problems.get((row.workbook, cell), [])],
        "section_order": SECTION_ORDER,
        "files": [
            {"name": Path(f).name, "href": "../../" + f}
            for f in row.files
            if (out_dir / f).suffix in (".docx", ".pdf")
        ],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, StatementRecord):
        return {**value.model_dump(mode="json"), "cell": value.cell}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _render(template, context: dict[str, Any], redact: Callable[[str], str] | None) -> str:
    """Render a page; under --redact every text of its context passes through `redact` first."""
    if redact is None:
        return template.render(**context)
    plain = {k: _plain(v) for k, v in context.items()}
    return template.render(**_redacted(plain, redact))


def review_pages(group: GroupResult, review: ReviewData) -> dict[str, str]:
    """Every page of the review, relative path → HTML."""
    env = _environment()
    expectations = review.expectations
    rows = [_calibration_row(r, expectations) for r in review.calibration]
    redact = review.redact
    pages = _pages(rows)
    nav = [{k: p[k] for k in ("number", "href", "first", "last")} for p in pages]
    changed = [
        {
            "person_id": pid,
            "href": f"{PEOPLE_DIR}/{person_slug(pid)}.html",
            "count": len(c.changes),
            "kinds": sorted({x.kind for x in c.changes}),
        }
        for pid, c in sorted(review.changes.items())
        if c.changes
    ]
    general = [_problem(p) for p in sorted_problems(group.problems) if not p.sheet]
    people = group.people
    totals = {
        "people": len(people),
        "failed": sum(p.status == PersonStatus.FAILED for p in people),
        "statements": sum(r.entries or 0 for r in review.calibration),
        "changed": len(changed),
        "problems": len(group.problems),
    }
    base = {
        "group": group.name,
        "expectations": expectations,
        "pages": nav,
        "page_count": len(pages),
        "distribution": [
            {"band": b, "before": before, "after": after}
            for b, before, after in review.distribution
        ],
        "peak": max([max(b, a) for _, b, a in review.distribution] or [1]) or 1,
        "totals": totals,
    }
    out: dict[str, str] = {}
    index = env.get_template("index.html.j2")
    for page in pages:
        context = {
            **base,
            "page": page,
            "is_index": page["number"] == 1,
            "changed": changed if page["number"] == 1 else [],
            "general_problems": general if page["number"] == 1 else [],
        }
        out[page["href"]] = _render(index, context, redact)
    person = env.get_template("person.html.j2")
    problems = _problems_by_cell(group)
    for n, page in enumerate(pages):
        chunk = review.calibration[n * PAGE_SIZE : (n + 1) * PAGE_SIZE]
        for r, data in zip(chunk, page["rows"], strict=True):
            context = _person_context(group, review, r, data, page["href"], problems)
            out[f"{PEOPLE_DIR}/{person_slug(r.person_id)}.html"] = _render(person, context, redact)
    return out


def review_templates_stamp() -> str:
    """What the pages are made with besides the data: this version and the page templates."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def write_review(group: GroupResult, review: ReviewData) -> Path:
    """Write the pages whose content changed, remove pages of people no longer here."""
    folder = Path(group.output_dir) / REVIEW_DIR
    pages = review_pages(group, review)
    ensure_private_dir(folder / PEOPLE_DIR)
    for rel, html in pages.items():
        path = folder / rel
        data = html.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue  # a rerun with nothing changed writes nothing
        except OSError:
            pass
        atomic_write(path, lambda tmp, data=data: tmp.write_bytes(data))
    for stale in [*folder.glob("*.html"), *(folder / PEOPLE_DIR).glob("*.html")]:
        if str(stale.relative_to(folder)) not in pages:
            stale.unlink(missing_ok=True)
    return folder / "index.html"
