"""Shared helpers for the AppTest tests: open a page, read its Plotly specs."""

from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def open_page(page: str | None = None, query: dict | None = None) -> AppTest:
    """Open ``page`` (optionally with URL query parameters), as a link to it would."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page and page != "app_pages/overview.py":
        at.switch_page(page)  # the first run is the page itself, as when a link to it is opened
    at.run()
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """Every Plotly chart on the page, as the JSON spec sent to the browser."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(array) -> list:
    """Plotly writes numeric arrays either as lists or as base64 typed arrays."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def annotation_texts(spec: dict) -> str:
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
