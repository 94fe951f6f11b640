"""Plotly figures for the Demand page. Modelled sectors are hatched, interpolated years faint,
supply lines stop where the IEA's projection stops."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.demand.model import BASE_YEAR, EMERGING_SECTORS
from rare_earth_atlas.plotting.frame import NEUTRAL, build_figure, escape_html, legend_only

SECTOR_COLOURS = {
    "electric_vehicles": "#0072B2",
    "wind": "#56B4E9",
    "drones": "#E69F00",
    "robots": "#CC79A7",
    "defence": "#882255",
    "electronics": "#F0E442",
    "industrial_motors": "#009E73",
    "other_uses": "#BBBBBB",
}
MODELLED_PATTERN = "x"
INTERPOLATED_OPACITY = 0.6


def demand_supply_title(demand: pd.DataFrame, supply: pd.DataFrame, scenario_label: str) -> str:
    totals = demand.groupby("year")["kt"].sum()
    last_supply = supply.dropna(subset=["supply_total_kt"]).iloc[-1]
    return (
        f"{scenario_label}: demand shown {totals[BASE_YEAR]:,.0f} kt ({BASE_YEAR}) → {totals.iloc[-1]:,.0f} kt "
        f"({int(totals.index[-1])}); refined supply {last_supply['supply_total_kt']:,.0f} kt by {int(last_supply['year'])}, "
        f"{last_supply['supply_outside_china_kt']:,.0f} kt outside China"
    )


def demand_supply_figure(
    demand: pd.DataFrame, supply: pd.DataFrame, scenario_label: str, source_line: str
) -> go.Figure:
    """Stacked demand by sector per year against refined supply, in total and outside China."""
    # One pass over plain lists: filtering the frame once per sector is slow on Arrow strings.
    rows_by_sector: dict[str, list[tuple]] = {}
    for row in zip(
        demand["sector"].tolist(),
        demand["year"].tolist(),
        demand["kt"].tolist(),
        demand["basis"].tolist(),
        demand["label"].tolist(),
        strict=True,
    ):
        rows_by_sector.setdefault(row[0], []).append(row)
    traces = []
    for sector in [s for s in SECTOR_COLOURS if s in rows_by_sector]:
        rows = sorted(rows_by_sector[sector], key=lambda r: r[1])
        label = rows[0][4]
        modelled = all(r[3] == "modelled" for r in rows)
        traces.append(
            {
                "type": "bar",
                "x": [r[1] for r in rows],
                "y": [round(r[2], 2) for r in rows],
                # Modelled sectors are hatched; the legend's "Hatched = modelled sector" says so.
                "name": escape_html(label),
                "marker": {
                    "color": SECTOR_COLOURS[sector],
                    "opacity": [INTERPOLATED_OPACITY if r[3] == "interpolated" else 1.0 for r in rows],
                    "pattern": {
                        "shape": MODELLED_PATTERN if modelled else "",
                        "fillmode": "overlay",
                        "fgcolor": "white",
                        "size": 6,
                    },
                },
                "customdata": [r[3] for r in rows],
                "hovertemplate": f"{escape_html(label)} %{{x}}: %{{y:,.1f}} kt (%{{customdata}})<extra></extra>",
            }
        )
    shown = supply.dropna(subset=["supply_total_kt"])
    traces += [
        {
            "type": "scatter",
            "x": shown["year"].tolist(),
            "y": shown["supply_total_kt"].round(1).tolist(),
            "name": "Refined supply, world (IEA)",
            "mode": "lines+markers",
            "line": {"color": NEUTRAL, "width": 3},
            "marker": {"symbol": ["circle" if b == "sourced" else "circle-open" for b in shown["basis"]], "size": 7},
        },
        {
            "type": "scatter",
            "x": shown["year"].tolist(),
            "y": shown["supply_outside_china_kt"].round(1).tolist(),
            "name": "Refined supply outside China (IEA)",
            "mode": "lines+markers",
            "line": {"color": "#D55E00", "width": 3, "dash": "dash"},
            "marker": {"symbol": ["circle" if b == "sourced" else "circle-open" for b in shown["basis"]], "size": 7},
        },
        legend_only("Hatched = modelled sector", color="#BBBBBB", pattern={"shape": MODELLED_PATTERN}),
        legend_only("Faint = between IEA years (interpolated)", color="#999999", opacity=INTERPOLATED_OPACITY),
    ]
    return build_figure(
        traces,
        title=demand_supply_title(demand, supply, scenario_label),
        source_line=source_line,
        height=560,
        layout={
            "barmode": "stack",
            "xaxis": {"dtick": 2},
            "yaxis": {"title": {"text": "Magnet rare earths (kt)"}, "rangemode": "tozero"},
        },
    )


def gap_figure(balance: pd.DataFrame, source_line: str) -> go.Figure:
    """Surplus (+) or deficit (-) of refined supply against the demand shown, per year:
    all supply, and supply outside China alone."""
    shown = balance.dropna(subset=["supply_total_kt"])
    total_gap = shown["supply_total_kt"] - shown["demand_kt"]
    outside_gap = shown["supply_outside_china_kt"] - shown["demand_kt"]
    traces = [
        {
            "type": "bar",
            "x": shown["year"].tolist(),
            "y": total_gap.round(1).tolist(),
            "name": "All refined supply minus demand",
            "marker": {"color": NEUTRAL},
        },
        {
            "type": "bar",
            "x": shown["year"].tolist(),
            "y": outside_gap.round(1).tolist(),
            "name": "Supply outside China minus demand",
            "marker": {"color": "#D55E00"},
        },
    ]
    last = shown.iloc[-1]
    title = (
        f"In {int(last['year'])} refined supply outside China could cover {100 * last['supply_outside_china_kt'] / last['demand_kt']:.0f}% "
        f"of the demand shown; all supply {100 * last['supply_total_kt'] / last['demand_kt']:.0f}%"
    )
    return build_figure(
        traces,
        title=title,
        source_line=source_line,
        height=440,
        layout={
            "barmode": "group",
            "xaxis": {"dtick": 1},
            "yaxis": {"title": {"text": "Surplus (+) / deficit (-), kt"}, "zeroline": True},
        },
    )


def drivers_figure(demand: pd.DataFrame, year: int, source_line: str) -> go.Figure:
    """Change in demand per sector between the base year and ``year``, and the emerging
    sectors' share of demand in ``year``."""
    start = demand[demand["year"] == BASE_YEAR].set_index("sector")["kt"]
    end = demand[demand["year"] == year].set_index("sector")
    change = (end["kt"] - start.reindex(end.index)).sort_values()
    modelled = end["basis"] == "modelled"
    emerging = end[end.index.isin(EMERGING_SECTORS)]["kt"].sum()
    share = 100 * emerging / end["kt"].sum() if end["kt"].sum() else 0.0
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [escape_html(end.loc[s, "label"]) for s in change.index],
            "x": change.round(2).tolist(),
            "marker": {
                "color": [SECTOR_COLOURS[s] for s in change.index],
                "pattern": {
                    "shape": [MODELLED_PATTERN if modelled[s] else "" for s in change.index],
                    "fillmode": "overlay",
                    "fgcolor": "white",
                },
            },
            "showlegend": False,
            "hovertemplate": "%{y}: %{x:+,.1f} kt<extra></extra>",
        }
    ]
    leader = change.index[-1] if len(change) else None
    title = (
        f"{end.loc[leader, 'label'] if leader else 'No sector'} adds the most demand, {BASE_YEAR}-{year}; "
        f"drones, robots and low-altitude aviation: {share:.1f}% of demand in {year}"
    )
    return build_figure(
        traces,
        title=title,
        source_line=source_line,
        height=140 + 40 * max(len(change), 1),
        margin={"l": 10},
        layout={
            "xaxis": {"title": {"text": f"Change in demand, {BASE_YEAR} to {year} (kt)"}},
            "yaxis": {"automargin": True},
        },
    )


def whatif_figure(whatif: pd.DataFrame, cut_pct: float, year: int, source_line: str) -> go.Figure:
    """Share of demand outside China that supply could meet if China's exports fell by
    ``cut_pct`` percent, year by year (modelled)."""
    shown = whatif.dropna(subset=["met_pct"])
    traces = [
        {
            "type": "bar",
            "x": shown["year"].tolist(),
            "y": shown["met_pct"].round(1).tolist(),
            "name": f"Met with China's exports cut by {cut_pct:.0f}%",
            "marker": {
                "color": "#D55E00",
                "pattern": {"shape": MODELLED_PATTERN, "fillmode": "overlay", "fgcolor": "white"},
            },
        },
        {
            "type": "scatter",
            "x": shown["year"].tolist(),
            "y": shown["met_baseline_pct"].round(1).tolist(),
            "name": "Met with exports unchanged",
            "mode": "lines+markers",
            "line": {"color": NEUTRAL},
        },
    ]
    row = shown[shown["year"] == year]
    chosen = row.iloc[0] if not row.empty else shown.iloc[-1]
    title = (
        f"If China's exports fell by {cut_pct:.0f}%, supply could meet {chosen['met_pct']:.0f}% of demand outside China "
        f"in {int(chosen['year'])} (modelled)"
    )
    return build_figure(
        traces,
        title=title,
        source_line=source_line,
        height=440,
        layout={
            "xaxis": {"dtick": 1},
            "yaxis": {"title": {"text": "Demand outside China met (%)"}, "range": [0, 105], "ticksuffix": "%"},
        },
    )
