"""The facility detail panel: every value from data is shown as text, never as Markdown or HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rare_earth_atlas.data.provenance import short_citation
from rare_earth_atlas.data.reference import split_source_ids
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.vocabulary import CAPACITY_SCOPES

PRECISION_TEXT = {
    "site": "Site: the plant's own coordinates.",
    "city": "City: placed at the centre of its city or nearest town.",
    "region": "Region: a point in a wider area.",
}


def facility_detail(facility: pd.Series, sources: pd.DataFrame) -> None:
    """Name, local name, operator, stage, capacity (or 'not disclosed' and where it was searched
    for), status, evidence level, location precision, notes, and links to the sources, the one
    that states the capacity first."""
    with st.container(border=True, key="facility_detail"):
        st.markdown(f"#### {escape_markdown(facility['name'])}")
        if facility["name_local"]:
            st.text(facility["name_local"])
        st.caption(escape_markdown(f"{facility['operator']} · {facility['city']}, {facility['country']}"))
        st.text(f"Stage: {facility['stage_label']}\nStatus: {facility['status_label']}\n{facility['capacity_label']}")
        if facility["capacity_scope"]:
            st.caption(escape_markdown(f"Capacity covers {CAPACITY_SCOPES[facility['capacity_scope']]}."))
        elif facility["capacity_search"]:
            st.caption(escape_markdown(f"Searched for a capacity: {facility['capacity_search']}"))
        st.caption(escape_markdown(f"Evidence: {facility['evidence_label']}. Checked {facility['checked_on']}."))
        st.caption(escape_markdown(f"Location precision: {PRECISION_TEXT[facility['location_precision']]}"))
        if facility["notes"]:
            st.text(facility["notes"])
        by_id = sources.set_index("source_id")
        capacity_sources = split_source_ids(facility["capacity_source_id"])
        cited = list(dict.fromkeys([*capacity_sources, *split_source_ids(facility["source_id"])]))
        for sid in cited:
            if sid not in by_id.index:
                continue
            source = by_id.loc[sid]
            states = "States the capacity · " if sid in capacity_sources else ""
            st.caption(escape_markdown(states + short_citation(source)))
            if str(source["url"]).startswith(("https://", "http://")):
                st.link_button(
                    "Open source", source["url"], icon=":material/open_in_new:", key=f"facility_source_{sid}"
                )
