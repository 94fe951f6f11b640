"""Reading uploaded files as they come: encodings, delimiters, notes above the header, Excel,
and files that cannot be used at all. Nothing but a result or the reader's own error."""

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rare_earth_atlas.data import build
from rare_earth_atlas.uploads.reader import ReadResult, UploadError, read_upload

FACILITIES = "name,operator,country,city,stage\r\nNingbo Yunsheng,宁波韵升,China,Ningbo,magnets\r\nMt Weld,Lynas,Australia,Laverton,mining\r\n"


def test_utf8_with_bom_and_crlf_keeps_chinese_names():
    result = read_upload("\ufeff".encode() + FACILITIES.encode("utf-8"), "plants.csv")
    assert list(result.table.columns) == ["name", "operator", "country", "city", "stage"]
    assert result.table.loc[0, "operator"] == "宁波韵升"
    assert any("byte-order mark" in f for f in result.fixes)


def test_gb18030_file_is_detected_without_mojibake():
    text = "名称,城市,阶段\n宁波韵升磁材工厂,宁波,磁体\n包头华美稀土,包头,分离\n江西金力永磁,赣州,磁体\n"
    result = read_upload(text.encode("gb18030"), "china.csv")
    assert result.table.loc[0, "城市"] == "宁波"
    assert result.encoding.replace("_", "").lower() in {"gb18030", "gbk", "gb2312", "cp936"}


def test_utf16_tab_separated():
    result = read_upload(FACILITIES.replace(",", "\t").encode("utf-16"), "plants.txt.csv")
    assert result.delimiter == "\t" and result.table.shape == (2, 5)


def test_european_semicolon_file_keeps_decimal_commas_as_text():
    text = 'Land;Jahr;Produktion (t)\nChina;2024;"270.000"\nAustralien;2024;29,87\n'
    result = read_upload(text.encode("cp1252"), "eu.csv")
    assert result.delimiter == ";"
    assert result.table.loc[1, "Produktion (t)"] == "29,87"  # numbers are read in the next step


def test_usgs_windows_1252_file_reads_em_dashes():
    data = (build.RAW_DIR / "usgs" / "usgs_mcs2026_commodities_data.csv").read_bytes()
    result = read_upload(data, "usgs_mcs2026_commodities_data.csv")
    assert result.encoding == "cp1252"
    assert "—" in set(result.table["Value"])
    assert result.header_line == 1 and "MCS chapter" in result.table.columns


def test_notes_above_the_header_are_skipped_and_reported():
    text = "Rare earth plants, compiled by an analyst\nSource: company reports\n\nname,country,capacity\nA,China,100\nB,Japan,200\n"
    result = read_upload(text.encode(), "notes.csv")
    assert list(result.table.columns) == ["name", "country", "capacity"]
    assert result.header_line == 4
    assert result.lines == [5, 6]  # file lines of the data rows, for the problem report
    assert any("Skipped 3 line(s)" in f for f in result.fixes)


def test_excel_workbook():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Table 1: mine production"])
    sheet.append([])
    sheet.append(["country", "2023", "2024"])
    sheet.append(["China", 255000, 270000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_upload(buffer.getvalue(), "production.xlsx")
    assert list(result.table.columns) == ["country", "2023", "2024"]
    assert result.table.loc[0, "2024"] == "270000"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"  \n\n", "blank.csv", "The file is empty"),
        (b"name,country,capacity\n", "header.csv", "header but no data rows"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "chart.csv", "a PNG image"),
        (b"PK\x03\x04rest", "renamed.csv", "zip archive"),
        (b"not really an xlsx", "broken.xlsx", "could not be opened"),
    ],
)
def test_unusable_files_get_one_clear_sentence(data, name, message):
    with pytest.raises(UploadError, match=message) as caught:
        read_upload(data, name)
    assert "template" in str(caught.value).lower() or "could not be opened" in str(caught.value)


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(UploadError, match="limit is 1 MB"):
        read_upload(b"a,b\n" + b"1,2\n" * 400_000, "big.csv", max_bytes=1_000_000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_result_or_the_readers_error(data):
    for arrow_min_bytes in (10**9, 0):  # the csv module's path, and pyarrow's for large files
        try:
            result = read_upload(data, "fuzz.csv", arrow_min_bytes=arrow_min_bytes)
        except UploadError:
            continue
        assert isinstance(result, ReadResult) and len(result.table) >= 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), min_size=0, max_size=12),
    st.sampled_from([",", ";", "\t", "|"]),
)
def test_arbitrary_csv_text_gives_a_result_or_the_readers_error(rows, delimiter):
    buffer = io.StringIO()
    import csv

    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    for arrow_min_bytes in (10**9, 0):
        try:
            result = read_upload(buffer.getvalue().encode("utf-8"), "fuzz.csv", arrow_min_bytes=arrow_min_bytes)
        except UploadError:
            continue
        assert isinstance(result, ReadResult)


CELLS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        [
            "W",
            "NA",
            "—",
            "e 1200",
            ">90,000",
            "29,87",
            "270.000",
            "1,234.5",
            "-5",
            "2024",
            "20x4",
            "China",
            "Burma",
            "=1+1",
        ]
    ),
)
HEADERS = [
    ["country", "year", "value", "unit"],
    ["Country", "Prod_t_2023", "Prod_t_est_2024"],
    ["name", "country", "city", "lat", "lon", "capacity", "status"],
    ["sector", "label", "units_base_year", "magnet_kg_per_unit", "ree_content_pct"],
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(HEADERS), st.lists(st.lists(CELLS, min_size=1, max_size=8), max_size=8), st.sampled_from([",", ";"])
)
def test_the_whole_pipeline_never_raises_and_its_counts_add_up(header, rows, delimiter):
    """Any table under a recognisable header: an outcome with counts that add up, or one message."""
    from rare_earth_atlas.uploads.pipeline import process_upload

    buffer = io.StringIO()
    import csv

    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    outcome = process_upload(buffer.getvalue().encode("utf-8"), "fuzz.csv", _reference())
    assert (outcome.error is None) != (outcome.result is None)
    if outcome.result is not None:
        result = outcome.result
        assert result.read == result.kept + result.rejected
        assert set(outcome.result.report.columns) == {"line", "column", "value", "problem", "action"}


_REFERENCE = []


def _reference():
    from rare_earth_atlas.data.reference import load_reference

    if not _REFERENCE:
        _REFERENCE.append(load_reference())
    return _REFERENCE[0]
