"""Validating uploaded facilities: every problem reported with its line, valid rows kept,
counts that add up, cities placed from the offline gazetteer."""

from rare_earth_atlas.uploads.facilities import validate_facilities
from rare_earth_atlas.uploads.kinds import guess_kind
from rare_earth_atlas.uploads.reader import read_upload

MESSY = """Plants compiled by an analyst, Nov 2026
name;company;country;city;latitude;longitude;stage;capacity (t/yr);unit;status
Ningbo magnet works;宁波某磁材;China;Ningbo;;;magnet;5 000;t magnets/yr;operating
Kalgoorlie plant;Lynas;Australia;;-30.75;121.47;refinery;lots;t REO/yr;operating
Bad latitude;X;USA;;129.87;-97.3;mine;100;t REO/yr;planned
Nowhere;Y;Atlantis;Atlantis City;;;mine;;;planned
;Z;China;Baotou;;;magnets;;;operating
Negative;Q;Burma;Myitkyina;;;mining;-5;t REO/yr;rumoured
Lost;R;France;Nowhereville;;;recycling;;;operating
"""


def _run():
    read = read_upload(MESSY.encode("utf-8"), "messy.csv")
    guess = guess_kind(list(read.table.columns))
    assert guess.kind == "facilities"
    return validate_facilities(read, guess.mapping)


def test_counts_add_up_and_valid_rows_are_kept():
    result = _run()
    assert result.read == 7
    assert result.kept + result.rejected == result.read
    assert list(result.facilities["name"]) == ["Ningbo magnet works", "Kalgoorlie plant", "Negative"]


def test_every_problem_names_its_line_column_value_and_action():
    report = _run().report
    rows = {(r.line, r.problem.split(" (")[0]) for r in report.itertuples()}
    assert (4, "capacity 'lots' is not a number") in rows  # line 4 of the file
    assert (5, "latitude 129.87 is outside -90 to 90") in rows
    assert (6, "country not recognised") in rows
    assert (7, "no facility name") in rows
    assert (8, "capacity is negative") in rows
    assert (8, "status not recognised") in rows
    assert (9, "no valid coordinates and the city is not in the offline gazetteer") in rows
    lots = report[report["value"] == "lots"].iloc[0]
    assert lots["column"] == "capacity (t/yr)" and lots["action"] == "left empty (not disclosed)"


def test_cities_are_placed_from_the_gazetteer_and_flagged_city_level():
    facilities = _run().facilities.set_index("name")
    ningbo = facilities.loc["Ningbo magnet works"]
    assert ningbo["location_precision"] == "city" and 29 < ningbo["lat"] < 31
    assert ningbo["capacity_value"] == 5000 and ningbo["stage"] == "magnets"
    assert facilities.loc["Kalgoorlie plant", "location_precision"] == "site"
    assert facilities.loc["Negative", "iso3"] == "MMR"  # "Burma"


def test_unplaceable_facilities_are_listed():
    result = _run()
    assert "Lost" in result.unplaced and "Bad latitude" in result.unplaced


GERMAN_EXCEL = (
    "Anlage;Betreiber;Land;Stadt;Breitengrad;Längengrad;Kapazität (t/Jahr);Status\n"
    "Werk São Paulo;Société Métaux;Brasilien;São Paulo;-23,55;-46,63;1.200,5;operating\n"
    "Ningbo Magnet;宁波;China;Ningbo;;;3000;operating\n"
)


def test_a_german_excel_export_is_understood_headers_coordinates_and_units_included():
    read = read_upload(GERMAN_EXCEL.encode("cp1252", errors="replace").replace(b"?;China", b"x;China"), "werke.csv")
    assert read.encoding == "cp1252"  # not cp1250, which would turn São into Săo
    guess = guess_kind(list(read.table.columns))
    assert guess.kind == "facilities"
    assert {
        "city": "Stadt",
        "lat": "Breitengrad",
        "lon": "Längengrad",
        "operator": "Betreiber",
    }.items() <= guess.mapping.items()
    result = validate_facilities(read, guess.mapping)
    assert result.rejected == 0, result.report
    sao = result.facilities.set_index("city").loc["São Paulo"]
    assert (sao["lat"], sao["lon"], sao["capacity_value"]) == (-23.55, -46.63, 1200.5)
    assert sao["capacity_unit"] == "t/Jahr"  # taken from the capacity header
    assert result.facilities.set_index("city").loc["Ningbo", "location_precision"] == "city"
