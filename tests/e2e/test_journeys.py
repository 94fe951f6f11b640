"""Three users' journeys, end to end in a real browser with every request to another host
blocked, asserting what each of them sees.

* The executive clicks through every page from the navigation: each draws its charts, with no
  error, and the numbers in each chart's title are on screen.
* The presenter switches on two demand sectors, adds the view to the deck, steps to it with
  Page Down on /present, downloads the PowerPoint and finds that slide in it.
* The analyst uploads a facilities file and sees it on the map and in the map's table, then a
  country-year file and sees it compared with USGS on /capacity.
"""

from __future__ import annotations

import io
import re

import pytest

from rare_earth_atlas.charts import page_tabs
from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.sharing.deck import default_deck
from tests.e2e.conftest import OfflinePage, tab_views
from tests.e2e.layout import chart_problems
from tests.e2e.test_uploads import SAHARA, _go_to, _upload

pytestmark = pytest.mark.e2e

NAVIGATION = [
    ("Overview", ""),
    ("Map", "map"),
    ("Capacity", "capacity"),
    ("Demand", "demand"),
    ("Your data", "data"),
    ("Sources", "sources"),
    ("Present", "present"),
]
UNTABBED_CHARTS = {"": 2, "present": 1}  # pages that draw all their charts at once; the others none


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,.]*", text)


def _check_charts(offline_page: OfflinePage, label: str, charts: int) -> None:
    """What is on screen: ``charts`` charts drawn (marks in each plot), legible, each with its
    takeaway title and source line."""
    page = offline_page.page
    assert page.locator("[data-testid='stException']").count() == 0, label
    assert page.locator("h1").first.inner_text(), label
    assert page.locator(".js-plotly-plot").count() == charts, label
    if charts:
        offline_page.settle()
    for i in range(charts):
        plot = page.locator(".js-plotly-plot").nth(i)
        assert plot.locator(".barlayer .point path, .scatterlayer path.js-line").count() > 0, f"{label}: chart {i + 1}"
    assert chart_problems(page) == [], label
    frames = page.locator("[class*='st-key-chart_'], .st-key-slide")
    for i in range(frames.count() if charts else 0):
        frame = frames.nth(i)
        title = frame.locator("h3").first
        title.scroll_into_view_if_needed()
        assert title.is_visible() and _numbers(title.inner_text()), f"{label}: {title.inner_text()}"
        assert re.search(r"\bSources?:", frame.inner_text()), f"{label}: no source line under {title.inner_text()}"


def test_executive_clicks_through_every_page(browser, app_url):
    """On a meeting-room screen (1280x720): every chart drawn (marks in its plot), legible (see
    tests/e2e/layout.py), with its takeaway title and source line beside it; on Capacity and
    Demand, which show one chart a tab, every tab clicked."""
    offline_page = OfflinePage(browser, app_url, 1280, 720)
    offline_page.open("/")
    page = offline_page.page
    for label, path in NAVIGATION:
        _go_to(offline_page, label)
        tabs = tab_views(path) if page_tabs(path) else []
        if not tabs:
            _check_charts(offline_page, label, UNTABBED_CHARTS.get(path, 0))
        for tab, shows, chart_key in tabs:
            offline_page.open_tab(tab, shows)
            _check_charts(offline_page, f"{label}, {tab}", 1 if chart_key else 0)
        if label == "Overview":
            # The takeaway's numbers are the chart's own: each share in the title is a bar's label.
            frame = page.locator(".st-key-chart_midstream_gap")
            shares = re.findall(r"\d+%", frame.locator("h3").inner_text())
            labels = frame.locator(".bartext").evaluate_all("els => els.map((e) => e.textContent)")
            assert len(shares) == 3 and all(share in labels for share in shares)
        if label == "Map":
            page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=30_000)
    assert offline_page.outside_requests == []
    offline_page.context.close()


def test_presenter_adds_a_demand_view_and_finds_it_in_the_deck_and_the_powerpoint(offline_page):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    total = len(default_deck(2025).slides) + 1
    offline_page.open("/demand?sectors=EVs")
    page = offline_page.page
    for sector in ("Drones & low-altitude", "Robots"):  # switch on two sectors
        page.get_by_role("button", name=sector, exact=True).click()
        offline_page.wait_until_ready()
    page.wait_for_url(re.compile("sectors=Drones"))
    page.get_by_role("button", name="Add this view to the deck").click()
    page.get_by_text(f"Added as slide {total} of the deck", exact=False).wait_for(timeout=30_000)

    _go_to(offline_page, "Present")
    for number in range(1, total):
        page.get_by_text(re.compile(rf"^Slide {number} of {total}\b")).wait_for(timeout=30_000)
        offline_page.wait_until_ready()
        page.keyboard.press("PageDown")
    page.get_by_text(re.compile(rf"^Slide {total} of {total}\b")).wait_for(timeout=30_000)
    offline_page.wait_until_ready()
    assert page.locator(".st-key-slide_title h1").inner_text() == "Demand: the view you added"
    legend = page.locator(".st-key-slide .js-plotly-plot .legendtext").evaluate_all(
        "els => els.map((e) => e.textContent)"
    )
    assert {
        "Electric vehicles (traction motors)",
        "Drones and low-altitude aviation",
        "Humanoid and industrial robots",
    } <= set(legend)
    assert "Wind turbines" not in legend

    page.get_by_role("button", name="Edit the deck").click()
    offline_page.wait_until_ready()
    button = page.locator("[data-testid='stDownloadButton'] button").filter(has_text="PowerPoint").filter(visible=True)
    name, data = offline_page.download(button.first)
    presentation = Presentation(io.BytesIO(data))
    assert name.endswith(".pptx") and len(presentation.slides) == total
    added = presentation.slides[total - 1]
    assert "Demand: the view you added" in [s.text_frame.text for s in added.shapes if s.has_text_frame]
    assert sum(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in added.shapes) == 1
    assert offline_page.outside_requests == []


def test_analyst_sees_uploaded_facilities_on_the_map_and_figures_against_usgs(offline_page):
    page = offline_page.page
    rows = "\n".join(f"{name},{country},{lat},{lon},separation" for name, country, lat, lon in SAHARA)
    offline_page.open("/data")
    _upload(offline_page, "plants.csv", f"name,country,lat,lon,stage\n{rows}\n".encode())

    _go_to(offline_page, "Map")
    page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=30_000)
    assert page.get_by_text("Your data: 2 uploaded facilities", exact=False).count() == 1
    page.get_by_role("heading", name="Your data on the map").wait_for(timeout=30_000)
    table = page.locator("[data-testid='stDataFrame']").last  # the table under that heading ends the page
    table.scroll_into_view_if_needed()
    table.locator("[role='gridcell']").first.wait_for(state="attached", timeout=30_000)
    cells = table.locator("[role='gridcell']").evaluate_all("els => els.map((e) => e.textContent)")
    assert {name for name, *_ in SAHARA} <= set(cells)

    usgs = load_reference().mine_production.set_index(["iso3", "year"])["tonnes_reo"]
    _go_to(offline_page, "Your data")
    content = f"country,year,value\nChina,2024,{usgs['CHN', 2024] * 1.1:.0f}\nAustralia,2024,{usgs['AUS', 2024]:.0f}\n"
    _upload(offline_page, "my_estimates.csv", content.encode())
    _go_to(offline_page, "Capacity")
    frame = page.locator("[class*='st-key-chart_your_comparison_']").first
    frame.scroll_into_view_if_needed()
    assert "your figure for China is 10% above USGS" in frame.locator("h3").inner_text()
    assert "Your data (my_estimates.csv)" in frame.locator(".legendtext").evaluate_all(
        "els => els.map((e) => e.textContent)"
    )
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.outside_requests == []
