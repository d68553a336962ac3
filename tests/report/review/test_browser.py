"""The HTML review in a real headless Chromium (Debian's package), with the network blocked.

Checks the DOM (people, statements, the change an edited cell caused), the filter box and
sorting by keyboard, the print stylesheet, and runs axe-core (Deque's accessibility engine, as
vendored by axe-playwright-python) on the index and a person page. A screenshot of each page
is saved in the test's temporary folder.
"""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is a dev dependency: pip install -e '.[dev]'"
)
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="axe-playwright-python is a dev dependency: pip install -e '.[dev]'",
)

# Any request that is not a file of the output folder is refused by the browser itself.
BLOCK_NETWORK = [
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-sandbox",
]


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as play:
        try:
            launched = play.chromium.launch(executable_path=CHROMIUM, args=BLOCK_NETWORK)
        except Exception as exc:  # a chromium that cannot start here: say why
            pytest.skip(f"chromium at {CHROMIUM} does not start headless: {exc}")
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """open_page(path) → (page, requests seen); every non-file request is aborted and kept."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)

    def _open(path):
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return page, outside, errors

    yield _open
    context.close()


def _axe(page) -> None:
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_review_in_chromium_shows_people_statements_and_the_change(cohort, open_page, tmp_path):
    _, _, second, cell = cohort
    index = next(r for r in second.reports if r.endswith("index.html"))
    page, outside, errors = open_page(__import__("pathlib").Path(index))
    assert page.title() == "Review: team"
    ids = page.locator("#calibration tbody th[scope=row] a").all_inner_texts()
    assert ids == ["p1", "p2"]
    p1 = page.locator("#calibration tbody tr", has_text="p1")
    assert "Pat Doe" in p1.inner_text()
    assert p1.locator("td.c").count() == 8  # one coverage cell per Lead expectation
    assert page.locator("ul.changed li").all_inner_texts() == ["p1: 1 change (statement reworded)"]
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

    # the filter box, by keyboard: focus it through the page's tab order and type
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter":
            break
    assert page.evaluate("document.activeElement.id") == "filter"
    page.keyboard.type("Bo Stone")
    assert page.locator("#calibration tbody tr:visible").count() == 1
    assert page.locator("#filter-count").inner_text() == "1 of 2 people shown"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    assert page.locator("#calibration tbody tr:visible").count() == 2

    # sorting moves whole rows: each person keeps their own cells
    before = {r.split("\t")[0]: r for r in page.locator("#calibration tbody tr").all_inner_texts()}
    header = page.locator("#calibration thead th", has_text="Entries")
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    after = page.locator("#calibration tbody tr").all_inner_texts()
    assert {r.split("\t")[0]: r for r in after} == before
    _axe(page)

    # printed: no filter box or navigation, every row shown
    page.emulate_media(media="print")
    assert page.locator(".filter").is_hidden() and page.locator("nav.toc").is_hidden()
    page.pdf(path=str(tmp_path / "index.pdf"))
    page.emulate_media(media="screen")

    # the person page: statements before → after with their cells, and the change
    page.locator("#calibration tbody th a", has_text="p1").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Pat Doe (p1)"
    statements = page.locator("table.statements tbody tr").all_inner_texts()
    assert any(
        "Achievements!D2" in r and "Helped ML team with data pipeline" in r and "by 50%" in r
        for r in statements
    )
    change = page.locator("li.change").inner_text()
    assert "Statement reworded: Achievements!D2" in change
    assert f"{cell} (result): 30 → 25" in change
    assert "by 40%" in change and "by 50%" in change
    links = page.locator("#documents-h + ul a").all_inner_texts()
    assert "packet.docx" in links
    page.screenshot(path=str(tmp_path / "p1.png"), full_page=True)
    _axe(page)

    # p2: workbook text shown as written, never as markup; its rejected row located
    p2, _, _ = open_page(__import__("pathlib").Path(index).parent / "people" / "p2.html")
    assert "<b>Worked</b> on {{ 7*7 }}" in p2.locator("table.statements").inner_text()
    assert p2.locator("table.statements b").count() == 0
    assert "Achievements!H5" in p2.locator("#problems-h ~ table").inner_text()
    assert "No change" in p2.locator("#changes-h ~ p").first.inner_text() or (
        "First build" in p2.locator("#changes-h ~ p").first.inner_text()
    )
    _axe(p2)

    assert outside == []  # no request left the machine
    assert errors == []
    assert (tmp_path / "index.png").stat().st_size > 10_000
