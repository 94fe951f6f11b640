"""Chart frame and KPI card: the pieces every page uses to show a number with its source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.data_access import data_as_of_sentence
from rare_earth_atlas.exports import export_problem, png, stamped
from rare_earth_atlas.overview import Headline
from rare_earth_atlas.provenance import short_citation, to_safe_csv, with_source_columns
from rare_earth_atlas.text import escape_markdown

PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def chart_with_data(
    figure: go.Figure,
    table: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    sources: pd.DataFrame,
) -> None:
    """A Plotly chart, then a "View data" expander with the table behind it and a CSV download
    that carries each row's source."""
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": file_stem}}
    st.plotly_chart(figure, key=key, config=config)
    view_png_button(figure, key=key, file_stem=file_stem)
    # The table is built only when the user opens it (an expander with state): most reruns
    # never pay for serialising tables nobody looks at.
    with st.expander("View data", icon=":material/table:", key=f"{key}_view", on_change="rerun") as view:
        if view.open:
            table_with_download(table, key=key, file_stem=file_stem, sources=sources)


def view_png_button(figure: go.Figure, *, key: str, file_stem: str) -> None:
    """'Download this view': the chart as a PNG with its title, source line and data date, made
    on the server when clicked. Without a browser to render with, it says what is missing."""
    problem = export_problem()
    st.download_button(
        "Download this view (PNG)",
        data=lambda: png(stamped(figure.to_dict(), data_as_of_sentence())),
        file_name=f"{file_stem}.png",
        mime="image/png",
        key=f"{key}_png",
        on_click="ignore",
        icon=":material/image:",
        disabled=problem is not None,
        help=problem or "The chart with its title, source line and the date of its data.",
    )


def table_with_download(
    table: pd.DataFrame, *, key: str, file_stem: str, sources: pd.DataFrame, column_config: dict | None = None
) -> None:
    """A table and its CSV download; the download adds each row's source and neutralises formulas."""
    if "source_title" not in table.columns:  # not already added by the data-access layer
        table = with_source_columns(table, sources)
    st.dataframe(table, hide_index=True, key=f"{key}_table", column_config=column_config)
    st.download_button(
        "Download CSV",
        data=lambda: to_safe_csv(table),  # built only when clicked, not on every rerun
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )


def kpi_card(headline: Headline, sources: pd.DataFrame) -> None:
    """A bordered metric with its year, basis and source underneath."""
    by_id = sources.set_index("source_id")
    delta = None
    if headline.change_pct is not None:
        delta = f"{headline.change_pct:+.1f}% {headline.change_label}"
    with st.container(border=True):
        st.metric(headline.label, headline.formatted(), delta=delta, delta_color="off" if delta else "normal")
        year = f"{headline.year} estimate" if headline.estimated else str(headline.year)
        cited = "; ".join(short_citation(by_id.loc[s]) for s in headline.source_ids if s in by_id.index)
        st.caption(escape_markdown(f"{year} · {headline.basis}"))
        st.caption(escape_markdown(cited))
