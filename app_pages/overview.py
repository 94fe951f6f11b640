"""Overview (/): the executive summary. Headline shares, the midstream gap, mine production."""

import streamlit as st

from components import url_state
from components.data_access import data_as_of_sentence, reference_data
from components.frames import kpi_card, registered_chart
from components.settings_widgets import setting_widget
from rare_earth_atlas.charts import chart
from rare_earth_atlas.overview.model import headlines
from rare_earth_atlas.plotting.escaping import escape_markdown

reference = reference_data()

st.title("Rare Earth Atlas")
st.markdown(
    "China mines most of the world's rare earths, but its real hold is further down the chain: "
    "separation, refining and the permanent magnets inside EVs, wind turbines, drones and weapons."
)
st.caption(escape_markdown(data_as_of_sentence()))

for column, headline in zip(st.columns(4), headlines(reference), strict=True):
    with column:
        kpi_card(headline, reference.sources)

registered_chart(chart("", "midstream_gap"), {}, reference.sources)

settings = url_state.open_settings("")
production = setting_widget(settings["production"])
url_state.remember("", settings)
registered_chart(chart("", "mine_production"), {"production": production}, reference.sources)
