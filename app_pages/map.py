"""Map (/map): processing clusters and facilities, drawn offline from shipped geometry."""

import pandas as pd
import streamlit as st

from components import url_state, your_data
from components.data_access import documented_arcs, map_context, reference_table
from components.facility_panel import facility_detail
from components.frames import table_with_download
from rare_earth_atlas import vocabulary
from rare_earth_atlas.data.spatial import BASEMAP_URL, PROVINCES_URL
from rare_earth_atlas.facilities import map as fm
from rare_earth_atlas.plotting.escaping import escape_markdown

context = map_context()
facilities = context.facilities
sources = reference_table("sources")

st.title("Where rare earths are processed")
china = facilities[facilities["iso3"] == "CHN"]
yrd = china[china["cluster"] == "Yangtze River Delta"]
st.markdown(
    escape_markdown(
        f"{len(china)} of the atlas's {len(facilities)} facilities are in China, grouped in "
        f"{china['cluster'].replace('', None).nunique()} clusters; the Yangtze River Delta alone has {len(yrd)} "
        "(Ningbo's magnet makers, Jiangsu's separation and recycling plants, Shanghai's industry bodies). "
        "Outside China the atlas lists mostly mines and new refineries."
    )
)

presets = context.presets
# The map's settings are kept in the URL by id (its filter labels carry live counts).
settings = url_state.open_settings("map")
preset_col, search_col, flows_col = st.columns([3, 2, 1], vertical_alignment="bottom")
with preset_col:
    view = settings["view"]
    preset_name = st.segmented_control(view.label, list(presets), default=view.default, key=view.key, required=True)
with search_col:
    query = st.text_input("Search facility or operator", key="search", placeholder="for example Lynas, Ningbo, 金力")
with flows_col:
    flows = settings["flows"]
    show_flows = st.toggle(flows.label, key=flows.key, help=flows.help)

options = context.options
filter_col, map_col, side_col = st.columns([1.1, 3.4, 1.25])


def _pills(label: str, dimension: str, column: str, names: dict, current: fm.FacilityFilter) -> tuple[str, ...]:
    counts = fm.facet_counts(facilities, current, dimension, column, options[dimension])
    chosen = st.pills(
        label,
        options[dimension],
        selection_mode="multi",
        format_func=lambda o: f"{names.get(o, o)} · {counts[o]}",
        key=f"filter_{dimension}",
        wrap=True,
        width="stretch",
    )
    return tuple(chosen)


# Each filter's counts take the other filters into account, so read the current selections first.
current = fm.FacilityFilter(
    stages=tuple(st.session_state.get("filter_stages") or ()),
    statuses=tuple(st.session_state.get("filter_statuses") or ()),
    countries=tuple(st.session_state.get("filter_countries") or ()),
    clusters=tuple(st.session_state.get("filter_clusters") or ()),
    query=query or "",
)
with filter_col:
    your_layers = your_data.layer_switches("facilities", lambda stored: f"{stored.outcome.result.kept} facilities")
    st.image(fm.legend_svg(context.capacity_scale, your_data=bool(your_layers)), width=230)
    st.caption("Filters: pick any to narrow the map; counts update with the other filters.")
    stages = _pills("Stage", "stages", "stage", vocabulary.STAGE_LABELS, current)
    statuses = _pills("Status", "statuses", "status", vocabulary.STATUS_LABELS, current)
    clusters = _pills("Cluster", "clusters", "cluster_label", {}, current)
    country_counts = fm.facet_counts(facilities, current, "countries", "country", options["countries"])
    countries = st.multiselect(
        "Country",
        options["countries"],
        format_func=lambda o: f"{o} · {country_counts[o]}",
        key="filter_countries",
        placeholder="All countries",
    )

selection = fm.FacilityFilter(tuple(stages), tuple(statuses), tuple(countries), tuple(clusters), query or "")
shown = selection.apply(facilities)
scale = context.capacity_scale

with map_col:
    st.caption(f"Showing {len(shown)} of {len(facilities)} facilities. {presets[preset_name].description}")
    arcs = stakes = None
    if show_flows:
        arcs, stakes = documented_arcs()
    your_markers = None
    if your_layers:
        your_markers = pd.concat(
            [fm.user_marker_table(u.outcome.result.facilities, u.filename, scale) for u in your_layers],
            ignore_index=True,
        )
        st.caption(
            f"Your data: {len(your_markers)} uploaded facilities, outlined in black, shown whatever the filters."
        )
    map_chart = fm.facility_map_chart(
        fm.marker_table(shown, scale),
        BASEMAP_URL,
        presets[preset_name].view,
        arcs,
        PROVINCES_URL,
        user_markers=your_markers,
        stakes=stakes,
    )
    event = st.pydeck_chart(map_chart, on_select="rerun", selection_mode="single-object", key="facility_map")
    st.caption(
        "Basemap: Natural Earth country outlines (public domain), drawn from files shipped with the app. "
        "Circle area shows capacity within each unit only; a ring with a white centre means capacity not disclosed."
    )
    if show_flows and arcs is not None:
        for arc in arcs.itertuples(index=False):
            st.caption(escape_markdown(f"Flow: {arc.label}"))
        with st.expander(f"China's reach abroad: {len(stakes)} stakes, contracts and import figures (orange arcs)"):
            st.caption(
                "Each orange arc runs from an asset outside China to China: a Chinese company's stake or "
                "offtake contract in force, or a customs figure of China's imports from that country. "
                "The Chinese holders' own plants are not mapped."
            )
            for stake in stakes.itertuples(index=False):
                st.caption(escape_markdown(stake.label))

# A facility is chosen by clicking its marker or from the list (several Ningbo plants share one
# city-centre point, so the list is the only way to reach each of them). A new map click wins;
# otherwise the list keeps the user's choice.
clicked = [obj.get("facility_id") for obj in (event.selection.objects.get("facilities") or [])] if event else []
clicked_id = clicked[0] if clicked else None
if clicked_id and clicked_id != st.session_state.get("_last_map_click"):
    st.session_state["facility"] = clicked_id
st.session_state["_last_map_click"] = clicked_id
names = shown.sort_values("name").set_index("facility_id")
labels = dict(zip(names.index, names["name"] + " (" + names["city"] + ")", strict=True))
if st.session_state.get("facility") not in names.index:
    st.session_state["facility"] = None

with side_col:
    chosen = st.selectbox(
        "Facility",
        list(names.index),
        format_func=labels.get,
        index=None,
        placeholder="Click a marker or pick one",
        key="facility",
    )
    url_state.write_unbound("map", settings)
    if chosen:
        facility_detail(names.loc[chosen], sources)
    else:
        focus = [c for c in fm.CLUSTERS if c.name in (clusters or ["Yangtze River Delta"])][:2]
        for cluster in focus:
            with st.container(border=True):
                st.markdown(f"**{cluster.name}**")
                st.caption(escape_markdown(fm.cluster_places(facilities, cluster.name)))
                st.caption(cluster.description)
                rows = context.cluster_summary[context.cluster_summary["cluster"] == cluster.name]
                st.text(
                    "\n".join(
                        f"{r.stage}: {r.facilities} · {r.operating_capacity}"
                        + (
                            f" ({r.share_of_china_disclosed} disclosed in China)"
                            if r.share_of_china_disclosed != "—"
                            else ""
                        )
                        for r in rows.itertuples(index=False)
                    )
                )

st.subheader("Clusters at a glance", anchor=False)
st.caption(
    "Capacity counts operating and commissioning plants whose capacity is published; the share compares it with "
    "the same figure for every Chinese facility in the atlas, within one unit. Many plants do not publish capacity, "
    "so shares describe the disclosed part only."
)
table_with_download(
    context.cluster_summary,
    key="cluster_summary",
    file_stem="rare-earth-atlas_cluster-summary",
    sources=sources,
    column_config={
        "cluster": "Cluster",
        "stage": "Stage",
        "facilities": "Facilities",
        "disclosing_capacity": "Disclosing capacity",
        "operating_capacity": "Operating capacity (disclosed)",
        "share_of_china_disclosed": "Share of China's disclosed capacity",
        "source_id": "Sources",
    },
)

st.subheader("Facilities shown on the map", anchor=False)
table_columns = [
    "name", "name_local", "operator", "country", "province_or_state", "city", "cluster", "stage_label",
    "status_label", "capacity_value", "capacity_unit", "capacity_year", "capacity_scope", "capacity_search",
    "capacity_source_id", "evidence_label", "checked_on", "location_precision", "lat", "lon", "notes", "source_id",
]  # fmt: skip
table_with_download(
    shown[table_columns].rename(
        columns={"stage_label": "stage", "status_label": "status", "evidence_label": "evidence"}
    ),
    key="facility_table",
    file_stem="rare-earth-atlas_facilities",
    sources=sources,
)

for stored in your_layers:
    st.subheader("Your data on the map", anchor=False)
    st.caption(
        escape_markdown(
            f"From {stored.filename}, uploaded on the Your data page; problems with its rows are listed there."
        )
    )
    table_with_download(
        stored.outcome.result.facilities.drop(columns=["facility_id"]).assign(
            source_title=f"Your data: {stored.filename}"
        ),
        key=f"your_facilities_{stored.upload_id}",
        file_stem="rare-earth-atlas_your-facilities",
        sources=sources,
    )
