"""Benchmark: how long each page takes to be ready in a browser, against a one-chart page.

    .venv/bin/python bench/bench_page_ready.py [--repeats 7] [--pages capacity demand]

Starts two Streamlit servers on loopback from the same checkout and config: the atlas
(``app.py``) and a baseline page with one title and one small Plotly chart
(``bench/one_chart_app.py``). For each page, Chromium (``/usr/bin/chromium``, every request to
another host blocked) opens it in a fresh browser context and the clock runs from the start of
navigation until the page is ready: connected, the script finished, no skeletons left, every
Plotly chart drawn (an SVG inside it) and every map drawn (a canvas). Loads of the baseline and
of the pages are interleaved, so both see the same machine load; one warm-up load each first
(the servers' caches fill). Reports the median, min and max per page and the ratio of medians to
the baseline's; the target is 1.3x. Results are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("", "map", "capacity", "demand", "data", "sources", "present")
TARGET_RATIO = 1.3
READY = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning') return false;
    if (document.querySelectorAll("[data-testid='stSkeleton']").length) return false;
    const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
    const maps = [...document.querySelectorAll("[data-testid='stDeckGlJsonChart']")];
    if (!charts.length && !maps.length && !document.querySelector('h1')) return false;
    return charts.every((c) => c.querySelector('.main-svg')) && maps.every((m) => m.querySelector('canvas'));
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: str) -> tuple[str, subprocess.Popen]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://localhost:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return url, server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"{script} did not start")


def time_to_ready(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route(
        "**/*",
        lambda route, request: (
            route.continue_() if urlparse(request.url).hostname in {"localhost", "127.0.0.1"} else route.abort()
        ),
    )
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY, timeout=120_000, polling=50)
    elapsed = (time.perf_counter() - start) * 1000
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--pages", nargs="*", default=PAGES, help="URL paths to time (default: every page; '' is /)")
    args = parser.parse_args()
    atlas, atlas_server = serve("app.py")
    baseline, baseline_server = serve("bench/one_chart_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            targets = {"one-chart page (baseline)": baseline, **{f"/{page}": f"{atlas}/{page}" for page in args.pages}}
            for url in targets.values():
                time_to_ready(browser, url)  # warm-up
            samples: dict[str, list[float]] = {name: [] for name in targets}
            for _ in range(args.repeats):
                for name, url in targets.items():
                    samples[name].append(time_to_ready(browser, url))
            browser.close()
    finally:
        for server in (atlas_server, baseline_server):
            server.terminate()
    base = statistics.median(samples["one-chart page (baseline)"])
    print(
        f"{'page':<28} {'median':>8} {'min':>7} {'max':>7} {'ratio':>6}  (ms, n={args.repeats}; target ratio {TARGET_RATIO})"
    )
    for name, values in samples.items():
        median = statistics.median(values)
        verdict = "" if name.startswith("one-chart") else ("met" if median <= TARGET_RATIO * base else "NOT met")
        print(f"{name:<28} {median:8.0f} {min(values):7.0f} {max(values):7.0f} {median / base:6.2f}  {verdict}")


if __name__ == "__main__":
    main()
