"""If China cut its exports of NdFeB magnets and of separated magnet rare earths: how much of
the magnets needed outside China could producers outside China still supply, year by year to
the IEA's last supply year (2035)?

Demand outside China is where magnets are built into products: world demand per sector times
the share of that sector built outside China (EVs: cars produced; wind: capacity installed;
every other sector: magnets built into products outside China, from China's magnet exports and
the magnets made elsewhere). Supply outside China, all in kt of magnet rare earths:

* separated supply outside China: the IEA's refined output outside China, plus recycled supply
  from recycling plants outside China (capacity x rare earth content x recovery rate; China's
  own recycling is inside China's refined output);
* magnet making outside China: the disclosed capacity of magnet plants outside China (a plant
  counts from its announced start year, at nameplate: an upper bound), limited by the
  separated rare earths it can get;
* China's exports. Without a cut, China fills what producers outside China cannot: magnets
  beyond their magnet capacity, and separated rare earths their magnet plants need beyond
  separated supply outside China. A cut removes that share of each.

The shortfall is what is left unmet, in kt and in the units it would have gone into (electric
cars, GW of wind turbines), shared across sectors in proportion to their demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rare_earth_atlas.data.magnet_content import parameter, with_magnet_ree
from rare_earth_atlas.data.plants import processing_plants
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand.model import BASE_YEAR, refined_supply
from rare_earth_atlas.vocabulary import CHINA_ISO3

SUPPLY_HORIZON = 2035
WHATIF_YEARS = tuple(range(BASE_YEAR, SUPPLY_HORIZON + 1))
SHARE_PARAMETERS = {
    "electric_vehicles": "ev_production_outside_china_pct",
    "wind": "wind_installations_outside_china_pct",
}
OTHER_SHARE_PARAMETER = "magnets_used_outside_china_pct"


@dataclass(frozen=True)
class PlantsCounted:
    """Plants outside China behind the supply: counted, and left out for want of a published
    capacity or start year."""

    counted: int
    not_disclosed: int
    no_start_year: int


SUPPLY_STAGES = ("magnets", "recycling")


def plant_capacity(reference: ReferenceData, recovery_pct: float) -> dict[str, tuple[np.ndarray, PlantsCounted]]:
    """{stage: (capacity outside China in kt of magnet rare earths for each what-if year, plants
    counted)} for magnet making and recycling: operating plants from the base year (or their
    start year), plants in the pipeline from their announced start year, at nameplate."""
    facilities = reference.facilities
    outside = frozenset(set(facilities["iso3"]) - {CHINA_ISO3})
    plants = processing_plants(facilities[facilities["stage"].isin(SUPPLY_STAGES)], outside, include_pipeline=True)
    plants = with_magnet_ree(plants, reference.model_parameters, recovery_pct)
    years = np.array(WHATIF_YEARS)
    result = {}
    for stage in SUPPLY_STAGES:
        totals = np.zeros(len(WHATIF_YEARS))
        counted = no_start = not_disclosed = 0
        for row_stage, tonnes, status, start, counted_in in zip(
            plants["stage"], plants["magnet_ree_t"], plants["status"], plants["start_year"],
            plants["capacity_counted_in"], strict=True,
        ):  # fmt: skip
            if row_stage != stage:
                continue
            if pd.isna(tonnes):
                not_disclosed += counted_in == ""
                continue
            if pd.isna(start):
                if status != "operating":
                    no_start += 1
                    continue
                start = BASE_YEAR
            counted += 1
            totals += np.where(years >= int(start), tonnes / 1000, 0.0)
        result[stage] = (totals, PlantsCounted(counted, int(not_disclosed), no_start))
    return result


def capacity_by_year(reference: ReferenceData, stage: str, recovery_pct: float) -> tuple[np.ndarray, PlantsCounted]:
    """One stage of ``plant_capacity``."""
    return plant_capacity(reference, recovery_pct)[stage]


def demand_outside_china(demand: pd.DataFrame, parameters: pd.DataFrame) -> pd.DataFrame:
    """Demand per year and sector built into products outside China (kt), to the what-if's horizon."""
    other_share, _, _ = parameter(parameters, OTHER_SHARE_PARAMETER)
    shares = {s: parameter(parameters, p)[0] for s, p in SHARE_PARAMETERS.items()}
    table = demand[demand["year"] <= SUPPLY_HORIZON].copy()
    table["share_outside_china_pct"] = [shares.get(s, other_share) for s in table["sector"]]
    table["kt_outside_china"] = table["kt"] * table["share_outside_china_pct"] / 100
    return table


def export_cut(
    reference: ReferenceData,
    demand: pd.DataFrame,
    magnet_cut_pct: float,
    separated_cut_pct: float,
    recovery_pct: float,
    capacity: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(balance per year, demand outside China per year and sector, notes).

    The balance has, in kt of magnet rare earths: demand outside China, refined and recycled
    supply outside China, magnet capacity outside China, magnets made outside China, China's
    magnet and separated exports before and after the cut, supply available and the shortfall,
    with the shortfall's EV and wind share in cars and GW."""
    for name, value in (
        ("magnet", magnet_cut_pct),
        ("separated rare earth", separated_cut_pct),
        ("recovery", recovery_pct),
    ):
        if not 0 <= value <= 100:
            raise ValueError(f"the {name} percentage must be between 0 and 100, not {value:g}")
    by_sector = demand_outside_china(demand, reference.model_parameters)
    per_year = by_sector.groupby("year")["kt_outside_china"].sum().reindex(WHATIF_YEARS, fill_value=0.0)
    needed = per_year.to_numpy(dtype=float)
    supply = refined_supply(reference.supply_iea).set_index("year").reindex(WHATIF_YEARS)
    refined = supply["supply_outside_china_kt"].to_numpy(dtype=float)
    capacity = capacity or plant_capacity(reference, recovery_pct)  # ``capacity``: that, already worked out
    recycled, recyclers = capacity["recycling"]
    magnet_capacity, magnet_plants = capacity["magnets"]

    separated_outside = refined + recycled
    china_magnets_before = np.clip(needed - magnet_capacity, 0, None)
    china_separated_before = np.clip(np.minimum(magnet_capacity, needed) - separated_outside, 0, None)
    china_magnets = china_magnets_before * (1 - magnet_cut_pct / 100)
    china_separated = china_separated_before * (1 - separated_cut_pct / 100)
    made_outside = np.minimum.reduce([magnet_capacity, separated_outside + china_separated, needed])
    available = made_outside + china_magnets
    shortfall = np.clip(needed - available, 0, None)

    def sector_share(sector: str) -> np.ndarray:
        rows = by_sector[by_sector["sector"] == sector].set_index("year")["kt_outside_china"]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.nan_to_num(rows.reindex(WHATIF_YEARS, fill_value=0.0).to_numpy() / needed)

    kg_per_car, _, _ = parameter(reference.model_parameters, "ev_magnet_ree_kg_per_car")
    t_per_gw, _, _ = parameter(reference.model_parameters, "wind_magnet_ree_t_per_gw")
    balance = pd.DataFrame(
        {
            "year": WHATIF_YEARS,
            "demand_outside_china_kt": needed,
            "refined_outside_china_kt": refined,
            "recycled_outside_china_kt": recycled,
            "magnet_capacity_outside_china_kt": magnet_capacity,
            "magnets_made_outside_china_kt": made_outside,
            "china_magnet_exports_before_cut_kt": china_magnets_before,
            "china_magnet_exports_kt": china_magnets,
            "china_separated_exports_before_cut_kt": china_separated_before,
            "china_separated_exports_kt": china_separated,
            "supply_available_kt": available,
            "shortfall_kt": shortfall,
            "shortfall_pct": np.where(needed > 0, 100 * shortfall / np.where(needed > 0, needed, 1), 0.0),
            "electric_cars_not_built_million": shortfall * sector_share("electric_vehicles") * 1e6 / kg_per_car / 1e6,
            "wind_gw_not_built": shortfall * sector_share("wind") * 1000 / t_per_gw,
            "supply_basis": supply["basis"].tolist(),
            "magnet_cut_pct": magnet_cut_pct,
            "separated_cut_pct": separated_cut_pct,
            "recovery_pct": recovery_pct,
        }
    )
    notes = {"magnet_plants": magnet_plants, "recyclers": recyclers}
    return balance, by_sector, notes
