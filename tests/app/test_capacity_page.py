"""AppTest for /capacity: every control changes the charts' data, and regrouping the West
changes every chart that depends on it, consistently."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.data_access import REFERENCE_DIR_ENV
from rare_earth_atlas.charts import charts_of, page_tabs
from tests.app.helpers import charts, every_chart, open_page, open_tab
from tests.app.helpers import values as _values

CHARTS = [c.element_key for c in charts_of("capacity")]  # the registry, in order


def _page(query: dict | None = None) -> AppTest:
    at = open_page("app_pages/capacity.py", query)
    assert not at.exception
    return at


def _specs(at: AppTest) -> dict[str, dict]:
    shown = every_chart(at, "capacity")
    assert list(shown) == CHARTS
    return {name: chart.spec for name, chart in shown.items()}


def _trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def test_page_draws_its_registered_charts_each_with_a_takeaway_title_and_source():
    at = _page()
    assert list(charts(at)) == CHARTS[:1]  # the first tab is open, and only its chart is drawn
    for chart in charts_of("capacity"):
        assert list(charts(open_tab(at, chart.tab))) == [chart.element_key]
    open_tab(at, "Reach abroad")
    assert not charts(at) and any("reach abroad" in s.value for s in at.subheader)
    shown = every_chart(at, "capacity")
    assert list(shown) == CHARTS
    for chart in shown.values():
        assert any(c.isdigit() for c in chart.title), chart.title  # the takeaway carries its numbers
        assert chart.captions[-1].startswith("Source"), chart.key
        assert "title" not in chart.spec["layout"]  # the page draws it, as text that wraps
    assert "The West = United States" in shown["ladder"].captions[0]


def test_adding_india_to_the_west_changes_every_west_dependent_chart():
    at = _page()
    before = _specs(at)
    at.multiselect(key="west").set_value([*at.multiselect(key="west").value, "India"]).run()
    after = _specs(at)
    for name, chart in every_chart(at, "capacity").items():
        if name in ("ladder", "production", "western"):
            assert "India" in chart.text, name  # the grouping is stated
    usgs_row = 0
    assert (
        _values(_trace(after["ladder"], "The West")["x"])[usgs_row]
        > _values(_trace(before["ladder"], "The West")["x"])[usgs_row]
    )
    assert _values(_trace(after["production"], "The West")["y"]) > _values(
        _trace(before["production"], "The West")["y"]
    )
    mine_before = _values(before["western"]["data"][0]["x"])[0]
    mine_after = _values(after["western"]["data"][0]["x"])[0]
    assert mine_after > mine_before  # India's output joins the West's mine output
    assert after["quotas"] == before["quotas"]  # China's quotas do not depend on the grouping


def test_year_changes_the_usgs_shares_and_the_west_mine_output():
    at = _page()
    before = _specs(at)
    at.select_slider(key="year").set_value(2020).run()
    after = _specs(at)
    assert "2020" in after["ladder"]["data"][0]["y"][0]
    assert _values(after["western"]["data"][0]["x"]) != _values(before["western"]["data"][0]["x"])
    assert after["concentration"] != before["concentration"]


def test_pipeline_toggle_removes_planned_and_construction_capacity():
    at = _page()
    with_pipeline = {t.get("name") for t in _specs(at)["western"]["data"]}
    at.toggle(key="pipeline").set_value(False).run()
    without = {t.get("name") for t in _specs(at)["western"]["data"]}
    assert {"Planned", "Construction"} <= with_pipeline
    assert not ({"Planned", "Construction", "Commissioning"} & without)


def test_tonnes_or_shares():
    at = _page()
    at.button_group(key="measure").set_value("share").run()
    spec = _specs(at)["production"]
    assert spec["layout"]["yaxis"]["ticksuffix"] == "%"
    assert max(_values(_trace(spec, "China")["y"])) < 100


def test_controls_are_read_from_the_url():
    at = _page({"year": "2021", "pipeline": "false", "measure": "Share", "west": ["United States", "India"]})
    specs = _specs(at)
    assert "2021" in specs["ladder"]["data"][0]["y"][0]
    assert "The West = United States, India" in every_chart(at, "capacity")["ladder"].text
    assert specs["production"]["layout"]["yaxis"]["ticksuffix"] == "%"
    assert "Planned" not in {t.get("name") for t in specs["western"]["data"]}


def test_the_open_tab_is_read_from_the_url_and_a_bad_one_falls_back_with_a_notice():
    at = _page({"chart": "The West's gap"})
    assert list(charts(at)) == ["western"]
    at = _page({"chart": "Spaceships"})
    assert list(charts(at)) == CHARTS[:1]
    assert any("Ignored Chart" in c.value for c in at.caption)
    assert page_tabs("capacity")[0] == charts_of("capacity")[0].tab


def test_undisclosed_capacity_is_said_not_drawn(reference_copy, monkeypatch):
    # A copy of the data in which no recycler discloses its capacity.
    path = reference_copy / "facilities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    recycling = table["stage"] == "recycling"
    for column in ("capacity_value", "capacity_unit", "capacity_year", "capacity_scope", "capacity_source_id"):
        table.loc[recycling, column] = ""
    table.loc[recycling, "capacity_search"] = "Searched the company's reports and the trade press: no figure."
    table.to_csv(path, index=False)
    monkeypatch.setenv(REFERENCE_DIR_ENV, str(reference_copy))
    at = _page()
    western = _specs(at)["western"]
    labels = [label for trace in western["data"] for label in trace["y"]]
    recycling = [label for label in dict.fromkeys(labels) if label.startswith("<b>Recycling</b>")]
    assert recycling and "0 plants" in recycling[0] and "more not disclosed" in recycling[0]
    # The stage keeps its labelled row, and no bar gives it a length.
    lengths = [x for t in western["data"] for y, x in zip(t["y"], _values(t["x"]), strict=True) if y == recycling[0]]
    assert lengths and all(x == 0 for x in lengths)
