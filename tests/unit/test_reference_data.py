"""Integrity of the committed reference data: sources, ranges, keys, totals, coverage."""

import math

import pandas as pd
import pytest

from rare_earth_atlas import REFERENCE_FILES, vocabulary
from rare_earth_atlas.data import build
from rare_earth_atlas.data.countries import WORLD_ISO3
from rare_earth_atlas.data.provenance import source_ids_in
from rare_earth_atlas.data.reference import DEFAULT_REFERENCE_DIR, SCHEMAS


def test_every_row_of_every_file_cites_a_known_source(reference):
    known = set(reference.sources["source_id"])
    for name in REFERENCE_FILES:
        if name == "sources":
            continue
        table = reference.table(name)
        assert table["source_id"].str.len().gt(0).all(), f"{name}: a row has no source"
        assert set(source_ids_in(table["source_id"])) <= known, name


def test_every_source_is_used_somewhere(reference):
    used = set()
    for name in REFERENCE_FILES:
        if name != "sources":
            table = reference.table(name)
            for column in ("source_id", "capacity_source_id"):
                if column in table:
                    used |= set(source_ids_in(table[column]))
    unused = set(reference.sources["source_id"]) - used
    assert not unused, f"sources.csv lists sources nothing cites: {sorted(unused)}"


def test_shares_are_percentages_and_no_stage_exceeds_100(reference):
    shares = reference.stage_shares
    assert shares["share_pct"].between(0, 100).all()
    totals = shares.groupby(["stage", "year", "material", "scenario"])["share_pct"].sum()
    assert (totals <= 100.0001).all(), totals[totals > 100]


@pytest.mark.parametrize("name", [n for n in REFERENCE_FILES])
def test_no_duplicate_keys(reference, name):
    key = list(SCHEMAS[name].key)
    assert not reference.table(name).duplicated(key).any()


def _rounding_tolerance(total: float) -> float:
    """USGS rounds world totals to no more than three significant digits (two in MCS tables):
    allow half a unit of the second significant digit."""
    return 0.5 * 10 ** (math.floor(math.log10(total)) - 1)


def test_world_totals_match_the_country_rows_within_usgs_rounding(reference):
    production = reference.mine_production
    for year, rows in production.groupby("year"):
        world = rows.loc[rows["iso3"] == WORLD_ISO3, "tonnes_reo"].iloc[0]
        countries = rows.loc[rows["iso3"] != WORLD_ISO3, "tonnes_reo"].sum()
        assert abs(countries - world) <= _rounding_tolerance(world), (year, countries, world)


def test_mine_production_covers_2018_to_2025_with_world_totals(reference):
    world_years = set(reference.mine_production.loc[reference.mine_production["iso3"] == WORLD_ISO3, "year"])
    assert set(range(2018, 2026)) <= world_years


def test_committed_usgs_tables_are_exactly_what_the_build_script_makes():
    """mine_production.csv and reserves.csv must be reproducible from the USGS originals."""
    for name, frame in (
        ("mine_production.csv", build.build_mine_production()),
        ("reserves.csv", build.build_reserves()),
        ("facilities.csv", build.build_facilities()),
    ):
        committed = pd.read_csv(DEFAULT_REFERENCE_DIR / name, dtype=str, keep_default_na=False)
        rebuilt = pd.read_csv(
            pd.io.common.StringIO(frame.to_csv(index=False, lineterminator="\n")), dtype=str, keep_default_na=False
        )
        pd.testing.assert_frame_equal(committed, rebuilt, obj=name)


def test_facilities_cover_the_clusters_the_app_is_about(reference):
    facilities = reference.facilities
    assert len(facilities) >= 40
    yrd = facilities[facilities["cluster"] == "Yangtze River Delta"]
    assert {"Zhejiang", "Jiangsu", "Shanghai"} <= set(yrd["province_or_state"])
    assert (yrd["city"] == "Ningbo").sum() >= 3
    for cluster in ("Baotou", "Ganzhou", "Sichuan", "Fujian"):
        assert (facilities["cluster"] == cluster).any(), cluster
    outside_china = facilities[facilities["iso3"] != "CHN"]
    assert {"mining", "separation", "magnets"} <= set(outside_china["stage"])


def test_facility_capacities_have_units_and_years_and_undisclosed_stay_empty(reference):
    facilities = reference.facilities
    with_capacity = facilities[facilities["capacity_value"].notna()]
    assert with_capacity["capacity_unit"].str.len().gt(0).all()
    assert with_capacity["capacity_year"].notna().all()
    assert (facilities["capacity_value"].isna()).any(), "undisclosed capacities must stay empty, not 0"
    assert not (facilities["capacity_value"] == 0).any()


def test_quota_years_without_a_published_figure_stay_empty(reference):
    quotas = reference.quotas.set_index("year")
    unpublished = quotas[quotas["status"] == "not published"]
    assert unpublished["mining_quota_t_reo"].isna().all()


def test_every_facility_has_an_evidence_level_and_every_capacity_its_source(reference):
    facilities = reference.facilities
    assert set(facilities["evidence"]) <= set(vocabulary.EVIDENCE_LEVELS)
    assert facilities["checked_on"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    with_capacity = facilities.dropna(subset=["capacity_value"])
    assert with_capacity["capacity_source_id"].ne("").all()
    assert with_capacity["capacity_scope"].isin(list(vocabulary.CAPACITY_SCOPES)).all()
    assert set(with_capacity["capacity_unit"]) <= set(vocabulary.CAPACITY_UNITS)
    undisclosed = facilities[facilities["capacity_value"].isna()]
    assert undisclosed["capacity_search"].str.len().gt(20).all()  # where it was searched for, in words


def test_the_facility_list_covers_every_stage_and_the_delta_beyond_ningbo(reference):
    facilities = reference.facilities
    assert len(facilities) >= 150
    assert set(vocabulary.STAGES) <= set(facilities["stage"])
    delta = facilities[facilities["cluster"] == "Yangtze River Delta"]
    assert {"Shanghai", "Jiangsu", "Zhejiang", "Anhui"} <= set(delta["province_or_state"])


def test_overseas_stakes_say_what_their_shares_are_shares_of(reference):
    stakes = reference.overseas_stakes
    shared = stakes.dropna(subset=["share_pct"])
    assert shared["share_of"].ne("").all()
    trade = stakes[stakes["relationship"] == "trade"]
    assert (trade["share_of"].isin(["", "China's imports of the product"])).all() and (
        trade["status"] == "statistic"
    ).all()
