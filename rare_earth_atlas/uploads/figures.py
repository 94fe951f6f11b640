"""Figures for the user's own data: an uploaded country-year series next to the atlas's USGS
figures, one statistic (mine production or reserves) and one year at a time.

Pure functions from the comparison table (``uploads.compare_with_usgs``) to a Plotly figure in
the house frame. Only pairs that are truly comparable are drawn and named in the title (same
country, year, statistic and unit). Text from the upload (country names, the file name) is
escaped, so it shows as text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.plotting.frame import NEUTRAL, build_figure, escape_html

USGS_COLOUR = "#0072B2"
YOUR_DATA_COLOUR = "#E69F00"
MAX_COUNTRIES = 15
STATISTIC_LABELS = {"mine production": "Mine production", "reserves": "Reserves"}


def compared_pairs(comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows where your value and USGS's were compared, like with like."""
    return comparison[comparison["your_tonnes_reo"].notna() & comparison["usgs_tonnes_reo"].notna()]


def comparison_year(comparison: pd.DataFrame, year: int, statistic: str = "mine production") -> int | None:
    """The year to show for a statistic: ``year`` if the upload has compared values for it, else
    the upload's latest compared year (None if nothing of that statistic could be compared)."""
    compared = compared_pairs(comparison)
    years = set(compared.loc[compared["statistic"] == statistic, "year"].tolist())
    if not years:
        return None
    return year if year in years else max(years)


def comparison_title(rows: pd.DataFrame, year: int, statistic: str = "mine production") -> str:
    """'Largest difference, 2024: your figure for Burma is 28% below USGS (31,000 vs 43,000 t REO)',
    or that the figures match; among compared pairs only."""
    label = STATISTIC_LABELS.get(statistic, statistic).lower()
    gaps = rows.dropna(subset=["difference_tonnes_reo"])
    if gaps.empty:
        return f"Your data and USGS, {label} {year}: no country has a figure in both"
    if (gaps["difference_tonnes_reo"] == 0).all():
        if len(gaps) == 1:
            return f"Your {label} figure for {gaps['country'].iloc[0]} matches USGS in {year}"
        return f"Your {label} figures match USGS for all {len(gaps)} countries compared in {year}"
    with_pct = gaps.dropna(subset=["difference_pct"])
    top = (with_pct if len(with_pct) else gaps).copy()
    top = top.loc[(top["difference_pct"].abs() if len(with_pct) else top["difference_tonnes_reo"].abs()).idxmax()]
    direction = "above" if top["difference_tonnes_reo"] > 0 else "below"
    size = f"{abs(top['difference_pct']):.0f}% " if pd.notna(top["difference_pct"]) else ""
    return (
        f"Largest difference, {label} {year}: your figure for {top['country']} is {size}{direction} USGS "
        f"({top['your_tonnes_reo']:,.0f} vs {top['usgs_tonnes_reo']:,.0f} t REO)"
    )


def _difference_text(row) -> str:
    if row.difference_tonnes_reo == 0:
        return "same as USGS"
    bound = "≥ " if row.lower_bound else ""
    pct = f" ({row.difference_pct:+.0f}%)" if pd.notna(row.difference_pct) else ""
    return f"{bound}{row.difference_tonnes_reo:+,.0f} t{pct}"


def comparison_figure(
    comparison: pd.DataFrame, year: int, filename: str, source_line: str, statistic: str = "mine production"
) -> go.Figure:
    """A dumbbell per country for one statistic and year: USGS's figure (circle) and yours
    (diamond) joined by a line, the difference written once in a column at the right, where it
    can never print over a marker. Estimates, USGS's or yours, are open markers."""
    pairs = compared_pairs(comparison)
    rows = pairs[(pairs["year"] == year) & (pairs["statistic"] == statistic)]
    rows = rows.sort_values("usgs_tonnes_reo", ascending=False).head(MAX_COUNTRIES).iloc[::-1]
    countries = [escape_html(c) for c in rows["country"]]
    usgs_estimated = (rows["usgs_status"] == "estimated").tolist()
    yours_estimated = rows["estimated"].astype(bool).tolist()
    connector_x, connector_y = [], []
    for country, usgs, yours in zip(countries, rows["usgs_tonnes_reo"], rows["your_tonnes_reo"], strict=True):
        connector_x += [usgs, yours, None]
        connector_y += [country, country, None]
    # USGS's marker is larger and drawn first, so where the two agree your diamond sits inside
    # its circle and both stay visible. Legend entries are drawn filled (the markers' fill says
    # estimate or not, which the last entry explains).
    traces = [
        {"type": "scatter", "x": connector_x, "y": connector_y, "mode": "lines", "line": {"color": NEUTRAL, "width": 3},
         "hoverinfo": "skip", "showlegend": False},
        {"type": "scatter", "x": rows["usgs_tonnes_reo"].tolist(), "y": countries, "mode": "markers", "showlegend": False,
         "marker": {"color": USGS_COLOUR, "size": 19, "symbol": ["circle-open" if e else "circle" for e in usgs_estimated],
                    "line": {"color": USGS_COLOUR, "width": 2.5}},
         "hovertemplate": "%{y}: %{x:,.0f} t REO (USGS)<extra></extra>"},
        {"type": "scatter", "x": rows["your_tonnes_reo"].tolist(), "y": countries, "mode": "markers", "showlegend": False,
         "marker": {"color": YOUR_DATA_COLOUR, "size": 11, "symbol": ["diamond-open" if e else "diamond" for e in yours_estimated],
                    "line": {"color": YOUR_DATA_COLOUR, "width": 2}},
         "hovertemplate": "%{y}: %{x:,.0f} t REO (your data)<extra></extra>"},
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": "USGS (the atlas's figure)",
         "marker": {"color": USGS_COLOUR, "size": 14, "symbol": "circle"}},
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": escape_html(f"Your data ({filename})"),
         "marker": {"color": YOUR_DATA_COLOUR, "size": 11, "symbol": "diamond"}},
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": "Open marker = estimate",
         "marker": {"symbol": "circle-open", "color": NEUTRAL, "size": 12}},
    ]  # fmt: skip
    annotations = [
        {"x": 1, "xref": "paper", "xanchor": "left", "xshift": 12, "y": country, "yref": "y", "text": escape_html(_difference_text(row)),
         "showarrow": False, "font": {"size": 12}}
        for country, row in zip(countries, rows.itertuples(index=False), strict=True)
    ]  # fmt: skip
    label = STATISTIC_LABELS.get(statistic, statistic)
    compared = len(pairs[pairs["statistic"] == statistic])
    return build_figure(
        traces,
        title=comparison_title(rows, year, statistic),
        subtitle=(
            f"{label}, tonnes of rare earth oxide, {year}: {len(rows)} {'country' if len(rows) == 1 else 'countries'} in both; "
            f"{compared} {'pair' if compared == 1 else 'pairs'} compared in all years (same country, year, statistic and unit)"
        ),
        source_line=source_line,
        height=max(220, 40 * len(rows) + 110),
        annotations=annotations,
        margin={"r": 150},
        layout={
            "xaxis": {"title": {"text": "t REO"}, "rangemode": "tozero", "tickformat": ",~s"},
            "yaxis": {"automargin": True},
        },
    )
