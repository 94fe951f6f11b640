"""Map logic: filters and live counts, marker styles and sizes, presets, flows, cluster summaries."""

import json

import pytest

from rare_earth_atlas.data import spatial
from rare_earth_atlas.facilities import map as fm


@pytest.fixture(scope="module")
def facilities(reference):
    return fm.prepare_facilities(reference.facilities)


def test_filters_combine_and_search_matches_name_local_name_or_operator(facilities):
    magnets = fm.FacilityFilter(stages=("magnets",)).apply(facilities)
    assert set(magnets["stage"]) == {"magnets"}
    delta_magnets = fm.FacilityFilter(stages=("magnets",), clusters=("Yangtze River Delta",)).apply(facilities)
    assert set(delta_magnets["stage"]) == {"magnets"} and set(delta_magnets["cluster"]) == {"Yangtze River Delta"}
    assert {"Ningbo", "Hefei"} <= set(delta_magnets["city"])
    lynas = fm.FacilityFilter(query="lynas").apply(facilities)
    assert len(lynas) == (facilities["operator"].str.contains("Lynas")).sum() > 0
    by_local_name = fm.FacilityFilter(query="白云鄂博").apply(facilities)
    assert list(by_local_name["facility_id"]) == ["cn-bayan-obo"]


def test_live_counts_respect_the_other_filters_but_not_their_own(facilities):
    selection = fm.FacilityFilter(stages=("magnets",), clusters=("Baotou",))
    stage_counts = fm.facet_counts(facilities, selection, "stages", "stage", ["magnets", "mining"])
    baotou = facilities[facilities["cluster"] == "Baotou"]
    assert stage_counts == {
        "magnets": (baotou["stage"] == "magnets").sum(),
        "mining": (baotou["stage"] == "mining").sum(),
    }
    cluster_counts = fm.facet_counts(
        facilities, selection, "clusters", "cluster_label", ["Baotou", "Yangtze River Delta"]
    )
    magnets = facilities[facilities["stage"] == "magnets"]
    assert cluster_counts["Yangtze River Delta"] == (magnets["cluster"] == "Yangtze River Delta").sum()
    # Picking an option shows exactly as many facilities as its count said.
    assert len(selection.apply(facilities)) == stage_counts["magnets"]


def test_marker_area_is_proportional_to_capacity_within_a_unit():
    scale = {"t magnets/yr": 20000.0, "t REO/yr": 100000.0}
    big = fm.marker_radius(20000, "t magnets/yr", scale)
    quarter = fm.marker_radius(5000, "t magnets/yr", scale)
    assert big == fm.MAX_RADIUS_PX
    assert (quarter - fm.MIN_RADIUS_PX) == pytest.approx((big - fm.MIN_RADIUS_PX) / 2)
    # The largest of each unit is drawn at the same size: units are separate scales.
    assert fm.marker_radius(100000, "t REO/yr", scale) == big
    assert fm.marker_radius(float("nan"), "", scale) == fm.UNDISCLOSED_RADIUS_PX


def test_marker_sizes_do_not_change_when_filters_change(facilities):
    scale = fm.capacity_scale(facilities)
    everything = fm.marker_table(facilities, scale).set_index("facility_id")["radius"]
    filtered = fm.marker_table(fm.FacilityFilter(clusters=("Baotou",)).apply(facilities), scale).set_index(
        "facility_id"
    )["radius"]
    assert (filtered == everything.loc[filtered.index]).all()


@pytest.mark.parametrize(
    ("status", "fill_alpha", "grey"),
    [
        ("operating", 225, False),
        ("construction", 0, False),
        ("commissioning", 0, False),
        ("planned", 70, False),
        ("blocked", 170, True),
        ("suspended", 170, True),
    ],
)
def test_status_is_drawn_by_style(status, fill_alpha, grey):
    fill, line, _ = fm.marker_style("magnets", status)
    assert fill[3] == fill_alpha
    assert (tuple(fill[:3]) == fm.GREY) is grey


def test_presets_fit_their_facilities(facilities):
    presets = fm.view_presets(facilities)
    assert list(presets) == ["World", "Yangtze River Delta", "China's hubs", "Western supply chain"]
    yrd = presets["Yangtze River Delta"].view
    assert 29 < yrd.latitude < 35 and 118 < yrd.longitude < 123 and yrd.zoom > 5
    assert presets["World"].view.zoom < 2


def test_deck_is_offline_uses_text_tooltips_and_keeps_labels_as_data(facilities):
    xss = facilities.iloc[:1].assign(name="<img src=x onerror=alert(1)>")
    deck = fm.facility_map_chart(
        fm.marker_table(xss, fm.capacity_scale(facilities)),
        {"type": "FeatureCollection", "features": []},
        fm.view_presets(facilities)["World"].view,
    )
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "") or "mapProvider" not in spec or spec["mapProvider"] is None
    assert "html" not in deck._tooltip and "text" in deck._tooltip
    layer = next(layer for layer in spec["layers"] if layer["id"] == "facilities")
    assert layer["data"][0]["name"] == "<img src=x onerror=alert(1)>"
    assert layer["radiusUnits"] == "pixels"


def test_flow_arcs_end_at_facilities_or_inside_the_destination_country(reference, facilities):
    countries = spatial.read_countries()
    arcs = fm.flow_arcs(reference.flows, facilities, countries).set_index("flow_id")
    kalgoorlie = facilities.set_index("facility_id").loc["au-lynas-kalgoorlie"]
    assert (arcs.loc["mtweld-kalgoorlie", "to_lon"], arcs.loc["mtweld-kalgoorlie", "to_lat"]) == (
        round(kalgoorlie["lon"], 4),
        round(kalgoorlie["lat"], 4),
    )
    china = countries[countries["iso3"] == "CHN"].geometry.iloc[0]
    import shapely

    assert china.contains(shapely.Point(arcs.loc["kachin-china", "to_lon"], arcs.loc["kachin-china", "to_lat"]))
    assert "not documented" in arcs.loc["kachin-china", "label"]


def test_cluster_summary_counts_and_shares(facilities):
    summary = fm.cluster_summary(facilities)
    yrd = summary[summary["cluster"] == "Yangtze River Delta"]
    assert yrd["facilities"].sum() == (facilities["cluster"] == "Yangtze River Delta").sum()
    baotou_sep = summary[(summary["cluster"] == "Baotou") & (summary["stage"] == "Separation / refining")].iloc[0]
    china_sep = facilities[
        (facilities["iso3"] == "CHN")
        & (facilities["stage"] == "separation")
        & facilities["status"].isin(["operating", "commissioning"])
        & (facilities["capacity_unit"] == "t REO/yr")
    ]
    expected = 100 * 106661 / china_sep["capacity_value"].sum()
    assert baotou_sep["share_of_china_disclosed"].startswith(f"{expected:.0f}% of ")
    undisclosed = summary[summary["disclosing_capacity"] == 0]
    assert (undisclosed["operating_capacity"] == "not disclosed").all()


def test_yangtze_river_delta_summary_names_ningbo_jiangsu_and_shanghai(facilities):
    places = fm.cluster_places(facilities, "Yangtze River Delta")
    for name in ("Ningbo", "Jiangsu", "Shanghai"):
        assert name in places


def test_legend_is_well_formed_svg(facilities):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(fm.legend_svg(fm.capacity_scale(facilities)))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Metal & alloy" in texts and "capacity not disclosed" in texts


def test_a_row_only_a_weak_source_supports_is_drawn_faint(facilities):
    solid_fill, solid_line, _ = fm.marker_style("magnets", "operating", "press")
    faint_fill, faint_line, _ = fm.marker_style("magnets", "operating", "weak")
    assert faint_fill[:3] == solid_fill[:3] and faint_fill[3] < solid_fill[3] / 2 and faint_line[3] < solid_line[3] / 2
    markers = fm.marker_table(facilities, fm.capacity_scale(facilities)).set_index("facility_id")
    weak = facilities.loc[facilities["evidence"] == "weak", "facility_id"]
    assert len(weak) and all(markers.loc[w, "evidence_label"].startswith("Weak") for w in weak)


def test_china_reach_abroad_runs_from_each_asset_to_china(reference):
    countries = spatial.read_countries()
    arcs = fm.stake_arcs(reference.overseas_stakes, reference.facilities, countries)
    drawn = reference.overseas_stakes[reference.overseas_stakes["status"].isin(fm.STAKE_STATUSES_DRAWN)]
    assert len(arcs) == len(drawn) > 10
    assert set(spatial.countries_at(arcs["to_lat"].tolist(), arcs["to_lon"].tolist())) == {("CHN", "China")}
    mountain_pass = reference.facilities.set_index("facility_id").loc["us-mp-mountain-pass-mine"]
    mp = arcs[arcs["flow_id"] == "e-us-china-bastnaesite-imports-2023"].iloc[0]
    assert (mp["from_lon"], mp["from_lat"]) == (round(mountain_pass["lon"], 4), round(mountain_pass["lat"], 4))
