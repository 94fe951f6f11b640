"""Static exports (issue 7): a chart as a PNG stamped with its data date, and the deck as a
PowerPoint file.

Chart images are rendered by kaleido, which drives the system's Chromium (no download, no
network: ``BROWSER_PATH`` points at Debian's ``/usr/bin/chromium`` when it is not set). One
browser is started on the first export and reused, so later images take a fraction of a
second. ``export_problem`` says, in one sentence, what is missing when no browser is found;
callers show it instead of a button that would fail.

Every chart already carries its title and source line inside the figure; ``stamped`` adds the
"data as of" line and a font stack that exists on machines without the app's web font.
The map is drawn by deck.gl in the browser, which kaleido cannot capture, so map slides are
exported as a Plotly snapshot of the same markers over the same shipped outlines.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

# Quoted: an unquoted family name with a digit ("Source Sans 3") makes the whole CSS list invalid,
# and the browser then falls back to its serif default.
EXPORT_FONT = '"Source Sans 3", "Source Sans Pro", "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
DEFAULT_WIDTH_PX = 1280
_server_started = False


class ExportUnavailable(RuntimeError):
    """No browser to render images with; the message says what to install."""


def browser_path() -> str | None:
    """The Chromium kaleido will use, or None."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def export_problem() -> str | None:
    """None when images can be made; otherwise one sentence saying what is missing. Checked on
    every page run (each chart has an export button), so cached per browser setting."""
    return _export_problem(os.environ.get("BROWSER_PATH", ""), os.environ.get("PATH", ""))


@lru_cache(maxsize=8)
def _export_problem(_browser_path_setting: str, _path: str) -> str | None:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "Image export needs the kaleido package (pip install kaleido); the live charts still work."
    if browser_path() is None:
        return (
            "Image export needs Chromium on the server (on Debian: apt-get install chromium) and none was found; "
            "the live charts still work, and each chart's camera icon saves a PNG from your browser."
        )
    return None


def stamped(spec: dict, as_of: str) -> dict:
    """A copy of a figure spec with the 'data as of' line in its bottom-right corner, a white
    background and a font stack that exists where the web font does not."""
    figure = copy.deepcopy(spec)
    layout = figure.setdefault("layout", {})
    layout["paper_bgcolor"] = "white"
    layout.setdefault("font", {})["family"] = EXPORT_FONT
    # A line of its own below the source line: the bottom margin and the height grow by it.
    margin = dict(layout.get("margin") or {})
    margin["b"] = margin.get("b", 80) + 22
    layout["margin"] = margin
    layout["height"] = int(layout.get("height") or 600) + 22
    layout["annotations"] = [
        *(layout.get("annotations") or []),
        {
            "text": as_of.replace("<", "&lt;").replace(">", "&gt;"),
            "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -(margin["b"] - 4),
            "xanchor": "left", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 11, "color": "#555555"},
        },
    ]  # fmt: skip
    return figure


def png(spec: dict, width: int = DEFAULT_WIDTH_PX) -> bytes:
    """The figure as PNG bytes (its own height), rendered by kaleido with the system Chromium."""
    global _server_started
    problem = export_problem()
    if problem:
        raise ExportUnavailable(problem)
    os.environ.setdefault("BROWSER_PATH", browser_path() or "")
    import kaleido
    import plotly.io as pio

    if not _server_started:
        kaleido.start_sync_server(silence_warnings=True)
        _server_started = True
    height = int((spec.get("layout") or {}).get("height") or 600)
    return pio.to_image(spec, format="png", width=width, height=height, scale=1, validate=False)


# ---------------------------------------------------------------- map snapshot


def map_snapshot_figure(markers: pd.DataFrame, countries_geojson: dict, view, title: str, source: str) -> dict:
    """The map's markers over the shipped country outlines, as a Plotly figure (equirectangular
    longitude and latitude axes) framed like the map's view. Marker colours and outlines are the
    map's own; sizes are the map's pixel radii."""
    xs, ys = [], []
    for feature in countries_geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon[:1]:
                xs += [point[0] for point in ring] + [None]
                ys += [point[1] for point in ring] + [None]
    span_lon = 360 / 2**view.zoom * 2.5
    span_lat = span_lon * 9 / 16
    rgba = lambda c: f"rgba({c[0]},{c[1]},{c[2]},{c[3] / 255:.2f})"  # noqa: E731
    traces = [
        {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": "#E4E4E0",
         "line": {"color": "white", "width": 0.6}, "hoverinfo": "skip", "showlegend": False},
        {"type": "scatter", "x": markers["lon"].tolist(), "y": markers["lat"].tolist(), "mode": "markers",
         "marker": {"size": [2 * r for r in markers["radius"]], "color": [rgba(c) for c in markers["fill"]],
                    "line": {"color": [rgba(c) for c in markers["line"]], "width": 1.2}},
         "text": markers["name"].tolist(), "hoverinfo": "text", "showlegend": False},
    ]  # fmt: skip
    return {
        "data": traces,
        "layout": {
            "title": {"text": f"<b>{title}</b>", "x": 0, "xanchor": "left"},
            "height": 720,
            "xaxis": {"range": [view.longitude - span_lon / 2, view.longitude + span_lon / 2], "visible": False},
            "yaxis": {"range": [view.latitude - span_lat / 2, view.latitude + span_lat / 2], "visible": False,
                      "scaleanchor": "x", "scaleratio": 1},
            "margin": {"l": 10, "r": 10, "t": 60, "b": 70},
            "plot_bgcolor": "white",
            "annotations": [{"text": source, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -60,
                             "xanchor": "left", "yanchor": "bottom", "showarrow": False, "font": {"size": 11, "color": "#555555"}}],
            "template": {"layout": {}},
        },
    }  # fmt: skip


def read_geojson(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- PowerPoint


@dataclass(frozen=True)
class SlideExport:
    title: str
    talking_point: str
    image_png: bytes
    source_line: str


def deck_pptx(deck_title: str, slides: list[SlideExport]) -> bytes:
    """A 16:9 PowerPoint file with one slide per deck slide: its title, the chart image and the
    source line; the talking point goes in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    blank = presentation.slide_layouts[6]
    for item in slides:
        slide = presentation.slides.add_slide(blank)
        title_box = slide.shapes.add_textbox(Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.9))
        title_box.text_frame.word_wrap = True
        title_box.text_frame.text = item.title
        title_box.text_frame.paragraphs[0].font.size = Pt(28)
        title_box.text_frame.paragraphs[0].font.bold = True
        image = slide.shapes.add_picture(io.BytesIO(item.image_png), Inches(0.4), Inches(1.15), height=Inches(5.6))
        if image.width > Inches(12.5):  # a wide chart: fit the width instead
            ratio = Inches(12.5) / image.width
            image.width, image.height = Emu(int(image.width * ratio)), Emu(int(image.height * ratio))
        source_box = slide.shapes.add_textbox(Inches(0.4), Inches(6.85), Inches(12.5), Inches(0.5))
        source_box.text_frame.word_wrap = True
        source_box.text_frame.text = item.source_line
        source_box.text_frame.paragraphs[0].font.size = Pt(10)
        slide.notes_slide.notes_text_frame.text = item.talking_point
    presentation.core_properties.title = deck_title
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def source_text(spec: dict) -> str:
    """The source line a figure carries (the house frame's annotation), as plain text."""
    import html

    for annotation in reversed((spec.get("layout") or {}).get("annotations") or []):
        text = str(annotation.get("text", ""))
        if "source" in text.lower():
            return html.unescape(text.replace("<br>", " "))
    return ""
