"""The Capacity page's five charts and their tables, one function each.

Each takes only the page settings its chart depends on (by the settings' keys), so the
data-access layer can cache it per setting: changing the pipeline toggle rebuilds one chart,
not five. ``west`` is the user's choice of countries counted as the West.
"""

from __future__ import annotations

import pandas as pd

from rare_earth_atlas.capacity import figures as cf
from rare_earth_atlas.capacity.model import (
    concentration_by_stage,
    production_by_region,
    quota_table,
    stage_ladder,
    west_iso3,
    west_label,
    west_mine_output,
)
from rare_earth_atlas.data.magnet_content import parameter, stage_totals, with_magnet_ree
from rare_earth_atlas.data.plants import processing_plants
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData


def ladder_chart(reference: ReferenceData, west: tuple[str, ...], year: int):
    members = west_iso3(west)
    ladder = stage_ladder(reference, members, year, production_by_region(reference.mine_production, members))
    line = source_line(source_ids_in(ladder["source_id"]), reference.sources)
    return cf.stage_ladder_figure(ladder, west_label(west), line), ladder


def production_chart(reference: ReferenceData, west: tuple[str, ...], measure: str):
    regions = production_by_region(reference.mine_production, west_iso3(west))
    events = reference.policy_events
    line = source_line(source_ids_in([*regions["source_id"], *events["source_id"]]), reference.sources)
    return cf.production_regions_figure(regions, events, measure, west_label(west), line), regions


def western_chart(reference: ReferenceData, west: tuple[str, ...], year: int, pipeline: bool):
    """``pipeline``: add commissioning, construction and planned facilities to operating ones."""
    members = west_iso3(west)
    western = processing_plants(reference.facilities, members, pipeline)
    mine_output = west_mine_output(production_by_region(reference.mine_production, members), year)
    recovery_pct, _, _ = parameter(reference.model_parameters, "recycling_recovery_pct")
    totals = stage_totals(western, mine_output, reference.model_parameters, recovery_pct)
    line = source_line(source_ids_in(totals["source_id"]), reference.sources)
    figure = cf.western_capacity_figure(totals, year, west_label(west), line)
    table = with_magnet_ree(western, reference.model_parameters, recovery_pct)
    return figure, pd.concat([totals.assign(row="stage total"), table.assign(row="facility")], ignore_index=True)


def quota_chart(reference: ReferenceData):
    quotas = quota_table(reference.quotas)
    return cf.quota_figure(quotas, source_line(source_ids_in(quotas["source_id"]), reference.sources)), quotas


def concentration_chart(reference: ReferenceData, year: int):
    table = concentration_by_stage(reference, year)
    bands = reference.concentration_bands
    line = source_line(source_ids_in([*table["source_id"], *bands["source_id"]]), reference.sources)
    return cf.concentration_figure(table, bands, line), table
