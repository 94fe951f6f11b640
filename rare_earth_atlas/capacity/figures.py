"""Plotly figures for the Capacity page: China's processing against Western mining.

Same conventions as ``figures``: takeaway titles computed from the data, the source line and
the West grouping inside the figure, estimates hatched, projections faint.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rare_earth_atlas.plotting.frame import (
    CHINA_COLOUR,
    ESTIMATE_PATTERN,
    NEUTRAL,
    REST_OF_WORLD_COLOUR,
    build_figure,
    escape_html,
    labelled_bar,
    legend_only,
    production_measure,
    vline,
)
from rare_earth_atlas.vocabulary import CHINA_REGION, REST_REGION, WEST_REGION

REGION_COLOURS = {CHINA_REGION: CHINA_COLOUR, WEST_REGION: REST_OF_WORLD_COLOUR, REST_REGION: "#999999"}
OUTSIDE_CHINA_COLOUR = "#CCCCCC"
PROJECTION_OPACITY = 0.45
STATUS_COLOURS = {"operating": "#0072B2", "commissioning": "#56B4E9", "construction": "#009E73", "planned": "#CCCCCC"}


def stage_ladder_title(ladder: pd.DataFrame) -> str:
    mining = ladder[(ladder["stage"] == "mining")].iloc[0]
    refining = ladder[(ladder["stage"] == "refining") & (ladder["basis"] == "actual")]
    magnets = ladder[(ladder["stage"] == "magnets") & (ladder["basis"] == "actual")]
    parts = [f"The West mines {mining['west_pct']:.0f}% of rare earths"]
    if not refining.empty:
        parts.append(f"but refines {refining.iloc[0]['west_pct']:.0f}%")
    if not refining.empty and not magnets.empty:
        parts.append(
            f"while China refines {refining.iloc[0]['china_pct']:.0f}% and makes {magnets.iloc[0]['china_pct']:.0f}% of magnets"
        )
    return " ".join(parts)


MATERIAL_SHORT = {
    "all rare earths (t REO)": "all rare earths (USGS)",
    "magnet rare earths (Nd, Pr, Dy, Tb)": "magnet rare earths (IEA)",
    "permanent magnets (NdFeB)": "NdFeB magnets (IEA)",
}
STAGE_SHORT = {"mining": "Mining", "refining": "Refining", "magnets": "Magnets"}


def ladder_label(row) -> str:
    basis = " · projection" if row["basis"] == "projection" else (" · estimate" if row["estimated"] else "")
    material = MATERIAL_SHORT.get(row["material"], row["material"])
    return f"<b>{STAGE_SHORT[row['stage']]} {row['year']}</b><br>{escape_html(material)}{basis}"


def stage_ladder_figure(ladder: pd.DataFrame, west_label: str, source_line: str) -> go.Figure:
    """100% bars per stage and year: China, the West, rest of world; projections faint,
    estimates hatched; for magnets only 'outside China' (the split is not published)."""
    labels = [ladder_label(row) for _, row in ladder.iterrows()]
    opacity = [PROJECTION_OPACITY if b == "projection" else 1.0 for b in ladder["basis"]]
    pattern = [ESTIMATE_PATTERN if e else "" for e in ladder["estimated"]]
    outside = ladder["west_pct"].isna()
    series = {
        CHINA_REGION: ladder["china_pct"],
        WEST_REGION: ladder["west_pct"].fillna(0),
        REST_REGION: ladder["rest_pct"].fillna(0),
        "Outside China (split not published)": (100 - ladder["china_pct"]).where(outside, 0),
    }
    colours = {**REGION_COLOURS, "Outside China (split not published)": OUTSIDE_CHINA_COLOUR}
    traces = []
    for name, values in series.items():
        if not values.any():
            continue
        hover = [
            f"{name}: {v:.1f}%"
            + (
                f"<br>{u:.1f}% is in countries the source does not list (counted in rest of world)"
                if name == REST_REGION and u > 0
                else ""
            )
            for v, u in zip(values, ladder["unlisted_pct"], strict=True)
        ]
        traces.append(
            {
                "type": "bar",
                "y": labels,
                "x": values.tolist(),
                "name": name,
                "orientation": "h",
                "marker": {
                    "color": colours[name],
                    "opacity": opacity,
                    "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "white"},
                },
                "text": [f"{v:.0f}%" if v >= 4 else "" for v in values],
                "textposition": "inside",
                "textfont": {"color": "white" if name != "Outside China (split not published)" else "#333333"},
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    if ladder["estimated"].any():
        traces.append(legend_only("Hatched = estimate", color="#BBBBBB", pattern={"shape": ESTIMATE_PATTERN}))
    if (ladder["basis"] == "projection").any():
        traces.append(legend_only("Faint = IEA base-case projection", color="#999999", opacity=PROJECTION_OPACITY))
    return build_figure(
        traces,
        title=stage_ladder_title(ladder),
        subtitle=west_label,
        source_line=source_line,
        height=164 + 50 * len(ladder),
        margin={"l": 220, "r": 30},
        layout={
            "barmode": "stack",
            "bargap": 0.3,
            "xaxis": {"range": [0, 100], "ticksuffix": "%", "title": {"text": "Share of world output"}},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    )


def production_regions_title(table: pd.DataFrame) -> str:
    first, last = int(table["year"].min()), int(table["year"].max())
    by = table.set_index(["region", "year"])["tonnes_reo"]
    return (
        f"From {first} to {last} China's mine output went from {by[(CHINA_REGION, first)] / 1000:,.0f} to "
        f"{by[(CHINA_REGION, last)] / 1000:,.0f} kt; the West's from {by[(WEST_REGION, first)] / 1000:,.0f} to {by[(WEST_REGION, last)] / 1000:,.0f} kt"
    )


def production_regions_figure(
    table: pd.DataFrame, events: pd.DataFrame, measure: str, west_label: str, source_line: str
) -> go.Figure:
    """Mine production of China, the West and the rest of the world by year, with policy events
    marked on the time axis. Estimated points are open markers."""
    drawn_as = production_measure(measure)
    column, scale, unit = drawn_as.column, drawn_as.divisor, drawn_as.unit
    traces = []
    for region in (CHINA_REGION, WEST_REGION, REST_REGION):
        rows = table[table["region"] == region]
        traces.append(
            {
                "type": "scatter",
                "x": rows["year"].tolist(),
                "y": (rows[column] / scale).tolist(),
                "name": region,
                "mode": "lines+markers",
                "line": {"color": REGION_COLOURS[region], "width": 3},
                "marker": {
                    "size": 9,
                    "symbol": ["circle-open" if e else "circle" for e in rows["estimated"]],
                    "color": REGION_COLOURS[region],
                    "line": {"width": 2, "color": REGION_COLOURS[region]},
                },
                "customdata": ["estimate" if e else "reported" for e in rows["estimated"]],
                "hovertemplate": f"{region} %{{x}}: %{{y:,.1f}} {unit} (%{{customdata}})<extra></extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": "Open marker = estimate",
            "marker": {"symbol": "circle-open", "color": NEUTRAL, "size": 9},
        }
    )
    first, last = int(table["year"].min()), int(table["year"].max())
    shown = events[(events["date"].dt.year >= first) & (events["date"].dt.year <= last + 1)]
    # Each event date gets a numbered line; the key under the chart says what happened.
    shapes, annotations, key = [], [], []
    for number, (date, group) in enumerate(shown.sort_values("date").groupby("date", sort=True), start=1):
        x = date.year + (date.day_of_year - 1) / 365.25
        shapes.append(vline(x, color=NEUTRAL, width=1, dash="dot"))
        annotations.append(
            {
                "x": x,
                "y": 1,
                "yref": "paper",
                "yshift": 2 + 14 * (number % 2),
                "text": f"<b>{number}</b>",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 12},
            }
        )
        key.append(f"{number} {date:%d %b %Y}: " + "; ".join(group["short_label"]))
    return build_figure(
        traces,
        title=production_regions_title(table),
        subtitle=west_label,
        source_line=source_line,
        height=520,
        notes=["Policy events: " + " · ".join(key)] if key else None,
        annotations=annotations,
        shapes=shapes,
        margin={"t": 36},
        layout={
            "xaxis": {"dtick": 1, "range": [first - 0.3, last + 1.05]},
            "yaxis": drawn_as.y_axis,
        },
    )


STATUS_ORDER = ("operating", "commissioning", "construction", "planned")
MINE_COLOUR = "#E69F00"


def western_capacity_title(totals: pd.DataFrame, year: int) -> str:
    operating = (
        totals[totals["status"].isin(["output", "operating"])].groupby("stage", sort=False)["magnet_ree_kt"].sum()
    )
    present = set(totals["stage"])
    parts = [
        words.format(kt=f"{operating.get(stage, 0.0):,.1f} kt")
        for stage, words in (
            ("separation", "separate {kt}"),
            ("metal_alloy", "turn {kt} into metal"),
            ("magnets", "{kt} into magnets"),
        )
        if stage in present
    ]
    mined = f"The West mined {operating.get('mining', 0.0):,.0f} kt of magnet rare earths in {year}"
    if not parts:
        return mined
    joined = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{mined} but can {joined} a year"


def _stage_row_label(stage_rows: pd.DataFrame, year: int) -> str:
    first = stage_rows.iloc[0]
    if first["stage"] == "mining":
        return f"<b>Mining</b><br>mine output {year}"
    uncounted = int(first["not_disclosed"]) + int(first["not_converted"])
    counted = int(stage_rows["facilities"].sum())
    note = f"{counted} {'plant' if counted == 1 else 'plants'}"
    if uncounted:
        note += f" · {uncounted} more not disclosed"
    return f"<b>{escape_html(first['stage_label'])}</b><br>{note}"


def western_capacity_figure(totals: pd.DataFrame, year: int, west_label: str, source_line: str) -> go.Figure:
    """The West's mine output and its separation, metal, magnet and recycling capacity on one
    axis, in kt of magnet rare earths a year (each unit converted by ``magnet_content``): one
    bar per stage, stacked by status (operating first, the pipeline lighter). Each bar's
    operating total is written at its end; a stage's label counts the plants whose capacity is
    not disclosed, which the bar leaves out."""
    stages = list(dict.fromkeys(totals["stage"]))
    labels = {s: _stage_row_label(totals[totals["stage"] == s], year) for s in stages}
    y_order = [labels[s] for s in stages]
    traces: list[dict] = []
    mining = totals[totals["stage"] == "mining"].iloc[0]
    traces.append(
        {
            "type": "bar",
            "orientation": "h",
            "y": [labels["mining"]],
            "x": [round(mining["magnet_ree_kt"], 2)],
            "name": "Mine output" + (" (estimate)" if mining["estimated"] else ""),
            "marker": {
                "color": MINE_COLOUR,
                "pattern": {
                    "shape": ESTIMATE_PATTERN if mining["estimated"] else "",
                    "fillmode": "overlay",
                    "fgcolor": "white",
                },
            },
            "hovertemplate": f"Mine output {year}: %{{x:,.1f}} kt magnet rare earths ({escape_html(mining['conversion'])})<extra></extra>",
        }
    )
    capacity = totals[totals["stage"] != "mining"]
    for status in [s for s in STATUS_ORDER if s in set(capacity["status"])]:
        rows = capacity[capacity["status"] == status]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [labels[s] for s in rows["stage"]],
                "x": rows["magnet_ree_kt"].round(2).tolist(),
                "name": status.capitalize(),
                "marker": {"color": STATUS_COLOURS[status], "line": {"color": "white", "width": 1}},
                "customdata": [f"{n} {'plant' if n == 1 else 'plants'}" for n in rows["facilities"]],
                "hovertemplate": f"{status.capitalize()}: %{{x:,.2f}} kt a year (%{{customdata}})<extra></extra>",
            }
        )
    ends = totals.groupby("stage", sort=False)["magnet_ree_kt"].sum()
    operating = (
        totals[totals["status"].isin(["output", "operating"])].groupby("stage", sort=False)["magnet_ree_kt"].sum()
    )
    annotations = [
        {
            "x": ends[s],
            "y": labels[s],
            "text": escape_html(
                f"{operating.get(s, 0.0):,.1f} kt"
                + ("" if s == "mining" else " operating")
                + (
                    f" (+{ends[s] - operating.get(s, 0.0):,.1f} pipeline)"
                    if ends[s] - operating.get(s, 0.0) > 0.005
                    else ""
                )
            ),
            "showarrow": False,
            "xanchor": "left",
            "xshift": 4,
            "font": {"size": 12},
        }
        for s in stages
    ]
    return build_figure(
        traces,
        title=western_capacity_title(totals, year),
        subtitle=west_label,
        source_line=source_line,
        height=120 + 56 * len(stages),
        annotations=annotations,
        layout={
            "barmode": "stack",
            "bargap": 0.3,
            "xaxis": {
                "title": {"text": "kt of magnet rare earths (Nd, Pr, Dy, Tb) a year"},
                "range": [0, float(ends.max()) * 1.45],
                "rangemode": "tozero",
                "fixedrange": True,
            },
            "yaxis": {"categoryorder": "array", "categoryarray": y_order[::-1], "automargin": True, "fixedrange": True},
        },
    )


def quota_title(quotas: pd.DataFrame) -> str:
    mining = quotas[(quotas["quota"] == "Mining") & quotas["tonnes_reo"].notna()].sort_values("year")
    first, last = mining.iloc[0], mining.iloc[-1]
    title = (
        f"China's mining quota rose from {first['tonnes_reo'] / 1000:,.0f} kt in {first['year']} "
        f"to {last['tonnes_reo'] / 1000:,.0f} kt in {last['year']}"
    )
    unpublished = sorted(quotas.loc[quotas["status"] == "not published", "year"].unique())
    if unpublished:
        title += f"; {', '.join(str(y) for y in unpublished)}: not published"
    return title


def quota_figure(quotas: pd.DataFrame, source_line: str) -> go.Figure:
    """Mining against smelting/separation quotas by year; derived figures hatched; years
    with no published quota marked as such, never drawn as zero."""
    colours = {"Mining": "#E69F00", "Smelting and separation": "#0072B2"}
    traces = []
    for kind, rows in quotas.groupby("quota", sort=False):
        traces.append(
            {
                "type": "bar",
                "x": rows["year"].tolist(),
                "y": (rows["tonnes_reo"] / 1000).tolist(),
                "name": kind,
                "marker": {
                    "color": colours[kind],
                    "pattern": {
                        "shape": [ESTIMATE_PATTERN if s == "derived" else "" for s in rows["status"]],
                        "fillmode": "overlay",
                        "fgcolor": "white",
                    },
                },
                "customdata": rows["status"].tolist(),
                "hovertemplate": f"{kind} %{{x}}: %{{y:,.0f}} kt REO (%{{customdata}})<extra></extra>",
            }
        )
    annotations = [
        {
            "x": year,
            "y": 0,
            "yanchor": "bottom",
            "text": "not<br>published",
            "showarrow": False,
            "font": {"color": NEUTRAL},
        }
        for year in sorted(quotas.loc[quotas["status"] == "not published", "year"].unique())
    ]
    if (quotas["status"] == "derived").any():
        traces.append(
            legend_only("Hatched = derived, not published", color="#BBBBBB", pattern={"shape": ESTIMATE_PATTERN})
        )
    return build_figure(
        traces,
        title=quota_title(quotas),
        source_line=source_line,
        height=450,
        annotations=annotations,
        layout={
            "barmode": "group",
            "xaxis": {"dtick": 1},
            "yaxis": {"title": {"text": "Quota (kt REO)"}, "rangemode": "tozero"},
        },
    )


def concentration_title(table: pd.DataFrame) -> str:
    highly = table["band"].str.contains("highly").all()
    top = table.sort_values("hhi_low", ascending=False).iloc[0]
    lead = "Every stage is highly concentrated" if highly else "Concentration varies by stage"
    return f"{lead}; the most concentrated is {top['label'].split(',')[0].lower()} (HHI {top['hhi_low']:,.0f}+)"


def concentration_figure(table: pd.DataFrame, bands: pd.DataFrame, source_line: str) -> go.Figure:
    """HHI per stage (a range where the source lists only the largest countries), with the
    bands' thresholds drawn and the top-1 and top-3 shares written under each stage's name."""
    labels = [
        "<br>".join(escape_html(p) for p in r.label.split(", ", 1))
        + f"<br><i>top-1 {r.top1_pct:.0f}% ({escape_html(r.top1_country)}) · top-3 {'≥ ' if r.top3_is_lower_bound else ''}{r.top3_pct:.0f}%</i>"
        for r in table.itertuples(index=False)
    ]
    text = [
        f"HHI {r.hhi_low:,.0f}" + (f"-{r.hhi_high:,.0f}" if r.hhi_high > r.hhi_low + 0.5 else "")
        for r in table.itertuples(index=False)
    ]
    traces = [
        labelled_bar(
            labels, table["hhi_low"].tolist(), "HHI", CHINA_COLOUR, text, "end",
            error_x={"type": "data", "symmetric": False, "array": (table["hhi_high"] - table["hhi_low"]).tolist(), "arrayminus": [0] * len(table)},
            hovertext=[f"{b}: {t}" for b, t in zip(table["band"], text, strict=True)], hoverinfo="text", showlegend=False,
        )
    ]  # fmt: skip
    # Each threshold's label points away from the other (the lower one to the left, the higher to
    # the right), so the two never print over each other however narrow the chart is.
    shapes, annotations = [], []
    thresholds = [b for b in bands.itertuples(index=False) if 0 < b.hhi_min < 10000]
    for i, band in enumerate(sorted(thresholds, key=lambda b: b.hhi_min)):
        lower = i < len(thresholds) - 1
        shapes.append(vline(band.hhi_min, dash="dash", color=NEUTRAL))
        annotations.append(
            {
                "x": band.hhi_min,
                "y": 1,
                "yref": "paper",
                "text": escape_html(f"{band.band.capitalize()} from {band.hhi_min:,.0f}"),
                "showarrow": False,
                "xanchor": "right" if lower else "left",
                "xshift": -3 if lower else 3,
                "yanchor": "bottom",
                "font": {"size": 11},
            }
        )
    return build_figure(
        traces,
        title=concentration_title(table),
        source_line=source_line,
        height=160 + 70 * len(table),
        annotations=annotations,
        shapes=shapes,
        margin={"l": 290, "t": 24, "r": 30},
        layout={
            "xaxis": {"range": [0, 10000], "title": {"text": "Herfindahl-Hirschman index (0-10,000)"}},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    )
