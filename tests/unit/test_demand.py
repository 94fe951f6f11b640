"""The demand model: IEA anchors kept exactly, modelled sectors carved out of other uses,
toggles remove exactly a sector's demand, compounding, supply never extrapolated."""

import math

import pandas as pd
import pytest

from rare_earth_atlas.demand import model as demand

DRONES = demand.SectorAssumption("drones", "Drones", 10_000_000, 0.05, 30.0, {"STEPS": 10.0, "APS": 12.0, "NZE": 15.0})
ROBOTS = demand.SectorAssumption("robots", "Robots", 500_000, 2.0, 30.0, {"STEPS": 5.0, "APS": 5.0, "NZE": 5.0})


def _iea_value(reference, scenario, year, sector):
    rows = reference.demand_iea
    match = rows[
        (rows["year"] == year)
        & (rows["sector"] == sector)
        & ((rows["scenario"] == scenario) | (rows["year"] == demand.BASE_YEAR))
    ]
    return float(match["kt_magnet_ree"].iloc[0])


@pytest.mark.parametrize("scenario", demand.SCENARIOS)
def test_with_every_sector_on_the_total_equals_the_iea_rows(reference, scenario):
    table = demand.demand_by_sector(reference.demand_iea, scenario, [DRONES, ROBOTS])
    totals = table.groupby("year")["kt"].sum()
    for year in (2024, 2030, 2035, 2040):
        assert totals[year] == pytest.approx(_iea_value(reference, scenario, year, "total"))
    evs = table[(table["sector"] == "electric_vehicles")].set_index("year")["kt"]
    assert evs[2030] == pytest.approx(_iea_value(reference, scenario, 2030, "electric_vehicles"))


def test_switching_a_sector_off_removes_exactly_its_demand(reference):
    everything = demand.demand_by_sector(reference.demand_iea, "STEPS", [DRONES, ROBOTS])
    sectors = set(everything["sector"])
    without = demand.demand_by_sector(reference.demand_iea, "STEPS", [DRONES, ROBOTS], sectors - {"drones"})
    difference = everything.groupby("year")["kt"].sum() - without.groupby("year")["kt"].sum()
    drones = everything[everything["sector"] == "drones"].set_index("year")["kt"]
    pd.testing.assert_series_equal(difference, drones, check_names=False)


def test_modelled_sectors_are_carved_out_of_other_uses(reference):
    plain = demand.demand_by_sector(reference.demand_iea, "APS", [])
    carved = demand.demand_by_sector(reference.demand_iea, "APS", [DRONES])
    other_plain = plain[plain["sector"] == "other_uses"].set_index("year")["kt"]
    other_carved = carved[carved["sector"] == "other_uses"].set_index("year")["kt"]
    drones = carved[carved["sector"] == "drones"].set_index("year")["kt"]
    pd.testing.assert_series_equal(other_plain - drones, other_carved, check_names=False)


def test_growth_compounds_from_the_base_year():
    base = DRONES.base_kt()
    assert base == pytest.approx(10_000_000 * 0.05 * 0.30 / 1e6)  # units x kg x content, in kt
    assert DRONES.kt_in(2024, "STEPS") == pytest.approx(base)
    assert DRONES.kt_in(2034, "STEPS") == pytest.approx(base * 1.1**10)
    assert DRONES.kt_in(2030, "NZE") == pytest.approx(base * 1.15**6)


def test_between_anchor_years_values_are_interpolated_and_flagged(reference):
    series = demand.iea_series(reference.demand_iea, "STEPS")
    total = series[series["sector"] == "total"].set_index("year")
    assert total.loc[2027, "kt"] == pytest.approx((90.9 + 122.8) / 2)
    assert total.loc[2027, "basis"] == "interpolated" and total.loc[2030, "basis"] == "sourced"
    other = series[series["sector"] == "other_uses"].set_index("year")
    assert other.loc[2030, "basis"] == "derived"
    assert other.loc[2030, "kt"] == pytest.approx(122.8 - 21.7 - 16.2)


def test_an_oversized_modelled_sector_cannot_make_other_uses_negative(reference):
    huge = demand.SectorAssumption("robots", "Robots", 1e9, 10.0, 30.0, {"STEPS": 0.0, "APS": 0.0, "NZE": 0.0})
    table = demand.demand_by_sector(reference.demand_iea, "STEPS", [huge])
    other = table[table["sector"] == "other_uses"]
    assert (other["kt"] >= 0).all()
    assert (other["notes"] == "modelled sectors exceed IEA other uses").all()


def test_supply_is_interpolated_but_never_extrapolated(reference):
    supply = demand.refined_supply(reference.supply_iea).set_index("year")
    assert supply.loc[2024, "supply_total_kt"] == pytest.approx(80.8)
    assert supply.loc[2024, "supply_outside_china_kt"] == pytest.approx(80.8 * (1 - 0.913))
    assert supply.loc[2035, "basis"] == "sourced"
    assert math.isnan(supply.loc[2036, "supply_total_kt"]) and supply.loc[2040, "basis"] == "not projected"


def test_unknown_scenario_is_refused(reference):
    with pytest.raises(ValueError, match="unknown scenario"):
        demand.iea_series(reference.demand_iea, "BAU")


def test_export_whatif_at_zero_percent_equals_the_baseline(reference):
    table = demand.demand_by_sector(reference.demand_iea, "STEPS", [DRONES])
    supply = demand.refined_supply(reference.supply_iea)
    whatif = demand.export_whatif(table, supply, outside_share_pct=40, cut_pct=0).dropna(subset=["met_pct"])
    pd.testing.assert_series_equal(whatif["met_pct"], whatif["met_baseline_pct"], check_names=False)
    assert (whatif["year"] <= 2035).all()  # no supply projection after 2035


def test_export_whatif_arithmetic(reference):
    supply = pd.DataFrame(
        {"year": demand.YEARS, "supply_total_kt": 100.0, "supply_outside_china_kt": 10.0, "basis": "sourced"}
    )
    flat = pd.DataFrame({"year": demand.YEARS, "kt": 80.0})
    # Demand outside China 40 kt, inside 40 kt; China refines 90 so exports 50; a 100% cut leaves 10.
    whatif = demand.export_whatif(flat, supply, outside_share_pct=50, cut_pct=100).set_index("year")
    assert whatif.loc[2030, "china_exports_kt"] == 50
    assert whatif.loc[2030, "met_pct"] == pytest.approx(25.0)
    assert whatif.loc[2030, "met_baseline_pct"] == 100  # 10 + 50 >= 40: fully met
    half = demand.export_whatif(flat, supply, outside_share_pct=50, cut_pct=50).set_index("year")
    assert half.loc[2030, "met_pct"] == pytest.approx(100 * (10 + 25) / 40)
    with pytest.raises(ValueError):
        demand.export_whatif(flat, supply, outside_share_pct=50, cut_pct=120)


def _assumption_table():
    return pd.DataFrame(
        [
            {
                "sector": "drones",
                "label": "Drones",
                "units_base_year": 1e7,
                "magnet_kg_per_unit": 0.05,
                "ree_content_pct": 30.0,
                "growth_steps_pct": 10.0,
                "growth_aps_pct": 12.0,
                "growth_nze_pct": 15.0,
            },
        ]
    )


def test_bad_assumption_edits_keep_the_last_good_value_and_say_why():
    good = _assumption_table()
    edited = good.assign(units_base_year=-5.0, ree_content_pct=130.0, growth_aps_pct="lots")
    result, problems = demand.validate_assumptions(edited, good)
    pd.testing.assert_frame_equal(result, good)
    assert len(problems) == 3
    assert problems[0].startswith("Drones, Units in the base year: -5 is not allowed")
    assert "kept 30" in problems[1]
    assert "'lots'" in problems[2]


def test_good_assumption_edits_are_taken():
    good = _assumption_table()
    result, problems = demand.validate_assumptions(good.assign(growth_steps_pct=20.0), good)
    assert problems == [] and result.at[0, "growth_steps_pct"] == 20.0
    (drones,) = demand.assumptions_from_table(result)
    assert drones.growth_pct["STEPS"] == 20.0
