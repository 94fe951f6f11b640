"""Cells from uploads become numbers or flagged empties, never wrong numbers; wide tables reshape."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_atlas.uploads import cells as uv


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "value", "flag"),
    [
        ("270,000", False, 270000.0, ""),
        ("1 234", False, 1234.0, ""),
        ("29,87", True, 29.87, ""),
        ("1.234,5", True, 1234.5, ""),
        ("45500", False, 45500.0, ""),
        ("W", False, None, uv.WITHHELD),
        ("NA", False, None, uv.NOT_AVAILABLE),
        ("", False, None, uv.NOT_AVAILABLE),
        ("—", False, None, uv.DASH),
        ("--", False, None, uv.DASH),
        ("e 2,900", False, 2900.0, uv.ESTIMATE),
        ("2,900 e", False, 2900.0, uv.ESTIMATE),
        ("est. 12000", False, 12000.0, uv.ESTIMATE),
        ("12000 (est.)", False, 12000.0, uv.ESTIMATE),
        (">90,000,000", False, 90000000.0, uv.LOWER_BOUND),
        ("lots", False, None, uv.NOT_A_NUMBER),
        (12.5, False, 12.5, ""),
        (10**400, False, None, uv.NOT_A_NUMBER),
        (float("inf"), False, None, uv.NOT_A_NUMBER),
    ],
)
def test_parse_cell(cell, decimal_comma, value, flag):
    assert uv.parse_cell(cell, decimal_comma) == uv.CellValue(value, flag)


def test_a_column_decides_its_decimal_convention_from_all_its_cells():
    assert uv.decimal_comma_column(["29,87", "1.234,5", "12"])
    assert not uv.decimal_comma_column(["270,000", "29,870", "12"])
    values, flags = uv.parse_column(pd.Series(["29,87", "W", "1.234,5"]))
    assert values.tolist()[0] == 29.87 and math.isnan(values.tolist()[1]) and values.tolist()[2] == 1234.5
    assert flags.tolist() == ["", uv.WITHHELD, ""]


def test_thousands_commas_are_never_read_as_decimals():
    values, _ = uv.parse_column(pd.Series(["270,000", "29,870", "45,500"]))
    assert values.tolist() == [270000.0, 29870.0, 45500.0]


def test_year_columns_and_estimate_flags():
    found = uv.year_columns(["Country", "2023", "Prod_t_2023", "Prod_t_est_2024", "2025e", "Notes 2019-2020"])
    assert [(y.column, y.year, y.estimated) for y in found] == [
        ("2023", 2023, False),
        ("Prod_t_2023", 2023, False),
        ("Prod_t_est_2024", 2024, True),
        ("2025e", 2025, True),
    ]


def test_wide_table_is_reshaped_one_row_per_country_and_year():
    wide = pd.DataFrame(
        {"Country": ["China", "Burma"], "Prod_t_2023": ["255,000", "43,000"], "Prod_t_est_2024": ["270,000", "W"]}
    )
    long = uv.wide_to_long(wide, ["Country"])
    assert len(long) == 4
    row = long[(long["Country"] == "Burma") & (long["year"] == 2024)].iloc[0]
    assert row["value_text"] == "W" and bool(row["estimated_column"]) and row["source_column"] == "Prod_t_est_2024"
    with pytest.raises(ValueError, match="not a wide table"):
        uv.wide_to_long(pd.DataFrame({"Country": ["China"], "2024": ["1"]}), ["Country"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers()), st.booleans())
def test_any_cell_gives_a_number_or_a_flagged_empty(cell, decimal_comma):
    result = uv.parse_cell(cell, decimal_comma)
    assert (result.value is None) == (result.flag in {uv.WITHHELD, uv.NOT_AVAILABLE, uv.DASH, uv.NOT_A_NUMBER})
    if result.value is not None:
        assert math.isfinite(result.value)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("Korea, Republic of", "KOR"),
        ("South Korea", "KOR"),
        ("Viet Nam", "VNM"),
        ("China", "CHN"),
        ("中国", "CHN"),
        ("  china  ", "CHN"),
        ("Turkey", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Kosovo", "XKX"),
        ("CHN", "CHN"),
        ("cn", "CHN"),
        ("Atlantis", None),
        ("Other countries", None),
        ("", None),
        (None, None),
    ],
)
def test_country_names_are_normalised_exactly_or_not_at_all(name, iso3):
    from rare_earth_atlas.data.countries import normalise_country

    assert normalise_country(name) == iso3
