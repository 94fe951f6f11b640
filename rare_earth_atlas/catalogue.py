"""Which datasets and charts each source feeds, worked out from the data itself.

Each chart registers the function that builds its data table; a source feeds a chart when
its id appears in that table's ``source_id`` column. Pages add their charts here as they
are built, so the Sources page never goes stale.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rare_earth_atlas import REFERENCE_FILES, vocabulary
from rare_earth_atlas.capacity import model as capacity
from rare_earth_atlas.data.provenance import source_ids_in
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.overview import model as overview


def _headline_sources(reference: ReferenceData) -> pd.DataFrame:
    ids = [";".join(h.source_ids) for h in overview.headlines(reference)]
    return pd.DataFrame({"source_id": ids})


DATASET_LABELS = {
    "mine_production": "Mine production",
    "reserves": "Reserves",
    "stage_shares": "Shares by supply-chain stage",
    "quotas": "China's quotas",
    "policy_events": "Policy events and export controls",
    "facilities": "Facilities",
    "flows": "Documented material flows",
    "concentration_bands": "Concentration bands",
    "demand_iea": "Magnet rare earth demand (IEA)",
    "supply_iea": "Magnet rare earth supply (IEA)",
    "demand_assumptions": "Assumptions for modelled demand sectors",
    "model_parameters": "Model parameters",
}

CHART_TABLES: dict[str, Callable[[ReferenceData], pd.DataFrame]] = {
    "Overview: headline cards": _headline_sources,
    "Overview: midstream gap": overview.midstream_gap,
    "Overview: mine production by country": lambda ref: overview.production_by_country(ref.mine_production),
    "Map: facilities and cluster summary": lambda ref: ref.facilities,
    "Map: documented flows": lambda ref: ref.flows,
    "Capacity: stage ladder": lambda ref: capacity.stage_ladder(ref, capacity.west_iso3(vocabulary.DEFAULT_WEST), _latest_year(ref)),
    "Capacity: mine production by region": lambda ref: pd.concat(
        [capacity.production_by_region(ref.mine_production, capacity.west_iso3(vocabulary.DEFAULT_WEST)), ref.policy_events]
    ),
    "Capacity: Western mining against processing": lambda ref: pd.concat(
        [ref.mine_production, capacity.western_facilities(ref.facilities, capacity.west_iso3(vocabulary.DEFAULT_WEST), True)]
    ),
    "Capacity: China's quotas": lambda ref: ref.quotas,
    "Capacity: concentration by stage": lambda ref: pd.concat(
        [capacity.concentration_by_stage(ref, _latest_year(ref)), ref.concentration_bands]
    ),
}


def _demand_table(reference: ReferenceData, chart: str) -> pd.DataFrame:
    from rare_earth_atlas.demand import views as demand_charts

    parameter = reference.model_parameters.set_index("parameter").loc["demand_outside_china_pct"]
    views = demand_charts.demand_views(
        reference, "STEPS", tuple(["electric_vehicles", "wind", "other_uses", *reference.demand_assumptions["sector"]]),
        2035, 50, float(parameter["value"]), reference.demand_assumptions, "STEPS",
    )
    return views[chart][1]


CHART_TABLES.update(
    {
        "Demand: demand by sector against supply": lambda ref: _demand_table(ref, "demand"),
        "Demand: growth drivers": lambda ref: _demand_table(ref, "drivers"),
        "Demand: export what-if": lambda ref: _demand_table(ref, "whatif"),
    }
)


def _latest_year(reference: ReferenceData) -> int:
    return int(reference.mine_production["year"].max())


def source_usage(reference: ReferenceData) -> pd.DataFrame:
    """sources.csv plus two columns: the datasets and the charts each source feeds."""
    datasets: dict[str, list[str]] = {}
    for name in REFERENCE_FILES:
        if name == "sources":
            continue
        for sid in source_ids_in(reference.table(name)["source_id"]):
            datasets.setdefault(sid, []).append(f"{name}.csv")
    charts: dict[str, list[str]] = {}
    for chart, build in CHART_TABLES.items():
        for sid in source_ids_in(build(reference)["source_id"]):
            charts.setdefault(sid, []).append(chart)
    usage = reference.sources.copy()
    usage["datasets"] = usage["source_id"].map(lambda s: ", ".join(datasets.get(s, [])))
    usage["charts"] = usage["source_id"].map(lambda s: "; ".join(charts.get(s, [])))
    return usage


def filter_sources(usage: pd.DataFrame, query: str | None) -> pd.DataFrame:
    """Sources whose id, title, publisher, notes or uses contain every word of ``query``
    (case-insensitive); all sources for an empty query."""
    words = (query or "").lower().split()
    if not words:
        return usage
    haystack = (
        usage[["source_id", "title", "publisher", "notes", "datasets", "charts"]]
        .astype(str)
        .agg(" ".join, axis=1)
        .str.lower()
    )
    mask = pd.Series(True, index=usage.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return usage[mask]
