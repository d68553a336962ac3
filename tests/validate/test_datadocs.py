"""The validation report offline: no request leaves the machine, the user's own values shown.

Opened in headless Chromium whose only way out is a local proxy that records every connection:
the test fails if the page asks for anything remote. Screenshots stay in the test's tmp dir.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import threading

import pytest

from promopacket.run.workbooks import load_and_validate
from tests.conftest import achievement, person

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REMOTE = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
)


@pytest.fixture
def site(make_workbook, settings, tmp_path):
    path = make_workbook(
        {
            "People": [person(), person(person_id="p2", archetype="Tech Leed")],  # a typo
            "Achievements": [achievement(), achievement(better="Lowr")],  # not a choice
        }
    )
    docs = tmp_path / "validation"
    data = load_and_validate(path, settings, docs)
    return docs, data


def test_site_has_no_remote_reference_and_shows_the_users_values(site):
    docs, data = site
    assert data.counts["Achievements"].rejected == 1
    for page in [*docs.rglob("*.html"), *docs.rglob("*.css")]:
        text = page.read_text(encoding="utf-8")
        assert not REMOTE.search(text), (page, REMOTE.search(text).group(0))
        assert "__key" not in text and "dataContextId" not in text, page
    index = (docs / "index.html").read_text(encoding="utf-8")
    # the contract's column, the value as written (GX itself saw 'lowr'), counts that add up
    assert "<td>better</td>" in index and "<td>Lowr</td>" in index
    assert "<td>Tech Leed</td>" in index
    assert "1 of 2" in index and "≈" not in index  # People and Achievements: 1 of 2 each
    assert 'href="validations/Achievements-contract/' in index


CHROMIUM_SERVICES = re.compile(r"(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt[12]\.com)$")


def _host(request: bytes) -> str:
    """The host a proxied request asked for (CONNECT host:443, or the Host header)."""
    text = request.decode("latin-1")
    connect = re.match(r"CONNECT ([^:\s]+)", text)
    host = connect.group(1) if connect else re.search(r"(?im)^host:\s*([^:\s]+)", text)
    if host is None:
        return "?"
    return host if isinstance(host, str) else host.group(1)


class _RecordingProxy:
    """Accepts and records every connection; answers none. Chromium's only route out."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    request = conn.recv(2048)
                    # A connection closed without a byte asked for nothing: Chromium opens
                    # spare connections to its proxy ahead of need (seen once in CI as b"").
                    if request:
                        self.seen.append(request)
                except OSError:
                    self.seen.append(b"?")

    def close(self):
        self.sock.close()
        self.thread.join(5)


def _chromium(page, out, proxy_port, tmp_path, *extra):
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            f"--proxy-server=127.0.0.1:{proxy_port}",
            "--proxy-bypass-list=<-loopback>",
            "--window-size=1280,1400",
            *extra,
            f"file://{page}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        stdout, _ = process.communicate(timeout=120)
        return stdout.decode("utf-8", "replace")
    finally:  # the browser and its helpers are stopped, even on failure
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_report_renders_in_a_browser_with_the_network_blocked(site, tmp_path):
    docs, _ = site
    result_page = next(docs.glob("validations/Achievements-contract/**/*.html"))
    proxy = _RecordingProxy()
    try:
        dom = _chromium(docs / "index.html", None, proxy.port, tmp_path, "--dump-dom")
        for page, name in ((docs / "index.html", "index"), (result_page, "gx-achievements")):
            _chromium(page, None, proxy.port, tmp_path, f"--screenshot={tmp_path / name}.png")
    finally:
        proxy.close()
    # not one request from the page tried to leave the machine (Chromium's own calls home,
    # such as its clock check, are the browser's, not the page's)
    from_page = [r for r in proxy.seen if not CHROMIUM_SERVICES.search(_host(r))]
    assert from_page == [], from_page
    assert "Validation report" in dom and "<td>Lowr</td>" in dom
    for name in ("index", "gx-achievements"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000  # a rendered page, not blank
