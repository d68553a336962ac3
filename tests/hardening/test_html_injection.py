"""Round three, HTML injection: a workbook whose cells (and whose file name) carry markup with
event handlers goes through a real `promopacket run` with Data Docs on; every HTML page then
under outputs/ (the review, the validation index, the GX pages kept as the record) is loaded
in Debian's Chromium with the network blocked. The check fails on any handler that runs, any
element carrying an on* attribute or a script quoting the payload, or a page without a CSP."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from promopacket.read.writer import write_input_workbook
from tests.conftest import achievement, meeting, person, team

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

EXE = Path(sys.executable).parent / "promopacket"
BLOCK_NETWORK = [
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-sandbox",
]
PAYLOADS = [
    "<img src=x onerror=\"__hit('img')\">",
    "<svg onload=\"__hit('svg')\"></svg>",
    "\"><script>__hit('script')</script>",
    "<details open ontoggle=\"__hit('details')\">x</details>",
    "'><iframe srcdoc=\"<script>parent.__hit('iframe')</script>\"></iframe>",
]
# Counts every call; installed before any page script (and unaffected by the page's CSP).
TRAP = "window.__hits = []; window.__hit = (w) => window.__hits.push(w);"
LIVE_MARKUP = """() => {
  const on = [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')));
  const scripts = [...document.scripts].filter(s => s.text.includes('__hit'));
  const frames = document.querySelectorAll('iframe').length;
  return {on: on.map(e => e.outerHTML.slice(0, 120)), scripts: scripts.length, frames};
}"""


def _hostile(path: Path) -> Path:
    a, b, c, d, e = PAYLOADS
    return write_input_workbook(
        path,
        {
            "People": [
                person(name=f"Pat {a}", current_title=f"Senior ML Engineer {b}", location=c),
                person(person_id=f"p2{d}", name=e, archetype=a),  # an invalid id: GX's record
            ],
            "Achievements": [
                achievement(statement=f"Helped {a} the team {c}", project=b, outcome=d),
                achievement(competency=e, lever=a, baseline=b),  # outside vocab, not a number
            ],
            "Team": [team(mission=c, stakeholders=d)],
            "Meetings": [meeting(with_name=a, key_points=f"{b} {e}", outcome=c)],
        },
    )


def test_every_page_we_write_or_keep_shows_hostile_cells_as_text(tmp_path):
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    _hostile(inputs / "team.xlsx")
    _hostile(inputs / "<img src=x onerror=__hit(7)>.xlsx")  # the file name is user text too
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / ".prefect"), PROMOPACKET_DATA_DOCS="true")
    done = subprocess.run(
        [str(EXE), "run", str(inputs), "--outputs", str(outputs)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    pages = sorted(outputs.rglob("*.html"))
    kinds = {p.parent.name for p in pages} | {p.name for p in pages}
    assert {"review", "validation", "people"} <= kinds, pages
    assert any("validations" in p.parts for p in pages), pages  # GX's own result pages

    problems = {}
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=BLOCK_NETWORK)
        context = browser.new_context()
        context.add_init_script(TRAP)
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        for path in pages:
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)  # onerror of a broken image fires after load
            found = page.evaluate(LIVE_MARKUP)
            hits = page.evaluate("window.__hits")
            csp = page.locator('meta[http-equiv="Content-Security-Policy"]').count()
            if hits or dialogs or found["on"] or found["scripts"] or found["frames"] or not csp:
                problems[str(path.relative_to(outputs))] = (hits, dialogs, found, csp)
            page.close()
        browser.close()
    assert not problems, problems
    assert len(pages) >= 10
