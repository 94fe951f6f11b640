"""AppTest for /demand: sector toggles, scenario and assumption edits change the figures;
bad edits are explained and not taken; the view is kept in the URL."""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import charts, every_chart, open_page
from tests.app.helpers import values as _values


def _page(query: dict | None = None) -> AppTest:
    at = open_page("app_pages/demand.py", query)
    assert not at.exception
    return at


def _specs(at: AppTest) -> dict[str, dict]:
    return {name.removeprefix("demand_"): chart.spec for name, chart in every_chart(at, "demand").items()}


def _titles(at: AppTest) -> dict[str, str]:
    return {name.removeprefix("demand_"): chart.title for name, chart in every_chart(at, "demand").items()}


def _captions(at: AppTest, name: str) -> list[str]:
    """The subtitle, notes and source line the page shows around a chart."""
    return every_chart(at, "demand")[f"demand_{name}"].captions


def _trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def _bars(spec: dict) -> dict[str, list]:
    return {
        t["name"]: _values(t["y"])
        for t in spec["data"]
        if t.get("type") == "bar" and t.get("x") and t["x"][0] is not None
    }


def test_all_sectors_on_by_default_and_modelled_ones_marked():
    at = _page()
    spec = _specs(at)["demand"]
    assert len(_bars(spec)) == 8
    hatched = {t["name"] for t in spec["data"] if t["name"] in _bars(spec) and t["marker"]["pattern"]["shape"]}
    assert hatched == {
        "Drones and low-altitude aviation", "Humanoid and industrial robots",
        "Consumer electronics", "Industrial motors and HVAC", "Defence",
    }  # fmt: skip
    assert "Hatched = modelled sector" in {t["name"] for t in spec["data"]}


def test_switching_off_all_but_drones_and_robots():
    at = _page()
    evs_2040 = _bars(_specs(at)["demand"])["Electric vehicles (traction motors)"][-1]
    at.button_group(key="sectors").set_value(["drones", "robots"]).run()
    bars = _bars(_specs(at)["demand"])
    assert set(bars) == {"Drones and low-altitude aviation", "Humanoid and industrial robots"}
    # The two emerging sectors are small next to EVs: the comparison the page exists for.
    assert bars["Drones and low-altitude aviation"][-1] + bars["Humanoid and industrial robots"][-1] < evs_2040


def test_switching_every_sector_off_says_what_to_do():
    at = _page()
    at.button_group(key="sectors").set_value([]).run()
    assert not at.exception
    assert "Switch on at least one sector" in at.info[0].value


def test_scenario_changes_the_demand():
    at = _page()
    steps = _bars(_specs(at)["demand"])["Electric vehicles (traction motors)"]
    at.button_group(key="scenario").set_value("NZE").run()
    nze = _bars(_specs(at)["demand"])["Electric vehicles (traction motors)"]
    assert nze[-1] > steps[-1]
    # The IEA's scenario names EVs and wind; the modelled sectors' case is the atlas's.
    assert "IEA NZE for EVs and wind; atlas's high case for modelled sectors" in _captions(at, "demand")


def test_under_nze_with_every_sector_on_other_uses_stays_above_zero_and_forecasts_are_named():
    at = _page({"scenario": "NZE"})
    other = _bars(_specs(at)["demand"])["Other uses"]
    assert min(other) > 0
    new_demand = _specs(at)["drivers"]
    # The model's humanoid robots pass the published range in 2035 under the high case, and say so.
    assert "above published forecasts: Humanoid robots" in _titles(at)["drivers"]
    assert any("Humanoid robots (2035)" in c and "above the published range" in c for c in _captions(at, "drivers"))
    assert _trace(new_demand, "Published forecast (year in hover)")


def test_toggling_a_sector_visibly_changes_the_new_demand_view():
    at = _page()
    before = _specs(at)["drivers"]
    labels_before = set(before["data"][0]["y"])
    at.button_group(key="sectors").set_value(["electric_vehicles", "wind", "drones"]).run()
    after = _specs(at)["drivers"]
    assert labels_before > set(after["data"][0]["y"]) == {"Drones and eVTOL"}
    assert "Other uses" not in labels_before  # new demand is drawn without the IEA's other uses


def test_edited_assumptions_make_a_custom_scenario_and_reset_restores_the_defaults(reference):
    # AppTest cannot type into st.data_editor; the edit path (validation, last good value) is
    # unit-tested in test_demand.py and the page keeps the last valid table in session state.
    at = _page()
    before = _bars(_specs(at)["demand"])["Humanoid and industrial robots"][-1]
    edited = reference.demand_assumptions.copy()
    edited.loc[edited["label"] == "Humanoid robots", "growth_steps_pct"] = 80.0
    at.session_state["assumptions"] = edited
    at.run()
    spec = _specs(at)["demand"]
    assert any(c.endswith("as you edited it") for c in _captions(at, "demand"))
    assert _bars(spec)["Humanoid and industrial robots"][-1] > before
    assert "assumption_editor" not in [d.key for d in at.dataframe]
    at.session_state["assumptions_view"] = True  # the user opens the editor: only then is it drawn
    at.run()
    assert "assumption_editor" in [d.key for d in at.dataframe]
    next(b for b in at.button if b.label == "Reset to defaults").click().run()
    assert not any(c.endswith("as you edited it") for c in _captions(at, "demand"))


def test_what_if_at_its_defaults_shows_a_shortfall_and_its_size_in_the_title():
    at = _page()
    spec = _specs(at)["whatif"]
    title = _titles(at)["whatif"]
    assert "would be missing" in title and "kt" in title and "million EVs" in title
    assert sum(_values(_trace(spec, "Shortfall: needed, not supplied")["y"])) > 10
    at.slider(key="cut").set_value(0).run()
    at.slider(key="oxide_cut").set_value(0).run()
    assert "could still meet demand there" in _titles(at)["whatif"]
    assert sum(_values(_trace(_specs(at)["whatif"], "Shortfall: needed, not supplied")["y"])) == 0


def test_the_recovery_rate_changes_recycled_supply_in_the_balance():
    at = _page()
    line = "Refined + recycled outside China"
    high = _values(_trace(_specs(at)["demand"], line)["y"])
    gap_high = _values(_specs(at)["gap"]["data"][1]["y"])
    at.number_input(key="recovery").set_value(10.0).run()
    low = _values(_trace(_specs(at)["demand"], line)["y"])
    assert all(lo <= hi for lo, hi in zip(low, high, strict=True)) and low != high
    assert _values(_specs(at)["gap"]["data"][1]["y"]) != gap_high
    assert any("at 10% recovery" in c for c in _captions(at, "demand"))


def test_view_is_read_from_the_url():
    at = _page({"scenario": "APS", "year": "2030", "cut": "80", "sectors": ["EVs", "Wind"]})
    specs, titles = _specs(at), _titles(at)
    assert any(c.startswith("IEA APS") for c in _captions(at, "demand"))
    assert len(_bars(specs["demand"])) == 2
    assert "magnets 80%" in titles["whatif"] and "in 2030" in titles["whatif"]


def test_one_chart_per_tab_and_the_open_tab_survives_a_sector_switch():
    at = _page()
    assert list(charts(at)) == ["demand_demand"]  # only the open tab's chart is drawn
    at = _page({"chart": "Export what-if"})
    assert list(charts(at)) == ["demand_whatif"]
    at.button_group(key="sectors").set_value(["electric_vehicles", "wind"]).run()
    assert list(charts(at)) == ["demand_whatif"]
    assert not at.exception
