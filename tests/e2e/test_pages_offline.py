"""In a real browser with no network: settings that live in the URL and a sector switched in a
fragment. (Every page drawing its charts offline is the executive's journey, test_journeys.py.)"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


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


def test_a_source_found_from_a_link_opens_in_full_when_its_row_is_picked(offline_page):
    offline_page.open("/sources?q=Lynas&feeds=Facilities")
    page = offline_page.page
    caption = page.get_by_text("sources match your search", exact=False)
    shown = int(caption.inner_text().split(" of ")[0])
    assert 0 < shown < 50
    table = page.locator("[data-testid='stDataFrame']").last
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # Glide's grid draws on a canvas: the first row's selection box is under the header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    offline_page.wait_until_ready()
    detail = page.locator(".st-key-source_detail")
    expect(detail).to_be_visible()
    assert "Lynas" in detail.inner_text()
    link = detail.get_by_role("link", name="Open source")
    assert link.get_attribute("href").startswith(("https://", "http://"))
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.outside_requests == []
