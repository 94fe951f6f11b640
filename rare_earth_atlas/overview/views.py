"""The Overview's charts and their tables, one function each, from the reference data."""

from __future__ import annotations

from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview.model import as_share_of_world, midstream_gap, production_by_country, production_trend


def midstream_gap_chart(reference: ReferenceData):
    gap = midstream_gap(reference)
    return figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), reference.sources)), gap


def mine_production_chart(reference: ReferenceData, production: str):
    """``production`` is "tonnes" or "share" (of the world total)."""
    table = as_share_of_world(production_by_country(reference.mine_production))
    line = source_line(source_ids_in(table["source_id"]), reference.sources)
    trend = production_trend(reference.mine_production)
    return figures.mine_production_figure(table, trend, line, measure=production), table
