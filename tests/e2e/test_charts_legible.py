"""Every chart on every page at 1920x1080 (1280x720 is the executive's journey, which measures the
same things), and the Capacity page's other settings at both: no legend entry clipped, no
legend over the plot, no labels printed over each other, no bar or axis label cut at the edge.
Measured on the drawn chart, as a reader would see it; on a tabbed page, in every tab."""

import pytest

from rare_earth_atlas.charts import charts_of, page_tabs
from tests.e2e.conftest import OfflinePage, tab_views
from tests.e2e.layout import chart_problems

pytestmark = pytest.mark.e2e

PAGES = ["/", "/capacity", "/demand", "/capacity?measure=Share&pipeline=false&year=2018"]
CASES = [(path, (1920, 1080)) for path in PAGES] + [("/capacity?measure=Share&pipeline=false&year=2018", (1280, 720))]


def _check_frames(offline: OfflinePage, expected: int) -> None:
    page = offline.page
    assert page.locator(".js-plotly-plot").count() == expected
    if not expected:
        return
    offline.settle()
    assert chart_problems(page) == []
    # The frame is page text beside each chart: a takeaway title with its numbers, a source line.
    frames = page.locator("[class*='st-key-chart_']")
    assert frames.count() == expected
    for i in range(frames.count()):
        frame = frames.nth(i)
        assert any(ch.isdigit() for ch in frame.locator("h3").inner_text())
        assert "Source" in frame.locator("[data-testid='stCaptionContainer']").last.inner_text()


@pytest.mark.parametrize(("path", "screen"), CASES, ids=[f"{p}-{w}x{h}" for p, (w, h) in CASES])
def test_every_chart_is_legible(browser, app_url, path, screen):
    """Tabbed pages draw one chart a tab: every tab is opened in turn."""
    offline = OfflinePage(browser, app_url, *screen)
    try:
        offline.open(path)
        name = path.strip("/").split("?")[0]
        if not page_tabs(name):
            _check_frames(offline, len(charts_of(name)))
        for label, shows, chart_key in tab_views(name):
            offline.open_tab(label, shows)
            _check_frames(offline, 1 if chart_key else 0)
        assert offline.outside_requests == []
    finally:
        offline.context.close()
