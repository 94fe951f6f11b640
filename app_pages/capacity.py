"""Capacity (/capacity): China's processing against Western mining, stage by stage."""

import streamlit as st

from components import url_state, your_data
from components.data_access import reference_table
from components.frames import chart_with_data, registered_chart, table_with_download
from components.settings_widgets import setting_widget
from rare_earth_atlas.capacity.model import canonical_west, china_reach_abroad, reach_abroad_sentence, west_label
from rare_earth_atlas.charts import charts_of
from rare_earth_atlas.plotting.escaping import escape_markdown

sources = reference_table("sources")

st.title("China's processing against Western mining")
st.markdown(
    "The West is investing in mines, but without separation, refining and magnet making its ore still goes "
    "through China. Each tab below holds one chart with its grouping, source and year; change the grouping to test the argument."
)

settings = url_state.open_settings("capacity")
with st.container(border=True):
    year_col, west_col = st.columns([1, 3])
    with year_col:
        year = setting_widget(settings["year"])
        pipeline = setting_widget(settings["pipeline"])
        measure = setting_widget(settings["measure"])
    with west_col:
        west = canonical_west(setting_widget(settings["west"]))  # equal groups share a cache entry
url_state.remember("capacity", settings)
your_series = your_data.layer_switches("country_year", lambda stored: f"{stored.outcome.result.kept:,} values")
st.caption(west_label(west))


def your_comparisons(year: int) -> None:
    """Each switched-on upload of country-year figures against the atlas's USGS figures."""
    for stored in your_series:
        your_figures, comparison = your_data.usgs_comparisons(stored, year)
        file_stem = "rare-earth-atlas_your-data-vs-usgs"
        if not your_figures:
            st.info(
                escape_markdown(
                    f"Your data ({stored.filename}): no value could be compared with the atlas's USGS figures "
                    "(the statistic must be mine production or reserves, the commodity rare earths, the unit tonnes "
                    "or kt of REO, and USGS must have the country and year). The table below says why for each value."
                )
            )
            table_with_download(
                comparison, key=f"your_comparison_{stored.upload_id}", file_stem=file_stem, sources=sources
            )
        for i, (statistic, your_figure) in enumerate(your_figures):
            key = f"your_comparison_{stored.upload_id}_{i}"
            chart_with_data(your_figure, comparison, key=key, file_stem=file_stem, sources=sources)
            explained = comparison[(comparison["explanation"] != "") & (comparison["statistic"] == statistic)]
            for row in explained.itertuples(index=False):
                st.caption(escape_markdown(f"{row.country}, {row.statistic} {row.year}: {row.explanation}"))


page_settings = {"year": year, "pipeline": pipeline, "measure": measure, "west": west}
your_comparisons(year)  # above the tabs: an analyst's own figures are never hidden in one
tabs = setting_widget(settings["chart"])
url_state.remember("capacity", ["chart"])
for chart in charts_of("capacity"):
    with tabs[chart.tab]:
        if tabs[chart.tab].open:
            registered_chart(chart, page_settings, sources)


def reach_abroad() -> None:
    """China's stakes, offtakes and imports outside China, with each country's mine output for scale."""
    st.subheader("China's reach abroad: stakes, offtakes and imports outside China")
    reach = china_reach_abroad(reference_table("overseas_stakes"), reference_table("mine_production"), year)
    st.markdown(escape_markdown(reach_abroad_sentence(reach)))
    table_with_download(
        reach,
        key="china_reach_abroad",
        file_stem="rare-earth-atlas_china-reach-abroad",
        sources=sources,
        column_config={
            "asset_country": "Country",
            "asset": "Asset",
            "chinese_company": "Chinese company or buyers",
            "relationship": "Tie",
            "share_pct": st.column_config.NumberColumn("Share", format="%g%%"),
            "share_of": "Share of",
            "tonnage_value": st.column_config.NumberColumn("Tonnage", format="%,.0f"),
            "tonnage_unit": "Tonnage unit",
            "country_mine_output_t_reo": st.column_config.NumberColumn(
                f"Country's mine output {year} (t REO, USGS)", format="%,.0f"
            ),
        },
    )
    st.caption(
        "Each row cites its source (in the download). Trade rows are customs statistics of China's imports, "
        "not contracts; a country's mine output is USGS's and is shown for scale, not as the contracted amount. "
        "On the map, switch on Documented flows to see these ties as orange arcs."
    )


with tabs["Reach abroad"]:
    if tabs["Reach abroad"].open:
        reach_abroad()
