"""The demand model: IEA anchors kept exactly, modelled sectors carved out of other uses and
never beyond them, toggles remove exactly a sector's demand, growth that saturates, checks
against published forecasts, supply never extrapolated."""

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


def test_without_a_market_size_growth_compounds_from_the_base_year():
    base = DRONES.base_kt()
    assert base == pytest.approx(10_000_000 * 0.05 * 0.30 / 1e6)  # units x kg x content, in kt
    assert DRONES.kt_in(2024, "STEPS") == pytest.approx(base)
    assert DRONES.kt_in(2034, "STEPS") == pytest.approx(base * 1.1**10)


def test_growth_starts_at_its_rate_slows_and_never_passes_the_market_size():
    drones = demand.SectorAssumption(
        "drones", "Drones", 10_000_000, 0.05, 30.0, {"STEPS": 35.0, "APS": 35.0, "NZE": 35.0}, ceiling_units=40_000_000
    )
    units = drones.units("NZE")
    assert units[1] / units[0] == pytest.approx(1.35, rel=0.01)  # the stated rate in the first year
    yearly = units[1:] / units[:-1]
    assert (yearly[1:] < yearly[:-1]).all()  # growth slows every year
    assert units.max() < 40_000_000 and units[-1] > 0.95 * 40_000_000
    compound = drones.units_base_year * 1.35 ** (2040 - 2024)
    assert units[-1] < compound / 10  # compound growth would be far beyond the market


def test_falling_demand_compounds_down():
    phones = demand.SectorAssumption(
        "electronics", "Phones", 1e9, 0.004, 31.0, dict.fromkeys(demand.SCENARIOS, -5.0), 1.2e9
    )
    assert phones.units("STEPS", [2034])[0] == pytest.approx(1e9 * 0.95**10)


def test_default_assumptions_never_exceed_other_uses_in_any_scenario(reference):
    assumptions = demand.assumptions_from_table(reference.demand_assumptions)
    assert demand.modelled_beyond_other_uses(assumptions, reference.demand_iea) == ""
    for scenario in demand.SCENARIOS:
        table = demand.demand_by_sector(reference.demand_iea, scenario, assumptions)
        other = table[table["sector"] == "other_uses"]
        assert (other["kt"] > 0).all() and (other["notes"] == "").all(), scenario


def test_modelled_sectors_are_checked_against_published_forecasts(reference):
    assumptions = demand.assumptions_from_table(reference.demand_assumptions)
    checks = demand.forecast_checks(assumptions, reference.demand_forecasts, "APS")
    humanoids_2030 = checks[(checks["label"] == "Humanoid robots") & (checks["year"] == 2030)].iloc[0]
    # Goldman Sachs's 250,000 and Bank of America's 1.2 million a year, in kt at 2.9 kg x 31%.
    assert humanoids_2030["forecast_low_kt"] == pytest.approx(250_000 * 2.9 * 0.31 / 1e6)
    assert humanoids_2030["forecast_high_kt"] == pytest.approx(1_200_000 * 2.9 * 0.31 / 1e6)
    assert humanoids_2030["verdict"] == "within the published range"
    drones = checks[checks["label"] == "Drones and eVTOL"].iloc[0]
    assert drones["verdict"] == "no published forecast found"


def test_a_forecast_above_the_model_range_is_named(reference):
    fast = demand.SectorAssumption(
        "robots", "Humanoid robots", 13_317, 2.9, 31.0, dict.fromkeys(demand.SCENARIOS, 150.0), 1e9
    )
    checks = demand.forecast_checks([fast], reference.demand_forecasts, "NZE")
    assert set(checks["verdict"]) == {"above the published range"}


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


def _assumption_table():
    return pd.DataFrame(
        [
            {
                "sector": "drones",
                "label": "Drones",
                "units_base_year": 1e7,
                "ceiling_units": 4e7,
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


def test_an_edit_that_would_exceed_other_uses_is_refused_with_a_sentence(reference):
    good = _assumption_table()
    edited = good.assign(growth_nze_pct=100.0, ceiling_units=1e12, magnet_kg_per_unit=5.0)
    result, problems = demand.validate_assumptions(edited, good, reference.demand_iea)
    pd.testing.assert_frame_equal(result, good)
    assert len(problems) == 1
    assert problems[0].startswith("Not taken: with these assumptions the modelled sectors would need")
    assert "more than the" in problems[0] and "'other uses'" in problems[0]


def test_a_market_size_below_the_base_is_refused():
    good = _assumption_table()
    result, problems = demand.validate_assumptions(good.assign(ceiling_units=10.0), good)
    assert result.at[0, "ceiling_units"] == 4e7
    assert "cannot be below the units in the base year" in problems[0]
