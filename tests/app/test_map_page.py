"""AppTest for /map: filters, search and presets change what the map draws; details are text."""

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.data_access import REFERENCE_DIR_ENV
from tests.app.helpers import open_page


def _map_page() -> AppTest:
    at = open_page("app_pages/map.py")
    assert not at.exception
    return at


def _deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def _markers(at: AppTest) -> list[dict]:
    return next(layer for layer in _deck(at)["layers"] if layer["id"] == "facilities")["data"]


def test_map_opens_on_the_world_view_with_every_facility(reference):
    at = _map_page()
    assert at.title[0].value == "Where rare earths are processed"
    assert len(_markers(at)) == len(reference.facilities)
    assert at.button_group(key="view").value == "World"
    layers = {layer["id"] for layer in _deck(at)["layers"]}
    assert {"basemap", "provinces", "facilities"} <= layers
    assert f"Showing {len(reference.facilities)} of {len(reference.facilities)} facilities" in at.caption[1].value


def test_stage_filter_narrows_the_markers_and_the_table(reference):
    at = _map_page()
    at.button_group(key="filter_stages").set_value(["magnets"]).run()
    markers = _markers(at)
    expected = (reference.facilities["stage"] == "magnets").sum()
    assert len(markers) == expected
    assert {m["stage_label"] for m in markers} == {"Magnets"}
    assert len(at.dataframe[1].value) == expected


def test_counts_on_other_filters_follow_the_selection(reference):
    at = _map_page()
    at.button_group(key="filter_stages").set_value(["magnets"]).run()
    labels = at.button_group(key="filter_clusters").proto.options
    yrd = next(o.content for o in labels if o.content.startswith("Yangtze River Delta"))
    magnets_in_yrd = (
        (reference.facilities["stage"] == "magnets") & (reference.facilities["cluster"] == "Yangtze River Delta")
    ).sum()
    assert yrd == f"Yangtze River Delta · {magnets_in_yrd}"
    # The stage choice survives a change of another filter.
    at.button_group(key="filter_clusters").set_value(["Yangtze River Delta"]).run()
    assert at.button_group(key="filter_stages").value == ["magnets"]
    assert len(_markers(at)) == magnets_in_yrd


def test_search_by_operator(reference):
    at = _map_page()
    at.text_input(key="search").set_value("Lynas").run()
    names = {m["operator"] for m in _markers(at)}
    assert names and all("Lynas" in n for n in names)


def test_yangtze_river_delta_preset_moves_the_view_and_keeps_filters():
    at = _map_page()
    world = _deck(at)["initialViewState"]
    at.button_group(key="view").set_value("Yangtze River Delta").run()
    yrd = _deck(at)["initialViewState"]
    assert yrd["zoom"] > world["zoom"] + 3
    assert 29 < yrd["latitude"] < 35 and 118 < yrd["longitude"] < 123
    # A filter change leaves the view where it is (the deck's initial view does not change).
    at.button_group(key="filter_stages").set_value(["separation"]).run()
    assert _deck(at)["initialViewState"] == yrd


def test_flows_layer_is_optional_and_only_draws_documented_flows(reference):
    at = _map_page()
    assert "flows" not in {layer["id"] for layer in _deck(at)["layers"]}
    at.toggle(key="flows").set_value(True).run()
    arcs = next(layer for layer in _deck(at)["layers"] if layer["id"] == "flows")["data"]
    assert len(arcs) == len(reference.flows)


def test_picking_a_facility_shows_its_sourced_details():
    at = _map_page()
    at.selectbox(key="facility").set_value("my-lynas-malaysia").run()
    assert not at.exception
    texts = " ".join(t.value for t in at.text)
    assert "Stage: Separation / refining" in texts and "10,500 t NdPr oxide/yr" in texts
    captions = " ".join(c.value for c in at.caption)
    assert "Evidence\\: " in captions and "States the capacity" in captions  # Markdown-escaped captions
    assert any(b.label == "Open source" for b in at.get("link_button"))


def test_a_capacity_left_undisclosed_says_where_it_was_searched_for():
    at = _map_page()
    at.selectbox(key="facility").set_value("au-lynas-kalgoorlie").run()
    texts = " ".join(t.value for t in at.text)
    captions = " ".join(c.value for c in at.caption)
    assert "Stage: Concentrate processing" in texts and "Capacity not disclosed" in texts
    assert "Searched for a capacity\\:" in captions


def test_undisclosed_capacity_says_so():
    at = _map_page()
    at.selectbox(key="facility").set_value("cn-ningbo-yunsheng").run()
    assert "Capacity not disclosed" in " ".join(t.value for t in at.text)


def test_a_facility_name_with_html_is_shown_as_text(reference_copy, monkeypatch):
    path = reference_copy / "facilities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    table.loc[0, "notes"] = "**bold** [link](javascript:alert(1))"
    table.to_csv(path, index=False)
    monkeypatch.setenv(REFERENCE_DIR_ENV, str(reference_copy))
    at = _map_page()
    at.selectbox(key="facility").set_value(table.loc[0, "facility_id"]).run()
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings == [r"#### \<img src\=x onerror\=alert\(1\)\>"]  # escaped: shown literally
    assert "**bold** [link](javascript:alert(1))" in [t.value for t in at.text]  # st.text: never parsed
    assert _markers(at)[0]["name"] == "<img src=x onerror=alert(1)>"  # tooltips use the text form
