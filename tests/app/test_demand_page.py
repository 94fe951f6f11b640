"""AppTest for /demand: sector toggles, scenario and assumption edits change the figures;
bad edits are explained and not taken; the view is kept in the URL."""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import charts, open_page
from tests.app.helpers import values as _values


def _page(query: dict | None = None) -> AppTest:
    at = open_page("app_pages/demand.py", query)
    assert not at.exception
    return at


def _specs(at: AppTest) -> dict[str, dict]:
    return {name.removeprefix("demand_"): chart.spec for name, chart in charts(at).items()}


def _titles(at: AppTest) -> dict[str, str]:
    return {name.removeprefix("demand_"): chart.title for name, chart in charts(at).items()}


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
    assert _titles(at)["demand"].startswith("NZE")


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
    assert _titles(at)["demand"].startswith("Custom (from STEPS)")
    assert _bars(spec)["Humanoid and industrial robots"][-1] > before
    at.button[0].click().run()  # "Reset to defaults"
    assert _titles(at)["demand"].startswith("STEPS")


def test_what_if_responds_to_the_cut_and_the_share_outside_china():
    at = _page({"outside": "40", "cut": "0"})
    baseline = _values(_specs(at)["whatif"]["data"][0]["y"])
    at.slider(key="cut").set_value(100).run()
    cut = _values(_specs(at)["whatif"]["data"][0]["y"])
    assert all(c <= b for c, b in zip(cut, baseline, strict=True)) and cut != baseline


def test_view_is_read_from_the_url():
    at = _page({"scenario": "APS", "year": "2030", "cut": "80", "sectors": ["EVs", "Wind"]})
    specs, titles = _specs(at), _titles(at)
    assert titles["demand"].startswith("APS")
    assert len(_bars(specs["demand"])) == 2
    assert "80%" in titles["whatif"]
    assert "2030" in titles["drivers"]
