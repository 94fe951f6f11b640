"""The Demand page's four charts and their tables, one function each, from the model and the
reference data.

Each takes the page settings it depends on, by the settings' keys (``scenario``, ``sectors``,
``year``, ``cut``, ``outside``), plus two inputs that are not in the URL: ``assumptions``, the
modelled sectors' assumptions table (the reference table when None: an edited or uploaded one
otherwise), and ``scenario_label``, how the charts name the scenario (the scenario itself when
None). Each builder takes a ``model`` already run for these settings, so ``demand_charts``
builds the page's four charts from one run.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand import figures as df
from rare_earth_atlas.demand import model as dm

IEA_SOURCE = "iea_cm_data_explorer_2025"


@dataclass(frozen=True)
class DemandModel:
    """Demand by sector and supply for one scenario and set of sectors, with their source line."""

    demand: pd.DataFrame
    supply: pd.DataFrame
    source_line: str


def demand_model(reference: ReferenceData, scenario: str, sectors, assumptions: pd.DataFrame | None) -> DemandModel:
    table = reference.demand_assumptions if assumptions is None else assumptions
    demand = dm.demand_by_sector(reference.demand_iea, scenario, dm.assumptions_from_table(table), tuple(sectors))
    sector_sources = dict(zip(table["sector"], table["source_id"], strict=True))
    demand["source_id"] = [
        sector_sources.get(s, IEA_SOURCE) if b == "modelled" else IEA_SOURCE
        for s, b in zip(demand["sector"], demand["basis"], strict=True)
    ]
    supply = dm.refined_supply(reference.supply_iea).assign(source_id=IEA_SOURCE)
    line = source_line(source_ids_in([*demand["source_id"], *supply["source_id"]]), reference.sources)
    uploaded = sorted({b.split(": ", 1)[1] for b in table["basis"] if str(b).startswith("your data: ")})
    if uploaded:
        line += f" Assumptions from your data: {', '.join(uploaded)}."
    return DemandModel(demand, supply, line)


def demand_chart(reference, scenario, sectors, assumptions=None, scenario_label=None, model=None):
    """Demand by sector against refined supply."""
    model = model or demand_model(reference, scenario, sectors, assumptions)
    figure = df.demand_supply_figure(model.demand, model.supply, scenario_label or scenario, model.source_line)
    return figure, model.demand


def gap_chart(reference, scenario, sectors, assumptions=None, model=None):
    """Supply minus demand, year by year."""
    model = model or demand_model(reference, scenario, sectors, assumptions)
    balance = dm.balance(model.demand, model.supply).assign(source_id=IEA_SOURCE)
    return df.gap_figure(balance, model.source_line), balance


def drivers_chart(reference, scenario, sectors, year, assumptions=None, model=None):
    """What grows demand from the base year to ``year``, sector by sector."""
    model = model or demand_model(reference, scenario, sectors, assumptions)
    table = model.demand[model.demand["year"].isin([dm.BASE_YEAR, year])]
    return df.drivers_figure(model.demand, year, model.source_line), table


def whatif_chart(reference, scenario, sectors, year, cut, outside, assumptions=None, model=None):
    """How much of the demand outside China (``outside`` % of the world's) could be met in
    ``year`` if China's exports were cut by ``cut`` %."""
    model = model or demand_model(reference, scenario, sectors, assumptions)
    parameters = reference.model_parameters.set_index("parameter")
    whatif = dm.export_whatif(model.demand, model.supply, outside, cut).assign(
        source_id=f"{IEA_SOURCE};{parameters.loc['demand_outside_china_pct', 'source_id']}"
    )
    line = source_line(source_ids_in(whatif["source_id"]), reference.sources)
    return df.whatif_figure(whatif, cut, year, line), whatif


def demand_charts(reference, scenario, sectors, year, cut, outside, assumptions=None, scenario_label=None) -> dict:
    """{chart name: (figure, table)} for all four charts from one run of the model (what the page
    draws at once; each builder above also works alone, for a slide or a test)."""
    model = demand_model(reference, scenario, sectors, assumptions)
    return {
        "demand": demand_chart(reference, scenario, sectors, scenario_label=scenario_label, model=model),
        "gap": gap_chart(reference, scenario, sectors, model=model),
        "drivers": drivers_chart(reference, scenario, sectors, year, model=model),
        "whatif": whatif_chart(reference, scenario, sectors, year, cut, outside, model=model),
    }
