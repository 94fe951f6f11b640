"""Plotly figures for the Demand page. Modelled sectors are hatched, interpolated years faint,
supply lines stop where the IEA's projection stops."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.demand.model import BASE_YEAR
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


def demand_supply_title(demand: pd.DataFrame, supply: pd.DataFrame) -> str:
    totals = demand.groupby("year")["kt"].sum()
    last = supply.dropna(subset=["supply_total_kt"]).iloc[-1]
    year = int(last["year"])
    return (
        f"Demand shown grows from {totals[BASE_YEAR]:,.0f} kt ({BASE_YEAR}) to {totals[year]:,.0f} kt in {year}; "
        f"refined supply {last['supply_total_kt']:,.0f} kt, of which {last['supply_outside_china_kt']:,.0f} kt outside China "
        f"(+{last['recycled_outside_china_kt']:,.1f} kt recycled there)"
    )


def recycling_note(supply: pd.DataFrame, recovery_pct: float) -> str:
    """What share of supply outside China recycling is, in words."""
    last = supply.dropna(subset=["supply_total_kt"]).iloc[-1]
    outside = last["supply_outside_china_kt"] + last["recycled_outside_china_kt"]
    share = 100 * last["recycled_outside_china_kt"] / outside if outside else 0.0
    return (
        f"Recycling outside China (plants' capacity at {recovery_pct:g}% recovery, from their start years): "
        f"{last['recycled_outside_china_kt']:,.1f} kt in {int(last['year'])}, {share:.0f}% of supply outside China "
        f"and {100 * last['recycled_outside_china_kt'] / (last['supply_total_kt'] + last['recycled_outside_china_kt']):.0f}% of world supply. "
        "China's recycling is inside its refined output."
    )


def demand_supply_figure(
    demand: pd.DataFrame, supply: pd.DataFrame, scenario_label: str, source_line: str, recovery_pct: float
) -> go.Figure:
    """Stacked demand by sector per year against refined supply, in total and outside China,
    and refined plus recycled supply outside China."""
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
        {
            "type": "scatter",
            "x": shown["year"].tolist(),
            "y": (shown["supply_outside_china_kt"] + shown["recycled_outside_china_kt"]).round(1).tolist(),
            "name": "Refined + recycled outside China",
            "mode": "lines",
            "line": {"color": "#009E73", "width": 3, "dash": "dot"},
        },
        legend_only("Hatched = modelled sector", color="#BBBBBB", pattern={"shape": MODELLED_PATTERN}),
        legend_only("Faint = between IEA years (interpolated)", color="#999999", opacity=INTERPOLATED_OPACITY),
    ]
    return build_figure(
        traces,
        title=demand_supply_title(demand, supply),
        subtitle=scenario_label,
        notes=[recycling_note(supply, recovery_pct)],
        source_line=source_line,
        height=580,
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
    outside_gap = shown["supply_outside_china_kt"] + shown["recycled_outside_china_kt"] - shown["demand_kt"]
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
            "name": "Refined + recycled outside China minus demand",
            "marker": {"color": "#D55E00"},
        },
    ]
    last = shown.iloc[-1]
    title = (
        f"In {int(last['year'])} refined and recycled supply outside China could cover "
        f"{100 * (last['supply_outside_china_kt'] + last['recycled_outside_china_kt']) / last['demand_kt']:.0f}% "
        f"of the world's demand shown; all refined supply {100 * last['supply_total_kt'] / last['demand_kt']:.0f}%"
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


NEW_DEMAND_YEARS_COLOURS = {"base": "#BBBBBB", "middle": "#E69F00", "end": "#D55E00"}


def new_demand_title(products: pd.DataFrame, checks: pd.DataFrame, years: tuple[int, int, int]) -> str:
    first, _, last = years
    totals = products.groupby("year")["kt"].sum()
    change = (products[products["year"] == last].set_index("label")["kt"]
              - products[products["year"] == first].set_index("label")["kt"]).sort_values()  # fmt: skip
    if change.empty:
        return "No modelled sector is switched on"
    above = checks[checks["verdict"] == "above the published range"]
    flag = f"; above published forecasts: {', '.join(dict.fromkeys(above['label']))}" if len(above) else ""
    return (
        f"Modelled sectors grow from {totals.get(first, 0):,.1f} kt ({first}) to {totals.get(last, 0):,.1f} kt ({last}); "
        f"{change.index[-1]} add the most (+{change.iloc[-1]:,.1f} kt){flag}"
    )


def new_demand_figure(
    products: pd.DataFrame, checks: pd.DataFrame, years: tuple[int, int, int], source_line: str
) -> go.Figure:
    """Modelled demand per product (without the IEA's "other uses", on its own axis) in three
    years, with each published forecast drawn beside the model as a range (a diamond where the
    forecast is one number, an arrow where it is a floor), labelled within, below or above."""
    labels = list(dict.fromkeys(products["label"]))
    traces = []
    for year, colour in zip(years, NEW_DEMAND_YEARS_COLOURS.values(), strict=True):
        rows = products[products["year"] == year].set_index("label").reindex(labels)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [escape_html(label) for label in labels],
                "x": rows["kt"].round(3).tolist(),
                "name": f"Model, {year}",
                "marker": {
                    "color": colour,
                    "pattern": {"shape": MODELLED_PATTERN, "fillmode": "overlay", "fgcolor": "white", "size": 6},
                },
                "hovertemplate": f"%{{y}}, {year}: %{{x:,.2f}} kt (modelled)<extra></extra>",
            }
        )
    found = checks.dropna(subset=["forecast_low_kt"])
    found = found[found["label"].isin(labels)]
    if len(found):
        high = found["forecast_high_kt"].where(found["forecast_high_kt"] != float("inf"), found["forecast_low_kt"])
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "y": [escape_html(label) for label in found["label"]],
                "x": ((found["forecast_low_kt"] + high) / 2).round(3).tolist(),
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": ((high - found["forecast_low_kt"]) / 2).round(3).tolist(),
                    "arrayminus": ((high - found["forecast_low_kt"]) / 2).round(3).tolist(),
                    "color": NEUTRAL,
                    "thickness": 2,
                    "width": 6,
                },
                "marker": {
                    "symbol": ["triangle-right" if h == float("inf") else "diamond" for h in found["forecast_high_kt"]],
                    "size": 11,
                    "color": "#000000",
                },
                "name": "Published forecast (year in hover)",
                "customdata": [
                    [int(y), v, escape_html(w)]
                    for y, v, w in zip(found["year"], found["verdict"], found["what"], strict=True)
                ],
                "hovertemplate": "%{y}, forecast for %{customdata[0]}: %{x:,.2f} kt; model %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            }
        )
    notes = [
        f"{label} ({int(year)}): model {model:,.2f} kt, {verdict}"
        for label, year, model, verdict in zip(
            checks["label"], checks["year"], checks["model_kt"], checks["verdict"], strict=True
        )
        if label in labels and verdict != "within the published range"
    ]
    return build_figure(
        traces,
        title=new_demand_title(products, checks, years),
        source_line=source_line,
        notes=["; ".join(notes)] if notes else None,
        height=170 + 46 * max(len(labels), 1),
        margin={"l": 10},
        layout={
            "barmode": "group",
            "xaxis": {"title": {"text": "Magnet rare earths (kt), modelled sectors only"}, "rangemode": "tozero"},
            "yaxis": {"automargin": True, "autorange": "reversed"},
        },
    )


WHATIF_COLOURS = {
    "magnets_made_outside_china_kt": "#009E73",
    "china_magnet_exports_kt": "#D55E00",
    "shortfall_kt": "#CC0000",
}


def whatif_title(balance: pd.DataFrame, year: int) -> str:
    row = balance[balance["year"] == year]
    chosen = row.iloc[0] if not row.empty else balance.iloc[-1]
    cut = f"China cut exports of magnets {chosen['magnet_cut_pct']:.0f}% and separated rare earths {chosen['separated_cut_pct']:.0f}%"
    if chosen["shortfall_kt"] < 0.05:
        return f"If {cut}, producers outside China could still meet demand there in {int(chosen['year'])} (modelled)"
    return (
        f"If {cut}, {chosen['shortfall_pct']:.0f}% of magnets needed outside China in {int(chosen['year'])} would be "
        f"missing: {chosen['shortfall_kt']:,.1f} kt, enough for {chosen['electric_cars_not_built_million']:,.1f} million "
        f"EVs and {chosen['wind_gw_not_built']:,.0f} GW of wind (modelled)"
    )


def whatif_figure(
    balance: pd.DataFrame, by_sector: pd.DataFrame, year: int, notes: list[str], source_line: str
) -> go.Figure:
    """Per year to 2035, two bars side by side: demand outside China by sector, and what can
    supply it (magnets made outside China, China's magnet exports after the cut, the shortfall
    hatched red on top), all modelled."""
    years = balance["year"].tolist()
    traces = []
    base = [0.0] * len(years)
    for sector in [s for s in SECTOR_COLOURS if s in set(by_sector["sector"])]:
        rows = by_sector[by_sector["sector"] == sector].set_index("year").reindex(years)
        values = rows["kt_outside_china"].fillna(0).round(2).tolist()
        traces.append(
            {
                "type": "bar",
                "x": years,
                "y": values,
                "base": base,
                "offsetgroup": "demand",
                "name": escape_html(rows["label"].dropna().iloc[0]),
                "legendgroup": "demand",
                "legendgrouptitle": {"text": "Left bar, needed outside China:"},
                "marker": {"color": SECTOR_COLOURS[sector]},
                "hovertemplate": f"{escape_html(rows['label'].dropna().iloc[0])} %{{x}}: %{{y:,.1f}} kt needed outside China<extra></extra>",
            }
        )
        base = [b + v for b, v in zip(base, values, strict=True)]
    names = {
        "magnets_made_outside_china_kt": "Supplied: made outside China",
        "china_magnet_exports_kt": "Supplied: China's magnet exports after the cut",
        "shortfall_kt": "Shortfall: needed, not supplied",
    }
    base = [0.0] * len(years)
    for column, colour in WHATIF_COLOURS.items():
        values = balance[column].round(2).tolist()
        traces.append(
            {
                "type": "bar",
                "x": years,
                "y": values,
                "base": base,
                "offsetgroup": "supply",
                "name": names[column],
                "legendgroup": "supply",
                "marker": {
                    "color": colour,
                    "pattern": {"shape": MODELLED_PATTERN, "fillmode": "overlay", "fgcolor": "white", "size": 6},
                },
                "hovertemplate": f"{names[column]} %{{x}}: %{{y:,.1f}} kt<extra></extra>",
            }
        )
        base = [b + v for b, v in zip(base, values, strict=True)]
    return build_figure(
        traces,
        title=whatif_title(balance, year),
        source_line=source_line,
        notes=notes,
        height=560,
        layout={
            "barmode": "group",
            "bargap": 0.2,
            "xaxis": {"dtick": 1},
            "yaxis": {"title": {"text": "Magnet rare earths (kt)"}, "rangemode": "tozero"},
        },
    )
