"""Build the reference CSVs that are derived rather than hand-entered.

* ``mine_production.csv`` and ``reserves.csv`` from USGS's original files in ``data/raw/usgs``
  (plus the MCS 2025 transcription for 2023);
* ``facilities.csv`` from the hand-curated ``data/raw/facilities_curated.csv``, filling in
  city coordinates from the offline gazetteer.

Pure functions returning DataFrames; ``scripts/build_reference.py`` writes them, and a
test rebuilds them and compares with the committed files so the two cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rare_earth_atlas.data import gazetteer, usgs

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"
FIRST_YEAR = 2018

MINE_PRODUCTION_COLUMNS = ["country", "iso3", "year", "tonnes_reo", "status", "edition", "source_id", "notes"]
RESERVES_COLUMNS = ["country", "iso3", "tonnes_reo", "qualifier", "edition", "source_id", "notes"]


def build_mine_production(raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """Mine production by country and year from 2018, newest USGS edition per year."""
    mcs2026 = _corrected_mcs2026(raw_dir)
    frames = [
        usgs.read_myb_world_production(raw_dir / "usgs" / "usgs_myb2022_rare_earths_tables.xlsx"),
        usgs.read_transcription(
            raw_dir / "usgs_mcs2025_world_production_2023.csv", usgs.MCS2025_EDITION, "usgs_mcs2025"
        ),
        usgs.mine_production_from_mcs2026(mcs2026),
    ]
    production = usgs.newest_edition_per_year(frames)
    production = production[production["year"] >= FIRST_YEAR]
    return production[MINE_PRODUCTION_COLUMNS].reset_index(drop=True)


def build_reserves(raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    return usgs.reserves_from_mcs2026(_corrected_mcs2026(raw_dir))[RESERVES_COLUMNS]


def _corrected_mcs2026(raw_dir: Path) -> pd.DataFrame:
    table = usgs.read_mcs2026_rare_earths(raw_dir / "usgs" / "usgs_mcs2026_commodities_data.csv")
    history = (raw_dir / "usgs" / "usgs_mcs2026_version_history.txt").read_text(encoding="utf-8", errors="replace")
    return usgs.apply_corrections(table, history)


FACILITY_COLUMNS = [
    "facility_id",
    "name",
    "name_local",
    "operator",
    "company",
    "country",
    "iso3",
    "province_or_state",
    "city",
    "lat",
    "lon",
    "location_precision",
    "stage",
    "cluster",
    "capacity_value",
    "capacity_unit",
    "capacity_year",
    "capacity_scope",
    "capacity_includes",
    "capacity_source_id",
    "capacity_search",
    "status",
    "start_year",
    "start_year_basis",
    "source_id",
    "evidence",
    "checked_on",
    "notes",
]


def build_facilities(raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """Curated facilities with city coordinates filled in from the gazetteer.

    A row either gives its own lat/lon (a site location from a cited source) or a
    GeoNames id; the id's country must match the row's country.
    """
    curated = pd.read_csv(raw_dir / "facilities_curated.csv", dtype=str, keep_default_na=False)
    lats, lons = [], []
    for row in curated.itertuples(index=False):
        if row.lat and row.lon:
            lats.append(row.lat)
            lons.append(row.lon)
            continue
        if not row.geonameid:
            raise ValueError(f"facility {row.facility_id}: give lat/lon or a geonameid")
        city = gazetteer.city_by_geonameid(row.geonameid)
        if city.country_code != gazetteer.alpha2_for(row.iso3):
            raise ValueError(
                f"facility {row.facility_id}: GeoNames {city.geonameid} ({city.name}) is in {city.country_code}, not {row.iso3}"
            )
        lats.append(f"{city.lat:.5f}")
        lons.append(f"{city.lon:.5f}")
    built = curated.assign(lat=lats, lon=lons)
    return built[FACILITY_COLUMNS]
