"""The export what-if: demand outside China where products are built, supply outside China
from refined, recycled and magnet capacity, China's exports cut, the shortfall in kt and units."""

import numpy as np
import pytest

from rare_earth_atlas.data import magnet_content
from rare_earth_atlas.demand import model as demand
from rare_earth_atlas.demand import whatif


def _demand(reference, scenario="STEPS"):
    return demand.demand_by_sector(
        reference.demand_iea, scenario, demand.assumptions_from_table(reference.demand_assumptions)
    )


def test_without_a_cut_china_fills_the_gap_and_nothing_is_short(reference):
    balance, _, _ = whatif.export_cut(reference, _demand(reference), 0, 0, 97)
    assert (balance["shortfall_kt"] == 0).all()
    assert balance["year"].max() == 2035  # the IEA projects supply to 2035 only


def test_at_the_defaults_a_full_cut_leaves_a_large_shortfall(reference):
    balance, _, _ = whatif.export_cut(reference, _demand(reference), 100, 100, 97)
    row = balance.set_index("year").loc[2030]
    assert row["shortfall_kt"] > 5 and 20 < row["shortfall_pct"] < 100
    # What is left is what producers outside China can make into magnets.
    assert row["supply_available_kt"] == pytest.approx(row["magnets_made_outside_china_kt"])
    assert row["magnets_made_outside_china_kt"] <= row["magnet_capacity_outside_china_kt"] + 1e-9
    assert row["electric_cars_not_built_million"] > 0 and row["wind_gw_not_built"] > 0


def test_a_bigger_cut_never_shrinks_the_shortfall(reference):
    table = _demand(reference)
    shortfalls = [whatif.export_cut(reference, table, c, c, 97)[0]["shortfall_kt"].to_numpy() for c in (0, 25, 50, 100)]
    for smaller, bigger in zip(shortfalls, shortfalls[1:], strict=False):
        assert (bigger >= smaller - 1e-9).all()


def test_demand_outside_china_uses_each_sector_share(reference):
    _, by_sector, _ = whatif.export_cut(reference, _demand(reference), 100, 100, 97)
    row = by_sector[(by_sector["year"] == 2024) & (by_sector["sector"] == "electric_vehicles")].iloc[0]
    assert row["kt_outside_china"] == pytest.approx(8.4 * 28.3 / 100)
    other = by_sector[(by_sector["year"] == 2024) & (by_sector["sector"] == "drones")].iloc[0]
    assert other["share_outside_china_pct"] == pytest.approx(24.2)


def test_the_recovery_rate_changes_recycled_supply_in_proportion(reference):
    full, _ = whatif.capacity_by_year(reference, "recycling", 100)
    half, _ = whatif.capacity_by_year(reference, "recycling", 50)
    scrap_share = full - half  # only capacity given as scrap feed depends on recovery
    assert (scrap_share > 0).any()
    np.testing.assert_allclose(full - half, half - whatif.capacity_by_year(reference, "recycling", 0)[0])


def test_plants_count_from_their_start_year(reference):
    magnets, counted = whatif.capacity_by_year(reference, "magnets", 97)
    years = dict(zip(whatif.WHATIF_YEARS, magnets, strict=True))
    assert years[2028] > years[2024]  # MP's 10X campus and others start later
    assert counted.counted > 0 and counted.not_disclosed > 0


def test_out_of_range_cuts_are_refused(reference):
    with pytest.raises(ValueError, match="between 0 and 100"):
        whatif.export_cut(reference, _demand(reference), 120, 0, 97)


def test_units_convert_to_magnet_rare_earths_by_the_stated_factors(reference):
    table = magnet_content.conversions(reference.model_parameters)
    assert magnet_content.magnet_ree_tonnes(1000, "t magnets/yr", table, 97) == pytest.approx(310)
    assert magnet_content.magnet_ree_tonnes(1000, "t scrap feed/yr", table, 50) == pytest.approx(155)
    assert magnet_content.magnet_ree_tonnes(1000, "t REO/yr", table, 97) == pytest.approx(198)
    assert magnet_content.magnet_ree_tonnes(1000, "t NdPr oxide/yr", table, 97) == pytest.approx(1000)
    assert magnet_content.magnet_ree_tonnes(1000, "t concentrate/yr", table, 97) is None
    assert magnet_content.magnet_ree_tonnes(1000, "t end-of-life components/yr", table, 97) is None
