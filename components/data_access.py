"""The app's one data-access layer: every cached read of the reference data goes through here.

Pages call these functions; they never read files themselves. ``st.cache_data`` returns a
copy per call, so a page cannot change the cached tables by accident.

``RARE_EARTH_ATLAS_REFERENCE_DIR`` points the app at another copy of ``data/reference``
(the tests use it to check what users see when a file is broken).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rare_earth_atlas import catalogue, charts
from rare_earth_atlas.data import spatial
from rare_earth_atlas.data.provenance import data_as_of, with_source_columns
from rare_earth_atlas.data.reference import DEFAULT_REFERENCE_DIR, ReferenceData, ReferenceDataError, load_reference
from rare_earth_atlas.facilities import coverage
from rare_earth_atlas.facilities import map as facility_map
from rare_earth_atlas.sharing import exports
from rare_earth_atlas.sharing.settings import SettingsData

REFERENCE_DIR_ENV = "RARE_EARTH_ATLAS_REFERENCE_DIR"


@st.cache_data(show_spinner="Loading reference data…", max_entries=4)
def _load_reference_cached(directory: str) -> ReferenceData:
    return load_reference(directory)


def _reference_dir() -> str:
    return os.environ.get(REFERENCE_DIR_ENV) or str(DEFAULT_REFERENCE_DIR)


@st.cache_data(show_spinner=False, max_entries=4)
def _reference_problems(directory: str) -> str | None:
    """None if the reference data loads and validates, else the list of problems as text."""
    try:
        _load_reference_cached(directory)
    except ReferenceDataError as error:
        return str(error)
    return None


def require_valid_reference() -> None:
    """If a reference file is broken, say which and stop the page (never a traceback)."""
    problems = _reference_problems(_reference_dir())
    if problems:
        st.error(
            "The app's reference data failed its checks, so its charts are not shown. "
            "Fix the files listed below, or restore them with `git checkout data/reference`, then reload the page."
        )
        st.text(problems)
        st.stop()


def reference_data() -> ReferenceData:
    """All validated reference tables (a copy); stops the page with a clear message if broken."""
    require_valid_reference()
    return _load_reference_cached(_reference_dir())


@st.cache_data(show_spinner=False, max_entries=32)
def _reference_table_cached(directory: str, name: str) -> pd.DataFrame:
    return _load_reference_cached(directory).table(name)


def reference_table(name: str) -> pd.DataFrame:
    """One validated reference table (a copy of just that table: cheaper than ``reference_data``)."""
    require_valid_reference()
    return _reference_table_cached(_reference_dir(), name)


class CachedFigure(go.Figure):
    """A figure that hands Streamlit a cached, already-validated spec as it is.

    ``st.plotly_chart`` accepts a plotly Figure and calls its ``to_dict()``; a real Figure would
    first rebuild its object tree from the cached spec and then deep-copy it back out (about
    8 ms a chart on every rerun). This subclass skips both: it is never initialised as a plotly
    object and ``to_dict`` returns the spec. Only for specs built by ``rare_earth_atlas``
    (validated in the tests), and only for passing to ``st.plotly_chart``.
    """

    def __init__(self, spec: dict):  # noqa: D107 - deliberately not calling super().__init__
        self._atlas_spec = spec

    def to_dict(self) -> dict:
        return self._atlas_spec


@st.cache_resource(show_spinner=False)
def map_outlines() -> tuple[tuple, tuple]:
    """The country outlines the browser's map draws, as two tuples of coordinates (for map
    snapshots). A resource, not data: tuples are immutable, so sharing one copy is safe, and
    copying 200,000 coordinates out of a data cache on every use took most of 0.1 s."""
    return exports.outline_coordinates(exports.read_geojson(spatial.STATIC_GEO_DIR / "countries.geojson"))


@st.cache_data(show_spinner=False, max_entries=1)
def country_outlines():
    """Natural Earth country outlines (GeoDataFrame), read once per server."""
    return spatial.read_countries()


@dataclass(frozen=True)
class MapContext:
    """Everything the map page derives from the full facility list, computed once per data set:
    facilities with display columns and spatially assigned regions, filter options, view
    presets, the capacity scale for marker sizes, and the cluster summary."""

    facilities: pd.DataFrame
    options: dict
    presets: dict
    capacity_scale: dict
    cluster_summary: pd.DataFrame


@st.cache_data(show_spinner="Placing facilities…", max_entries=4)
def _map_context_cached(directory: str) -> MapContext:
    reference = _load_reference_cached(directory)
    placed = spatial.assign_regions(reference.facilities, country_outlines(), spatial.read_provinces())
    facilities = facility_map.prepare_facilities(pd.DataFrame(placed.drop(columns="geometry")))
    return MapContext(
        facilities=facilities,
        options=facility_map.filter_options(facilities),
        presets=facility_map.view_presets(facilities),
        capacity_scale=facility_map.capacity_scale(facilities),
        cluster_summary=facility_map.cluster_summary(facilities),
    )


def map_context() -> MapContext:
    """The map's derived data; stops the page with a clear message if the data is broken."""
    require_valid_reference()
    return _map_context_cached(_reference_dir())


# Every registered chart: one cached entry per chart and per the settings that chart depends on.
@st.cache_data(show_spinner=False, max_entries=512)
def _chart_cached(directory: str, page: str, name: str, **settings) -> tuple[dict, pd.DataFrame]:
    reference = _load_reference_cached(directory)
    figure, table = charts.chart(page, name).build(reference, **settings)
    table = with_source_columns(table, reference.sources)
    # Cached as a plain dict: unpickling a plotly Figure re-validates every property (30-50 ms
    # a chart), while the dict was validated once when the figure was built.
    return figure.to_dict(), table


def chart_figure_and_table(chart: charts.Chart, settings: dict) -> tuple[go.Figure, pd.DataFrame]:
    """(figure, table) for one registered chart, from a page's settings (and inputs); cached per
    chart and per the settings that chart depends on."""
    require_valid_reference()
    chosen = {k: tuple(v) if isinstance(v, list) else v for k, v in chart.settings_of(settings).items()}
    spec, table = _chart_cached(_reference_dir(), chart.page, chart.name, **chosen)
    return CachedFigure(spec), table


@st.cache_data(show_spinner=False, max_entries=4)
def _source_usage_cached(directory: str) -> pd.DataFrame:
    return catalogue.source_usage(_load_reference_cached(directory))


def source_usage() -> pd.DataFrame:
    """sources.csv with the datasets and charts each source feeds (computed once per data set:
    it builds every chart's table)."""
    require_valid_reference()
    return _source_usage_cached(_reference_dir())


@st.cache_data(show_spinner=False, max_entries=4)
def _settings_data_cached(directory: str) -> SettingsData:
    return catalogue.settings_data(_load_reference_cached(directory))


def settings_data() -> SettingsData:
    """What the pages' settings' choices and defaults come from (years, the model's defaults)."""
    require_valid_reference()
    return _settings_data_cached(_reference_dir())


@st.cache_data(show_spinner=False, max_entries=4)
def _data_as_of_cached(directory: str) -> str:
    return data_as_of(_load_reference_cached(directory)).sentence()


def data_as_of_sentence() -> str:
    """'Data as of <newest edition> (<publisher>, published <date>).' for stamping exports."""
    require_valid_reference()
    return _data_as_of_cached(_reference_dir())


@st.cache_data(show_spinner=False, max_entries=4)
def _facility_coverage_cached(directory: str) -> pd.DataFrame:
    return coverage.facility_coverage(_load_reference_cached(directory).facilities)


def facility_coverage() -> pd.DataFrame:
    """Per stage and region: facilities listed, share with a published capacity, evidence mix,
    dates checked."""
    require_valid_reference()
    return _facility_coverage_cached(_reference_dir())


@st.cache_data(show_spinner=False, max_entries=4)
def _arcs_cached(directory: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    reference = _load_reference_cached(directory)
    countries = country_outlines()
    return (
        facility_map.flow_arcs(reference.flows, reference.facilities, countries),
        facility_map.stake_arcs(reference.overseas_stakes, reference.facilities, countries),
    )


def documented_arcs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map's arcs, worked out once per data set (each joins points to country outlines):
    documented material flows, and China's stakes, contracts and imports abroad."""
    require_valid_reference()
    return _arcs_cached(_reference_dir())
