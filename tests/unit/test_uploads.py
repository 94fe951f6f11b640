"""The upload pipeline end to end (``rare_earth_atlas.uploads.pipeline``): demand assumptions become a
custom scenario without double counting, country-year values are compared with USGS only
where the comparison means something, and templates are real, valid rows."""

from pathlib import Path

import pandas as pd
import pytest

from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.demand import model as dm
from rare_earth_atlas.uploads.pipeline import compare_with_usgs, process_upload, template_table


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
    assert set(report["column"]) == {
        "growth_aps_pct",
        "growth_nze_pct",
        "ceiling_units",
    }  # missing: reference value, said so
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
    result = _upload(text, reference).result
    comparison = compare_with_usgs(result.values, reference.mine_production).set_index("iso3")
    assert comparison.loc["CHN", "your_tonnes_reo"] == usgs["CHN", 2024]  # kt converted to t
    assert comparison.loc["CHN", "difference_pct"] == 0
    assert comparison.loc["AUS", "comparison"] == "not compared: the unit is not tonnes of REO"  # Mt is ambiguous
    # Another statistic is set aside before any comparison, and counted.
    assert "MMR" not in comparison.index
    assert result.set_aside.to_dict("records") == [
        {"dimension": "statistic", "value": "separation capacity", "values": 1, "reason": "another statistic"}
    ]
    assert comparison.loc["DEU", "comparison"] == "USGS gives no figure for this country, year and statistic"
    assert pd.isna(comparison.loc["AUS", "difference_tonnes_reo"])


@pytest.mark.parametrize("kind", ["facilities", "country_year", "demand_assumptions"])
def test_each_template_is_real_reference_data_and_loads_cleanly(reference, kind):
    template = template_table(kind, reference)
    assert 2 <= len(template) <= 5
    outcome = process_upload(template.to_csv(index=False).encode(), f"{kind}.csv", reference)
    assert outcome.kind == kind and outcome.error is None
    assert outcome.result.rejected == 0 and outcome.result.report.empty


CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "uploads"


def _corpus(name: str, reference, **choices):
    return process_upload((CORPUS / name).read_bytes(), name, reference, **choices)


def test_a_workbook_with_a_sheet_per_mineral_proposes_the_rare_earths_sheet(reference):
    outcome = _corpus("country_year_world_mining_data.xlsx", reference)
    assert [s.name for s in outcome.sheets] == ["Copper", "Rare Earths"]
    assert outcome.sheet == "Rare Earths" and outcome.sheet_proposed
    values = outcome.result.values
    assert set(values["iso3"]) == {"CHN", "USA", "AUS", "MMR"} and set(values["unit"]) == {"metr. t"}
    comparison = compare_with_usgs(values, reference.mine_production, reference.reserves)
    china = comparison[(comparison["iso3"] == "CHN") & (comparison["year"] == 2023)].iloc[0]
    assert china["difference_tonnes_reo"] == 0  # 'metr. t' read as tonnes
    other = _corpus("country_year_world_mining_data.xlsx", reference, sheet="Copper")
    assert other.sheet == "Copper" and not other.sheet_proposed and set(other.result.values["iso3"]) == {"CHL", "PER"}


def test_tables_side_by_side_on_one_sheet_are_offered_one_by_one(reference):
    outcome = _corpus("country_year_iea_side_by_side.xlsx", reference)
    assert [s.name for s in outcome.sheets] == ["Magnet rare earths · columns A–D", "Magnet rare earths · columns F–I"]
    refining = _corpus("country_year_iea_side_by_side.xlsx", reference, sheet=outcome.sheets[1].name)
    assert set(refining.result.values["iso3"]) == {"CHN", "MYS", "USA"}


def test_broken_structure_is_said_with_its_line_and_the_rows_are_kept(reference):
    outcome = _corpus("facilities_broken_unclosed_quote.csv", reference)
    assert outcome.result.kept == 4
    assert any(
        "Line 2 opens a quote that is never closed; lines 2 to 5 were read as one field" in n for n in outcome.notes
    )
    ragged = _corpus("facilities_broken_ragged_rows.csv", reference)
    assert any(n.startswith("Line 3 has 7 fields where the header has 6") for n in ragged.notes)
    assert any(n.startswith("Line 5 has 3 fields where the header has 6") for n in ragged.notes)


def test_a_list_without_countries_takes_them_from_the_coordinates_and_sets_other_commodities_aside(reference):
    outcome = _corpus("facilities_survey_no_country.csv", reference)
    result = outcome.result
    assert outcome.kind == "facilities" and result.countries_from_coordinates == 5
    assert set(result.facilities["iso3"]) == {"AUS"} and "Telfer" not in set(result.facilities["name"])
    assert result.set_aside.to_dict("records") == [
        {"dimension": "commodity", "value": "Au, Cu", "values": 1, "reason": "commodities without rare earths"}
    ]
    assert any("each facility's country is the one its coordinates lie in" in n for n in outcome.notes)
