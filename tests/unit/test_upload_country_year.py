"""Validating uploaded country-year values, wide (USGS-style) and long."""

from rare_earth_atlas.upload_country_year import validate_country_year
from rare_earth_atlas.upload_reader import read_upload
from rare_earth_atlas.upload_schema import guess_kind

USGS_STYLE = """Table 8: world mine production (metric tons REO)
Note: W = withheld, e = estimated

Country,Prod_t_2023,Prod_t_est_2024,2025
China,"255,000","270,000",e 270000
Burma,"43,000","31,000",W
United States,"41,600","45,000",NA
Atlantis,100,200,300
"""

EUROPEAN = "Land;Jahr;Wert;Einheit\nChina;2024;270.000,5;t\nAustralien;2024;29,87;t\nUSA;20x4;1;t\nBrasilien;2024;-3;t\n"


def _validate(text: str, encoding: str = "utf-8"):
    read = read_upload(text.encode(encoding), "upload.csv")
    guess = guess_kind(list(read.table.columns))
    assert guess.kind == "country_year", guess
    return validate_country_year(read, guess.mapping)


def test_a_wide_usgs_style_table_is_reshaped_and_markers_are_counted_not_zeroed():
    result = _validate(USGS_STYLE)
    assert result.wide
    assert result.read == 12 and result.kept + result.rejected == result.read
    china = result.values[result.values["iso3"] == "CHN"].set_index("year")
    assert china.loc[2023, "value"] == 255000 and not china.loc[2023, "estimated"]
    assert bool(china.loc[2024, "estimated"])  # from the column name
    assert bool(china.loc[2025, "estimated"])  # from the "e" marker
    report = result.report
    assert set(report.loc[report["value"] == "W", "problem"]) == {"no number (withheld)"}
    assert (report["problem"] == "country not recognised").sum() == 3  # Atlantis, every year
    assert 0 not in result.values["value"].tolist()


def test_a_european_long_file_reads_decimal_commas_and_reports_bad_rows():
    result = _validate(EUROPEAN, "cp1252")
    assert not result.wide
    values = result.values.set_index("iso3")["value"]
    assert values["CHN"] == 270000.5 and values["AUS"] == 29.87
    problems = dict(zip(result.report["line"], result.report["problem"], strict=True))
    assert problems[4] == "year is not a year between 1900 and 2100"
    assert problems[5] == "negative value"
    assert result.read == 4 and result.kept == 2 and result.rejected == 2
