"""Recognising what an upload is and which columns mean what."""

import pytest

from rare_earth_atlas.uploads.kinds import guess_kind, match_columns, normalise_header


def test_header_variants_map_to_template_columns():
    headers = ["Plant Name", "Company", "Country", "Latitude", "Long", "Capacity (t/yr)", "Unit", "Status"]
    mapping = match_columns(headers, "facilities")
    assert mapping == {
        "name": "Plant Name",
        "country": "Country",
        "operator": "Company",
        "lat": "Latitude",
        "lon": "Long",
        "capacity_value": "Capacity (t/yr)",
        "capacity_unit": "Unit",
        "status": "Status",
    }


def test_normalise_header():
    assert normalise_header(" Capacity (t/yr) ") == "capacity t yr"
    assert normalise_header("Prod_t_est_2024") == "prod t est 2024"


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["name", "operator", "country", "city", "stage", "capacity", "unit", "status"], "facilities"),
        (["Country", "Year", "Measure", "Value", "Unit"], "country_year"),
        (["Country", "Prod_t_2023", "Prod_t_est_2024"], "country_year"),
        (["sector", "units_base_year", "magnet_kg_per_unit", "ree_content_pct"], "demand_assumptions"),
    ],
)
def test_the_kind_is_recognised_from_the_headers(headers, kind):
    assert guess_kind(headers).kind == kind


def test_a_wide_table_counts_its_year_columns():
    guess = guess_kind(["Country or locality", "2018", "2019", "2020"])
    assert guess.kind == "country_year" and guess.wide_years == 3


def test_unrecognisable_headers_say_what_is_missing():
    guess = guess_kind(["foo", "bar", "baz"])
    assert guess.kind is None and guess.missing
