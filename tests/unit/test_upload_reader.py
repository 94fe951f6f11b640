"""Reading uploaded files as they come: encodings, delimiters, notes above the header, Excel,
and files that cannot be used at all. Nothing but a result or the reader's own error."""

import io
import math
import re

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
        text = data.decode(result.encoding, errors="replace")
        _assert_lines_are_the_files(result, len(text.splitlines()) + 1)


def _assert_lines_are_the_files(result: ReadResult, file_lines: int) -> None:
    """Each table row carries one line of the file, below the header, in file order; column names are unique."""
    lines = list(result.lines)
    assert len(lines) == len(result.table)
    assert all(a < b for a, b in zip(lines, lines[1:], strict=False))
    assert all(result.header_line < n <= file_lines for n in lines)
    assert result.table.columns.is_unique


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
        _assert_lines_are_the_files(result, buffer.getvalue().count("\n") + buffer.getvalue().count("\r") + 1)


# Cells without delimiters, quotes or line breaks: each written row is one line of the file.
PLAIN_CELLS = st.text(alphabet=st.characters(categories=("L", "N")) | st.sampled_from(" .-%()"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(PLAIN_CELLS, min_size=1, max_size=6), min_size=1, max_size=12),
    st.sampled_from([",", ";", "\t", "|"]),
)
def test_every_row_below_the_header_is_kept_with_its_cells_or_counted_as_skipped(rows, delimiter):
    """Rows read = rows kept + note lines skipped, and a kept row holds its line's cells
    (a row longer than the header loses only the extra cells, and says so)."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    written = [[cell.strip() for cell in row] for row in rows]
    for arrow_min_bytes in (10**9, 0):
        try:
            result = read_upload(buffer.getvalue().encode("utf-8"), "fuzz.csv", arrow_min_bytes=arrow_min_bytes)
        except UploadError:
            continue
        lines = list(result.lines)
        below_header = [n for n, row in enumerate(written, start=1) if n > result.header_line and any(row)]
        skipped_notes = sum(int(n) for n in re.findall(r"Skipped (\d+) note line", " ".join(result.fixes)))
        assert len(below_header) == len(lines) + skipped_notes
        assert set(lines) <= set(below_header)
        with_problems = {p["line"] for p in result.problems}
        for n, (_, kept) in zip(lines, result.table.iterrows(), strict=True):
            in_file = [cell for cell in written[n - 1] if cell]
            # pyarrow's path leaves spaces around a cell (every check strips them); the csv path strips.
            in_table = [str(cell).strip() for cell in kept if str(cell).strip()]
            assert in_table == in_file or (n in with_problems and in_file[: len(in_table)] == in_table)


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
        report = result.report
        assert set(report.columns) == {"line", "column", "value", "problem", "action"}
        # Every value or row not used is explained by a report row, and only those are.
        if outcome.kind == "country_year":
            assert (report["action"] == "value not used").sum() == result.rejected
            values = result.values
            assert values["value"].map(math.isfinite).all() and (values["value"] >= 0).all()
            assert values["iso3"].notna().all()
        else:
            assert report.loc[report["action"] == "row not used", "line"].nunique() == result.rejected
        if outcome.kind == "facilities":
            placed = result.facilities
            assert placed["lat"].between(-90, 90).all() and placed["lon"].between(-180, 180).all()
            assert result.kept == placed["line"].nunique()


_REFERENCE = []


def _reference():
    from rare_earth_atlas.data.reference import load_reference

    if not _REFERENCE:
        _REFERENCE.append(load_reference())
    return _REFERENCE[0]
