"""Every download the app offers, clicked in a real browser and opened as the user would open it.

Downloads whose file is made when clicked run after the script, in a thread without the
user's session; only a browser shows whether they still work, so each button here must deliver
a file: a PNG that decodes and carries its stamped title and source lines, a CSV that parses
and names its sources (with spreadsheet formulas neutralised), a deck JSON that imports back, a
PowerPoint that opens with one 16:9 picture per slide."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import expect

from rare_earth_atlas.charts import charts_of, page_tabs
from rare_earth_atlas.data.provenance import FORMULA_PREFIXES
from rare_earth_atlas.sharing.deck import default_deck
from rare_earth_atlas.sharing.exports import SLIDE_IMAGE_PX
from tests.e2e.conftest import OfflinePage, tab_views

pytestmark = pytest.mark.e2e

PNG = "Download this view (PNG)"


def _buttons(offline: OfflinePage, label: str):
    return offline.page.locator("[data-testid='stDownloadButton'] button").filter(has_text=label).filter(visible=True)


def _open_every_view_data(offline: OfflinePage) -> int:
    summaries = offline.page.locator("[data-testid='stExpander'] summary").filter(has_text="View data")
    for i in range(summaries.count()):
        summaries.nth(i).click()
        offline.wait_until_ready()
    return summaries.count()


def _text_rows(image: Image.Image, rows: range) -> float:
    """Share of pixels in ``rows`` dark enough to be text on the white export background."""
    grey = image.convert("L")
    band = grey.crop((0, rows.start, grey.width, rows.stop))
    histogram = band.histogram()
    return sum(histogram[:120]) / (band.width * band.height)


def _check_png(data: bytes, name: str) -> None:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.width == 1280 and image.height > 300, name
    # The stamped frame: title lines at the top, source and data-date lines at the bottom.
    assert _text_rows(image, range(0, 60)) > 0.01, f"{name}: no title at the top of the image"
    assert _text_rows(image, range(image.height - 40, image.height)) > 0.003, f"{name}: no source lines at the bottom"


def _check_csv(data: bytes, name: str, must_have: set[str]) -> pd.DataFrame:
    table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert len(table) > 0, name
    assert must_have <= set(table.columns), f"{name}: {sorted(must_have - set(table.columns))} missing"
    for column in table.columns:
        text = table[column][pd.to_numeric(table[column], errors="coerce").isna()]  # a number may start with "-"
        assert not text.str.startswith(FORMULA_PREFIXES).any(), f"{name}: a formula in {column}"
        # Computed numbers are written as a person would read them, not with float noise.
        assert not table[column].str.contains(r"\.\d{13,}", regex=True).any(), f"{name}: float noise in {column}"
    return table


def _chart_downloads(offline: OfflinePage, charts: int, tables: int, where: str) -> None:
    """Every chart's PNG and every table's CSV among what is on screen now."""
    assert _open_every_view_data(offline) == charts
    pngs, csvs = _buttons(offline, PNG), _buttons(offline, "Download CSV")
    assert (pngs.count(), csvs.count()) == (charts, tables), where
    for i in range(charts):
        name, data = offline.download(pngs.nth(i))
        assert name.endswith(".png")
        _check_png(data, f"{where} {name}")
    for i in range(tables):
        name, data = offline.download(csvs.nth(i))
        assert name.endswith(".csv")
        _check_csv(data, f"{where} {name}", {"source_id", "source_title", "source_url"})


@pytest.fixture
def downloader(browser, app_url):
    offline = OfflinePage(browser, app_url, 1440, 1000)
    yield offline
    offline.context.close()


@pytest.mark.parametrize("path", ["/", "/capacity", "/demand"])
def test_every_chart_downloads_as_a_stamped_png_and_its_data_as_a_sourced_csv(downloader, path):
    """Tabbed pages (Capacity, Demand) draw one chart a tab, so each tab is opened in turn; the
    Capacity page's last tab is a table (China's reach abroad) with its own CSV."""
    downloader.open(path)
    page = path.strip("/")
    if not page_tabs(page):
        _chart_downloads(downloader, len(charts_of(page)), len(charts_of(page)), path)
    for label, shows, chart_key in tab_views(page):
        downloader.open_tab(label, shows)
        _chart_downloads(downloader, 1 if chart_key else 0, 1, f"{path} {label}")
    assert downloader.outside_requests == []


def test_the_map_tables_and_the_source_list_download(downloader):
    downloader.open("/map")
    csvs = _buttons(downloader, "Download CSV")
    assert csvs.count() == 2  # cluster summary, facilities shown
    for i in range(2):
        name, data = downloader.download(csvs.nth(i))
        _check_csv(data, name, {"source_id", "source_title"})
    downloader.open("/sources")
    name, data = downloader.download(_buttons(downloader, "Download the source list (CSV)").first)
    sources = _check_csv(data, name, {"source_id", "title", "publisher", "url", "datasets", "charts"})
    assert sources["source_id"].is_unique
    name, data = downloader.download(_buttons(downloader, "Download the coverage table (CSV)").first)
    coverage = _check_csv(data, name, {"stage", "region", "facilities", "with_capacity_pct", "evidence_weak"})
    assert "All stages" in set(coverage["stage"])


def test_the_upload_templates_and_the_problem_report_download(downloader):
    downloader.open("/data")
    page = downloader.page
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Templates").click()
    downloader.wait_until_ready()
    expected = {
        "Facilities": {"name", "country", "lat", "lon", "stage"},
        "Country-year values": {"country", "year", "value"},
        "Demand assumptions": {"sector", "units_base_year", "magnet_kg_per_unit", "ree_content_pct"},
    }
    for tab in page.get_by_role("tab").all():
        label = tab.inner_text().strip()
        kind = next(k for k in expected if label.startswith(k))
        tab.click()
        button = (
            page.locator("[data-testid='stTabPanel'] [data-testid='stDownloadButton'] button")
            .filter(visible=True)
            .first
        )
        name, data = downloader.download(button)
        _check_csv(data, name, expected.pop(kind))
    assert expected == {}
    # A file with a bad row gets a report, which downloads with its line numbers.
    content = b"name,country,lat,lon,stage\nGood plant,Australia,-28.8,122.5,mining\nBad plant,Atlantis,1,1,mining\n"
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "plants.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_text("Kept", exact=True).first.wait_for(timeout=30_000)
    downloader.wait_until_ready()
    name, data = downloader.download(_buttons(downloader, "Download the report (CSV)").first)
    report = _check_csv(data, name, {"line", "column", "value", "problem"})
    assert "Atlantis" in " ".join(report["value"]) and "3" in set(report["line"])
    assert downloader.outside_requests == []


def test_the_deck_downloads_as_json_that_imports_back_and_as_powerpoint(downloader):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = default_deck(2025)
    downloader.open("/present")
    page = downloader.page
    page.get_by_role("button", name="Edit the deck").click()
    downloader.wait_until_ready()
    name, data = downloader.download(_buttons(downloader, "Export the deck (JSON)").first)
    assert name.endswith(".json")
    # Rename a slide, then import the exported file: the deck as exported comes back.
    first = page.locator("[data-testid='stTextInput'] input").first
    first.fill("Renamed before import")
    first.press("Enter")
    downloader.wait_until_ready()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )
    # The upload is sent before the rerun it causes starts, so "ready" can be seen in between:
    # wait for the imported deck itself (it never comes if the import fails).
    expect(page.locator("[data-testid='stTextInput'] input").first).to_have_value(deck.slides[0].title, timeout=30_000)
    downloader.wait_until_ready()
    assert page.locator("[data-testid='stAlertContentError'], [data-testid='stException']").count() == 0

    name, data = downloader.download(_buttons(downloader, "Download the deck as PowerPoint").first)
    assert name.endswith(".pptx")
    presentation = Presentation(io.BytesIO(data))
    assert len(presentation.slides) == len(deck.slides)
    for slide, expected in zip(presentation.slides, deck.slides, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.size == SLIDE_IMAGE_PX
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert expected.title in texts
        assert any(re.search(r"\b(Sources?|Facilities): ", t) for t in texts)
        assert slide.notes_slide.notes_text_frame.text == expected.talking_point
    assert downloader.outside_requests == []
