"""The Capacity page's five charts and their tables, one function each.

Each takes only the settings its chart depends on, so the data-access layer can cache it per
setting: changing the pipeline toggle rebuilds one chart, not five.
"""

from __future__ import annotations

from rare_earth_atlas.capacity import figures as cf
from rare_earth_atlas.capacity.model import (
    capacity_by_status,
    concentration_by_stage,
    production_by_region,
    quota_table,
    stage_ladder,
    west_iso3,
    west_label,
    west_mine_output,
    western_facilities,
)
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData


def ladder_chart(reference: ReferenceData, west_choices: tuple[str, ...], year: int):
    west = west_iso3(west_choices)
    ladder = stage_ladder(reference, west, year, production_by_region(reference.mine_production, west))
    line = source_line(source_ids_in(ladder["source_id"]), reference.sources)
    return cf.stage_ladder_figure(ladder, west_label(west_choices), line), ladder


def production_chart(reference: ReferenceData, west_choices: tuple[str, ...], measure: str):
    regions = production_by_region(reference.mine_production, west_iso3(west_choices))
    events = reference.policy_events
    line = source_line(source_ids_in([*regions["source_id"], *events["source_id"]]), reference.sources)
    return cf.production_regions_figure(regions, events, measure, west_label(west_choices), line), regions


def western_chart(reference: ReferenceData, west_choices: tuple[str, ...], year: int, include_pipeline: bool):
    west = west_iso3(west_choices)
    western = western_facilities(reference.facilities, west, include_pipeline)
    mine_output = west_mine_output(production_by_region(reference.mine_production, west), year)
    line = source_line(source_ids_in([mine_output["source_id"], *western["source_id"]]), reference.sources)
    figure = cf.western_capacity_figure(
        western, capacity_by_status(western), mine_output, year, west_label(west_choices), line
    )
    return figure, western


def quota_chart(reference: ReferenceData):
    quotas = quota_table(reference.quotas)
    return cf.quota_figure(quotas, source_line(source_ids_in(quotas["source_id"]), reference.sources)), quotas


def concentration_chart(reference: ReferenceData, year: int):
    table = concentration_by_stage(reference, year)
    bands = reference.concentration_bands
    line = source_line(source_ids_in([*table["source_id"], *bands["source_id"]]), reference.sources)
    return cf.concentration_figure(table, bands, line), table


def chart_settings(chart: str, west_choices: tuple[str, ...], year: int, include_pipeline: bool, measure: str) -> dict:
    """The settings each Capacity chart depends on (and is cached by), from the page's controls."""
    return {
        "ladder": {"west_choices": west_choices, "year": year},
        "production": {"west_choices": west_choices, "measure": measure},
        "western": {"west_choices": west_choices, "year": year, "include_pipeline": include_pipeline},
        "quotas": {},
        "concentration": {"year": year},
    }[chart]
