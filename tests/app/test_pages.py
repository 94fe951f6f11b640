"""AppTest: every page renders without an exception, and its controls change what users see."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.data_access import REFERENCE_DIR_ENV
from rare_earth_atlas.plotting.escaping import escape_markdown
from tests.app.helpers import charts, open_page, plotly_specs, values

PAGES = {
    "app_pages/overview.py": "Rare Earth Atlas",
    "app_pages/map.py": "Where rare earths are processed",
    "app_pages/capacity.py": "China's processing against Western mining",
    "app_pages/demand.py": "Demand: who will need magnet rare earths",
    "app_pages/sources.py": "Sources and methods",
}


def _app(page: str | None = None, query: dict | None = None) -> AppTest:
    return open_page(page, query)


_plotly_specs = plotly_specs
_values = values


def _shown(markdown_text: str) -> str:
    """What a caption shows: the app backslash-escapes punctuation in text from data."""
    return markdown_text.replace("\\", "")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_its_heading_without_an_exception(page):
    at = _app(page)
    assert not at.exception
    assert at.title[0].value == PAGES[page]


def test_overview_shows_four_sourced_kpis_and_two_charts():
    at = _app()
    assert [m.label for m in at.metric] == [
        "China's mining share",
        "China's refining share",
        "China's magnet share",
        "World mine production",
    ]
    assert all(m.value for m in at.metric)
    # Every KPI card names its year and its source underneath.
    captions = " ".join(_shown(c.value) for c in at.caption)
    assert "U.S. Geological Survey" in captions and "International Energy Agency" in captions
    shown = charts(at)
    assert list(shown) == ["midstream_gap", "mine_production"]
    assert shown["midstream_gap"].title.startswith("China mines")
    assert all(chart.captions[-1].startswith("Source") for chart in shown.values())
    assert any("Data as of" in c.value for c in at.caption)


def test_overview_production_toggle_switches_tonnes_to_shares():
    at = _app()
    china = next(t for t in _plotly_specs(at)[1]["data"] if t.get("name") == "China")
    assert max(_values(china["y"])) > 100  # kt REO
    at.button_group(key="production").set_value("share").run()
    china_share = next(t for t in _plotly_specs(at)[1]["data"] if t.get("name") == "China")
    assert 50 < max(_values(china_share["y"])) <= 100
    assert _plotly_specs(at)[1]["layout"]["yaxis"]["ticksuffix"] == "%"


def test_overview_reads_the_production_view_from_the_url():
    at = _app(query={"production": "Share"})
    assert _plotly_specs(at)[1]["layout"]["yaxis"]["title"]["text"] == "Share of world mine production (%)"


def test_overview_view_data_downloads_carry_sources():
    at = _app()
    assert len(at.dataframe) == 0  # tables are built only when "View data" is opened
    at.session_state["midstream_gap_view"] = True
    at.session_state["mine_production_view"] = True
    at.run()
    tables = [df.value for df in at.dataframe]
    assert len(tables) == 2
    for table in tables:
        assert {"source_id", "source_publisher", "source_url"} <= set(table.columns)


def test_sources_page_search_narrows_the_list():
    at = _app("app_pages/sources.py")
    all_count = at.caption[0].value
    at.text_input(key="q").set_value("Lynas").run()
    narrowed = at.caption[0].value
    assert narrowed != all_count and "match your search" in narrowed
    shown, total = (int(x) for x in narrowed.split(" sources")[0].split(" of "))
    assert 0 < shown < total
    assert not at.exception


def _source_table(at):
    return next(d.value for d in at.dataframe if "link" in d.value.columns)


def test_sources_page_lists_every_source_with_what_it_feeds(reference):
    at = _app("app_pages/sources.py")
    assert at.caption[0].value.startswith(f"{len(reference.sources)} of {len(reference.sources)} sources")
    table = _source_table(at)
    assert set(table["source_id"]) == set(reference.sources["source_id"])
    assert table["datasets"].ne("").all()  # every source is listed under a dataset it feeds
    assert table["charts"].str.contains("Overview").any()
    assert table["datasets"].str.contains("overseas_stakes.csv", regex=False).any()
    # A link the browser would not open as a web page is not offered as one.
    assert table["link"].dropna().str.match(r"https?://").all()


def test_sources_page_narrows_to_the_sources_of_one_dataset(reference):
    at = _app("app_pages/sources.py")
    at.selectbox(key="feeds").set_value("demand_forecasts").run()
    table = _source_table(at)
    cited = set(reference.demand_forecasts["source_id"].str.split(";").explode().str.strip())
    assert set(table["source_id"]) == cited
    assert at.caption[0].value.startswith(f"{len(cited)} of {len(reference.sources)} sources match")
    assert not at.exception


def test_picking_a_source_shows_it_in_full_with_its_notes_as_plain_text(reference):
    at = _app("app_pages/sources.py")
    table = _source_table(at)
    row = int(table.index[table["notes"].str.contains("https://")][0])
    at.session_state["source_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    source = table.iloc[row]
    assert f"**{escape_markdown(source['title'])}**" in [m.value for m in at.markdown]
    assert source["notes"] in [t.value for t in at.text]  # st.text: a URL in the notes is not a link
    assert any(c.value.startswith(escape_markdown(f"Feeds: {source['datasets']}")) for c in at.caption)


def test_sources_page_says_how_much_the_facility_map_knows(reference):
    at = _app("app_pages/sources.py")
    coverage = next(d.value for d in at.dataframe if "with_capacity_pct" in d.value.columns)
    total = coverage[coverage["stage"] == "All stages"].iloc[0]
    facilities = reference.facilities
    assert total["facilities"] == len(facilities)
    assert total["with_capacity"] == facilities["capacity_value"].notna().sum()
    assert total["evidence_weak"] == (facilities["evidence"] == "weak").sum()
    concentrate = coverage[coverage["stage"] == "Concentrate processing"]
    assert concentrate["facilities"].sum() == (facilities["stage"] == "concentrate_processing").sum()


def test_a_broken_reference_file_gives_a_clear_message_not_a_traceback(reference_copy, monkeypatch):
    path = reference_copy / "facilities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[0, "lat"] = "129.87"
    table.to_csv(path, index=False)
    monkeypatch.setenv(REFERENCE_DIR_ENV, str(reference_copy))
    at = _app()
    assert not at.exception
    assert "reference data failed its checks" in at.error[0].value
    assert "facilities.csv, line 2, column lat: 129.87 is above the maximum 90" in at.text[0].value


def test_a_headline_read_in_a_secondary_report_says_so():
    at = _app("app_pages/overview.py")
    captions = [c.value for c in at.caption]
    iea_commentary = [c for c in captions if "IEA commentary" in c and not c.startswith("Sources")]  # the KPI cards
    assert iea_commentary and all("read in a secondary report" in c for c in iea_commentary)
