"""The facility detail panel: every value from data is shown as text, never as Markdown or HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rare_earth_atlas.data.provenance import short_citation
from rare_earth_atlas.data.reference import split_source_ids
from rare_earth_atlas.plotting.escaping import escape_markdown

PRECISION_TEXT = {
    "site": "Site: the plant's own coordinates.",
    "city": "City: placed at the centre of its city or nearest town.",
    "region": "Region: a point in a wider area.",
}


def facility_detail(facility: pd.Series, sources: pd.DataFrame) -> None:
    """Name, local name, operator, stage, capacity (or 'not disclosed'), status, location
    precision, notes and links to the sources."""
    with st.container(border=True, key="facility_detail"):
        st.markdown(f"#### {escape_markdown(facility['name'])}")
        if facility["name_local"]:
            st.text(facility["name_local"])
        st.caption(escape_markdown(f"{facility['operator']} · {facility['city']}, {facility['country']}"))
        st.text(f"Stage: {facility['stage_label']}\nStatus: {facility['status_label']}\n{facility['capacity_label']}")
        st.caption(escape_markdown(f"Location precision: {PRECISION_TEXT[facility['location_precision']]}"))
        if facility["notes"]:
            st.text(facility["notes"])
        by_id = sources.set_index("source_id")
        for sid in split_source_ids(facility["source_id"]):
            if sid not in by_id.index:
                continue
            source = by_id.loc[sid]
            st.caption(escape_markdown(short_citation(source)))
            if str(source["url"]).startswith(("https://", "http://")):
                st.link_button(
                    "Open source", source["url"], icon=":material/open_in_new:", key=f"facility_source_{sid}"
                )
