"""Every chart on every page at 1920x1080 (1280x720 is the executive's journey, which measures the
same things), and the Capacity page's other settings at both: no legend entry clipped, no
legend over the plot, no labels printed over each other, no bar or axis label cut at the edge.
Measured on the drawn chart, as a reader would see it."""

import pytest

from rare_earth_atlas.charts import charts_of
from tests.e2e.conftest import OfflinePage
from tests.e2e.layout import chart_problems

pytestmark = pytest.mark.e2e

# Each page draws its registered charts.
_COUNT = {page: len(charts_of(page)) for page in ("", "capacity", "demand")}
PAGES = {
    "/": _COUNT[""],
    "/capacity": _COUNT["capacity"],
    "/demand": _COUNT["demand"],
    "/capacity?measure=Share&pipeline=false&year=2018": _COUNT["capacity"],
}
CASES = [(path, (1920, 1080)) for path in PAGES] + [("/capacity?measure=Share&pipeline=false&year=2018", (1280, 720))]


@pytest.mark.parametrize(("path", "screen"), CASES, ids=[f"{p}-{w}x{h}" for p, (w, h) in CASES])
def test_every_chart_is_legible(browser, app_url, path, screen):
    offline = OfflinePage(browser, app_url, *screen)
    try:
        offline.open(path)
        offline.settle()
        page = offline.page
        assert page.locator(".js-plotly-plot").count() == PAGES[path]
        assert chart_problems(page) == []
        # The frame is page text beside each chart: a takeaway title with its numbers, a source line.
        frames = page.locator("[class*='st-key-chart_']")
        assert frames.count() == PAGES[path]
        for i in range(frames.count()):
            frame = frames.nth(i)
            assert any(ch.isdigit() for ch in frame.locator("h3").inner_text())
            assert "Source" in frame.locator("[data-testid='stCaptionContainer']").last.inner_text()
        assert offline.outside_requests == []
    finally:
        offline.context.close()
