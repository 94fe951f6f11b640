"""Rare Earth Atlas domain package: pure Python (pandas, plotly, geopandas, pydeck), never
Streamlit (checked by lint-imports and a test).

One subpackage per feature (overview, capacity, demand, facilities, uploads), each
model (numbers) -> figures (drawing) -> views (what a page or slide shows); data (reference
loading, USGS readers, countries, places, geometry, provenance) and vocabulary (shared words)
beneath them; plotting (the frame every figure shares); charts (every chart declared once);
sharing (settings, deck, exports) and catalogue (what each source feeds) on top.
See docs/architecture.md for where a new chart, page, reference file or upload kind goes.
"""

REFERENCE_FILES = (
    "sources",
    "mine_production",
    "reserves",
    "stage_shares",
    "facilities",
    "flows",
    "overseas_stakes",
    "concentration_bands",
    "demand_iea",
    "demand_assumptions",
    "model_parameters",
    "demand_forecasts",
    "supply_iea",
    "quotas",
    "policy_events",
)
