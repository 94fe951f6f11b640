"""Rare Earth Atlas domain package.

Pure Python (pandas, plotly, geopandas): loading and validating the reference data,
aggregations, figure builders. It never imports streamlit; the app's pages and
components call into it, and a test enforces the separation.
"""

REFERENCE_FILES = (
    "sources",
    "mine_production",
    "reserves",
    "stage_shares",
    "facilities",
    "flows",
    "concentration_bands",
    "demand_iea",
    "demand_assumptions",
    "model_parameters",
    "supply_iea",
    "quotas",
    "policy_events",
)
