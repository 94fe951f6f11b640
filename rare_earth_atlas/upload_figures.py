"""Figures for the user's own data (issue 6): an uploaded country-year series next to USGS.

Pure functions from the comparison table (``uploads.compare_with_usgs``) to a Plotly figure,
in the house frame (takeaway title, source line inside the image). Text from the upload
(country names, the file name) is escaped by ``build_figure`` and here, so it shows as text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.figures import ESTIMATE_PATTERN, _escape, build_figure, legend_only

USGS_COLOUR = "#0072B2"
YOUR_DATA_COLOUR = "#E69F00"
MAX_COUNTRIES = 12


def comparison_year(comparison: pd.DataFrame, year: int) -> int | None:
    """The year to show: ``year`` if the upload has compared values for it, else the upload's
    latest compared year (None if nothing could be compared)."""
    compared = comparison[comparison["usgs_tonnes_reo"].notna() & comparison["your_tonnes_reo"].notna()]
    if compared.empty:
        return None
    years = set(compared["year"].tolist())
    return year if year in years else max(years)


def comparison_title(rows: pd.DataFrame, year: int) -> str:
    """'Your figure for Burma (2024) is 28% below USGS: 31,000 vs 43,000 t REO' (largest gap)."""
    gaps = rows.dropna(subset=["difference_pct"])
    if gaps.empty:
        return f"Your data and USGS for {year}: no country has a figure in both"
    if (gaps["difference_tonnes_reo"] == 0).all():
        if len(gaps) == 1:
            return f"Your figure for {gaps['country'].iloc[0]} matches USGS in {year}"
        return f"Your data matches USGS for all {len(gaps)} countries compared in {year}"
    top = gaps.loc[gaps["difference_pct"].abs().idxmax()]
    direction = "above" if top["difference_tonnes_reo"] > 0 else "below"
    return (
        f"Largest difference, {year}: your figure for {top['country']} is {abs(top['difference_pct']):.0f}% {direction} USGS "
        f"({top['your_tonnes_reo']:,.0f} vs {top['usgs_tonnes_reo']:,.0f} t REO)"
    )


def comparison_figure(comparison: pd.DataFrame, year: int, filename: str, source_line: str) -> go.Figure:
    """Horizontal bars per country for one year: USGS and your value side by side, the
    difference written at the end of each pair. Estimates (USGS's or yours) are hatched; a
    lower bound from your file is marked with '≥'."""
    rows = comparison[
        (comparison["year"] == year) & comparison["your_tonnes_reo"].notna() & comparison["usgs_tonnes_reo"].notna()
    ]
    rows = rows.sort_values("usgs_tonnes_reo", ascending=False).head(MAX_COUNTRIES).iloc[::-1]
    countries = [_escape(c) for c in rows["country"]]
    usgs_estimated = (rows["usgs_status"] == "estimated").tolist()
    yours_estimated = rows["estimated"].astype(bool).tolist()
    differences = [
        f"{'≥ ' if lower else ''}{diff:+,.0f} t ({pct:+.0f}%)" if pd.notna(pct) else f"{diff:+,.0f} t"
        for diff, pct, lower in zip(
            rows["difference_tonnes_reo"], rows["difference_pct"], rows["lower_bound"], strict=True
        )
    ]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "USGS mine production",
            "y": countries,
            "x": rows["usgs_tonnes_reo"].tolist(),
            "marker": {
                "color": USGS_COLOUR,
                "pattern": {
                    "shape": [ESTIMATE_PATTERN if e else "" for e in usgs_estimated],
                    "fillmode": "overlay",
                    "fgcolor": "white",
                },
            },
            "hovertemplate": "%{y}: %{x:,.0f} t REO (USGS)<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": _escape(f"Your data ({filename})"),
            "y": countries,
            "x": rows["your_tonnes_reo"].tolist(),
            "marker": {
                "color": YOUR_DATA_COLOUR,
                "pattern": {
                    "shape": [ESTIMATE_PATTERN if e else "" for e in yours_estimated],
                    "fillmode": "overlay",
                    "fgcolor": "white",
                },
            },
            "text": differences,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{x:,.0f} t REO (your data), difference %{text}<extra></extra>",
        },
        legend_only("Hatched = estimate", color="#BBBBBB", pattern={"shape": ESTIMATE_PATTERN}),
    ]
    return build_figure(
        traces,
        title=comparison_title(rows, year),
        subtitle="Mine production, tonnes of rare earth oxide; your value minus USGS at the end of each pair",
        source_line=source_line,
        height=max(260, 44 * len(rows) + 120),
        layout={
            "barmode": "group",
            "xaxis": {"title": {"text": "t REO"}, "rangemode": "tozero"},
            "yaxis": {"automargin": True},
            "margin": {"r": 170},
        },
    )
