"""The frame every chart shares: palette, fonts, the takeaway title and source line recorded
in the figure, and the conversion of a figure spec for the screen (frame as text, fonts scaled).

Conventions for every chart:
* the title states the takeaway, computed from the data it draws;
* every chart has a frame: that title, an optional subtitle (the grouping it uses), notes
  needed to read it and its source line. ``build_figure`` records the frame in the figure
  (``layout.meta``); the page draws it as text around the chart (it wraps to any width), and an
  exported image draws it inside the picture (``exports.framed``), so a copied image keeps it;
* estimates are hatched and projections faint, so they never look like reported figures;
* colours come from the Okabe-Ito palette, which stays distinct for colour-blind readers;
* text from data is HTML-escaped, because Plotly renders a subset of HTML tags.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999", "#000000")
# Okabe & Ito's black disappears on the dark theme; this grey reads on white and on dark.
NEUTRAL = "#8C8C8C"
CHINA_COLOUR = "#D55E00"
REST_OF_WORLD_COLOUR = "#0072B2"
ESTIMATE_PATTERN = "/"
# Streamlit's own web font first. Quoted: an unquoted name with a digit ("Source Sans 3") makes the
# whole CSS list invalid, and Plotly then measures legend text in one font and draws it in
# another, which clips legend entries.
FONT_FAMILY = '"Source Sans", "Source Sans 3", "Source Sans Pro", sans-serif'
BASE_FONT_PX = 14
VALIDATE_FIGURES = False  # tests switch this on
AXIS_MARGIN_PX = 60  # under the plot: tick labels and the axis title


def escape_html(text: str) -> str:
    return html.escape(str(text), quote=False)


@dataclass(frozen=True)
class Frame:
    """A chart's frame as plain text: its takeaway title, the grouping it uses, notes that are
    needed to read it (for example a key to numbered events) and its source line."""

    title: str
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    source: str = ""


def build_figure(
    traces: list[dict],
    *,
    title: str,
    source_line: str,
    height: int,
    layout: dict | None = None,
    annotations: list[dict] | None = None,
    shapes: list[dict] | None = None,
    notes: list[str] | None = None,
    margin: dict | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Assemble a figure from plain dicts and validate it once.

    Adding traces, lines and annotations one by one re-validates Plotly's object model at every
    step, which made a page of five charts take most of a second to rebuild; one constructor
    call from plain dicts, without validation (see below), takes a few milliseconds.

    ``height`` is the chart's height without its frame: the plot, its axes and its legend, which
    sits on the plot and pushes the top margin up by what it needs at the width it is drawn at
    (on a wide screen it takes fewer rows and the plot gets the room). ``margin["t"]`` is the
    room the plot's own labels need above it. The frame (title, subtitle, notes, source line)
    is recorded, not drawn: see the module docstring.
    """
    base = {
        "title": {"text": f"<b>{escape_html(title)}</b>", "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_PX},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": AXIS_MARGIN_PX, **(margin or {})},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left", "traceorder": "normal"},
        "plot_bgcolor": "rgba(0,0,0,0)",
        "annotations": list(annotations or []),
        "shapes": shapes or [],
        # Streamlit's theme replaces Plotly's template in the browser (checked: screenshots are
        # pixel-identical), and the default template is most of a small figure's size and of
        # its copying cost, so none is sent.
        "template": {"layout": {}},
        "meta": {
            "frame": {"title": str(title), "subtitle": str(subtitle or ""), "notes": [str(n) for n in notes or []], "source": str(source_line)}
        },
    }  # fmt: skip
    for key, value in (layout or {}).items():
        base[key] = {**base[key], **value} if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    # Plotly's property validation costs 30-50 ms a chart on every rerun. The builders are
    # pure functions with fixed structure, so the tests validate every builder's output (every
    # registered chart, the upload comparison, the map snapshot: tests/unit/test_figures_valid.py)
    # and the app skips it.
    return go.Figure(data=traces, layout=base, _validate=VALIDATE_FIGURES)


_FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")
PLOTLY_DEFAULT_FONT_PX = 12
THEME_SMALL_FONT_PX = 13  # Streamlit's chart theme: legend and tick labels
THEME_AXIS_TITLE_FONT_PX = 14


def frame_of(spec: dict) -> Frame:
    """The frame ``build_figure`` recorded in a figure spec."""
    frame = ((spec.get("layout") or {}).get("meta") or {}).get("frame") or {}
    return Frame(
        frame.get("title", ""), frame.get("subtitle", ""), tuple(frame.get("notes", ())), frame.get("source", "")
    )


def on_screen(spec: dict, font_scale: float = 1.0) -> tuple[Frame, dict]:
    """(frame, spec without it): the page draws the frame as text, the figure keeps the plot,
    its legend and its own labels. ``font_scale`` enlarges every font in the figure (slides are
    read from across a room). The spec passed in is not changed."""
    layout = dict(spec.get("layout") or {})
    layout.pop("meta", None)
    layout.pop("title", None)
    legend = layout.get("legend") or {}
    if legend.get("orientation") == "h" and float(legend.get("y", 1)) >= 1:
        # A legend above the plot hangs from the top of the figure (container coordinates) and
        # Plotly reserves its height above the plot. Anchored to the plot instead, it stays where
        # it was first drawn when the chart is resized to fill a slide, over the plot.
        layout["legend"] = {**legend, "yref": "container", "y": 1, "yanchor": "top"}
    screen = {**spec, "layout": layout}
    if font_scale != 1.0:
        screen = scaled_fonts(screen, font_scale)
    return frame_of(spec), screen


def scaled_fonts(spec: dict, scale: float) -> dict:
    """A copy of ``spec`` with every font size multiplied by ``scale`` (sizes left unset inherit
    from the layout's font, which is scaled too)."""

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key in _FONT_KEYS and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                    out[key] = {**walk(value), "size": round(value["size"] * scale, 1)}
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [walk(item) for item in node]
        return node

    scaled = walk(spec)
    layout = scaled.setdefault("layout", {})
    font = dict(layout.get("font") or {})
    font.setdefault("size", round(PLOTLY_DEFAULT_FONT_PX * scale, 1))
    layout["font"] = font
    # Streamlit's chart theme sets legend and axis fonts of its own, which win over the layout's
    # font, so the sizes the theme would use are set here, scaled.
    small = round(THEME_SMALL_FONT_PX * scale, 1)
    layout["legend"] = {
        **(layout.get("legend") or {}),
        "font": {"size": small, **((layout.get("legend") or {}).get("font") or {})},
    }
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        axis = dict(layout.get(name) or {})
        axis["tickfont"] = {"size": small, **(axis.get("tickfont") or {})}
        title = axis.get("title") if isinstance(axis.get("title"), dict) else {}
        if title.get("text"):
            axis["title"] = {
                **title,
                "font": {"size": round(THEME_AXIS_TITLE_FONT_PX * scale, 1), **(title.get("font") or {})},
            }
        layout[name] = axis
    return scaled


def vline(x: float, xref: str = "x", yref: str = "paper", **line) -> dict:
    """A vertical line across a plot, as a layout shape."""
    return {"type": "line", "x0": x, "x1": x, "xref": xref, "y0": 0, "y1": 1, "yref": yref, "line": line}


@dataclass(frozen=True)
class ProductionMeasure:
    """How a mine production chart draws its values: in kt REO or as a share of the world."""

    column: str  # the table column it draws
    divisor: float  # tonnes to kt, or 1 for shares
    unit: str
    y_axis: dict


def production_measure(measure: str) -> ProductionMeasure:
    """``measure`` is "tonnes" (kt REO) or "share" (percent of USGS's world total, from the
    ``share_of_world_pct`` column)."""
    if measure not in ("tonnes", "share"):
        raise ValueError(f"measure must be 'tonnes' or 'share', not {measure!r}")
    share = measure == "share"
    title = "Share of world mine production (%)" if share else "Mine production (kt REO)"
    return ProductionMeasure(
        "share_of_world_pct" if share else "tonnes_reo",
        1 if share else 1000,
        "% of world" if share else "kt REO",
        {"title": {"text": title}, "rangemode": "tozero", "ticksuffix": "%" if share else ""},
    )


def labelled_bar(y: list, x: list, name: str, colour: str, text: list[str], anchor: str, **fields) -> dict:
    """A horizontal bar trace with white labels inside its bars (at the bar's ``anchor`` end:
    "start" or "end"); ``fields`` add to or override the trace's properties."""
    marker = {"color": colour, **fields.pop("marker", {})}
    textfont = {"color": "white", **fields.pop("textfont", {})}
    return {
        "type": "bar", "y": list(y), "x": list(x), "name": name, "orientation": "h", "marker": marker,
        "text": text, "textposition": "inside", "insidetextanchor": anchor, "textfont": textfont, **fields,
    }  # fmt: skip


def legend_only(name: str, **marker) -> dict:
    """An empty bar trace that only adds a legend entry (for example 'hatched = estimate')."""
    return {"type": "bar", "x": [None], "y": [None], "name": name, "marker": marker}
