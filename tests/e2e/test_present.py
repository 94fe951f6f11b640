"""Presentation mode in a real browser with no network: the default deck is walked to the end
with Page Down (what a clicker sends) and back with Page Up, each slide drawing its live chart."""

import pytest

from rare_earth_atlas.deck import default_deck
from tests.e2e.conftest import OfflinePage

pytestmark = pytest.mark.e2e


def _slide_number(page) -> str:
    return page.get_by_text("slide ", exact=False).first.inner_text()


def _wait_for_slide(offline: OfflinePage, number: int, total: int) -> None:
    offline.page.get_by_text(f"slide {number} of {total}", exact=False).first.wait_for(timeout=30_000)
    offline.wait_until_ready()


def test_the_default_deck_steps_with_the_clicker_keys_to_the_end(offline_page):
    slides = default_deck(2025).slides
    offline_page.open("/present")
    page = offline_page.page
    _wait_for_slide(offline_page, 1, len(slides))
    assert not page.locator("[data-testid='stSidebar']").is_visible()  # the chrome is hidden
    for number, slide in enumerate(slides, start=1):
        _wait_for_slide(offline_page, number, len(slides))
        assert page.locator("[data-testid='stException']").count() == 0, slide.title
        assert slide.title in page.locator(".st-key-slide_title").inner_text()
        chart = "[data-testid='stDeckGlJsonChart']" if slide.page == "map" else ".js-plotly-plot"
        page.locator(chart).first.wait_for(timeout=30_000)  # a live chart, not a picture
        page.locator(".st-key-slide_title").click()  # focus the page, as a presenter would
        page.keyboard.press("PageDown")
    _wait_for_slide(offline_page, len(slides), len(slides))  # Page Down on the last slide stays there
    page.keyboard.press("PageUp")
    _wait_for_slide(offline_page, len(slides) - 1, len(slides))
    assert "slide=" in page.url
    assert offline_page.outside_requests == []


def _luminance(css_colour: str) -> float:
    import re

    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_themes_keep_chart_text_legible(browser, app_url, scheme):
    """The app follows the viewer's light or dark setting, and chart titles and source lines
    contrast with the background in both (a projector may run either)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    page = context.new_page()
    page.goto(app_url + "/present?slide=5", wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=30_000)
    background = _luminance(
        page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    )
    title = _luminance(page.evaluate("getComputedStyle(document.querySelector('.js-plotly-plot .gtitle')).fill"))
    source = _luminance(
        page.evaluate("getComputedStyle([...document.querySelectorAll('.js-plotly-plot .annotation-text')].pop()).fill")
    )
    assert (background > 0.5) == (scheme == "light")
    assert abs(background - title) > 0.5 and abs(background - source) > 0.4
    context.close()
