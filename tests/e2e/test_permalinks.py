"""Permalinks in a real browser with no network: the Copy link control gives the current view's
URL, that URL opened in a fresh browser shows the same view, and settings survive page switches."""

import pytest

from tests.e2e.conftest import OfflinePage

pytestmark = pytest.mark.e2e


def _chart_titles(page) -> list[str]:
    """The takeaway titles of the page's charts, as shown above each chart."""
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    return page.eval_on_selector_all("[class*='st-key-chart_'] h3", "els => els.map(e => e.textContent.trim())")


def _go_to(offline: OfflinePage, label: str) -> None:
    offline.page.locator("[data-testid='stSidebarNav'] a", has_text=label).first.click()
    offline.wait_until_ready()


def _copied_link(offline: OfflinePage) -> str:
    frame = offline.page.frame_locator("iframe[title='st.iframe'], iframe").first
    frame.get_by_role("button", name="Copy link to this view").click()
    status = frame.locator("#status")
    status.wait_for(timeout=10_000)
    offline.page.wait_for_timeout(300)
    link = frame.locator("#link").input_value()
    assert link.startswith(offline.base_url)
    return link


def test_a_copied_link_opens_the_same_view_in_a_fresh_browser(browser, app_url):
    first = OfflinePage(browser, app_url)
    first.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    first.open("/capacity")
    page = first.page
    page.get_by_role("radio", name="Share").first.click()
    first.wait_until_ready()
    page.get_by_text("Include pipeline").first.click()
    first.wait_until_ready()

    _go_to(first, "Demand")
    page.get_by_role("radio", name="APS").first.click()
    first.wait_until_ready()
    page.get_by_role("button", name="Robots").first.click()  # inside a fragment: no full rerun
    first.wait_until_ready()
    first.open_tab("New demand", ".st-key-chart_demand_drivers")  # a tab, also inside the fragment
    demand_titles = _chart_titles(page)
    link = _copied_link(first)
    assert "scenario=APS" in link and "sectors=" in link and "chart=New+demand" in link

    # Back on Capacity, the settings the user left there are still set (Streamlit drops them).
    _go_to(first, "Capacity")
    assert page.get_by_role("radio", name="Share").first.is_checked()
    assert "measure=Share" in page.url and "pipeline=false" in page.url

    second = OfflinePage(browser, app_url)  # a new browser context: nothing shared but the link
    second.page.goto(link, wait_until="domcontentloaded")
    second.wait_until_ready()
    assert second.page.get_by_role("radio", name="APS").first.is_checked()
    assert second.page.get_by_role("tab", name="New demand").get_attribute("aria-selected") == "true"
    assert _chart_titles(second.page) == demand_titles
    assert second.page.locator("[data-testid='stException']").count() == 0
    assert first.outside_requests == [] and second.outside_requests == []
    first.context.close()
    second.context.close()


def test_a_hostile_link_falls_back_to_defaults_with_a_notice(offline_page):
    dialogs = []
    offline_page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    offline_page.open("/demand?scenario=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&year=99999&sectors=Spaceships")
    page = offline_page.page
    assert page.get_by_role("radio", name="STEPS").first.is_checked()
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Ignored IEA scenario" in text and "Ignored Year = '99999'" in text
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    assert page.locator("[data-testid='stException']").count() == 0
