"""Uploads in a real browser with no network: a facilities file becomes markers on the map, and a
file full of HTML, script and Markdown payloads shows as text everywhere without running."""

import pytest

from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.facilities import map as fm
from tests.e2e.conftest import OfflinePage
from tests.e2e.test_map import MAP, _marker_position, _wait_for_map

pytestmark = pytest.mark.e2e

# Places in the Sahara, far from every reference facility, so a marker there can only be ours.
SAHARA = [("Tamanrasset test plant", "Algeria", 22.785, 5.523), ("Kufra test plant", "Libya", 24.2, 23.3)]
PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 1">',
    "[click me](javascript:window.__xss=1)",
    "**bold** _under_ :red[red] $x^2$",
]


def _upload(offline: OfflinePage, name: str, content: bytes) -> None:
    page = offline.page
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_text("Kept", exact=True).first.wait_for(timeout=30_000)
    offline.wait_until_ready()


def _go_to(offline: OfflinePage, label: str) -> None:
    """Follow the sidebar link, as a user would: the session (and its uploads) is kept."""
    offline.page.locator("[data-testid='stSidebarNav'] a", has_text=label).first.click()
    offline.wait_until_ready()


def _world_view():
    view = fm.view_presets(fm.prepare_facilities(load_reference().facilities))["World"].view
    return {"zoom": view.zoom, "longitude": view.longitude, "latitude": view.latitude}


def _hover_tooltip(page, lon: float, lat: float) -> str:
    x, y = _marker_position(page, _world_view(), lon, lat)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()


def test_an_uploaded_facilities_file_shows_as_your_data_on_the_map(offline_page):
    # A European export: semicolons, decimal commas, German headers, Windows-1252.
    rows = "\n".join(
        f"{name};{country};{lat:.3f};{lon:.3f};separation".replace(".", ",") for name, country, lat, lon in SAHARA
    )
    content = ("Anlage;Land;Breitengrad;Längengrad;Stufe\n" + rows + "\n").encode("cp1252")
    offline_page.open("/data")
    _upload(offline_page, "werke.csv", content)
    page = offline_page.page
    assert page.locator("[data-testid='stMetric']").filter(has_text="Kept").inner_text().endswith("2")

    _go_to(offline_page, "Map")
    _wait_for_map(page)
    assert page.get_by_text("Your data: 2 uploaded facilities", exact=False).count() == 1
    name, _, lat, lon = SAHARA[0]
    text = _hover_tooltip(page, lon, lat)
    assert name in text and "Your data (werke.csv)" in text
    # Switched off, the marker is gone: hovering the same spot shows no tooltip.
    page.get_by_text("Your data: werke.csv", exact=False).first.click()
    offline_page.wait_until_ready()
    _wait_for_map(page)
    x, y = _marker_position(page, _world_view(), lon, lat)
    page.mouse.move(x, y)
    page.wait_for_timeout(800)
    assert not page.locator(".deck-tooltip").is_visible() or name not in page.locator(".deck-tooltip").inner_text()
    assert offline_page.outside_requests == []


def test_html_and_script_payloads_in_an_upload_do_nothing(offline_page):
    page = offline_page.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    name, country, lat, lon = SAHARA[1]
    lines = ["name,operator,country,city,lat,lon,stage,status"]
    lines += [f'"{p}","{p}",{country},"{p}",{lat},{lon},"{p}",operating' for p in PAYLOADS]
    lines += [f'"{PAYLOADS[0]}",x,"{PAYLOADS[1]}",,1,1,mining,operating']  # rejected row: payload in the report
    offline_page.open("/data")
    _upload(offline_page, "<img src=x onerror=window.__xss=1>.csv", "\n".join(lines).encode())

    # The file name is shown literally (the report table is drawn on a canvas, as text).
    assert "<img src=x onerror=window.__xss=1>.csv" in page.locator("[data-testid='stMain']").inner_text()
    _go_to(offline_page, "Map")
    _wait_for_map(page)
    tooltip = _hover_tooltip(page, lon, lat)
    assert "<script>" in tooltip or "<img" in tooltip or "[click me]" in tooltip or "**bold**" in tooltip
    page.get_by_text("Your data on the map").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator(f"{MAP} script").count() == 0
    assert offline_page.outside_requests == []


def test_the_usgs_data_release_uploaded_back_agrees_with_the_atlas(offline_page):
    """USGS's MCS 2026 data release, all commodities, as USGS publishes it: only rare earth mine
    production reaches the Capacity page, and it agrees with the atlas's USGS figures."""
    from tests.unit.test_usgs_originals import MCS, _original

    offline_page.open("/data")
    _upload(offline_page, MCS, _original(MCS))
    page = offline_page.page
    assert "Set aside 8,850 of the file's 8,886 values" in page.locator("[data-testid='stMain']").inner_text()
    _go_to(offline_page, "Capacity")
    frame = page.locator("[class*='st-key-chart_your_comparison_']").first
    frame.scroll_into_view_if_needed()
    headline = frame.locator("h3").inner_text()
    assert headline == "Your mine production figures match USGS for all 12 countries compared in 2025"
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.outside_requests == []
