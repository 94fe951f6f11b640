"""The facility map: filters with live counts, marker styling, cluster summaries, the pydeck deck.

Map conventions (after Global Energy Monitor's trackers):
* colour = stage (Okabe-Ito palette, safe for colour-blind readers);
* size = capacity, with circle AREA proportional to capacity *within one unit*: a magnet
  plant's t/yr and a mine's t REO/yr are different scales, so the largest facility of each
  unit is drawn at the same maximum size and sizes only compare within a unit;
* undisclosed capacity = a fixed-size ring with a white centre, never a small "zero" circle;
* status = style: operating solid, commissioning/construction hollow, planned faint,
  suspended/blocked grey.
Tooltips use pydeck's ``text`` form (set as text, never parsed as HTML).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from rare_earth_atlas.data.spatial import CLUSTERS, MapView, view_of
from rare_earth_atlas.vocabulary import (
    CHINA_ISO3,
    DEFAULT_WEST_ISO3,
    EVIDENCE_LABELS,
    EVIDENCE_LEVELS,
    FACILITY_STATUSES,
    STAGE_LABELS,
    STAGES,
    STATUS_LABELS,
)

STAGE_COLOURS_RGB = {  # Okabe & Ito (2008)
    "mining": (230, 159, 0),
    "concentrate_processing": (240, 228, 66),
    "separation": (0, 114, 178),
    "metal_alloy": (0, 158, 115),
    "magnets": (213, 94, 0),
    "recycling": (204, 121, 167),
    "research": (86, 180, 233),
}
GREY = (140, 140, 140)
STAKE_ARC_RGB = (213, 94, 0)  # China's colour in the charts: an arc towards a Chinese holder or buyer
MIN_RADIUS_PX = 4
MAX_RADIUS_PX = 16
UNDISCLOSED_RADIUS_PX = 5


@dataclass(frozen=True)
class FacilityFilter:
    """What the user selected. An empty tuple means 'no restriction' for that dimension."""

    stages: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    query: str = ""

    def mask(self, facilities: pd.DataFrame, skip: str | None = None) -> pd.Series:
        """Rows matching every dimension except ``skip`` (used for live counts)."""
        keep = pd.Series(True, index=facilities.index)
        for dimension, column in (
            ("stages", "stage"),
            ("statuses", "status"),
            ("countries", "country"),
            ("clusters", "cluster_label"),
        ):
            values = getattr(self, dimension)
            if values and dimension != skip:
                keep &= facilities[column].isin(values)
        if self.query and skip != "query":
            haystack = (facilities["name"] + " " + facilities["name_local"] + " " + facilities["operator"]).str.lower()
            for word in self.query.lower().split():
                keep &= haystack.str.contains(word, regex=False)
        return keep

    def apply(self, facilities: pd.DataFrame) -> pd.DataFrame:
        return facilities[self.mask(facilities)]


NO_CLUSTER = "Outside China's clusters"


def prepare_facilities(facilities: pd.DataFrame) -> pd.DataFrame:
    """Facilities with the display columns the map, filters and tables use."""
    out = facilities.copy()
    out["cluster_label"] = out["cluster"].where(out["cluster"] != "", NO_CLUSTER)
    out["stage_label"] = out["stage"].map(STAGE_LABELS)
    out["status_label"] = out["status"].map(STATUS_LABELS)
    out["evidence_label"] = out["evidence"].map(EVIDENCE_LABELS)
    out["capacity_label"] = [
        capacity_text(v, u, y)
        for v, u, y in zip(out["capacity_value"], out["capacity_unit"], out["capacity_year"], strict=True)
    ]
    return out


UNDISCLOSED_TEXT = "Capacity not disclosed"


def capacity_text(value: float, unit: str, year: object) -> str:
    if pd.isna(value):
        return UNDISCLOSED_TEXT
    year_text = f" ({int(year)})" if not pd.isna(year) else ""
    return f"{value:,.0f} {unit}{year_text}"


def facet_counts(
    facilities: pd.DataFrame, selection: FacilityFilter, dimension: str, column: str, options: list[str]
) -> dict[str, int]:
    """For each option of one filter, how many facilities it would show given all the other filters."""
    base = facilities[selection.mask(facilities, skip=dimension)]
    counts = base[column].value_counts()
    return {option: int(counts.get(option, 0)) for option in options}


def filter_options(facilities: pd.DataFrame) -> dict[str, list[str]]:
    """Options for each filter, in a stable order."""
    clusters = [c.name for c in CLUSTERS if (facilities["cluster_label"] == c.name).any()]
    return {
        "stages": [s for s in STAGES if (facilities["stage"] == s).any()],
        "statuses": [s for s in FACILITY_STATUSES if (facilities["status"] == s).any()],
        "countries": sorted(facilities["country"].unique()),
        "clusters": [*clusters, NO_CLUSTER] if (facilities["cluster_label"] == NO_CLUSTER).any() else clusters,
    }


def capacity_scale(facilities: pd.DataFrame) -> dict[str, float]:
    """Largest disclosed capacity per unit, over ALL facilities, so sizes do not change with filters."""
    disclosed = facilities.dropna(subset=["capacity_value"])
    return disclosed.groupby("capacity_unit")["capacity_value"].max().to_dict()


WEAK_EVIDENCE_OPACITY = 0.35  # a row only a weak source supports is drawn this much fainter


def marker_style(stage: str, status: str, evidence: str = "filing") -> tuple[list[int], list[int], float]:
    """Fill colour, outline colour (RGBA) and outline width for a stage, status and evidence
    level: a row only a weak source supports is drawn faint, as approximate rows are on
    Global Energy Monitor's maps."""
    r, g, b = STAGE_COLOURS_RGB[stage]
    if status in ("suspended", "blocked"):
        fill, line, width = [*GREY, 170], [60, 60, 60, 230], 1.5
    elif status in ("commissioning", "construction"):
        fill, line, width = [r, g, b, 0], [r, g, b, 255], 2.5
    elif status == "planned":
        fill, line, width = [r, g, b, 70], [r, g, b, 110], 1.0
    else:
        fill, line, width = [r, g, b, 225], [255, 255, 255, 255], 1.0
    if evidence == "weak":
        fill = [*fill[:3], round(fill[3] * WEAK_EVIDENCE_OPACITY)]
        line = [*line[:3], round(line[3] * WEAK_EVIDENCE_OPACITY)]
    return fill, line, width


def marker_radius(value: float, unit: str, scale: dict[str, float]) -> float:
    """Radius in pixels with area proportional to capacity within its unit."""
    if pd.isna(value) or not scale.get(unit):
        return float(UNDISCLOSED_RADIUS_PX)
    return MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * (float(value) / scale[unit]) ** 0.5


# Only what the browser needs: the tooltip's fields, the id for selection, position and style.
MARKER_COLUMNS = [
    "facility_id", "name", "operator", "country", "city", "stage_label", "status_label",
    "capacity_label", "evidence_label", "lon", "lat", "fill", "line", "line_width", "radius",
]  # fmt: skip


def marker_table(facilities: pd.DataFrame, scale: dict[str, float]) -> pd.DataFrame:
    """One row per marker with its style, and only the fields the browser needs."""
    combos = {(s, st, e): marker_style(s, st, e) for s in STAGES for st in FACILITY_STATUSES for e in EVIDENCE_LEVELS}
    keys = zip(
        facilities["stage"].tolist(), facilities["status"].tolist(), facilities["evidence"].tolist(), strict=True
    )
    styles = [combos[key] for key in keys]
    markers = facilities.assign(
        fill=[s[0] for s in styles],
        line=[s[1] for s in styles],
        line_width=[s[2] for s in styles],
        radius=[
            round(marker_radius(v, u, scale), 1)
            for v, u in zip(facilities["capacity_value"].tolist(), facilities["capacity_unit"].tolist(), strict=True)
        ],
        lon=facilities["lon"].round(4),
        lat=facilities["lat"].round(4),
    )
    return markers[MARKER_COLUMNS].reset_index(drop=True)


YOUR_DATA_LINE = [0, 0, 0, 255]  # a heavy black outline marks the user's own facilities
YOUR_DATA_FILL_UNKNOWN_STAGE = [*GREY, 200]


def user_marker_table(facilities: pd.DataFrame, filename: str, scale: dict[str, float]) -> pd.DataFrame:
    """Markers for an uploaded facilities table (``upload_facilities`` columns): the reference
    markers' fields, stage colours, a heavy black outline, and "Your data" in the tooltip."""
    stages = facilities["stage"].tolist()
    commodities = facilities["commodity"].astype(str).tolist() if "commodity" in facilities else [""] * len(facilities)
    markers = pd.DataFrame(
        {
            "facility_id": [f"your-data:{filename}:{line}" for line in facilities["line"].tolist()],
            "name": facilities["name"].astype(str),
            "operator": facilities["operator"].astype(str),
            "country": facilities["country"].astype(str),
            "city": facilities["city"].astype(str),
            "stage_label": [
                f"Your data ({filename}) · {STAGE_LABELS.get(s) or (c and f'commodities: {c}') or 'stage not given'}"
                for s, c in zip(stages, commodities, strict=True)
            ],
            "status_label": [STATUS_LABELS.get(s, "status not given") for s in facilities["status"].tolist()],
            "evidence_label": "your file",
            "capacity_label": [
                UNDISCLOSED_TEXT if pd.isna(v) else f"{v:,.0f} {u}".strip()
                for v, u in zip(
                    facilities["capacity_value"].tolist(), facilities["capacity_unit"].tolist(), strict=True
                )
            ],
            "lon": facilities["lon"].astype(float).round(4),
            "lat": facilities["lat"].astype(float).round(4),
            "fill": [
                [*STAGE_COLOURS_RGB[s], 225] if s in STAGE_COLOURS_RGB else YOUR_DATA_FILL_UNKNOWN_STAGE for s in stages
            ],
            "line": [YOUR_DATA_LINE] * len(facilities),
            "line_width": 3.0,
            "radius": [
                round(marker_radius(v, u, scale) + 1, 1)
                for v, u in zip(
                    facilities["capacity_value"].tolist(), facilities["capacity_unit"].tolist(), strict=True
                )
            ],
        }
    )
    return markers[MARKER_COLUMNS].reset_index(drop=True)


TOOLTIP_TEXT = "{name}\n{operator}\n{stage_label} · {status_label}\n{capacity_label}\n{city}, {country}\nEvidence: {evidence_label}"


@dataclass(frozen=True)
class Preset:
    name: str
    view: MapView
    description: str


def view_presets(facilities: pd.DataFrame) -> dict[str, Preset]:
    """One-click views, fitted to the facilities they are about."""
    china = facilities[facilities["iso3"] == CHINA_ISO3]
    yrd = facilities[facilities["cluster"] == "Yangtze River Delta"]
    # North America and Europe; Australia's and Japan's plants show on the World view.
    western = facilities[facilities["iso3"].isin(DEFAULT_WEST_ISO3) & ~facilities["iso3"].isin(["AUS", "JPN", "KOR"])]
    presets = {"World": Preset("World", view_of(facilities), "Every facility in the atlas.")}
    if not yrd.empty:
        presets["Yangtze River Delta"] = Preset("Yangtze River Delta", view_of(yrd), "Ningbo, Jiangsu and Shanghai.")
    if not china.empty:
        presets["China's hubs"] = Preset(
            "China's hubs", view_of(china), "Baotou, Ganzhou, Sichuan, Fujian and the Yangtze River Delta."
        )
    if not western.empty:
        presets["Western supply chain"] = Preset(
            "Western supply chain",
            view_of(western),
            "North America and Europe (Australia and Japan are on the World view).",
        )
    return presets


def flow_arcs(flows: pd.DataFrame, facilities: pd.DataFrame, countries: gpd.GeoDataFrame) -> pd.DataFrame:
    """Arc end points for documented flows; a country-only destination ends at a point that
    geopandas guarantees lies inside that country (its representative point)."""
    located = facilities.set_index("facility_id")[["lon", "lat", "name"]]
    by_iso3 = countries.dropna(subset=["iso3"]).dissolve(by="iso3")
    rows = []
    for flow in flows.itertuples(index=False):
        start = located.loc[flow.from_facility_id]
        if flow.to_facility_id:
            end = located.loc[flow.to_facility_id]
            to_lon, to_lat, to_name = end["lon"], end["lat"], end["name"]
        else:
            point = by_iso3.loc[flow.to_iso3, "geometry"].representative_point()
            to_lon, to_lat = point.x, point.y
            to_name = f"{by_iso3.loc[flow.to_iso3, 'country_name']} (country; destination plants not documented)"
        rows.append(
            {
                "flow_id": flow.flow_id,
                "from_lon": float(start["lon"]), "from_lat": float(start["lat"]),
                "to_lon": round(float(to_lon), 4), "to_lat": round(float(to_lat), 4),
                "label": f"{start['name']} → {to_name}: {flow.material}",
                "source_id": flow.source_id,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


STAKE_STATUSES_DRAWN = ("in force", "statistic")


def stake_arcs(stakes: pd.DataFrame, facilities: pd.DataFrame, countries: gpd.GeoDataFrame) -> pd.DataFrame:
    """Arcs for China's reach abroad: each stake or offtake in force, and each trade figure of
    China's imports, from the asset (its facility, or a point inside its country) to a point
    inside China (the Chinese holders' plants are not mapped)."""
    located = facilities.set_index("facility_id")[["lon", "lat"]]
    by_iso3 = countries.dropna(subset=["iso3"]).dissolve(by="iso3")
    china = by_iso3.loc[CHINA_ISO3, "geometry"].representative_point()
    rows = []
    for stake in stakes[stakes["status"].isin(STAKE_STATUSES_DRAWN)].itertuples(index=False):
        if stake.facility_id:
            lon, lat = located.loc[stake.facility_id, "lon"], located.loc[stake.facility_id, "lat"]
        elif stake.asset_iso3 in by_iso3.index:
            point = by_iso3.loc[stake.asset_iso3, "geometry"].representative_point()
            lon, lat = point.x, point.y
        else:
            continue
        share = f" {stake.share_pct:g}% of {stake.share_of}" if not pd.isna(stake.share_pct) else ""
        rows.append(
            {
                "flow_id": stake.stake_id,
                "from_lon": round(float(lon), 4), "from_lat": round(float(lat), 4),
                "to_lon": round(float(china.x), 4), "to_lat": round(float(china.y), 4),
                "label": f"{stake.chinese_company}: {stake.relationship}{share} · {stake.asset}",
                "source_id": stake.source_id,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=["flow_id", "from_lon", "from_lat", "to_lon", "to_lat", "label", "source_id"])


def _records(table: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain dicts. pydeck would call ``to_dict(orient="records")``, which is
    several times slower on pandas 3's Arrow-backed string columns."""
    columns = list(table.columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*(table[c].tolist() for c in columns), strict=True)]


class CompactDeck(pdk.Deck):
    """pydeck's Deck, serialised without indentation or key sorting.

    pydeck writes its JSON with ``indent=2``, which forces Python's slow pure-Python encoder
    and roughly doubles the size sent to the browser; with 10,000 facilities that is the
    difference between a 2 s and a sub-second rerun.
    """

    def to_json(self) -> str:
        return json.dumps(self, default=default_serialize, separators=(",", ":"))


def _marker_layer(markers: pd.DataFrame, layer_id: str) -> pdk.Layer:
    """Pickable markers styled by their own fill, outline and radius columns (``MARKER_COLUMNS``)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=_records(markers),
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="line_width",
        get_radius="radius",
        # pydeck reads a bare string as an accessor expression; quote literals.
        radius_units="'pixels'",
        line_width_units="'pixels'",
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
    )


LAND_RGBA = [228, 228, 224, 255]


def _arc_layer(arcs: pd.DataFrame, layer_id: str, source_rgba: list, target_rgba: list, width_px: float) -> pdk.Layer:
    """Arcs from (from_lon, from_lat) to (to_lon, to_lat), darkening towards their end."""
    return pdk.Layer(
        "ArcLayer",
        data=_records(arcs),
        id=layer_id,
        get_source_position=["from_lon", "from_lat"],
        get_target_position=["to_lon", "to_lat"],
        get_source_color=source_rgba,
        get_target_color=target_rgba,
        get_width=width_px,
        pickable=False,
    )


def _outline_layer(data: dict | str, layer_id: str, line_px: float, fill: list[int] | None = None) -> pdk.Layer:
    """Outlines (countries or provinces) drawn in white, filled as land when ``fill`` is given."""
    fill_args = {"filled": True, "get_fill_color": fill} if fill else {"filled": False}
    return pdk.Layer(
        "GeoJsonLayer", data=data, id=layer_id, stroked=True, get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=line_px, pickable=False, **fill_args,
    )  # fmt: skip


def facility_map_chart(
    markers: pd.DataFrame,
    basemap: dict | str,
    view: MapView,
    arcs: pd.DataFrame | None = None,
    provinces: dict | str | None = None,
    height_px: int = 560,
    user_markers: pd.DataFrame | None = None,
    stakes: pd.DataFrame | None = None,
) -> pdk.Deck:
    """The pydeck map: offline basemap from shipped geometry (countries, China's provinces; inline
    GeoJSON or a same-origin URL), markers, optional flow arcs."""
    layers = [_outline_layer(basemap, "basemap", line_px=0.6, fill=LAND_RGBA)]
    if provinces is not None:
        layers.append(_outline_layer(provinces, "provinces", line_px=0.5))
    if arcs is not None and not arcs.empty:
        layers.append(_arc_layer(arcs, "flows", [90, 90, 90, 200], [0, 0, 0, 230], 2.5))
    if stakes is not None and not stakes.empty:
        layers.append(_arc_layer(stakes, "china-stakes", [*STAKE_ARC_RGB, 120], [*STAKE_ARC_RGB, 230], 2))
    layers += [
        _marker_layer(markers, "facilities"),
        pdk.Layer(
            "ScatterplotLayer",
            data=_records(markers.loc[markers["capacity_label"] == UNDISCLOSED_TEXT, ["lon", "lat"]]),
            id="undisclosed-centres",
            get_position=["lon", "lat"],
            get_fill_color=[255, 255, 255, 255],
            get_radius=2,
            radius_units="'pixels'",
            pickable=False,
        ),
    ]
    if user_markers is not None and not user_markers.empty:
        layers.append(_marker_layer(user_markers, "your-data"))
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom),
        map_provider=None,
        tooltip={"text": TOOLTIP_TEXT},
        height=height_px,
    )


def legend_svg(scale: dict[str, float], your_data: bool = False) -> str:
    """A static legend (stages, status styles, sizes, and the user's own data when shown) as
    SVG; labels are the app's own words."""
    rows = []
    y = 16
    rows.append(f'<text x="4" y="{y}" class="h">Stage</text>')
    for stage, label in STAGE_LABELS.items():
        y += 20
        r, g, b = STAGE_COLOURS_RGB[stage]
        rows.append(
            f'<circle cx="12" cy="{y - 4}" r="6" fill="rgb({r},{g},{b})"/><text x="26" y="{y}">{html.escape(label)}</text>'
        )
    y += 28
    rows.append(f'<text x="4" y="{y}" class="h">Status</text>')
    for status, label in (
        ("operating", "Operating"),
        ("construction", "Commissioning / construction"),
        ("planned", "Planned"),
        ("blocked", "Suspended / blocked"),
    ):
        y += 20
        fill, line, width = marker_style("separation", status)
        rows.append(
            f'<circle cx="12" cy="{y - 4}" r="6" fill="rgba({fill[0]},{fill[1]},{fill[2]},{fill[3] / 255:.2f})" '
            f'stroke="rgba({line[0]},{line[1]},{line[2]},{line[3] / 255:.2f})" stroke-width="{width}"/><text x="26" y="{y}">{html.escape(label)}</text>'
        )
    y += 20
    fill, line, width = marker_style("separation", "operating", "weak")
    rows.append(
        f'<circle cx="12" cy="{y - 4}" r="6" fill="rgba({fill[0]},{fill[1]},{fill[2]},{fill[3] / 255:.2f})" '
        f'stroke="rgba({line[0]},{line[1]},{line[2]},{line[3] / 255:.2f})" stroke-width="{width}"/><text x="26" y="{y}">Faint: only a weak source</text>'
    )
    y += 28
    rows.append(f'<text x="4" y="{y}" class="h">Size: capacity within its unit</text>')
    y += 26
    rows.append(
        f'<circle cx="14" cy="{y - 6}" r="{MAX_RADIUS_PX / 2}" fill="#999"/><text x="32" y="{y - 2}">largest of its unit</text>'
    )
    y += 24
    rows.append(
        f'<circle cx="14" cy="{y - 4}" r="{UNDISCLOSED_RADIUS_PX}" fill="#999"/><circle cx="14" cy="{y - 4}" r="2" fill="#fff"/>'
        f'<text x="32" y="{y}">capacity not disclosed</text>'
    )
    if your_data:
        y += 28
        rows.append(
            f'<circle cx="12" cy="{y - 4}" r="6" fill="#999" stroke="#000" stroke-width="3"/>'
            f'<text x="26" y="{y}" class="h">Your data (uploaded)</text>'
        )
    height = y + 10
    # A white card behind the legend: the image cannot follow the app's light or dark theme, and
    # dark text on white reads on both.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="250" height="{height}" viewBox="0 0 250 {height}" '
        'font-family="sans-serif" font-size="13"><style>.h{font-weight:bold}</style>'
        f'<rect width="250" height="{height}" rx="6" fill="#fff"/>' + "".join(rows) + "</svg>"
    )


def legend_strip_svg() -> str:
    """The map's stage colours and status styles in one row, for a slide under its map."""
    items, x = [], 10
    for stage, label in STAGE_LABELS.items():
        r, g, b = STAGE_COLOURS_RGB[stage]
        items.append(
            f'<circle cx="{x + 6}" cy="15" r="6" fill="rgb({r},{g},{b})"/><text x="{x + 17}" y="20">{html.escape(label)}</text>'
        )
        x += 24 + 7.2 * len(label)
    x += 14
    for status, label in (("operating", "Operating"), ("construction", "Building"), ("planned", "Planned")):
        fill, line, width = marker_style("separation", status)
        items.append(
            f'<circle cx="{x + 6}" cy="15" r="6" fill="rgba({fill[0]},{fill[1]},{fill[2]},{fill[3] / 255:.2f})" '
            f'stroke="rgba({line[0]},{line[1]},{line[2]},{line[3] / 255:.2f})" stroke-width="{width}"/><text x="{x + 17}" y="20">{label}</text>'
        )
        x += 24 + 7.2 * len(label)
    items.append(
        f'<circle cx="{x + 20}" cy="15" r="{UNDISCLOSED_RADIUS_PX}" fill="#999"/><circle cx="{x + 20}" cy="15" r="2" fill="#fff"/>'
        f'<text x="{x + 31}" y="20">capacity not disclosed</text>'
    )
    width = int(x + 31 + 7.2 * 22 + 10)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="30" viewBox="0 0 {width} 30" '
        f'font-family="sans-serif" font-size="14"><rect width="{width}" height="30" rx="6" fill="#fff"/>'
        + "".join(items)
        + "</svg>"
    )


def cluster_summary(facilities: pd.DataFrame) -> pd.DataFrame:
    """Per cluster and stage: facilities, how many disclose capacity, disclosed capacity of
    operating and commissioning plants per unit, and that capacity's share of the same
    figure for all Chinese facilities in the atlas (only where units match)."""
    china = facilities[facilities["iso3"] == CHINA_ISO3]
    running = china[china["status"].isin(["operating", "commissioning"])].dropna(subset=["capacity_value"])
    china_totals = running.groupby(["stage", "capacity_unit"])["capacity_value"].sum()
    rows = []
    for cluster in CLUSTERS:
        members = china[china["cluster"] == cluster.name]
        for stage in STAGES:
            at_stage = members[members["stage"] == stage]
            if at_stage.empty:
                continue
            cluster_running = running[(running["cluster"] == cluster.name) & (running["stage"] == stage)]
            by_unit = cluster_running.groupby("capacity_unit")["capacity_value"].sum()
            capacity_parts, share_parts = [], []
            for unit, value in by_unit.items():
                capacity_parts.append(f"{value:,.0f} {unit}")
                share_parts.append(
                    f"{100 * value / china_totals[(stage, unit)]:.0f}% of {china_totals[(stage, unit)]:,.0f} {unit}"
                )
            rows.append(
                {
                    "cluster": cluster.name,
                    "stage": STAGE_LABELS[stage],
                    "facilities": len(at_stage),
                    "disclosing_capacity": int(at_stage["capacity_value"].notna().sum()),
                    "operating_capacity": "; ".join(capacity_parts) or "not disclosed",
                    "share_of_china_disclosed": "; ".join(share_parts) or "—",
                    "source_id": ";".join(dict.fromkeys(";".join(at_stage["source_id"]).split(";"))),
                }
            )
    return pd.DataFrame(rows)


def cluster_places(facilities: pd.DataFrame, cluster_name: str) -> str:
    """'Zhejiang: Ningbo (6) · Jiangsu: Changshu, Jiangyin … (6) · Shanghai (1)' for one cluster."""
    members = facilities[facilities["cluster"] == cluster_name]
    parts = []
    for province, group in members.groupby("province_or_state", sort=False):
        cities = sorted(c for c in group["city"].unique() if c)  # a row placed only to its province has none
        if cities in ([province], []):
            parts.append(f"{province} ({len(group)})")
        else:
            parts.append(f"{province}: {', '.join(cities)} ({len(group)})")
    return " · ".join(parts)
