"""Chart frame and KPI card: the pieces every page uses to show a number with its source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.data_access import CachedFigure, chart_figure_and_table, data_as_of_sentence
from components.downloads import csv_download, download
from rare_earth_atlas.charts import Chart
from rare_earth_atlas.data.provenance import read_at_second_hand, short_citation, with_source_columns
from rare_earth_atlas.overview.model import Headline
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.plotting.frame import on_screen
from rare_earth_atlas.sharing.exports import chart_png, export_problem

PLOTLY_CONFIG = {"displaylogo": False}


def plotly_config(file_stem: str) -> dict:
    """Plotly's toolbar: where the server can render images, its camera icon is replaced by
    "Download this view", which keeps the title and source line; otherwise the camera stays as
    the only way to save an image."""
    if export_problem() is None:
        return {**PLOTLY_CONFIG, "modeBarButtonsToRemove": ["toImage"]}
    return {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": file_stem}}


def framed_chart(
    figure: go.Figure,
    *,
    key: str,
    file_stem: str,
    height: int | str = "content",
    font_scale: float = 1.0,
    toolbar: bool = True,
) -> None:
    """A chart in the house frame: its takeaway title and subtitle above, the plot, the notes and
    source line below, all as page text (it wraps to the width the page has); the exported image
    carries the same frame inside the picture. ``height="stretch"`` fills a fixed-height parent;
    ``toolbar=False`` hides Plotly's toolbar (on a slide it would cover the chart's labels)."""
    frame, spec = on_screen(figure.to_dict(), font_scale)
    st.subheader(escape_markdown(frame.title), anchor=False)
    if frame.subtitle:
        st.caption(escape_markdown(frame.subtitle))
    config = plotly_config(file_stem) if toolbar else {**PLOTLY_CONFIG, "displayModeBar": False}
    st.plotly_chart(CachedFigure(spec), key=key, config=config, height=height)
    for note in frame.notes:
        st.caption(escape_markdown(note))
    st.caption(escape_markdown(frame.source))


def chart_with_data(
    figure: go.Figure,
    table: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    sources: pd.DataFrame,
) -> None:
    """A framed chart, its PNG download, then a "View data" expander with the table behind it and
    a CSV download that carries each row's source."""
    with st.container(key=f"chart_{key}"):
        framed_chart(figure, key=key, file_stem=file_stem)
        view_png_button(figure, key=key, file_stem=file_stem)
    # The table is built only when the user opens it (an expander with state): most reruns
    # never pay for serialising tables nobody looks at.
    with st.expander("View data", icon=":material/table:", key=f"{key}_view", on_change="rerun") as view:
        if view.open:
            table_with_download(table, key=key, file_stem=file_stem, sources=sources)


def registered_chart(chart: Chart, settings: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """A registered chart (``rare_earth_atlas.charts``) with its data and downloads, built from
    the page's settings, and its note under it. Returns the table behind it."""
    figure, table = chart_figure_and_table(chart, settings)
    chart_with_data(figure, table, key=chart.element_key, file_stem=chart.file_stem, sources=sources)
    if chart.note:
        st.caption(chart.note)
    return table


def view_png_button(figure: go.Figure, *, key: str, file_stem: str) -> None:
    """'Download this view': the chart as a PNG with its title, source line and data date, made
    on the server when clicked. Without a browser to render with, it says what is missing.

    The image is made after this script run, in a thread with no session, so everything it needs
    is captured here as plain values."""
    problem = export_problem()
    spec, as_of = figure.to_dict(), data_as_of_sentence()
    download(
        "Download this view (PNG)",
        lambda spec=spec, as_of=as_of: chart_png(spec, as_of),
        f"{file_stem}.png",
        key=f"{key}_png",
        icon=":material/image:",
        problem=problem,
        help="The chart with its title, source line and the date of its data.",
    )


def table_with_download(
    table: pd.DataFrame, *, key: str, file_stem: str, sources: pd.DataFrame, column_config: dict | None = None
) -> None:
    """A table and its CSV download; the download adds each row's source and neutralises formulas."""
    if "source_title" not in table.columns:  # not already added by the data-access layer
        table = with_source_columns(table, sources)
    st.dataframe(table, hide_index=True, key=f"{key}_table", column_config=column_config)
    csv_download("Download CSV", table, f"{file_stem}.csv", key=f"{key}_csv")


def kpi_card(headline: Headline, sources: pd.DataFrame) -> None:
    """A bordered metric with its year, basis and source underneath."""
    by_id = sources.set_index("source_id")
    delta = None
    if headline.change_pct is not None:
        delta = f"{headline.change_pct:+.1f}% {headline.change_label}"
    with st.container(border=True):
        st.metric(headline.label, headline.formatted(), delta=delta, delta_color="off" if delta else "normal")
        year = f"{headline.year} estimate" if headline.estimated else str(headline.year)
        cited = "; ".join(
            short_citation(by_id.loc[s])
            + (" (read in a secondary report)" if read_at_second_hand(by_id.loc[s]) else "")
            for s in headline.source_ids
            if s in by_id.index
        )
        st.caption(escape_markdown(f"{year} · {headline.basis}"))
        st.caption(escape_markdown(cited))
