"""Streamlit rendering helpers shared by the pages: data access, KPI cards, chart frames."""
