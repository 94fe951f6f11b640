"""The Your data page (/data) driven as a user would: upload files, read the report, correct
the kind and columns, and find the data on the map, the Capacity page and the Demand page."""

import json

import pytest

from rare_earth_atlas.charts import charts_of
from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.uploads.pipeline import template_table
from tests.app.helpers import charts, open_page

DATA = "app_pages/your_data.py"

EUROPEAN_FACILITIES = (
    "Werke, Stand November 2026\n"
    "\n"
    "Anlage;Land;Stadt;Breitengrad;Längengrad;Kapazität (t/Jahr);Status\n"
    "Werk Ningbo;China;Ningbo;;;3.000;operating\n"
    "Werk São Paulo;Brasilien;São Paulo;-23,55;-46,63;1.200,5;planned\n"
    "Falsche Breite;USA;;129,87;-97,3;100;planned\n"
    "Nirgendwo;Atlantis;;;;;\n"
).encode("cp1252")


def _upload(at, name: str, content: bytes):
    at.get("file_uploader")[0].upload(name, content, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _deck_layers(at) -> dict[str, list]:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return {layer["id"]: layer.get("data") for layer in deck["layers"]}


def test_the_page_offers_a_template_for_each_kind():
    at = open_page(DATA)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert sum("template" in label for label in labels) == 3
    assert "No data uploaded yet" in at.info[0].value


def test_a_european_facilities_file_is_reported_row_by_row_and_shown_on_the_map():
    at = _upload(open_page(DATA), "werke.csv", EUROPEAN_FACILITIES)
    assert _metrics(at) == {"Rows read": "4", "Kept": "2", "Not used": "2"}
    notes = at.text[0].value
    assert "Read as CP1252" in notes and "semicolon" in notes and "city's centre" in notes
    report = at.dataframe[-1].value
    assert set(report["line"]) == {6, 7}
    assert "latitude 129.87 is outside -90 to 90" in report["problem"].tolist()

    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    markers = _deck_layers(at)["your-data"]
    assert sorted(m["name"] for m in markers) == ["Werk Ningbo", "Werk São Paulo"]
    sao = next(m for m in markers if m["name"] == "Werk São Paulo")
    assert (sao["lat"], sao["lon"]) == (-23.55, -46.63) and sao["capacity_label"] == "1,200 t/Jahr"

    # Switched off on the map, it stays off on the Your data page too; removed, it is gone.
    next(t for t in at.toggle if "werke" in t.label).set_value(False).run()
    assert "your-data" not in _deck_layers(at)
    at.switch_page(DATA).run()
    assert next(t for t in at.toggle if t.label == "Show on the map").value is False
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("remove_"))).click().run()
    at.switch_page("app_pages/map.py").run()
    assert not any("werke" in t.label for t in at.toggle)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "The file is empty"),
        ("header.csv", b"name,country,lat,lon\n", "header but no data rows"),
        ("chart.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "looks like a PNG image"),
        ("numbers.csv", b"a,b,c\n1,2,3\n4,5,6\n", "No recognisable columns"),
    ],
)
def test_files_that_cannot_be_used_get_one_message_and_the_page_keeps_working(name, content, expected):
    at = _upload(open_page(DATA), name, content)
    assert expected in at.error[0].value.replace("\\", "")
    assert not at.get("plotly_chart") and not at.exception
    at.switch_page("app_pages/capacity.py").run()
    # The rest of the app is unaffected: Capacity opens on its first chart.
    assert not at.exception and list(charts(at)) == [charts_of("capacity")[0].element_key]


def test_the_user_can_correct_the_column_mapping():
    content = b"Objekt,Staat,Nord,Ost\nMountain Pass,USA,35.48,-115.53\n"
    at = _upload(open_page(DATA), "werke.csv", content)
    assert "No recognisable columns" in at.error[0].value.replace("\\", "")
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "name *")).set_value("Objekt").run()
    assert next(s for s in at.selectbox if s.label == "country *").value == "Staat"  # recognised: German for country
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "lat")).set_value("Nord").run()
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "lon")).set_value("Ost").run()
    assert not at.error
    assert _metrics(at) == {"Rows read": "1", "Kept": "1", "Not used": "0"}


def test_the_user_can_override_the_recognised_kind():
    at = _upload(open_page(DATA), "values.csv", b"country,year,value\nChina,2024,270000\n")
    kind = next(s for s in at.selectbox if s.label == "What this file holds")
    assert kind.value == "country_year"
    kind.set_value("facilities").run()
    assert "this file needs a column for name" in at.error[0].value.replace("\\", "")


def test_a_usgs_style_wide_table_is_compared_with_usgs_on_the_capacity_page():
    reference = load_reference()
    usgs = reference.mine_production.set_index(["iso3", "year"])["tonnes_reo"]
    content = (
        "Table 1. World mine production, rare earths (metric tons of REO)\n"
        "W Withheld; e Estimated\n"
        "Country,Prod_t_2023,Prod_t_est_2024\n"
        f'China,"{usgs["CHN", 2023]:,.0f}","{usgs["CHN", 2024]:,.0f}"\n'
        f'Burma,W,"{usgs["MMR", 2024] * 0.5:,.0f}"\n'
    ).encode()
    at = _upload(open_page(DATA), "usgs_style.csv", content)
    assert _metrics(at) == {"Values read": "4", "Kept": "3", "Not used": "1"}
    assert "marked as withheld left empty, not zero" in at.text[0].value

    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception
    at.select_slider(key="year").set_value(2024).run()
    chart = next(c for name, c in charts(at).items() if name.startswith("your_comparison"))
    comparison = chart.spec
    assert "Burma is 50% below USGS" in chart.title
    yours = next(t for t in comparison["data"] if "(your data)" in t.get("hovertemplate", ""))
    differences = [a["text"] for a in comparison["layout"]["annotations"]]
    assert any("(-50%)" in text for text in differences) and any("same as USGS" in text for text in differences)
    assert yours["marker"]["symbol"] == ["diamond-open", "diamond-open"]  # the 2024 column is an estimate


def test_uploaded_demand_assumptions_become_the_custom_scenario():
    reference = load_reference()

    def drones(chart):
        return next(t["y"] for t in chart.spec["data"] if t.get("name") == "Drones and low-altitude aviation")

    before = drones(charts(open_page("app_pages/demand.py"))["demand_demand"])
    assumptions = template_table("demand_assumptions", reference)
    assumptions.loc[0, "units_base_year"] = assumptions.loc[0, "units_base_year"] * 3  # a drone boom
    at = _upload(open_page(DATA), "my scenario.csv", assumptions.to_csv(index=False).encode())
    assert _metrics(at) == {"Rows read": "3", "Kept": "3", "Not used": "0"}
    at.switch_page("app_pages/demand.py").run()
    assert not at.exception
    demand = charts(at)["demand_demand"]
    assert any(c.endswith("from your data") for c in demand.captions)
    assert drones(demand) != before  # the numbers moved
    assert "Assumptions from your data: my scenario.csv" in demand.captions[-1]


def test_uploaded_assumptions_beyond_the_iea_other_uses_are_not_used_and_say_why():
    reference = load_reference()
    assumptions = template_table("demand_assumptions", reference)
    assumptions.loc[0, "units_base_year"] = assumptions.loc[0, "units_base_year"] * 1000
    at = _upload(open_page(DATA), "boom.csv", assumptions.to_csv(index=False).encode())
    assert not at.exception
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert "more than the" in shown and "'other uses'" in shown and "reference assumptions are kept" in shown


def test_templates_load_without_a_single_problem():
    reference = load_reference()
    for kind in ("facilities", "country_year", "demand_assumptions"):
        at = _upload(
            open_page(DATA), f"template_{kind}.csv", template_table(kind, reference).to_csv(index=False).encode()
        )
        assert not at.error
        assert _metrics(at)["Not used"] == "0"
        assert any("No problems found" in s.value for s in at.success)


def _usgs_original(name: str) -> bytes:
    from tests.unit.test_usgs_originals import _original

    return _original(name)


def test_a_workbook_shows_its_sheets_proposes_table_8_and_reads_the_sheet_picked():
    at = _upload(open_page(DATA), "myb.xlsx", _usgs_original("usgs_myb2022_rare_earths_tables.xlsx"))
    sheet = next(s for s in at.selectbox if s.label.startswith("Sheet"))
    assert sheet.label == "Sheet (9 in the workbook)" and sheet.value == "T8"
    assert any("Proposed: T8" in c.value.replace("\\", "") for c in at.caption)
    assert _metrics(at) == {"Values read": "65", "Kept": "59", "Not used": "6"}
    sheet.set_value("T1").run()
    assert not at.exception and "No recognisable columns" in at.error[0].value.replace("\\", "")
    next(s for s in at.selectbox if s.label.startswith("Sheet")).set_value("T8").run()
    assert _metrics(at)["Kept"] == "59" and not at.error


def test_the_commodity_and_statistic_columns_choose_what_reaches_the_capacity_page():
    at = _upload(open_page(DATA), "mcs.csv", _usgs_original("usgs_mcs2026_commodities_data.csv"))
    subset = {m.label: m.value for m in at.multiselect}
    assert subset == {
        "Commodity to use": ["Rare Earths"],
        "Statistic to use": ["Production"],
        "Detail to use": ["Mine production", "Mine production: rounded"],
    }
    assert _metrics(at) == {
        "Values in the file": "8,886",
        "Set aside": "8,850",
        "Values read": "36",
        "Kept": "24",
        "Not used": "12",
    }
    at.switch_page("app_pages/capacity.py").run()
    shown = charts(at)
    comparison = next(c for name, c in shown.items() if name.startswith("your_comparison"))
    assert comparison.title == "Your mine production figures match USGS for all 12 countries compared in 2025"
    at.switch_page(DATA).run()
    next(m for m in at.multiselect if m.label == "Commodity to use").set_value(["Copper"]).run()
    assert not at.exception
    statistic = next(m for m in at.multiselect if m.label == "Statistic to use")
    assert statistic.value == ["Production"]  # proposed again, within copper
    assert "Mine production" in next(m for m in at.multiselect if m.label == "Detail to use").value
    at.switch_page("app_pages/capacity.py").run()
    # Copper is never compared with rare earth mine production.
    assert not any(name.startswith("your_comparison") for name in charts(at))
    assert "no value could be compared" in at.info[0].value.replace("\\", "")
