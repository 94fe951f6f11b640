"""Browser test harness: the app served on a free local port, Debian's Chromium driven by
Playwright, and every request to another host blocked and recorded.

The server is ready when ``/_stcore/health`` answers ``ok``; a page is ready when Streamlit
says it is connected and the script has stopped running (as in Streamlit's own e2e suite).
With ``CI=true`` a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from rare_earth_atlas.charts import chart_of_tab, page_tabs

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict | None = None):
    """Serve the app on a free local port; returns (url, stop)."""
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="streamlit-e2e-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--global.developmentMode",
            "false",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://localhost:{port}"
    deadline = time.time() + 90
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            server.kill()
            pytest.fail(f"Streamlit did not start; log: {Path(log.name).read_text()[-2000:]}")
        time.sleep(0.5)

    def stop():
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    return url, stop


@pytest.fixture(scope="session")
def app_url():
    url, stop = start_app()
    yield url
    stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def tab_views(page: str) -> list[tuple[str, str, str | None]]:
    """A tabbed page's tabs as (label, selector of what it draws, the chart's element key or
    None for a tab that is not a chart)."""
    views = []
    for label in page_tabs(page):
        shown = chart_of_tab(page, label)
        if shown:
            views.append((label, f".st-key-chart_{shown.element_key}", shown.element_key))
        else:
            views.append((label, "[data-testid='stTabPanel'] [data-testid='stDataFrame']", None))
    return views


class OfflinePage:
    """A page whose requests to any host but this machine are blocked and recorded."""

    def __init__(self, browser, base_url: str, width: int = 1440, height: int = 1000, color_scheme: str = "light"):
        self.base_url = base_url
        self.outside_requests: list[str] = []
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme, accept_downloads=True
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route, request):
        url = request.url
        if url.startswith(("data:", "blob:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS:
            return route.continue_()
        self.outside_requests.append(url)
        return route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="domcontentloaded")
        self.wait_until_ready()

    def wait_until_ready(self, timeout_ms: int = 60_000) -> None:
        page = self.page
        page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout_ms)
        page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms)
        page.wait_for_timeout(250)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
        page.wait_for_function(
            "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=timeout_ms
        )

    def open_tab(self, label: str, shows: str) -> None:
        """Click the page's tab ``label`` and wait until its content, ``shows`` (a selector), is
        drawn: the tab's content is only drawn once it is open."""
        tab = self.page.get_by_role("tab", name=label, exact=True)
        tab.click()
        self.page.wait_for_selector(f"[role='tab'][aria-selected='true']:has-text({label!r})", timeout=30_000)
        self.page.locator(shows).first.wait_for(timeout=60_000)
        self.wait_until_ready()

    def settle(self) -> None:
        """Wait until the charts have taken their final size (Plotly redraws a chart that fills
        its container once the layout is done): two animation frames with no size change."""
        self.page.wait_for_function(
            """() => new Promise((resolve) => {
                const sizes = () => [...document.querySelectorAll('.js-plotly-plot, [data-testid=stDeckGlJsonChart]')]
                    .map((e) => Math.round(e.getBoundingClientRect().height)).join(',');
                const first = sizes();
                setTimeout(() => requestAnimationFrame(() => resolve(sizes() === first && first !== '')), 300);
            })""",
            timeout=30_000,
        )

    def download(self, button) -> tuple[str, bytes]:
        """Click a download button; (file name, contents) of what the browser receives. Fails if
        nothing arrives."""
        with self.page.expect_download(timeout=60_000) as arrival:
            button.click()
        return arrival.value.suggested_filename, Path(arrival.value.path()).read_bytes()


@pytest.fixture
def offline_page(browser, app_url):
    page = OfflinePage(browser, app_url)
    yield page
    page.context.close()
