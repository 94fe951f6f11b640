"""Sources (/sources): every source with its publisher, date, link and licence, what it feeds,
and how the numbers should be read."""

import streamlit as st

from components import url_state
from components.data_access import facility_coverage, source_usage
from components.downloads import csv_download
from components.settings_widgets import setting_widget
from rare_earth_atlas.catalogue import filter_sources, source_list, sources_feeding
from rare_earth_atlas.plotting.escaping import escape_markdown

usage = source_usage()

st.title("Sources and methods")
st.markdown(
    "Every number in the app comes from one of the documents below. Search them, or pick a dataset "
    "to see what it rests on; each row says which datasets and charts use it and how solid its figures are."
)
st.subheader("How much the facility map knows")
st.markdown(
    "Per stage and region: how many facilities the atlas lists, how many have a published capacity, "
    "how solid the sources that show they exist are, and when the rows were last checked against them. "
    "A capacity left *not disclosed* was searched for; each facility's detail says where."
)
coverage = facility_coverage()
st.dataframe(
    coverage,
    hide_index=True,
    key="facility_coverage",
    column_config={
        "stage": "Stage",
        "region": "Region",
        "facilities": st.column_config.NumberColumn("Facilities", format="%d"),
        "with_capacity": st.column_config.NumberColumn("With capacity", format="%d"),
        "with_capacity_pct": st.column_config.ProgressColumn(
            "Share with capacity", format="%d%%", min_value=0, max_value=100
        ),
        "evidence_filing": st.column_config.NumberColumn("Company filing", format="%d"),
        "evidence_government": st.column_config.NumberColumn("Government", format="%d"),
        "evidence_press": st.column_config.NumberColumn("Press", format="%d"),
        "evidence_weak": st.column_config.NumberColumn("Weak source", format="%d"),
        "checked_from": "Checked from",
        "checked_to": "Checked to",
    },
)
csv_download("Download the coverage table (CSV)", coverage, "rare-earth-atlas_facility-coverage.csv")


st.subheader("The sources")
csv_download("Download the source list (CSV)", usage, "rare-earth-atlas_sources.csv")

settings = url_state.open_settings("sources")
search_col, dataset_col = st.columns([3, 2])
with search_col:
    query = setting_widget(
        settings["q"], placeholder="Publisher, title or facility source, for example USGS, IEA, Lynas"
    )
with dataset_col:
    dataset = setting_widget(settings["feeds"], placeholder="Any dataset")
url_state.remember("sources", settings)
shown = source_list(sources_feeding(filter_sources(usage, query), dataset))
narrowed = " match your search." if query or dataset else "."
st.caption(f"{len(shown)} of {len(usage)} sources{narrowed} Select a row to read its notes in full.")
picked = st.dataframe(
    shown,
    hide_index=True,
    key="source_table",
    on_select="rerun",
    selection_mode="single-row",
    column_order=["title", "publisher", "published", "link", "licence", "datasets", "charts", "notes"],
    column_config={
        "title": st.column_config.TextColumn("Title", width="large"),
        "publisher": st.column_config.TextColumn("Publisher", width="medium"),
        "published": st.column_config.TextColumn("Published"),
        "link": st.column_config.LinkColumn("Link", display_text="Open source"),
        "licence": st.column_config.TextColumn("Licence"),
        "datasets": st.column_config.TextColumn("Feeds", width="medium"),
        "charts": st.column_config.TextColumn("Charts", width="medium"),
        "notes": st.column_config.TextColumn("Notes", width="large"),
    },
)
rows = picked.selection.rows
if rows and rows[0] < len(shown):
    source = shown.iloc[rows[0]]
    with st.container(border=True, key="source_detail"):
        title_col, link_col = st.columns([5, 1], vertical_alignment="center")
        with title_col:
            st.markdown(f"**{escape_markdown(source.title)}**")
            published = f"published {source.published}" if source.published else "publication date not known"
            st.caption(escape_markdown(f"{source.publisher} · {published} · {source.licence}"))
        with link_col:
            if source.link:
                st.link_button("Open source", source.link, icon=":material/open_in_new:")
            else:
                st.caption("No confirmed link")
        if source.notes:
            # st.text: notes may hold URLs, which Markdown would turn into links.
            st.text(source.notes)
        feeds = f"Feeds: {source.datasets}" + (f"; charts: {source.charts}" if source.charts else "")
        st.caption(escape_markdown(feeds))

st.header("How to read the numbers")
st.markdown(
    """
- **Units.** Mine production and reserves are in metric tons of **rare earth oxide (REO) equivalent**,
  as USGS reports them: the weight the rare earths would have as oxides, whatever the mineral.
  A kt is 1,000 t.
- **Magnet rare earths.** The IEA's shares count neodymium, praseodymium, dysprosium and terbium,
  the elements in NdFeB permanent magnets. Shares on that basis differ from shares of all rare
  earths, so every chart says which one it shows.
- **Estimated.** A figure the publisher estimated rather than collected (USGS marks these "e";
  China's figures are its production quotas and leave out undocumented mining). Estimates are
  hatched in charts and labelled in tables.
- **Revised.** A figure the publisher changed after first printing it. The app uses the newest
  edition for each year and notes the revision.
- **Projection.** A modelled outlook (for example the IEA's base case for 2030 and 2035), never a
  measurement. Projections are drawn faint or dashed and labelled with their scenario.
- **Not disclosed.** Where no source gives a figure (a plant's capacity, say), the app says so
  and does not draw a zero.
- **Reproducible.** Mine production and reserves are built from USGS's original files by
  `scripts/build_reference.py`, which also applies USGS's published corrections (MCS 2026 version 1.3).
"""
)
