"""Source lines, data-as-of stamps and spreadsheet-safe CSV downloads."""

import io

import pandas as pd

from rare_earth_atlas.data import provenance


def test_csv_download_neutralises_formulas_but_keeps_numbers():
    table = pd.DataFrame(
        {"name": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "Ningbo"], "tonnes": [1.0, -2.0, 3.0, 4.0, 5.0]}
    )
    data = provenance.to_safe_csv(table)
    assert data.startswith("\ufeff".encode())  # BOM so spreadsheets read UTF-8
    read_back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(read_back["name"]) == ['\'=HYPERLINK("http://x")', "'+1", "'-2+3", "'@SUM(A1)", "Ningbo"]
    assert list(read_back["tonnes"]) == [1.0, -2.0, 3.0, 4.0, 5.0]


def test_chinese_names_survive_the_download():
    data = provenance.to_safe_csv(pd.DataFrame({"name_local": ["宁波韵升"]}))
    assert "宁波韵升" in data.decode("utf-8-sig")


def test_source_line_names_publisher_title_and_year(reference):
    line = provenance.source_line(["usgs_mcs2026", "iea_gcmo2024"], reference.sources)
    assert line.startswith("Sources: U.S. Geological Survey, Mineral Commodity Summaries 2026")
    assert "International Energy Agency, Global Critical Minerals Outlook 2024 (2024)" in line


def test_source_columns_are_added_to_downloads(reference):
    table = pd.DataFrame({"value": [1], "source_id": ["usgs_mcs2026;iea_gcmo2024"]})
    out = provenance.with_source_columns(table, reference.sources)
    assert out.loc[0, "source_publisher"] == "U.S. Geological Survey; International Energy Agency"
    assert out.loc[0, "source_url"].startswith("https://doi.org/10.5066/P1WKQ63T")


def test_data_as_of_names_the_newest_edition(reference):
    stamp = provenance.data_as_of(reference)
    newest = reference.sources[
        reference.sources["source_id"].isin(
            provenance.source_ids_in(
                pd.concat([reference.mine_production["source_id"], reference.stage_shares["source_id"]])
            )
        )
    ]["published"].max()
    assert stamp.published == newest
    assert stamp.sentence().startswith("Data as of ")
