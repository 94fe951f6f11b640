"""In a real browser with no network: every page loads without an exception box, draws each of
its charts, and asks no other host for anything."""

import pytest

pytestmark = pytest.mark.e2e

PAGES = {"/": 2, "/map": 0, "/capacity": 5, "/demand": 4, "/data": 0, "/sources": 0, "/present": 1}


@pytest.mark.parametrize(("path", "charts"), PAGES.items())
def test_page_draws_every_chart_offline(offline_page, path, charts):
    offline_page.open(path)
    page = offline_page.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.inner_text()
    plots = page.locator(".js-plotly-plot")
    assert plots.count() == charts
    for i in range(charts):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        # A drawn chart has marks (bars or lines: SVG paths inside its plot area) and its source line.
        assert plot.locator(".barlayer .point path, .scatterlayer path.js-line").count() > 0
        assert any("Source" in text for text in plot.locator(".annotation-text").all_text_contents())
    assert offline_page.outside_requests == []


def test_production_view_is_kept_in_the_url(offline_page):
    offline_page.open("/")
    page = offline_page.page
    page.get_by_role("radio", name="Share", exact=True).click()
    offline_page.wait_until_ready()
    page.wait_for_url("**production=Share*")
    axis_title = page.locator(".js-plotly-plot").nth(1).locator(".ytitle").text_content()
    assert axis_title == "Share of world mine production (%)"
    # Opening the link in a fresh page restores the same view.
    offline_page.open("/?production=Share")
    assert page.locator(".js-plotly-plot").nth(1).locator(".ytitle").text_content() == axis_title


def test_switching_a_demand_sector_off_in_the_browser(offline_page):
    offline_page.open("/demand")
    page = offline_page.page
    legend = page.locator(".js-plotly-plot").first.locator(".legendtext")
    assert "Wind turbines" in legend.all_text_contents()
    page.get_by_role("button", name="Wind", exact=True).click()
    offline_page.wait_until_ready()
    page.wait_for_url("**sectors=*")
    assert "Wind turbines" not in page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.outside_requests == []
