"""Validating uploaded country-year values, wide (USGS-style) and long."""

import pandas as pd

from rare_earth_atlas.uploads.country_year import validate_country_year
from rare_earth_atlas.uploads.kinds import guess_kind
from rare_earth_atlas.uploads.reader import read_upload

USGS_STYLE = """Table 8: world mine production (metric tons REO)
Note: W = withheld, e = estimated

Country,Prod_t_2023,Prod_t_est_2024,2025
China,"255,000","270,000",e 270000
Burma,"43,000","31,000",W
United States,"41,600","45,000",NA
Atlantis,100,200,300
"""

EUROPEAN = (
    "Land;Jahr;Wert;Einheit\nChina;2024;270.000,5;t\nAustralien;2024;29,87;t\nUSA;20x4;1;t\nBrasilien;2024;-3;t\n"
)


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


LONG_WITH_MARKERS = "country,year,measure,value,unit\n" + "".join(
    f"{country},{year},mine production,{value},t REO\n"
    for country, value in [
        ("Australia", "18000"),
        ("Burma", "W"),
        ("USA", "e 45000"),
        ('"Korea, Republic of"', "<5"),
        ("China", ">90000"),
        ("Viet Nam", "300.5"),
    ]
    for year in (2023, 2024)
)


def test_bounds_and_estimates_are_kept_as_flags_never_as_plain_numbers():
    result = _validate(LONG_WITH_MARKERS)
    flags = result.values.set_index(["iso3", "year"])
    assert bool(flags.loc[("USA", 2023), "estimated"]) and flags.loc[("USA", 2023), "value"] == 45000
    assert bool(flags.loc[("KOR", 2024), "upper_bound"]) and flags.loc[("KOR", 2024), "value"] == 5
    assert bool(flags.loc[("CHN", 2024), "lower_bound"]) and not flags.loc[("CHN", 2024), "estimated"]
    assert not flags.loc[("AUS", 2023), ["estimated", "lower_bound", "upper_bound"]].any()
    assert result.flagged == {"estimate": 2, "lower bound": 2, "upper bound": 2}
    assert result.rejected == 2 and set(result.report["value"]) == {"W"}


def test_a_large_file_read_by_pyarrow_validates_exactly_like_the_csv_module_path():
    header, *rows = LONG_WITH_MARKERS.splitlines()
    rows = rows * 25 + ["Atlantis,2024,mine production,12,t REO", "China,20x4,mine production,1,t REO"]
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()  # Excel's CRLF, 302 rows: enough to dictionary-encode
    guess = guess_kind(["country", "year", "measure", "value", "unit"])
    by_csv = validate_country_year(read_upload(data, "a.csv"), guess.mapping)
    by_arrow_read = read_upload(data, "a.csv", arrow_min_bytes=0)
    assert isinstance(by_arrow_read.table["country"].dtype, pd.ArrowDtype)  # really the pyarrow path
    assert "dictionary" in str(by_arrow_read.table["country"].dtype)  # with repeated texts encoded once
    by_arrow = validate_country_year(by_arrow_read, guess.mapping)
    assert by_arrow.values.astype(str).equals(by_csv.values.astype(str))
    assert by_arrow.report.astype(str).equals(by_csv.report.astype(str))
    assert (
        (by_arrow.read, by_arrow.kept, by_arrow.rejected)
        == (by_csv.read, by_csv.kept, by_csv.rejected)
        == (302, 250, 52)
    )


def test_the_threaded_path_for_large_columns_gives_the_same_values(monkeypatch):
    import rare_earth_atlas.uploads.country_year as country_year

    header, *rows = LONG_WITH_MARKERS.splitlines()
    data = ("\n".join([header, *(rows * 9)]) + "\n").encode()
    guess = guess_kind(["country", "year", "measure", "value", "unit"])
    single = validate_country_year(read_upload(data, "a.csv"), guess.mapping)
    monkeypatch.setattr(country_year, "PARALLEL_MIN_CELLS", 1)  # split even this small column across threads
    threaded = validate_country_year(read_upload(data, "a.csv"), guess.mapping)
    assert threaded.values.astype(str).equals(single.values.astype(str))
    assert threaded.report.astype(str).equals(single.report.astype(str))
    assert threaded.kept == 90 and threaded.rejected == 18
