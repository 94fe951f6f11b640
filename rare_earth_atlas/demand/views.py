"""The Demand page's four charts and their tables, one function each, from the model and the
reference data.

Each takes the page settings it depends on, by the settings' keys (``scenario``, ``sectors``,
``year``, ``cut``, ``oxide_cut``, ``recovery``), plus two inputs that are not in the URL: ``assumptions``, the
modelled sectors' assumptions table (the reference table when None: an edited or uploaded one
otherwise), and ``scenario_label``, how the charts name the scenario (the scenario itself when
None). Each builder runs the model itself, or takes a ``model`` already run for these
settings, to draw several charts from one run.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.data.magnet_content import parameter
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand import figures as df
from rare_earth_atlas.demand import model as dm
from rare_earth_atlas.demand.whatif import WHATIF_YEARS, export_cut, plant_capacity

IEA_SOURCE = "iea_cm_data_explorer_2025"


@dataclass(frozen=True)
class DemandModel:
    """Demand by sector and supply for one scenario, set of sectors and recovery rate, with the
    assumptions behind them and their source line."""

    demand: pd.DataFrame
    supply: pd.DataFrame
    assumptions: list
    source_line: str
    recovery_pct: float
    plant_capacity: dict  # whatif.plant_capacity at this recovery rate


def _recovery(reference: ReferenceData, recovery) -> float:
    return parameter(reference.model_parameters, "recycling_recovery_pct")[0] if recovery is None else float(recovery)


def demand_model(
    reference: ReferenceData, scenario: str, sectors, assumptions: pd.DataFrame | None, recovery=None
) -> DemandModel:
    recovery_pct = _recovery(reference, recovery)
    table = reference.demand_assumptions if assumptions is None else assumptions
    sector_assumptions = dm.assumptions_from_table(table)
    demand = dm.demand_by_sector(reference.demand_iea, scenario, sector_assumptions, tuple(sectors))
    sector_sources = dict(zip(table["sector"], table["source_id"], strict=False))
    demand["source_id"] = [
        sector_sources.get(s, IEA_SOURCE) if b == "modelled" else IEA_SOURCE
        for s, b in zip(demand["sector"], demand["basis"], strict=True)
    ]
    capacity = plant_capacity(reference, recovery_pct)
    recycled, _ = capacity["recycling"]
    supply = dm.refined_supply(reference.supply_iea)
    supply["recycled_outside_china_kt"] = pd.Series(recycled, index=WHATIF_YEARS).reindex(supply["year"]).to_numpy()
    recycling_sources = reference.facilities.loc[reference.facilities["stage"] == "recycling", "capacity_source_id"]
    supply = supply.assign(source_id=IEA_SOURCE)
    line = source_line(
        source_ids_in(
            [
                *demand["source_id"],
                *supply["source_id"],
                *recycling_sources,
                "chowdhury_2021_swarf",
                "heim_vanderwal_2023",
            ]
        ),
        reference.sources,
    )
    uploaded = sorted({b.split(": ", 1)[1] for b in table["basis"] if str(b).startswith("your data: ")})
    if uploaded:
        line += f" Assumptions from your data: {', '.join(uploaded)}."
    return DemandModel(demand, supply, sector_assumptions, line, recovery_pct, capacity)


def demand_chart(reference, scenario, sectors, assumptions=None, scenario_label=None, recovery=None, model=None):
    """Demand by sector against refined and recycled supply."""
    model = model or demand_model(reference, scenario, sectors, assumptions, recovery)
    label = scenario_label or dm.scenario_label(scenario)
    figure = df.demand_supply_figure(model.demand, model.supply, label, model.source_line, model.recovery_pct)
    return figure, model.demand


def gap_chart(reference, scenario, sectors, assumptions=None, recovery=None, model=None):
    """Supply minus demand, year by year."""
    model = model or demand_model(reference, scenario, sectors, assumptions, recovery)
    balance = dm.balance(model.demand, model.supply).assign(source_id=IEA_SOURCE)
    return df.gap_figure(balance, model.source_line), balance


NEW_DEMAND_YEARS = (dm.BASE_YEAR, 2030, 2035)


def drivers_chart(reference, scenario, sectors, assumptions=None, recovery=None, model=None):
    """New demand: the modelled sectors switched on, product by product, in 2024, 2030 and
    2035, against published forecasts."""
    model = model or demand_model(reference, scenario, sectors, assumptions)
    chosen = [a for a in model.assumptions if a.sector in set(sectors)]
    products = dm.product_demand(chosen, scenario, NEW_DEMAND_YEARS)
    checks = dm.forecast_checks(chosen, reference.demand_forecasts, scenario)
    table = products.assign(units=products["units"].round(0), kt=products["kt"].round(4)).merge(
        checks[["label", "year", "forecast_low_kt", "forecast_high_kt", "verdict", "source_id"]],
        on=["label", "year"],
        how="outer",
    )
    sources = dict(zip(model.demand["sector"], model.demand["source_id"], strict=False))
    table["source_id"] = [
        s if isinstance(s, str) and s else sources.get(sector, IEA_SOURCE)
        for s, sector in zip(table["source_id"], table["sector"], strict=True)
    ]
    line = source_line(source_ids_in([*table["source_id"], *model.demand["source_id"]]), reference.sources)
    return df.new_demand_figure(products, checks, NEW_DEMAND_YEARS, line), table


def whatif_chart(reference, scenario, sectors, year, cut, oxide_cut, assumptions=None, recovery=None, model=None):
    """If China cut its magnet exports by ``cut`` % and its separated magnet rare earth exports
    by ``oxide_cut`` %: demand outside China against what producers outside China can supply."""
    model = model or demand_model(reference, scenario, sectors, assumptions, recovery)
    balance, by_sector, counted = export_cut(
        reference, model.demand, cut, oxide_cut, model.recovery_pct, model.plant_capacity
    )
    parameters = reference.model_parameters
    ids = [IEA_SOURCE, *(parameter(parameters, p)[2] for p in WHATIF_PARAMETERS)]
    balance = balance.assign(source_id=";".join(ids))
    magnets, recyclers = counted["magnet_plants"], counted["recyclers"]
    notes = [
        f"Counted at nameplate from their start year: {magnets.counted} magnet plants outside China "
        f"({magnets.not_disclosed + magnets.no_start_year} more without a published capacity or start year) and "
        f"{recyclers.counted} recyclers at {model.recovery_pct:g}% recovery."
    ]
    line = source_line(source_ids_in([*balance["source_id"], *model.demand["source_id"]]), reference.sources)
    return df.whatif_figure(balance, by_sector, year, notes, line), balance


WHATIF_PARAMETERS = (
    "ev_production_outside_china_pct",
    "wind_installations_outside_china_pct",
    "magnets_used_outside_china_pct",
    "ev_magnet_ree_kg_per_car",
    "wind_magnet_ree_t_per_gw",
    "recycling_recovery_pct",
    "ree_content_of_ndfeb_pct",
)
