"""Capacity (/capacity): China's processing against Western mining, stage by stage."""

import streamlit as st

from components import url_state
from components import your_data as uploads
from components.data_access import capacity_figure_and_table, reference_table
from components.frames import chart_with_data, table_with_download
from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import model as cap
from rare_earth_atlas.capacity import views as capacity_charts
from rare_earth_atlas.plotting.escaping import escape_markdown

sources = reference_table("sources")
years = sorted(int(y) for y in reference_table("mine_production")["year"].unique())

st.title("China's processing against Western mining")
st.markdown(
    "The West is investing in mines, but without separation, refining and magnet making its ore still goes "
    "through China. Each chart below states its grouping, source and year; change the grouping to test the argument."
)

DEFAULTS = url_state.page_defaults("capacity")
url_state.check_link("capacity")
url_state.restore("capacity", DEFAULTS)
with st.container(border=True):
    year_col, west_col = st.columns([1, 3])
    with year_col:
        year = st.select_slider("Year", options=years, value=years[-1], key="year", bind="query-params")
        include_pipeline = st.toggle(
            "Include pipeline",
            value=True,
            key="pipeline",
            bind="query-params",
            help="Add commissioning, construction and planned facilities to operating ones.",
        )
        measure = st.segmented_control(
            "Production as",
            ["tonnes", "share"],
            format_func=str.capitalize,
            default="tonnes",
            key="measure",
            required=True,
            bind="query-params",
        )
    with west_col:
        west_choices = st.multiselect(
            "Countries counted as the West",
            list(vocabulary.WEST_CHOICES),
            default=list(vocabulary.DEFAULT_WEST),
            key="west",
            bind="query-params",
            help="Edit the group: every chart below recomputes with it.",
        )
url_state.remember("capacity", DEFAULTS)
your_series = uploads.layer_switches("country_year", lambda stored: f"{stored.outcome.result.kept:,} values")
west = tuple(c for c in vocabulary.WEST_CHOICES if c in west_choices)  # canonical order, so equal groups share a cache entry
st.caption(cap.west_label(west))

charts = [
    ("ladder", "rare-earth-atlas_stage-ladder"),
    ("production", "rare-earth-atlas_production-by-region"),
    ("western", "rare-earth-atlas_western-capacity"),
    ("quotas", "rare-earth-atlas_china-quotas"),
    ("concentration", "rare-earth-atlas_concentration"),
]
notes = {
    "western": (
        "Units are never added or converted: separation capacity in t REO/yr and in t NdPr oxide/yr, magnets in "
        "t magnets/yr and recycling feed sit in separate panels, each with its own axis. Mine output (what was "
        "produced) is compared only with capacity in the same unit (t REO). Numbers on bars are start years."
    ),
    "concentration": (
        "HHI is the sum of squared market shares (10,000 = one supplier). Where a source lists only the largest "
        "countries, the bar shows the lowest possible value and the whisker the highest."
    ),
}
for chart, file_stem in charts:
    settings = capacity_charts.chart_settings(chart, west, year, include_pipeline, measure)
    figure, table = capacity_figure_and_table(chart, **settings)
    chart_with_data(figure, table, key=chart, file_stem=file_stem, sources=sources)
    if chart in notes:
        st.caption(notes[chart])
    if chart == "production":
        for stored in your_series:
            your_figures, comparison = uploads.usgs_comparisons(stored, year)
            if not your_figures:
                st.info(
                    escape_markdown(
                        f"Your data ({stored.filename}): no value could be compared with the atlas's USGS figures "
                        "(the statistic must be mine production or reserves, the commodity rare earths, the unit tonnes "
                        "or kt of REO, and USGS must have the country and year). The table below says why for each value."
                    )
                )
                table_with_download(
                    comparison,
                    key=f"your_comparison_{stored.upload_id}",
                    file_stem="rare-earth-atlas_your-data-vs-usgs",
                    sources=sources,
                )
            for i, (statistic, your_figure) in enumerate(your_figures):
                chart_with_data(
                    your_figure,
                    comparison,
                    key=f"your_comparison_{stored.upload_id}_{i}",
                    file_stem="rare-earth-atlas_your-data-vs-usgs",
                    sources=sources,
                )
                explained = comparison[(comparison["explanation"] != "") & (comparison["statistic"] == statistic)]
                for row in explained.itertuples(index=False):
                    st.caption(escape_markdown(f"{row.country}, {row.statistic} {row.year}: {row.explanation}"))
