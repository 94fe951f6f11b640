"""The upload pipeline end to end (``rare_earth_atlas.uploads``): demand assumptions become a
custom scenario without double counting, country-year values are compared with USGS only
where the comparison means something, and templates are real, valid rows."""

import pandas as pd
import pytest

from rare_earth_atlas import demand as dm
from rare_earth_atlas.reference import load_reference
from rare_earth_atlas.uploads import compare_with_usgs, process_upload, template_table


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def _upload(text: str, reference, name="upload.csv", **kw):
    return process_upload(text.encode("utf-8"), name, reference, **kw)


def test_uploaded_rows_replace_their_whole_sector_so_nothing_is_counted_twice(reference):
    text = "sector,label,units_base_year,magnet_kg_per_unit,ree_content_pct,growth_steps_pct\nrobots,All robots,600000,1.0,31,5\n"
    outcome = _upload(text, reference)
    table = outcome.result.assumptions
    assert table.loc[table["sector"] == "robots", "label"].tolist() == ["All robots"]  # industrial + humanoid replaced
    assert (table["sector"] == "drones").sum() == (reference.demand_assumptions["sector"] == "drones").sum()
    report = outcome.result.report
    assert set(report["column"]) == {"growth_aps_pct", "growth_nze_pct"}  # missing growth: reference value, said so
    assert all(report["action"].str.startswith("used the reference value"))
    demand = dm.demand_by_sector(reference.demand_iea, "STEPS", dm.assumptions_from_table(table), ("robots",))
    base = demand[(demand["year"] == dm.BASE_YEAR) & (demand["sector"] == "robots")]["kt"].sum()
    assert base == pytest.approx(600000 * 1.0 * 0.31 / 1e6)  # kt of rare earths from the uploaded row alone


def test_excel_percentages_stored_as_fractions_are_read_as_percent(reference):
    text = "sector,label,units_base_year,magnet_kg_per_unit,ree_content_pct,growth_steps_pct,growth_aps_pct,growth_nze_pct\n"
    text += "drones,Drones,12000000,0.2,0.31,0.087,0.19,0.35\n"
    outcome = _upload(text, reference)
    row = outcome.result.assumptions.set_index("label").loc["Drones"]
    assert (row["ree_content_pct"], row["growth_steps_pct"], row["growth_nze_pct"]) == pytest.approx((31, 8.7, 35))
    assert any("written as fractions" in note for note in outcome.notes)


def test_out_of_range_and_unknown_sector_rows_are_rejected_with_a_reason(reference):
    text = "sector,units_base_year,magnet_kg_per_unit,ree_content_pct\nspaceships,1,1,31\ndrones,-5,0.2,31\ndrones,100,0.2,31\n"
    outcome = _upload(text, reference)
    assert (outcome.result.read, outcome.result.kept, outcome.result.rejected) == (3, 1, 2)
    problems = dict(zip(outcome.result.report["line"], outcome.result.report["problem"], strict=False))
    assert problems[2].startswith("not a modelled sector") and "must be a number from 0" in problems[3]


def test_country_year_values_are_compared_with_usgs_in_the_same_unit(reference):
    usgs = reference.mine_production.set_index(["iso3", "year"])["tonnes_reo"]
    text = (
        "country,year,measure,value,unit\n"
        f"China,2024,mine production,{usgs['CHN', 2024] / 1000:g},kt REO\n"
        "Australia,2024,mine production,5,Mt\n"
        "Burma,2024,separation capacity,10000,t REO\n"
        "Germany,2024,,100,t\n"
    )
    values = _upload(text, reference).result.values
    comparison = compare_with_usgs(values, reference.mine_production).set_index("iso3")
    assert comparison.loc["CHN", "your_tonnes_reo"] == usgs["CHN", 2024]  # kt converted to t
    assert comparison.loc["CHN", "difference_pct"] == 0
    assert comparison.loc["AUS", "comparison"] == "not compared: unit is not tonnes of REO"  # Mt is ambiguous
    assert comparison.loc["MMR", "comparison"] == "not compared: measure is not mine production"
    assert comparison.loc["DEU", "comparison"] == "USGS gives no figure for this country and year"
    assert pd.isna(comparison.loc["AUS", "difference_tonnes_reo"])


@pytest.mark.parametrize("kind", ["facilities", "country_year", "demand_assumptions"])
def test_each_template_is_real_reference_data_and_loads_cleanly(reference, kind):
    template = template_table(kind, reference)
    assert 2 <= len(template) <= 5
    outcome = process_upload(template.to_csv(index=False).encode(), f"{kind}.csv", reference)
    assert outcome.kind == kind and outcome.error is None
    assert outcome.result.rejected == 0 and outcome.result.report.empty
