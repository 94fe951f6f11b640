"""Presentation mode in a real browser with no network, as a presenter uses it on a projector:
every slide fits the screen without scrolling at 1280x720 and 1920x1080, in the light and the
dark theme, with its title, chart, source line, talking point and Previous/Next on screen and
nothing cut or printed over something else; the keys clickers send step the deck."""

import json
import re

import pytest

from rare_earth_atlas.charts import slide_pages
from rare_earth_atlas.sharing.deck import FORMAT, VERSION, default_deck
from tests.e2e.conftest import OfflinePage
from tests.e2e.layout import chart_problems, slide_problems

pytestmark = pytest.mark.e2e

SCREENS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}


def _wait_for_slide(offline: OfflinePage, number: int, total: int) -> None:
    offline.page.get_by_text(re.compile(rf"^Slide {number} of {total}\b")).wait_for(timeout=30_000)
    offline.wait_until_ready()
    offline.settle()


def _check_slide(offline: OfflinePage, where: str) -> None:
    page = offline.page
    assert page.locator("[data-testid='stException']").count() == 0, where
    # A live chart or map, not a picture.
    page.locator(
        ".st-key-slide .js-plotly-plot .main-svg, .st-key-slide [data-testid='stDeckGlJsonChart'] canvas"
    ).first.wait_for(timeout=30_000)
    assert slide_problems(page) == [], where
    assert chart_problems(page) == [], where


def _walk(offline: OfflinePage, titles: list[str], where: str) -> None:
    page = offline.page
    for number, title in enumerate(titles, start=1):
        _wait_for_slide(offline, number, len(titles))
        assert page.locator(".st-key-slide_title h1").inner_text() == title
        _check_slide(offline, f"slide {number} ({title}) at {where}")
        page.keyboard.press("PageDown")


def _luminance(css_colour: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def _check_contrast(offline: OfflinePage, scheme: str) -> None:
    """The slide's titles, source line and the chart's axis labels contrast with the background
    in the theme the viewer's system asks for (a projector may run either)."""
    page = offline.page

    def colour(selector: str, prop: str = "color") -> float:
        return _luminance(page.evaluate(f"getComputedStyle(document.querySelector({json.dumps(selector)})).{prop}"))

    background = colour("[data-testid=stApp]", "backgroundColor")
    assert (background > 0.5) == (scheme == "light")
    assert abs(background - colour(".st-key-slide_title h1")) > 0.5
    assert abs(background - colour(".st-key-slide h3")) > 0.5
    assert abs(background - colour(".st-key-slide [data-testid=stCaptionContainer]")) > 0.3
    assert abs(background - colour(".js-plotly-plot .xtick text", "fill")) > 0.4


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_default_slide_fits_the_screen_and_page_down_walks_the_deck(browser, app_url, screen, scheme):
    width, height = SCREENS[screen]
    offline = OfflinePage(browser, app_url, width, height, scheme)
    try:
        slides = default_deck(2025).slides
        offline.open("/present")
        page = offline.page
        assert not page.locator("[data-testid='stSidebar']").is_visible()  # the chrome is hidden
        _walk(offline, [s.title for s in slides], f"{screen}, {scheme}")
        _wait_for_slide(offline, len(slides), len(slides))  # Page Down on the last slide stays there
        _check_contrast(offline, scheme)
        if (screen, scheme) == ("1280x720", "light"):
            # The other keys clickers send (arrows, space) step one slide each, like Page Up/Down;
            # after a click on Next (focus on the button) the keys still work.
            for key, expected in [("PageUp", 7), ("ArrowLeft", 6), ("ArrowUp", 5), ("ArrowRight", 6), ("Space", 7)]:
                page.keyboard.press(key)
                _wait_for_slide(offline, expected, len(slides))
            page.get_by_role("button", name="Previous").click()
            _wait_for_slide(offline, 6, len(slides))
            page.keyboard.press("ArrowDown")  # focus is on the Previous button now
            _wait_for_slide(offline, 7, len(slides))
            page.keyboard.press("Space")  # one step forward, not a press of the focused button
            _wait_for_slide(offline, 8, len(slides))
        else:
            page.keyboard.press("PageUp")
            _wait_for_slide(offline, len(slides) - 1, len(slides))
        assert re.search(r"slide=\d", page.url)
        assert offline.outside_requests == []
    finally:
        offline.context.close()


def _deck_of_every_chart() -> bytes:
    """A deck with one slide for each chart a page can add, with long titles and talking points
    (what presenters type), so the tightest cases are measured."""
    slides = [
        {
            "title": f"{page or 'overview'} / {chart}: a title a presenter might write, long enough to wrap on a projector",
            "talking_point": "A talking point of two sentences, as presenters write them. It must wrap, not be cut off.",
            "page": page,
            "chart": chart,
            "params": {"pipeline": ["true"]} if page == "capacity" else {},
        }
        for page, charts in slide_pages().items()
        for chart in charts
    ]
    return json.dumps({"format": FORMAT, "version": VERSION, "title": "Every chart", "slides": slides}).encode()


@pytest.mark.parametrize(("screen", "scheme"), [("1280x720", "light"), ("1920x1080", "dark")])
def test_every_chart_a_page_can_add_fits_as_a_slide(browser, app_url, screen, scheme):
    width, height = SCREENS[screen]
    offline = OfflinePage(browser, app_url, width, height, scheme)
    try:
        page = offline.page
        offline.open("/present")
        page.get_by_role("button", name="Edit the deck").click()
        offline.wait_until_ready()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": "every-chart.json", "mimeType": "application/json", "buffer": _deck_of_every_chart()}]
        )
        page.get_by_text("Edit the deck: Every chart").wait_for(timeout=30_000)
        page.get_by_role("button", name="Back to the slides").click()
        offline.wait_until_ready()
        titles = [s["title"] for s in json.loads(_deck_of_every_chart())["slides"]]
        _walk(offline, titles, f"{screen}, {scheme}")
        assert offline.outside_requests == []
    finally:
        offline.context.close()
