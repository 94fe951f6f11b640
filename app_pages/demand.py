"""Demand (/demand): switch emerging-demand sectors on and off and see demand against supply."""

import pandas as pd
import streamlit as st

from components import url_state
from components import your_data as uploads
from components.data_access import demand_view, reference_table
from components.frames import chart_with_data
from rare_earth_atlas.demand import model as dm
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing.settings import DEMAND_SECTOR_LABELS

SECTOR_CHOICES = DEMAND_SECTOR_LABELS  # the labels are also the URL values (?sectors=EVs)
EDITABLE = list(dm.ASSUMPTION_COLUMNS)

sources = reference_table("sources")
defaults = reference_table("demand_assumptions")
parameters = reference_table("model_parameters").set_index("parameter")

st.title("Demand: who will need magnet rare earths")
st.markdown(
    "Electric vehicles and wind turbines come from the IEA's scenarios; drones and low-altitude aviation, robots, "
    "electronics, industrial motors and defence are modelled from the assumptions below, carved out of the IEA's "
    "'other uses' so nothing is counted twice. Modelled numbers are hatched on every chart."
)

DEFAULTS = url_state.page_defaults("demand")
url_state.check_link("demand")
url_state.restore("demand", DEFAULTS)
with st.container(border=True):
    scenario_col, year_col, cut_col = st.columns([2, 2, 2])
    with scenario_col:
        scenario = st.segmented_control(
            "IEA scenario",
            dm.SCENARIOS,
            default="STEPS",
            key="scenario",
            required=True,
            bind="query-params",
            help="STEPS: stated policies. APS: announced pledges. NZE: net zero emissions by 2050.",
        )
    with year_col:
        year = st.select_slider("Year", options=list(dm.YEARS[1:]), value=2035, key="year", bind="query-params")
    with cut_col:
        cut = st.slider(
            "Cut in China's exports (%)",
            0,
            100,
            50,
            step=5,
            key="cut",
            bind="query-params",
            help="For the what-if chart: how much of China's exports of magnet rare earths stop.",
        )
        outside_share = st.number_input(
            "Demand outside China (% of world)",
            min_value=1.0,
            max_value=100.0,
            value=DEFAULTS["outside"],
            step=1.0,
            key="outside",
            bind="query-params",
            help=str(parameters.loc["demand_outside_china_pct", "reasoning"]),
        )

url_state.remember("demand", [k for k in DEFAULTS if k != "sectors"])
your_scenarios = uploads.layer_switches("demand_assumptions", lambda stored: f"{stored.outcome.result.kept} rows")
your_scenario = your_scenarios[-1] if your_scenarios else None
if len(your_scenarios) > 1:
    st.caption(
        escape_markdown(f"Several files are switched on; the charts use the last one, {your_scenario.filename}.")
    )

# Assumptions: the last valid table lives in the session; a bad edit is reported and not taken.
if "assumptions" not in st.session_state:
    st.session_state["assumptions"] = defaults.copy()
if your_scenario is not None:
    with st.expander("Assumptions for the modelled sectors (from your file)", icon=":material/tune:"):
        st.caption(
            escape_markdown(
                f"The custom scenario uses {your_scenario.filename}; rows it does not mention keep the reference values. "
                "Switch the file off above to edit the reference assumptions here."
            )
        )
        st.dataframe(your_scenario.outcome.result.assumptions, hide_index=True, key="your_assumptions")


def assumptions_editor() -> pd.DataFrame:
    """The editable reference assumptions; returns the last valid table."""
    with st.expander("Assumptions for the modelled sectors (editable)", icon=":material/tune:"):
        st.caption(
            "Demand = units in the base year × magnet mass per unit × rare earth content of the magnet, grown each year. "
            "Each row says where its numbers come from, or that they are an illustrative assumption and why."
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
            valid, problems = dm.validate_assumptions(edited, valid)
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
    scenario_label = f"Custom (from {scenario})" if custom else scenario
else:
    valid = your_scenario.outcome.result.assumptions
    scenario_label = f"Your data on {scenario}"  # the file is named in the source line


@st.fragment
def charts() -> None:
    """The sector toggles and the charts: toggling a sector reruns only this part."""
    sectors = st.pills(
        "Sectors shown",
        list(SECTOR_CHOICES),
        selection_mode="multi",
        default=list(SECTOR_CHOICES),
        format_func=SECTOR_CHOICES.get,
        key="sectors",
        bind="query-params",
    )
    url_state.remember_one("demand", "sectors")
    if not sectors:
        st.info("Switch on at least one sector to see demand.")
        return
    view = demand_view(scenario, tuple(sectors), year, cut, outside_share, valid, scenario_label)
    for chart, file_stem in (
        ("demand", "rare-earth-atlas_demand-supply"),
        ("gap", "rare-earth-atlas_supply-gap"),
        ("drivers", "rare-earth-atlas_growth-drivers"),
        ("whatif", "rare-earth-atlas_export-whatif"),
    ):
        figure, table = view[chart]
        chart_with_data(figure, table, key=f"demand_{chart}", file_stem=file_stem, sources=sources)
        if chart == "whatif":
            st.caption(
                escape_markdown(
                    f"Assumption behind the what-if: {parameters.loc['demand_outside_china_pct', 'reasoning']}"
                )
            )


charts()
