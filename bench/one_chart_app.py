"""The baseline for bench/bench_page_ready.py: a Streamlit page with one title and one small
Plotly chart, served by the same Streamlit, config and machine as the atlas."""

import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Bar(x=list(range(2015, 2025)), y=[3, 4, 4, 5, 6, 6, 7, 8, 8, 9])), key="only")
