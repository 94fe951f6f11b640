"""Static exports: a chart as a PNG with its frame and data date, and the deck as a PowerPoint
file.

Chart images are rendered by kaleido, which drives the system's Chromium (no download, no
network: ``BROWSER_PATH`` points at Debian's ``/usr/bin/chromium`` when it is not set). One
browser is started on the first export and reused, so later images take a fraction of a
second. ``export_problem`` says, in one sentence, what is missing when no browser is found;
callers show it instead of a button that would fail.

A figure carries its frame (title, subtitle, notes, source line) as data; ``framed`` draws it
inside the picture, wrapped to the image's width, with the "data as of" line and a font stack
that exists on machines without the app's web font.
The map is drawn by deck.gl in the browser, which kaleido cannot capture, so map slides are
exported as a Plotly snapshot of the same markers over the same shipped outlines.
"""

from __future__ import annotations

import copy
import html
import io
import json
import os
import shutil
import textwrap
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from rare_earth_atlas.plotting.frame import frame_of, on_screen

# Quoted: an unquoted family name with a digit ("Source Sans 3") makes the whole CSS list invalid,
# and the browser then falls back to its serif default.
EXPORT_FONT = '"Source Sans 3", "Source Sans Pro", "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
DEFAULT_WIDTH_PX = 1280
_server_started = False
_server_lock = threading.Lock()


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


TITLE_FONT_PX = 21
SUBTITLE_FONT_PX = 13
FRAME_FONT_PX = 11
LINE_HEIGHT = 1.3
# Average advance of a character as a share of the font size (Liberation Sans and DejaVu Sans,
# the fonts headless Chromium falls back to, run at 0.50-0.56); wrapping uses the wide end.
CHAR_WIDTH_EM = 0.56
MARGIN_PX = 12


def _wrap(text: str, width_px: float, font_px: float) -> list[str]:
    return textwrap.wrap(text, width=max(20, int(width_px / (font_px * CHAR_WIDTH_EM)))) if text else []


def _html(line: str) -> str:
    return html.escape(line, quote=False)


def _shows_legend(figure: dict) -> bool:
    """Whether Plotly draws a legend: asked for, or more than one trace that would be in it."""
    shown = (figure.get("layout") or {}).get("showlegend")
    entries = [t for t in figure.get("data") or [] if t.get("showlegend", True) is not False]
    return bool(entries) and (shown is True or (shown is None and len(entries) > 1))


def framed(
    spec: dict,
    *,
    width_px: int = DEFAULT_WIDTH_PX,
    height_px: int | None = None,
    as_of: str | None = None,
    with_source: bool = True,
    font_scale: float = 1.0,
) -> dict:
    """The chart as an image would show it: its frame drawn inside the picture, wrapped to
    ``width_px`` (the title and subtitle above, the legend under them, the plot, then the notes,
    the source line and the "data as of" line), on white, in fonts that exist where the app's web
    font does not. ``height_px`` fixes the picture's height (the plot takes what is left);
    otherwise it is the chart's own height plus its frame. ``with_source=False`` leaves the
    source and date lines out, for a slide that prints them as text under the picture."""
    frame, figure = on_screen(spec, font_scale)
    layout = figure["layout"] = copy.deepcopy(figure.get("layout") or {})
    layout["paper_bgcolor"] = "white"
    layout["font"] = {**(layout.get("font") or {}), "family": EXPORT_FONT}
    usable_px = width_px - 2 * MARGIN_PX
    title_px, subtitle_px, small_px = (round(f * font_scale) for f in (TITLE_FONT_PX, SUBTITLE_FONT_PX, FRAME_FONT_PX))
    title_lines = _wrap(frame.title, usable_px, title_px)
    subtitle_lines = _wrap(frame.subtitle, usable_px, subtitle_px)
    top_px = MARGIN_PX + LINE_HEIGHT * (title_px * len(title_lines) + subtitle_px * len(subtitle_lines)) + 10
    # Plotly anchors a title of several lines by its first line (the others hang below it), so
    # the first line's foot is placed one line under the top margin.
    layout["title"] = {
        "text": "<br>".join(f"<b>{_html(line)}</b>" for line in title_lines),
        "x": MARGIN_PX / width_px, "xanchor": "left", "xref": "container", "yanchor": "bottom", "yref": "container",
        "font": {"size": title_px},
    }  # fmt: skip
    if subtitle_lines:
        layout["title"]["subtitle"] = {
            "text": "<br>".join(_html(x) for x in subtitle_lines),
            "font": {"size": subtitle_px},
        }
    bottom_lines = [line for note in frame.notes for line in _wrap(note, usable_px, small_px)]
    if with_source:
        bottom_lines += _wrap(frame.source, usable_px, small_px) + _wrap(as_of or "", usable_px, small_px)
    bottom_px = int(LINE_HEIGHT * small_px * len(bottom_lines)) + (MARGIN_PX if bottom_lines else 0)
    margin = dict(layout.get("margin") or {})
    axis_px = int(margin.get("b", 60))
    margin["b"] = axis_px + bottom_px
    layout["margin"] = margin
    height = height_px or int(layout.get("height") or 600) + int(top_px) + bottom_px
    layout["height"] = height
    layout["title"]["y"] = 1 - (MARGIN_PX + title_px) / height
    layout["width"] = width_px
    # Streamlit's chart theme gives every axis an automatic margin in the browser; the image is
    # drawn without that theme, so tick labels get the same room here.
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        layout[name] = {"automargin": True, **(layout.get(name) or {})}
    # The legend hangs under the title (container coordinates), and Plotly reserves the room it
    # needs at this width above the plot, so the two never overlap.
    legend = dict(layout.get("legend") or {})
    if _shows_legend(figure) and legend.get("orientation", "h") == "h":
        legend.update({"yref": "container", "y": 1 - top_px / height, "yanchor": "top"})
        layout["legend"] = legend
    else:
        margin["t"] = int(margin.get("t", 0)) + int(top_px)
    if bottom_lines:
        layout["annotations"] = [
            *(layout.get("annotations") or []),
            {
                "text": "<br>".join(_html(line) for line in bottom_lines),
                "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -(axis_px + bottom_px - MARGIN_PX // 2),
                "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
                "font": {"size": small_px, "color": "#555555"},
            },
        ]  # fmt: skip
    return figure


def png(spec: dict) -> bytes:
    """The figure as PNG bytes at its own width and height, rendered by kaleido with the system
    Chromium. Safe to call from any thread (downloads are made in worker threads)."""
    global _server_started
    problem = export_problem()
    if problem:
        raise ExportUnavailable(problem)
    os.environ.setdefault("BROWSER_PATH", browser_path() or "")
    import kaleido
    import plotly.io as pio

    with _server_lock:
        if not _server_started:
            kaleido.start_sync_server(silence_warnings=True)
            _server_started = True
    layout = spec.get("layout") or {}
    width, height = int(layout.get("width") or DEFAULT_WIDTH_PX), int(layout.get("height") or 600)
    with warnings.catch_warnings():
        # plotly passes kaleido options that kaleido's long-running server does not take, and says
        # so on every image; nothing is lost (the size and format are passed on).
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        return pio.to_image(spec, format="png", width=width, height=height, scale=1, validate=False)


def chart_png(spec: dict, as_of: str) -> bytes:
    """'Download this view': the chart with its whole frame and the data date."""
    return png(framed(spec, as_of=as_of))


# ---------------------------------------------------------------- map snapshot


def outline_coordinates(countries_geojson: dict) -> tuple[tuple, tuple]:
    """Every country's outer ring as one line: (longitudes, latitudes), rings separated by None."""
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
    return tuple(xs), tuple(ys)


def map_snapshot_figure(markers: pd.DataFrame, outlines: tuple[tuple, tuple], view, title: str, source: str) -> dict:
    """The map's markers over the shipped country outlines (``outline_coordinates``), as a Plotly
    figure (equirectangular longitude and latitude axes) framed like the map's view, with its
    frame recorded as ``build_figure`` records it. Marker colours and outlines are the map's own;
    sizes are the map's pixel radii."""
    xs, ys = (list(c) for c in outlines)
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
    # A legend of the stages on the map, in the map's own colours (the picture has no other key).
    firsts = markers.drop_duplicates("stage_label")
    traces += [
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": html.escape(str(label), quote=False),
         "marker": {"size": 12, "color": rgba(fill)}}
        for label, fill in zip(firsts["stage_label"], firsts["fill"], strict=True)
    ]  # fmt: skip
    return {
        "data": traces,
        "layout": {
            "title": {"text": f"<b>{html.escape(title, quote=False)}</b>"},
            "height": 640,
            "xaxis": {"range": [view.longitude - span_lon / 2, view.longitude + span_lon / 2], "visible": False},
            "yaxis": {"range": [view.latitude - span_lat / 2, view.latitude + span_lat / 2], "visible": False,
                      "scaleanchor": "x", "scaleratio": 1},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "plot_bgcolor": "white",
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "xanchor": "left"},
            "template": {"layout": {}},
            "meta": {"frame": {"title": title, "subtitle": "", "notes": [], "source": source}},
        },
    }  # fmt: skip


def read_geojson(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- PowerPoint

SLIDE_IMAGE_PX = (1280, 720)  # 16:9, as the slide
SLIDE_FONT_SCALE = 1.3


@dataclass(frozen=True)
class SlideExport:
    title: str
    talking_point: str
    image_png: bytes
    source_line: str


def slide_export(title: str, talking_point: str, spec: dict, as_of: str) -> SlideExport:
    """One deck slide for PowerPoint: the chart at 16:9 with its title, subtitle and notes in
    the picture, and its source line and data date as text under it."""
    width, height = SLIDE_IMAGE_PX
    picture = framed(spec, width_px=width, height_px=height, with_source=False, font_scale=SLIDE_FONT_SCALE)
    picture["layout"]["width"] = width
    return SlideExport(title, talking_point, png(picture), f"{frame_of(spec).source} {as_of}".strip())


def deck_powerpoint(deck_title: str, slides: list[tuple[str, str, dict]], as_of: str) -> bytes:
    """The deck as a .pptx from (title, talking point, figure spec) per slide."""
    return deck_pptx(deck_title, [slide_export(title, point, spec, as_of) for title, point, spec in slides])


def deck_pptx(deck_title: str, slides: list[SlideExport]) -> bytes:
    """A 16:9 PowerPoint file with one slide per deck slide: its title, the chart image (16:9,
    centred) and the source line; the talking point goes in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    blank = presentation.slide_layouts[6]
    image_height = Inches(5.55)
    image_width = int(image_height * SLIDE_IMAGE_PX[0] / SLIDE_IMAGE_PX[1])
    for item in slides:
        slide = presentation.slides.add_slide(blank)
        title_box = slide.shapes.add_textbox(Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.9))
        title_box.text_frame.word_wrap = True
        title_box.text_frame.text = item.title
        title_box.text_frame.paragraphs[0].font.size = Pt(28)
        title_box.text_frame.paragraphs[0].font.bold = True
        left = int((presentation.slide_width - image_width) / 2)
        slide.shapes.add_picture(io.BytesIO(item.image_png), left, Inches(1.1), width=image_width, height=image_height)
        source_box = slide.shapes.add_textbox(Inches(0.4), Inches(6.7), Inches(12.5), Inches(0.7))
        source_box.text_frame.word_wrap = True
        source_box.text_frame.text = item.source_line
        source_box.text_frame.paragraphs[0].font.size = Pt(10)
        slide.notes_slide.notes_text_frame.text = item.talking_point
    presentation.core_properties.title = deck_title
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
