"""Shared helpers for the AppTest tests: open a page, read its Plotly specs."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from rare_earth_atlas.charts import page_tabs
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


# The router's pages whose URL path is not their file name (``st.Page(..., url_path=...)``).
_URL_PATHS = dict(re.findall(r'st\.Page\("(app_pages/\w+\.py)".*?url_path="(\w+)"', (ROOT / "app.py").read_text()))


def open_page(page: str | None = None, query: dict | None = None) -> AppTest:
    """Open ``page`` (optionally with URL query parameters), as a link to it would."""
    at = AppTest.from_file(APP, default_timeout=30)
    if page and _URL_PATHS.get(page, Path(page).stem) != Path(page).stem:
        # AppTest finds a page by its file name until the router has registered the pages; a
        # page served under another URL path is reached after one run of the router.
        at.run()
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
    """Text drawn inside a chart (its own labels and notes)."""
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def unescape(text: str) -> str:
    """Page text as the user reads it (the app backslash-escapes Markdown punctuation)."""
    return re.sub(r"\\(.)", r"\1", text)


@dataclass
class Chart:
    """A chart as the page shows it: its title and captions (subtitle, notes, source line) as
    text around it, and the Plotly spec sent to the browser."""

    key: str
    title: str
    captions: list[str]
    spec: dict

    @property
    def text(self) -> str:
        return " ".join([self.title, *self.captions])


def charts(at: AppTest) -> dict[str, Chart]:
    """Every framed chart on the page, by its key, in page order."""
    found: dict[str, Chart] = {}

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            key = getattr(child, "key", None) or ""
            if type(child).__name__ == "Block" and key.startswith("chart_"):
                found[key.removeprefix("chart_")] = Chart(
                    key.removeprefix("chart_"),
                    unescape(child.subheader[0].value),
                    [unescape(c.value) for c in child.caption],
                    json.loads(child.get("plotly_chart")[0].proto.spec),
                )
            else:
                walk(child)

    walk(at.main)
    return found


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open the tab ``label`` of a tabbed page (Capacity, Demand), as a click on it would."""
    at.session_state["chart"] = label
    return at.run()


def every_chart(at: AppTest, page: str) -> dict[str, Chart]:
    """Every framed chart of a tabbed page, opening each of its tabs in turn (the page draws
    only the open tab's chart); the last tab stays open."""
    found: dict[str, Chart] = {}
    for label in page_tabs(page):
        found.update(charts(open_tab(at, label)))
    return found
