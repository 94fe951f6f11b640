"""Exports: a chart as a PNG with its frame and data date, the deck as a PowerPoint file that
opens with python-pptx (one 16:9 picture per deck slide), and a clear message when no browser
exists. The browser test clicks the same buttons (tests/e2e/test_downloads.py)."""

import io
import os
import re
from pathlib import Path

import pytest

from rare_earth_atlas.sharing import exports
from rare_earth_atlas.sharing.deck import default_deck
from tests.app.helpers import open_page

needs_browser = pytest.mark.skipif(
    exports.browser_path() is None and os.environ.get("CI", "").lower() != "true",
    reason="no Chromium here (install Debian's chromium); under CI=true this test runs and fails instead",
)


@needs_browser
def test_the_deck_downloads_as_powerpoint_with_one_slide_per_deck_slide():
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from components.slides import slide_exports

    deck = default_deck(2025)
    presentation = Presentation(io.BytesIO(exports.deck_powerpoint(deck.title, slide_exports(deck), "Data as of X.")))
    assert len(presentation.slides) == len(deck.slides)
    for slide, expected in zip(presentation.slides, deck.slides, strict=True):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert expected.title in texts
        assert any(re.search(r"\b(Sources?|Facilities): ", t) for t in texts)  # every slide cites
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert pictures[0].image.size == exports.SLIDE_IMAGE_PX  # 16:9, drawn at that size
        assert abs(pictures[0].width / pictures[0].height - 16 / 9) < 0.01
        assert slide.notes_slide.notes_text_frame.text == expected.talking_point


@needs_browser
def test_a_view_png_carries_the_data_date():
    from rare_earth_atlas.data.provenance import data_as_of, source_ids_in, source_line
    from rare_earth_atlas.data.reference import load_reference
    from rare_earth_atlas.overview import figures
    from rare_earth_atlas.overview import model as overview

    reference = load_reference()
    gap = overview.midstream_gap(reference)
    spec = figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), reference.sources)).to_dict()
    as_of = data_as_of(reference).sentence()
    assert as_of in exports.framed(spec, as_of=as_of)["layout"]["annotations"][-1]["text"].replace("<br>", " ")
    image = exports.chart_png(spec, as_of)
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 20_000


def test_without_a_browser_the_buttons_say_what_is_missing(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", str(Path("/nonexistent")))
    problem = exports.export_problem()
    assert problem and "apt-get install chromium" in problem
    with pytest.raises(exports.ExportUnavailable):
        exports.png({"data": [], "layout": {}})
    at = open_page()
    png_buttons = [b for b in at.get("download_button") if b.proto.label == "Download this view (PNG)"]
    assert png_buttons and all(b.proto.disabled for b in png_buttons)
    assert "apt-get install chromium" in png_buttons[0].proto.help
    at = open_page("app_pages/present.py")
    at.button(key="deck_edit").click().run()
    pptx = next(b for b in at.get("download_button") if b.proto.label == "Download the deck as PowerPoint")
    assert pptx.proto.disabled and "apt-get install chromium" in pptx.proto.help
    assert any("apt-get install chromium" in c.value for c in at.caption)  # said on the page, not only on hover
