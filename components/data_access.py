"""The app's one data-access layer: every cached read of the reference data goes through here.

Pages call these functions; they never read files themselves. ``st.cache_data`` returns a
copy per call, so a page cannot change the cached tables by accident.

``RARE_EARTH_ATLAS_REFERENCE_DIR`` points the app at another copy of ``data/reference``
(the tests use it to check what users see when a file is broken).
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from rare_earth_atlas import facility_map, spatial
from rare_earth_atlas.reference import DEFAULT_REFERENCE_DIR, ReferenceData, ReferenceDataError, load_reference

REFERENCE_DIR_ENV = "RARE_EARTH_ATLAS_REFERENCE_DIR"


@st.cache_data(show_spinner="Loading reference data…", max_entries=4)
def _load_reference_cached(directory: str) -> ReferenceData:
    return load_reference(directory)


def _reference_dir() -> str:
    return os.environ.get(REFERENCE_DIR_ENV) or str(DEFAULT_REFERENCE_DIR)


def reference_data() -> ReferenceData:
    """The validated reference data; if a file is broken, say which and stop the page."""
    try:
        return _load_reference_cached(_reference_dir())
    except ReferenceDataError as error:
        st.error(
            "The app's reference data failed its checks, so its charts are not shown. "
            "Fix the files listed below, or restore them with `git checkout data/reference`, then reload the page."
        )
        st.text(str(error))
        st.stop()
        raise  # st.stop() raises; this line is for type checkers


@st.cache_data(show_spinner=False, max_entries=1)
def country_outlines():
    """Natural Earth country outlines (GeoDataFrame), read once per server."""
    return spatial.read_countries()


@st.cache_data(show_spinner=False, max_entries=1)
def basemap_geojson() -> dict:
    """The simplified basemap sent to the browser."""
    return spatial.basemap_geojson(country_outlines())


@st.cache_data(show_spinner="Placing facilities…", max_entries=4)
def _map_facilities_cached(directory: str):
    reference = _load_reference_cached(directory)
    placed = spatial.assign_regions(reference.facilities, country_outlines(), spatial.read_provinces())
    return facility_map.prepare_facilities(pd.DataFrame(placed.drop(columns="geometry")))


def map_facilities() -> pd.DataFrame:
    """Facilities with display columns and spatially assigned country/province/cluster."""
    reference_data()  # stops the page with a clear message if the data is broken
    return _map_facilities_cached(_reference_dir())
