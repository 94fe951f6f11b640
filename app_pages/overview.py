"""Overview (/): the executive summary. Headline shares, the midstream gap, mine production."""

import streamlit as st

from components import url_state
from components.data_access import reference_data
from components.frames import chart_with_data, kpi_card
from rare_earth_atlas.data.provenance import data_as_of, source_ids_in, source_line
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting.escaping import escape_markdown

reference = reference_data()
sources = reference.sources

st.title("Rare Earth Atlas")
st.markdown(
    "China mines most of the world's rare earths, but its real hold is further down the chain: "
    "separation, refining and the permanent magnets inside EVs, wind turbines, drones and weapons."
)
st.caption(escape_markdown(data_as_of(reference).sentence()))

for column, headline in zip(st.columns(4), overview.headlines(reference), strict=True):
    with column:
        kpi_card(headline, sources)

gap = overview.midstream_gap(reference)
chart_with_data(
    figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), sources)),
    gap,
    key="midstream_gap",
    file_stem="rare-earth-atlas_midstream-gap",
    sources=sources,
)

production = overview.as_share_of_world(overview.production_by_country(reference.mine_production))
url_state.check_link("")
url_state.restore("", url_state.page_defaults(""))
measure = st.segmented_control(
    "Show mine production as",
    options=["tonnes", "share"],
    format_func=str.capitalize,  # the label is also the URL value: ?production=Share
    help="Tonnes: thousand metric tons of rare earth oxide. Share: percent of USGS's rounded world total.",
    default="tonnes",
    key="production",
    required=True,
    bind="query-params",
)
url_state.remember("", ["production"])
chart_with_data(
    figures.mine_production_figure(
        production,
        overview.production_trend(reference.mine_production),
        source_line(source_ids_in(production["source_id"]), sources),
        measure=measure,
    ),
    production,
    key="mine_production",
    file_stem="rare-earth-atlas_mine-production",
    sources=sources,
)
