"""Capacity logic: the West grouping, regional shares, stage ladder, units, concentration."""

import math

import pandas as pd
import pytest

from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import model as cap
from rare_earth_atlas.data.countries import WORLD_ISO3
from rare_earth_atlas.data.plants import processing_plants


def test_west_grouping_expands_the_eu_and_never_includes_china():
    west = cap.west_iso3(vocabulary.DEFAULT_WEST)
    assert {"USA", "CAN", "GBR", "NOR", "AUS", "JPN", "KOR", "FRA", "EST", "DEU"} <= west
    assert len(west) == 7 + 27
    assert "CHN" not in west and "IND" not in west
    assert "IND" in cap.west_iso3([*vocabulary.DEFAULT_WEST, "India"])
    with pytest.raises(ValueError, match="Atlantis"):
        cap.west_iso3(["Atlantis"])


def test_west_label_states_the_group_in_a_fixed_order():
    assert cap.west_label(["Japan", "United States"]) == "The West = United States, Japan"
    assert cap.west_label([]) == "The West = no countries selected"


def test_production_by_region_adds_up_to_the_country_rows(reference):
    west = cap.west_iso3(vocabulary.DEFAULT_WEST)
    regions = cap.production_by_region(reference.mine_production, west)
    countries = reference.mine_production[reference.mine_production["iso3"] != WORLD_ISO3]
    for year, group in regions.groupby("year"):
        assert group["tonnes_reo"].sum() == pytest.approx(countries.loc[countries["year"] == year, "tonnes_reo"].sum())
    row = regions[(regions["year"] == 2025) & (regions["region"] == vocabulary.WEST_REGION)].iloc[0]
    production = reference.mine_production.set_index(["iso3", "year"])["tonnes_reo"]
    assert row["tonnes_reo"] == sum(production.get((iso, 2025), 0) for iso in west if (iso, 2025) in production.index)
    assert row["estimated"]  # the 2025 figures are USGS estimates


def test_adding_india_to_the_west_moves_its_output_from_rest_of_world(reference):
    base = cap.production_by_region(reference.mine_production, cap.west_iso3(vocabulary.DEFAULT_WEST)).set_index(
        ["year", "region"]
    )
    more = cap.production_by_region(
        reference.mine_production, cap.west_iso3([*vocabulary.DEFAULT_WEST, "India"])
    ).set_index(["year", "region"])
    india = reference.mine_production.set_index(["iso3", "year"]).loc[("IND", 2025), "tonnes_reo"]
    assert (
        more.loc[(2025, vocabulary.WEST_REGION), "tonnes_reo"] - base.loc[(2025, vocabulary.WEST_REGION), "tonnes_reo"]
        == india
    )
    assert (
        base.loc[(2025, vocabulary.REST_REGION), "tonnes_reo"] - more.loc[(2025, vocabulary.REST_REGION), "tonnes_reo"]
        == india
    )


def test_stage_ladder_shares_add_to_100_and_unlisted_countries_are_reported(reference):
    ladder = cap.stage_ladder(reference, cap.west_iso3(vocabulary.DEFAULT_WEST), 2025)
    complete = ladder[ladder["west_pct"].notna()]
    assert ((complete["china_pct"] + complete["west_pct"] + complete["rest_pct"]).round(6) == 100).all()
    refining = ladder[(ladder["stage"] == "refining") & (ladder["basis"] == "actual")].iloc[0]
    assert (refining["china_pct"], refining["west_pct"]) == (91.3, 1.2)  # China 91.3; US 1.2 (IEA 2024)
    assert refining["unlisted_pct"] == pytest.approx(3.0)
    magnets = ladder[ladder["stage"] == "magnets"].iloc[0]
    assert math.isnan(magnets["west_pct"]) and magnets["west_countries_listed"] == "not published"
    assert set(ladder.loc[ladder["basis"] == "projection", "year"]) == {2030, 2035}


def test_stage_ladder_for_an_early_year_has_no_iea_actuals(reference):
    ladder = cap.stage_ladder(reference, cap.west_iso3(vocabulary.DEFAULT_WEST), 2019)
    assert set(ladder.loc[ladder["basis"] == "actual", "stage"]) == {"mining"}  # only USGS's 2019 row


def test_western_capacity_keeps_units_apart_and_counts_undisclosed(reference):
    west = cap.west_iso3(vocabulary.DEFAULT_WEST)
    with_pipeline = processing_plants(reference.facilities, west, include_pipeline=True)
    operating = processing_plants(reference.facilities, west, include_pipeline=False)
    assert set(operating["status"]) == {"operating"}
    assert len(with_pipeline) > len(operating)
    assert (
        not with_pipeline["facility_id"]
        .isin(reference.facilities.loc[reference.facilities["iso3"] == "CHN", "facility_id"])
        .any()
    )
    by_status = cap.capacity_by_status(with_pipeline)
    # No row mixes units: each (stage, unit) sums only rows of that unit.
    for (stage, unit), group in by_status.groupby(["stage", "capacity_unit"]):
        members = with_pipeline[(with_pipeline["stage"] == stage) & (with_pipeline["capacity_unit"] == unit)]
        assert group["capacity"].sum() == members["capacity_value"].sum()
    assert with_pipeline["capacity_value"].isna().any()  # undisclosed stays empty, never 0


@pytest.mark.parametrize(
    ("shares", "expected"),
    [([100], 10000), ([50, 50], 5000), ([25, 25, 25, 25], 2500), ([60, 30, 10], 4600)],
)
def test_hhi_of_known_share_vectors(shares, expected):
    assert cap.hhi(shares) == expected


def test_concentration_bounds_when_only_the_largest_countries_are_listed():
    c = cap.concentration([91.3, 4.5, 1.2], complete=False)
    assert c.top1_pct == 91.3 and c.top3_pct == pytest.approx(97.0)
    assert c.hhi_low == round(91.3**2 + 4.5**2 + 1.2**2)
    # 3.0 unlisted, each country no larger than 1.2: 1.2 + 1.2 + 0.6
    assert c.hhi_high == round(91.3**2 + 4.5**2 + 1.2**2 + 2 * 1.2**2 + 0.6**2)
    exact = cap.concentration([60, 30, 10], complete=True)
    assert exact.hhi_low == exact.hhi_high == 4600


def test_only_chinas_magnet_share_gives_a_top3_lower_bound():
    c = cap.concentration([94], complete=False)
    assert c.top3_is_lower_bound and c.top3_pct == 94
    assert (c.hhi_low, c.hhi_high) == (8836, 8872)


def test_bands_follow_the_reference_thresholds(reference):
    bands = reference.concentration_bands
    assert cap.band_for(1000, 1000, bands) == "unconcentrated"
    assert cap.band_for(2000, 2000, bands) == "moderately concentrated"
    assert cap.band_for(2600, 2600, bands) == "highly concentrated"
    assert cap.band_for(2400, 2600, bands) == "at least moderately concentrated"


def test_concentration_by_stage_on_the_reference_data(reference):
    table = cap.concentration_by_stage(reference, 2025).set_index("stage")
    assert (table["band"] == "highly concentrated").all()
    assert table.loc["refining", "top1_country"] == "China"


def test_quotas_keep_unpublished_years_empty_and_flag_derived_ones(reference):
    quotas = cap.quota_table(reference.quotas).set_index(["year", "quota"])
    assert (
        pd.isna(quotas.loc[(2025, "Mining"), "tonnes_reo"])
        and quotas.loc[(2025, "Mining"), "status"] == "not published"
    )
    assert quotas.loc[(2020, "Smelting and separation"), "status"] == "derived"
    assert quotas.loc[(2020, "Mining"), "status"] == "published"


def test_each_tonne_is_counted_once_along_a_companys_chain(reference):
    """Lynas's NdPr is counted where it is separated (Malaysia), not at Kalgoorlie, which cracks
    and leaches the concentrate; no documented flow joins two facilities counted at one stage;
    a company total that includes a listed plant is not added to that plant."""
    facilities = reference.facilities.set_index("facility_id")
    assert facilities.loc["au-lynas-kalgoorlie", "stage"] == "concentrate_processing"
    assert facilities.loc["my-lynas-malaysia", "stage"] == "separation"
    for flow in reference.flows.itertuples(index=False):
        if flow.to_facility_id:
            assert facilities.loc[flow.from_facility_id, "stage"] != facilities.loc[flow.to_facility_id, "stage"], flow
    everyone = frozenset(reference.facilities["iso3"])
    counted = processing_plants(reference.facilities, everyone, include_pipeline=True)
    for including, includes in reference.facilities[["facility_id", "capacity_includes"]].itertuples(index=False):
        for included in [i for i in includes.split(";") if i]:
            row = counted[counted["facility_id"] == included]
            if len(row) and (counted["facility_id"] == including).any():
                assert row["capacity_value"].isna().all() and (row["capacity_counted_in"] == including).all()
    mp = counted[counted["company"] == "MP Materials"]
    magnets = mp[mp["stage"] == "magnets"]["capacity_value"].sum()
    assert magnets == facilities.loc["us-mp-10x-northlake", "capacity_value"]  # 10X's figure is MP's total


def test_a_planned_target_of_an_operating_plant_is_pipeline_not_capacity(reference):
    west = cap.west_iso3(vocabulary.DEFAULT_WEST)
    operating = processing_plants(reference.facilities, west, include_pipeline=False)
    assert (operating["capacity_scope"].fillna("") != "planned").all()
    with_pipeline = processing_plants(reference.facilities, west, include_pipeline=True)
    targets = with_pipeline[
        (with_pipeline["plant_status"] == "operating") & (with_pipeline["capacity_scope"] == "planned")
    ]
    assert len(targets) and (targets["status"] == "planned").all()


def test_china_reach_abroad_keeps_each_share_with_what_it_is_a_share_of(reference):
    reach = cap.china_reach_abroad(reference.overseas_stakes, reference.mine_production, 2024)
    assert set(reach["status"]) <= {"in force", "statistic"}
    assert reach.dropna(subset=["share_pct"])["share_of"].ne("").all()
    usa = reach[reach["asset_country"] == "United States"]
    usgs = reference.mine_production
    assert (
        usa["country_mine_output_t_reo"] == usgs[(usgs["iso3"] == "USA") & (usgs["year"] == 2024)]["tonnes_reo"].iloc[0]
    ).all()
    sentence = cap.reach_abroad_sentence(reach)
    assert f"{(reach['relationship'] != 'trade').sum()} Chinese stakes or offtake contracts" in sentence
