"""The Overview's figures: the midstream gap (China's share at each stage) and mine production
by country, with estimates hatched and the world total marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.overview.model import ProductionTrend
from rare_earth_atlas.plotting.frame import (
    CHINA_COLOUR,
    ESTIMATE_PATTERN,
    NEUTRAL,
    OKABE_ITO,
    REST_OF_WORLD_COLOUR,
    build_figure,
    escape_html,
    labelled_bar,
    legend_only,
    production_measure,
)

GAP_LABEL_MARGIN_PX = 250


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
    labels = ["<br>".join(escape_html(part) for part in m.split(": ", 1)) for m in gap["measure"]]
    china_pattern = [ESTIMATE_PATTERN if e else "" for e in gap["estimated"]]
    traces = [
        labelled_bar(
            labels, gap["china_pct"].tolist(), "China", CHINA_COLOUR, [f"{v:.0f}%" for v in gap["china_pct"]], "start",
            marker={"pattern": {"shape": china_pattern, "fillmode": "overlay", "fgcolor": "white"}},
            textfont={"size": 16}, hovertemplate="%{y}<br>China: %{x:.1f}%<extra></extra>",
        ),
        labelled_bar(
            labels, gap["rest_of_world_pct"].tolist(), "Rest of world", REST_OF_WORLD_COLOUR,
            [f"{v:.0f}%" for v in gap["rest_of_world_pct"]], "end",
            textfont={"size": 16}, hovertemplate="%{y}<br>Rest of world: %{x:.1f}%<extra></extra>",
        ),
    ]  # fmt: skip
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
    drawn_as = production_measure(measure)
    value_column, scale, unit = drawn_as.column, drawn_as.divisor, drawn_as.unit
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
                "name": escape_html(country),
                "marker": {
                    "color": colour,
                    "pattern": {
                        "shape": [ESTIMATE_PATTERN if e else "" for e in rows["estimated"]],
                        "fillmode": "overlay",
                        "fgcolor": "white",
                    },
                },
                "customdata": rows["status"].tolist(),
                "hovertemplate": f"{escape_html(country)}<br>%{{x}}: %{{y:,.1f}} {unit} (%{{customdata}})<extra></extra>",
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
            "yaxis": drawn_as.y_axis,
        },
    )
