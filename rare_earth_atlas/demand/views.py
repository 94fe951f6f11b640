"""The Demand page's four charts and their tables, from the model and the reference data."""

from __future__ import annotations

import pandas as pd

from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand import figures as df
from rare_earth_atlas.demand import model as dm


def demand_views(
    reference: ReferenceData,
    scenario: str,
    sectors: tuple[str, ...],
    year: int,
    cut_pct: float,
    outside_share_pct: float,
    assumptions_table: pd.DataFrame,
    scenario_label: str,
) -> dict:
    """{chart name: (figure, table)} for demand against supply, the gap, growth drivers and
    the export what-if."""
    assumptions = dm.assumptions_from_table(assumptions_table)
    demand = dm.demand_by_sector(reference.demand_iea, scenario, assumptions, sectors)
    sector_sources = dict(zip(assumptions_table["sector"], assumptions_table["source_id"], strict=True))
    demand["source_id"] = [
        sector_sources.get(s, "iea_cm_data_explorer_2025") if b == "modelled" else "iea_cm_data_explorer_2025"
        for s, b in zip(demand["sector"], demand["basis"], strict=True)
    ]
    supply = dm.refined_supply(reference.supply_iea).assign(source_id="iea_cm_data_explorer_2025")
    balance = dm.balance(demand, supply).assign(source_id="iea_cm_data_explorer_2025")
    parameters = reference.model_parameters.set_index("parameter")
    whatif = dm.export_whatif(demand, supply, outside_share_pct, cut_pct).assign(
        source_id=f"iea_cm_data_explorer_2025;{parameters.loc['demand_outside_china_pct', 'source_id']}"
    )
    demand_line = source_line(source_ids_in([*demand["source_id"], *supply["source_id"]]), reference.sources)
    uploaded = sorted({b.split(": ", 1)[1] for b in assumptions_table["basis"] if str(b).startswith("your data: ")})
    if uploaded:
        demand_line += f" Assumptions from your data: {', '.join(uploaded)}."
    return {
        "demand": (df.demand_supply_figure(demand, supply, scenario_label, demand_line), demand),
        "gap": (df.gap_figure(balance, demand_line), balance),
        "drivers": (df.drivers_figure(demand, year, demand_line), demand[demand["year"].isin([dm.BASE_YEAR, year])]),
        "whatif": (
            df.whatif_figure(whatif, cut_pct, year, source_line(source_ids_in(whatif["source_id"]), reference.sources)),
            whatif,
        ),
    }
