"""The demand model: IEA anchors kept exactly, modelled sectors carved out of other uses,
toggles remove exactly a sector's demand, compounding, supply never extrapolated."""

import math

import pandas as pd
import pytest

from rare_earth_atlas import demand

DRONES = demand.SectorAssumption("drones", "Drones", 10_000_000, 0.05, 30.0, {"STEPS": 10.0, "APS": 12.0, "NZE": 15.0})
ROBOTS = demand.SectorAssumption("robots", "Robots", 500_000, 2.0, 30.0, {"STEPS": 5.0, "APS": 5.0, "NZE": 5.0})


def _iea_value(reference, scenario, year, sector):
    rows = reference.demand_iea
    match = rows[(rows["year"] == year) & (rows["sector"] == sector) & ((rows["scenario"] == scenario) | (rows["year"] == demand.BASE_YEAR))]
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
