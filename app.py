"""Rare Earth Atlas: the router. Page config, navigation with explicit URL paths, shared sidebar."""

import streamlit as st

from components import url_state
from components.share import copy_link_button
from components.slides import add_view_button

st.set_page_config(page_title="Rare Earth Atlas", page_icon="static/favicon.png", layout="wide")

PAGES = [
    # The default page is served at "/" (Streamlit ignores a url_path on it).
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("app_pages/capacity.py", title="Capacity", icon=":material/factory:", url_path="capacity"),
    st.Page("app_pages/demand.py", title="Demand", icon=":material/trending_up:", url_path="demand"),
    st.Page("app_pages/your_data.py", title="Your data", icon=":material/upload_file:", url_path="data"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page("app_pages/present.py", title="Present", icon=":material/slideshow:", url_path="present"),
]

navigation = st.navigation(PAGES)
url_state.arrive(navigation.url_path)

with st.sidebar:
    st.caption("Rare Earth Atlas: where the world's rare earths are mined, refined and made into magnets.")
    copy_link_button()
    st.caption("Every setting is in the link: paste it anywhere to open this exact view.")
    add_view_button(navigation.url_path)

navigation.run()
