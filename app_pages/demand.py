"""Demand (/demand): switch emerging-demand sectors on and off and see demand against supply."""

import pandas as pd
import streamlit as st

from components import url_state, your_data
from components.data_access import reference_table
from components.frames import registered_chart
from components.settings_widgets import setting_widget
from rare_earth_atlas.charts import charts_of
from rare_earth_atlas.demand import model as dm
from rare_earth_atlas.plotting.escaping import escape_markdown

EDITABLE = list(dm.ASSUMPTION_COLUMNS)

sources = reference_table("sources")
defaults = reference_table("demand_assumptions")
demand_iea = reference_table("demand_iea")

st.title("Demand: who will need magnet rare earths")
st.markdown(
    "Electric vehicles and wind turbines come from the IEA's scenarios; drones and low-altitude aviation, robots, "
    "electronics, industrial motors and defence are modelled from the assumptions below (growth that slows towards "
    "a market size, checked against published forecasts), carved out of the IEA's 'other uses' so nothing is "
    "counted twice. The IEA's STEPS, APS and NZE apply to EVs and wind; with them the modelled sectors take the "
    "atlas's low, central and high case. Modelled numbers are hatched on every chart."
)

settings = url_state.open_settings("demand")
with st.container(border=True):
    scenario_col, year_col = st.columns(2)
    with scenario_col:
        scenario = setting_widget(settings["scenario"])
    with year_col:
        year = setting_widget(settings["year"])
    cut_col, oxide_col, recovery_col = st.columns(3)
    with cut_col:
        cut = setting_widget(settings["cut"])
    with oxide_col:
        oxide_cut = setting_widget(settings["oxide_cut"])
    with recovery_col:
        recovery = setting_widget(settings["recovery"])

url_state.remember("demand", [k for k in settings if k not in ("sectors", "chart")])
your_scenarios = your_data.layer_switches("demand_assumptions", lambda stored: f"{stored.outcome.result.kept} rows")
your_scenario = your_scenarios[-1] if your_scenarios else None
if len(your_scenarios) > 1:
    st.caption(
        escape_markdown(f"Several files are switched on; the charts use the last one, {your_scenario.filename}.")
    )

# Assumptions: the last valid table lives in the session; a bad edit is reported and not taken.
if "assumptions" not in st.session_state:
    st.session_state["assumptions"] = defaults.copy()
if your_scenario is not None:
    with st.expander(
        "Assumptions for the modelled sectors (from your file)", icon=":material/tune:", key="your_assumptions_view",
        on_change="rerun",
    ) as view:  # fmt: skip
        if view.open:
            st.caption(
                escape_markdown(
                    f"The custom scenario uses {your_scenario.filename}; rows it does not mention keep the reference "
                    "values. Switch the file off above to edit the reference assumptions here."
                )
            )
            st.dataframe(your_scenario.outcome.result.assumptions, hide_index=True, key="your_assumptions")


def assumptions_editor() -> pd.DataFrame:
    """The editable reference assumptions; returns the last valid table. The editor is drawn
    only while its expander is open (a table grid is slow to start in the browser)."""
    with st.expander(
        "Assumptions for the modelled sectors (editable)", icon=":material/tune:", key="assumptions_view",
        on_change="rerun",
    ) as view:  # fmt: skip
        if not view.open:
            return st.session_state["assumptions"]
        st.caption(
            "Demand = units a year × magnet mass per unit × rare earth content of the magnet. Units grow at the starting "
            "rate at first and slow as they near the market size, never passing it. Edits that would make the modelled "
            "sectors exceed the IEA's 'other uses' in any scenario and year are refused. Each row says where its numbers "
            "come from, or that they are an illustrative assumption and why."
        )
        edited = st.data_editor(
            st.session_state["assumptions"],
            key="assumption_editor",
            hide_index=True,
            disabled=[c for c in defaults.columns if c not in EDITABLE],
            column_order=["label", *EDITABLE, "basis", "replaces", "reasoning", "source_id"],
            column_config={
                "label": "Sector",
                **{c: st.column_config.NumberColumn(name) for c, (name, _low, _high) in dm.ASSUMPTION_COLUMNS.items()},
                "basis": "Basis",
                "replaces": "Replaces part of",
                "reasoning": st.column_config.TextColumn("Source or reasoning", width="large"),
                "source_id": "Sources",
            },
        )
        valid, problems = st.session_state["assumptions"], []
        if not edited.equals(valid):  # check only what the user changed
            valid, problems = dm.validate_assumptions(edited, valid, demand_iea)
        for problem in problems:
            st.warning(problem)
        st.session_state["assumptions"] = valid
        if st.button("Reset to defaults", icon=":material/restart_alt:"):
            st.session_state["assumptions"] = defaults.copy()
            st.session_state.pop("assumption_editor", None)
            st.rerun()
    return valid


if your_scenario is None:
    valid = assumptions_editor()
    custom = not valid[EDITABLE].equals(defaults[EDITABLE])
    scenario_label = f"{dm.scenario_label(scenario)}, as you edited it" if custom else dm.scenario_label(scenario)
else:
    valid = your_scenario.outcome.result.assumptions
    scenario_label = f"{dm.scenario_label(scenario)}, from your data"  # the file is named in the source line


@st.fragment
def charts() -> None:
    """The sector toggles and the charts, one tab each: toggling a sector or switching a tab
    reruns only this part."""
    sectors = setting_widget(settings["sectors"])
    url_state.remember("demand", ["sectors"])
    if not sectors:
        st.info("Switch on at least one sector to see demand.")
        return
    inputs = {
        "scenario": scenario, "sectors": tuple(sectors), "year": year, "cut": cut, "oxide_cut": oxide_cut,
        "recovery": recovery, "assumptions": valid, "scenario_label": scenario_label,
    }  # fmt: skip
    tabs = setting_widget(settings["chart"])
    url_state.remember("demand", ["chart"])
    for chart in charts_of("demand"):
        with tabs[chart.tab]:
            if tabs[chart.tab].open:  # only the open tab's chart is built and drawn
                registered_chart(chart, inputs, sources)


charts()
