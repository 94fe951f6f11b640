"""The map in a real browser with no network: outlines and markers drawn, presets, selection,
the user's zoom kept across filter changes, and data shown as text."""

import io
import math

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from components.data_access import REFERENCE_DIR_ENV
from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.facilities import map as fm
from tests.e2e.conftest import OfflinePage, start_app

pytestmark = pytest.mark.e2e

LAND = np.array([228, 228, 224])
MAP = "[data-testid='stDeckGlJsonChart']"


def _map_pixels(page) -> np.ndarray:
    box = page.locator(MAP).bounding_box()
    return np.array(Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")).astype(int)


def _land_fraction(page) -> float:
    return float((np.abs(_map_pixels(page) - LAND).sum(axis=2) < 12).mean())


def _stage_pixels(page) -> int:
    pixels = _map_pixels(page)
    return sum(int((np.abs(pixels - np.array(rgb)).sum(axis=2) < 30).sum()) for rgb in fm.STAGE_COLOURS_RGB.values())


def _wait_for_map(page) -> None:
    page.locator(f"{MAP} canvas").first.wait_for()
    page.wait_for_timeout(1500)  # deck.gl draws after the element mounts


def _marker_position(page, view, lon: float, lat: float) -> tuple[float, float]:
    """Screen position of a lon/lat in the deck (Web Mercator, 512 px world at zoom 0)."""
    box = page.locator(MAP).bounding_box()
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)

    def x(lon_deg):
        return scale * (math.radians(lon_deg) + math.pi)

    def y(lat_deg):
        return scale * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2)))

    return (
        box["x"] + box["width"] / 2 + x(lon) - x(view["longitude"]),
        box["y"] + box["height"] / 2 + y(lat) - y(view["latitude"]),
    )


def test_map_draws_outlines_and_markers_offline(offline_page):
    offline_page.open("/map")
    page = offline_page.page
    _wait_for_map(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert _land_fraction(page) > 0.1  # country outlines are drawn
    assert _stage_pixels(page) > 200  # and so are the facility markers
    assert offline_page.outside_requests == []


def test_zoom_is_kept_when_a_filter_changes(offline_page):
    offline_page.open("/map")
    page = offline_page.page
    _wait_for_map(page)
    world = _land_fraction(page)
    box = page.locator(MAP).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(6):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(250)
    page.wait_for_timeout(800)
    zoomed = _land_fraction(page)
    assert zoomed > world + 0.3  # zoomed into land
    page.get_by_role("button", name="Magnets", exact=False).first.click()
    offline_page.wait_until_ready()
    page.wait_for_timeout(1000)
    assert abs(_land_fraction(page) - zoomed) < 0.05  # the view did not snap back


def test_yangtze_river_delta_preset_and_selecting_a_facility(offline_page):
    reference = load_reference()
    facilities = fm.prepare_facilities(reference.facilities)
    view = fm.view_presets(facilities)["Yangtze River Delta"].view
    target = facilities.set_index("facility_id").loc["cn-jiangyin-jiahua"]

    offline_page.open("/map")
    page = offline_page.page
    page.get_by_role("radio", name="Yangtze River Delta").click()
    offline_page.wait_until_ready()
    _wait_for_map(page)
    assert "Showing" in page.get_by_text("Showing").first.inner_text()
    x, y = _marker_position(
        page, {"zoom": view.zoom, "longitude": view.longitude, "latitude": view.latitude}, target["lon"], target["lat"]
    )
    page.mouse.move(x, y)  # deck.gl picks the object under the pointer on hover first
    page.wait_for_timeout(500)
    page.mouse.click(x, y)
    offline_page.wait_until_ready()
    panel = page.locator(".st-key-facility_detail")
    panel.wait_for(timeout=15_000)
    assert target["name"] in panel.inner_text()
    assert "Capacity not disclosed" in panel.inner_text()
    assert panel.get_by_role("link", name="Open source").count() >= 1


def test_html_in_a_facility_name_is_shown_literally(browser, tmp_path):
    import shutil

    from rare_earth_atlas.data.reference import DEFAULT_REFERENCE_DIR

    copy = tmp_path / "reference"
    shutil.copytree(DEFAULT_REFERENCE_DIR, copy)
    table = pd.read_csv(copy / "facilities.csv", dtype=str, keep_default_na=False)
    table.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    table.to_csv(copy / "facilities.csv", index=False)
    url, stop = start_app({REFERENCE_DIR_ENV: str(copy)})
    try:
        offline = OfflinePage(browser, url)
        page = offline.page
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        offline.open("/map")
        page.get_by_role("combobox", name="Facility").click()
        page.get_by_role("option", name="<img src=x onerror=alert(1)>", exact=False).click()
        offline.wait_until_ready()
        panel = page.locator(".st-key-facility_detail")
        panel.wait_for(timeout=15_000)
        assert "<img src=x onerror=alert(1)>" in panel.inner_text()
        assert page.locator("img[src='x']").count() == 0
        assert dialogs == []
        offline.context.close()
    finally:
        stop()
