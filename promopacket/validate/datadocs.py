"""The validation report: GX's Data Docs site made offline and private, fronted by our own page.

GX builds its site with bootstrap, jQuery and bootstrap-table from CDNs and a logo fetched from
GX's web-assets bucket with the data context id. Offline that is an empty, unstyled page; online
it is a request that says this machine ran a validation. So every remote script, stylesheet,
image, link and CSS url() is removed, a small local style is put in their place, and internal
column names (`competency__key`) are shown as the contract's (`competency`).

GX's pages stay the GX record: they show what GX checked, the canonical form of each value
(lower case for vocabulary columns) and GX's own percentages. The index is promopacket's own
page: every problem with its cell, the contract column, the value as the user wrote it, the
message and the fix, and per sheet "rows rejected of rows read".
"""

from __future__ import annotations

import html as html_text
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment

from promopacket.core.fsutil import atomic_write
from promopacket.core.models import WorkbookData
from promopacket.core.problems import sorted_problems

REMOTE = r"(?:https?:)?//"
_STRIP = [
    re.compile(rf"<script[^>]*\bsrc=\"{REMOTE}[^\"]*\"[^>]*>\s*</script>", re.I),
    # inline scripts drive jQuery/bootstrap-table, which are gone with the CDNs
    re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S),
    re.compile(rf"<link[^>]*\bhref=\"{REMOTE}[^\"]*\"[^>]*>", re.I),
    re.compile(rf"<img[^>]*\bsrc=\"{REMOTE}[^\"]*\"[^>]*>", re.I),
    re.compile(rf"<iframe[^>]*\bsrc=\"{REMOTE}[^\"]*\"[^>]*>.*?</iframe>", re.I | re.S),
]
_REMOTE_HREF = re.compile(rf"\s(?:href|src|action)=\"{REMOTE}[^\"]*\"", re.I)
_REMOTE_URL = re.compile(rf"url\(\s*['\"]?{REMOTE}[^)]*\)", re.I)
# GX's buttons call the scripts removed above: dead handlers, removed too, so that no page
# holds an on* attribute at all (user text is escaped before rendering: no tag is the user's).
_HANDLER = re.compile(r"(<[A-Za-z][^<>]*?)\s+on[A-Za-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)")
_KEY_COLUMN = re.compile(r"\b([a-z][a-z0-9_]*?)__key\b")

STYLE = """<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;
max-width:72rem;padding:0 1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.8rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}code{background:#f4f4f4;padding:0 .2rem}
.ok{color:#1e6b2e}.bad{color:#a11b1b}.note{color:#444;font-size:.92rem}
nav,.navbar,.ge-index-page-site-name-title,.btn,.sticky{position:static!important}
</style>"""


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html_text.escape(value, quote=True)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


def escape_records(gx_root: Path) -> None:
    """HTML-escape the cell values of the stored validation results before GX renders them:
    GX's renderer puts unexpected values into its pages as markup, so a cell '<img onerror=…>'
    was live in the kept record (value sets it escapes itself: left alone, or they would show
    '&lt;'). Each value then shows as the text the user wrote. Validation already ran: only
    these stored copies change."""
    store = gx_root / "uncommitted" / "validations"
    for record in sorted(store.rglob("*.json")) if store.is_dir() else []:
        data = json.loads(record.read_text(encoding="utf-8"))
        for item in data.get("results", []):
            if isinstance(item.get("result"), dict):
                item["result"] = _escaped(item["result"])
        record.write_text(json.dumps(data), encoding="utf-8")


# GX's pages need no script once offline (their scripts are removed): none may run, whatever a
# page holds, and nothing is fetched from outside the site.
GX_CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'\">"
)


def make_offline(site: Path) -> None:
    """Remove every request leaving the machine from a GX Data Docs site, in place."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for pattern in _STRIP:
            html = pattern.sub("", html)
        html = _REMOTE_HREF.sub("", html)
        while _HANDLER.search(html):
            html = _HANDLER.sub(r"\1", html)
        html = _REMOTE_URL.sub("none", html)
        html = _KEY_COLUMN.sub(r"\1", html)
        html = re.sub(r"<head\b[^>]*>", lambda m: m[0] + GX_CSP, html, count=1, flags=re.I)
        html = html.replace("</head>", f"{STYLE}</head>", 1)
        page.write_text(html, encoding="utf-8")
    for sheet in site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        sheet.write_text(_REMOTE_URL.sub("none", css), encoding="utf-8")


INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<title>Validation report — {{ data.file }}</title>{{ style|safe }}</head>
<body><main>
<h1>Validation report — {{ data.file }}</h1>
<p class="note">Every row of the workbook was checked against the input contract by Great
Expectations. A rejected row is left out of the documents; advice does not block.</p>
<h2>Sheets</h2>
<table><thead><tr><th scope="col">sheet</th><th scope="col">rows read</th>
<th scope="col">used</th><th scope="col">rejected</th></tr></thead><tbody>
{% for name, count in data.counts.items() %}<tr><td>{{ name }}</td><td>{{ count.read }}</td>
<td>{{ count.used }}</td><td class="{{ 'bad' if count.rejected else 'ok' }}">
{{ count.rejected }} of {{ count.read }}</td></tr>
{% endfor %}</tbody></table>
<h2>Problems ({{ blocking }} blocking, {{ advice }} advice)</h2>
{% if problems %}<table><thead><tr><th scope="col">severity</th><th scope="col">cell</th>
<th scope="col">column</th><th scope="col">value</th><th scope="col">problem</th>
<th scope="col">fix</th></tr></thead><tbody>
{% for p in problems %}<tr><td>{{ p.severity }}</td><td>{{ p.cell or p.sheet or "" }}</td>
<td>{{ p.column or "" }}</td><td>{{ p.value if p.value is not none else "" }}</td>
<td>{{ p.message }}</td><td>{{ p.fix }}</td></tr>
{% endfor %}</tbody></table>{% else %}<p class="ok">No problems.</p>{% endif %}
<h2>The Great Expectations record</h2>
<p class="note">GX's own pages: the expectations run on each sheet and their results. They show
the form GX checked (vocabulary values in lower case) and GX's percentages.</p>
<ul>{% for sheet, result, suite in gx_pages %}<li>{{ sheet }}:
{% if result %}<a href="{{ result }}">validation result</a>{% endif %}
{% if suite %} · <a href="{{ suite }}">expectations</a>{% endif %}</li>
{% endfor %}</ul>
</main></body></html>
"""


def write_index(site: Path, data: WorkbookData) -> Path:
    """promopacket's own front page for the site: readable, offline, the user's own values."""
    pages = []
    for sheet in data.counts:
        results = sorted(site.glob(f"validations/{sheet}-contract/**/*.html"))
        suite = site / "expectations" / f"{sheet}-contract.html"
        pages.append(
            (
                sheet,
                results[-1].relative_to(site).as_posix() if results else None,
                suite.relative_to(site).as_posix() if suite.is_file() else None,
            )
        )
    problems = sorted_problems(data.problems)
    blocking = sum(p.blocking for p in problems)
    html = (
        Environment(autoescape=True)
        .from_string(INDEX)
        .render(
            data=data,
            problems=problems,
            blocking=blocking,
            advice=len(problems) - blocking,
            gx_pages=pages,
            style=STYLE,
            csp=INDEX_CSP,
        )
    )
    index = site / "index.html"
    atomic_write(index, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return index
