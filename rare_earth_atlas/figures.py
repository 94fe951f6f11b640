"""Plotly figure builders: pure functions from tidy tables to ``go.Figure``.

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

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.overview import ProductionTrend

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
GAP_LABEL_MARGIN_PX = 250
AXIS_MARGIN_PX = 60  # under the plot: tick labels and the axis title


def _escape(text: str) -> str:
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
        "title": {"text": f"<b>{_escape(title)}</b>", "x": 0, "xanchor": "left"},
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
    # pure functions with fixed structure, so the tests validate builders' output
    # (tests/unit/test_figures_valid.py) and the app skips it.
    return go.Figure(data=traces, layout=base, _validate=VALIDATE_FIGURES)


_FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")
PLOTLY_DEFAULT_FONT_PX = 12
THEME_SMALL_FONT_PX = 13  # Streamlit's chart theme: legend and tick labels
THEME_AXIS_TITLE_FONT_PX = 14


def frame_of(spec: dict) -> Frame:
    """The frame ``build_figure`` recorded in a figure spec."""
    frame = ((spec.get("layout") or {}).get("meta") or {}).get("frame") or {}
    return Frame(frame.get("title", ""), frame.get("subtitle", ""), tuple(frame.get("notes", ())), frame.get("source", ""))


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
    layout["legend"] = {**(layout.get("legend") or {}), "font": {"size": small, **((layout.get("legend") or {}).get("font") or {})}}
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        axis = dict(layout.get(name) or {})
        axis["tickfont"] = {"size": small, **(axis.get("tickfont") or {})}
        title = axis.get("title") if isinstance(axis.get("title"), dict) else {}
        if title.get("text"):
            axis["title"] = {**title, "font": {"size": round(THEME_AXIS_TITLE_FONT_PX * scale, 1), **(title.get("font") or {})}}
        layout[name] = axis
    return scaled


def vline(x: float, xref: str = "x", yref: str = "paper", **line) -> dict:
    """A vertical line across a plot, as a layout shape."""
    return {"type": "line", "x0": x, "x1": x, "xref": xref, "y0": 0, "y1": 1, "yref": yref, "line": line}


def legend_only(name: str, **marker) -> dict:
    """An empty bar trace that only adds a legend entry (for example 'hatched = estimate')."""
    return {"type": "bar", "x": [None], "y": [None], "name": name, "marker": marker}


def midstream_gap_title(gap: pd.DataFrame) -> str:
    """'China mines 69% of rare earths but refines 91% and makes 94% of the magnets'."""
    mining = gap[gap["stage"] == "mining"].iloc[0]["china_pct"]
    parts = [f"China mines {mining:.0f}% of rare earths"]
    refining = gap[gap["stage"] == "refining"]
    magnets = gap[gap["stage"] == "magnets"]
    if not refining.empty:
        parts.append(f"but refines {refining.iloc[-1]['china_pct']:.0f}%")
    if not magnets.empty:
        parts.append(f"and makes {magnets.iloc[-1]['china_pct']:.0f}% of the magnets")
    return " ".join(parts)


def midstream_gap_figure(gap: pd.DataFrame, source_line: str) -> go.Figure:
    """Horizontal 100% bars, one per stage measure: China against the rest of the world."""
    labels = ["<br>".join(_escape(part) for part in m.split(": ", 1)) for m in gap["measure"]]
    china_pattern = [ESTIMATE_PATTERN if e else "" for e in gap["estimated"]]
    traces = [
        {
            "type": "bar",
            "y": labels,
            "x": gap["china_pct"].tolist(),
            "name": "China",
            "orientation": "h",
            "marker": {"color": CHINA_COLOUR, "pattern": {"shape": china_pattern, "fillmode": "overlay", "fgcolor": "white"}},
            "text": [f"{v:.0f}%" for v in gap["china_pct"]],
            "textposition": "inside",
            "insidetextanchor": "start",
            "textfont": {"color": "white", "size": 16},
            "hovertemplate": "%{y}<br>China: %{x:.1f}%<extra></extra>",
        },
        {
            "type": "bar",
            "y": labels,
            "x": gap["rest_of_world_pct"].tolist(),
            "name": "Rest of world",
            "orientation": "h",
            "marker": {"color": REST_OF_WORLD_COLOUR},
            "text": [f"{v:.0f}%" for v in gap["rest_of_world_pct"]],
            "textposition": "inside",
            "insidetextanchor": "end",
            "textfont": {"color": "white", "size": 16},
            "hovertemplate": "%{y}<br>Rest of world: %{x:.1f}%<extra></extra>",
        },
    ]
    if gap["estimated"].any():
        traces.append(legend_only("Hatched = estimate", color="#BBBBBB", pattern={"shape": ESTIMATE_PATTERN}))
    return build_figure(
        traces,
        title=midstream_gap_title(gap),
        source_line=source_line,
        height=140 + 70 * len(gap),
        margin={"l": GAP_LABEL_MARGIN_PX, "r": 30},
        layout={
            "barmode": "stack",
            "bargap": 0.35,
            "xaxis": {"range": [0, 100], "ticksuffix": "%", "title": {"text": "Share of world output"}},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    )


def production_title(trend: ProductionTrend) -> str:
    return (
        f"China mined {trend.china_share_latest_pct:.0f}% of the world's rare earths in {trend.latest_year}, "
        f"after growing output {trend.china_growth_factor:.1f}x since {trend.first_year}"
    )


def mine_production_figure(
    table: pd.DataFrame, trend: ProductionTrend, source_line: str, measure: str = "tonnes"
) -> go.Figure:
    """Stacked bars of mine production by country and year; estimates hatched; world total as markers.

    ``measure`` is "tonnes" (kt REO) or "share" (percent of the USGS world total; needs the
    ``share_of_world_pct`` column from ``overview.as_share_of_world``).
    """
    if measure not in ("tonnes", "share"):
        raise ValueError(f"measure must be 'tonnes' or 'share', not {measure!r}")
    as_share = measure == "share"
    value_column = "share_of_world_pct" if as_share else "tonnes_reo"
    scale = 1 if as_share else 1000
    unit = "% of world" if as_share else "kt REO"
    countries = [c for c in dict.fromkeys(table["country"]) if not c.startswith("World total")]
    palette = [CHINA_COLOUR, *[c for c in OKABE_ITO if c != CHINA_COLOUR]]
    ordered = sorted(countries, key=lambda c: (c != "China", c == "All other countries"))
    traces = []
    for i, country in enumerate(ordered):
        rows = table[table["country"] == country]
        colour = "#999999" if country == "All other countries" else palette[i % len(palette)]
        traces.append(
            {
                "type": "bar",
                "x": rows["year"].tolist(),
                "y": (rows[value_column] / scale).tolist(),
                "name": _escape(country),
                "marker": {
                    "color": colour,
                    "pattern": {"shape": [ESTIMATE_PATTERN if e else "" for e in rows["estimated"]], "fillmode": "overlay", "fgcolor": "white"},
                },
                "customdata": rows["status"].tolist(),
                "hovertemplate": f"{_escape(country)}<br>%{{x}}: %{{y:,.1f}} {unit} (%{{customdata}})<extra></extra>",
            }
        )
    world = table[table["country"].str.startswith("World total")]
    if not world.empty:
        traces.append(
            {
                "type": "scatter",
                "x": world["year"].tolist(),
                "y": (world[value_column] / scale).tolist(),
                "name": "World total (USGS, rounded)",
                "mode": "markers",
                "marker": {"symbol": "line-ew-open", "size": 26, "color": NEUTRAL, "line": {"width": 2}},
                "hovertemplate": f"World total %{{x}}: %{{y:,.0f}} {unit}<extra></extra>",
            }
        )
    traces.append(legend_only("Hatched = USGS estimate", color="#BBBBBB", pattern={"shape": ESTIMATE_PATTERN}))
    return build_figure(
        traces,
        title=production_title(trend),
        source_line=source_line,
        height=540,
        layout={
            "barmode": "stack",
            "xaxis": {"dtick": 1},
            "yaxis": {
                "title": {"text": "Share of world mine production (%)" if as_share else "Mine production (kt REO)"},
                "rangemode": "tozero",
                "ticksuffix": "%" if as_share else "",
            },
        },
    )
