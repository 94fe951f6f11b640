"""Read an analyst's file as it comes: the first step of the upload pipeline.

Turns raw bytes (CSV in any common encoding and delimiter, or Excel .xlsx) into a table of
text cells plus a list of the fixes made, or raises ``UploadError`` with one sentence that says
what was expected. It does not interpret values yet (numbers, markers, countries): that is
the next step, which works on the text cells this returns.

Handled here: UTF-8 with or without BOM, UTF-16 (with BOM), Windows-1252 / Latin-1 and GB18030
(detected with ``charset-normalizer``), comma, semicolon, tab and pipe delimiters, quoted
fields, CRLF line ends, notes or blank lines above the header row, workbooks of several sheets
(each sheet listed; one read at a time), and files that cannot be used at all (empty, a header
only, binary or an image renamed .csv, too large). Broken structure is read as far as it can
be and said: a quote that is never closed (the lines it swallowed are read one by one), rows
with more or fewer fields than the header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import charset_normalizer
import pandas as pd

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
# Files at least this large try pyarrow's multithreaded CSV reader first (see ``_read_csv_arrow``);
# smaller files, and any file pyarrow cannot read exactly as the csv module would, go through
# the csv module, which reports ragged rows and keeps blank-line numbering.
ARROW_MIN_BYTES = 1_000_000
# pyarrow's blocks of work: larger than its 1 MB default, which measured 15-20% slower here on a
# 30 MB file with dictionary-encoded columns (fewer dictionaries to unify), still several per core.
ARROW_BLOCK_BYTES = 4 << 20
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# File signatures of common binary formats people rename to .csv by mistake.
BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Word file",
    b"PK\x03\x04": "a zip archive (for example an .xlsx file renamed .csv)",
}
TEMPLATE_HINT = "Download a template from this page to see the expected layout."


class UploadError(ValueError):
    """A file that cannot be used at all; the message says why and what to do."""


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of a workbook, as the page lists it."""

    name: str
    rows: int  # rows with anything in them
    columns: int  # the most cells filled in one row
    title: str  # the first text at the top of the sheet ("TABLE 8", "RARE EARTHS: WORLD MINE PRODUCTION ...")


@dataclass
class ReadResult:
    """A file read into text cells: ``table`` has one column per header cell, all strings (large
    CSVs read by pyarrow keep the spaces around a cell; every check strips them)."""

    table: pd.DataFrame
    encoding: str
    delimiter: str | None  # None for Excel
    header_line: int  # 1-based line (or sheet row) of the header
    fixes: list[str] = field(default_factory=list)
    lines: Sequence[int] = field(default_factory=list)  # the file line (or sheet row) of each table row
    title_lines: list[str] = field(default_factory=list)  # text above the header (titles, units, notes)
    problems: list[dict] = field(default_factory=list)  # broken structure: {"line", "problem", "action"}
    sheets: list[SheetInfo] = field(default_factory=list)  # a workbook's sheets (empty for CSV)
    sheet: str | None = None  # the sheet read
    workbook: Workbook | None = field(default=None, repr=False)  # to read another sheet without opening it again
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # what later steps work out from the table


def read_upload(
    data: bytes,
    filename: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    arrow_min_bytes: int = ARROW_MIN_BYTES,
    sheet: str | None = None,
) -> ReadResult:
    """Read an uploaded file; raise ``UploadError`` with a clear sentence if it cannot be used.
    Cells are text, stripped of surrounding spaces by the csv path; the pyarrow path (large
    files) leaves them as written, so consumers strip before interpreting a cell. ``sheet``
    names the workbook sheet to read (the first, if not given)."""
    if len(data) > max_bytes:
        raise UploadError(
            f"The file is {_megabytes(len(data))}; the limit is {_megabytes(max_bytes)}. "
            "Split it into smaller files or remove columns you do not need."
        )
    content = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not content or content.isspace():
        raise UploadError(f"The file is empty. {TEMPLATE_HINT}")
    name = filename.lower()
    if name.endswith(".xlsx"):
        workbook = read_workbook(data)
        if sheet is not None:
            return workbook.read(sheet)
        first_error = None
        for info in workbook.sheets:  # the first sheet that holds a table (a note sheet often comes first)
            try:
                return workbook.read(info.name)
            except UploadError as error:
                first_error = first_error or error
        raise first_error
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UploadError(
                f"This file looks like {kind}, not a CSV text file. Save it as CSV or .xlsx. {TEMPLATE_HINT}"
            )
    if content[:200].lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<table")):
        raise UploadError(
            "This file is a web page (HTML or XML), not a CSV table. Open it in a spreadsheet and save it as CSV or "
            f".xlsx, or download the data as CSV from the website. {TEMPLATE_HINT}"
        )
    if len(data) >= arrow_min_bytes:
        fast = _read_csv_arrow(data)
        if fast is None and not _is_utf8_sample(data):  # Windows-1252, GB18030, UTF-16: transcode once
            text, encoding, fixes = _decode(data)
            fast = _read_csv_arrow(text.encode("utf-8"), encoding, fixes)
        if fast is not None:
            return fast
    text, encoding, fixes = _decode(data)
    return _read_csv_text(text, encoding, fixes)


def _is_utf8_sample(data: bytes) -> bool:
    sample = data[:65536]
    try:
        sample[: sample.rfind(b"\n") + 1].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def _csv_sample(body: bytes) -> tuple[list[list[str]], list[str], str] | None:
    """The first 64 KiB of a CSV as (rows of stripped cells, text lines, delimiter), or None
    when the sample shows the file needs the csv module (not UTF-8, lone carriage returns, a
    quoted field spanning lines)."""
    sample_bytes = body[:65536]
    sample_bytes = sample_bytes[: sample_bytes.rfind(b"\n") + 1]
    try:
        sample = sample_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in sample.replace("\r\n", ""):
        return None  # old Mac line ends (a lone CR): the csv path normalises them
    lines = sample.split("\n")[:-1]
    delimiter = _sniff_delimiter(lines[:200])
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append([cell.strip() for cell in row])
        if reader.line_num != len(rows):
            return None  # a quoted field spans lines: numbering needs the csv module
    return rows, lines, delimiter


def _read_csv_arrow(data: bytes, encoding: str = "utf-8", fixes: list[str] | None = None) -> ReadResult | None:
    """A large UTF-8 CSV read by pyarrow into arrow-backed text columns, or None when the file
    needs the csv module (not UTF-8, quoted line breaks or blank lines in the sample, ragged
    rows, anything pyarrow rejects). The header is found on a sample exactly as the csv path
    finds it, and line numbers stay exact: pyarrow is told not to skip blank lines, so a file
    with any falls back rather than shifting the numbers."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    fixes = list(fixes or [])
    body = data
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
        fixes.append("Removed a UTF-8 byte-order mark (BOM).")
    sampled = _csv_sample(body)
    if sampled is None:
        return None
    rows, lines, delimiter = sampled
    header_at = _header_index(rows)
    if header_at + 1 >= len(rows) or not any(rows[header_at]):
        return None
    if any(not any(r) for r in rows[header_at + 1 :]):
        return None
    header = rows[header_at]
    names = _unique_names(header)
    offset = sum(len(line.encode("utf-8")) + 1 for line in lines[: header_at + 1])
    # Columns whose sample repeats a few values (countries, years, units) are dictionary-encoded
    # while pyarrow reads, on all cores; validation then interprets each distinct text once.
    sample_rows = rows[header_at + 1 :]
    repeated = {
        name
        for i, name in enumerate(names)
        if len(sample_rows) >= 200 and len({r[i] if i < len(r) else "" for r in sample_rows}) <= len(sample_rows) // 20
    }
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body[offset:]),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=ARROW_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    name: pa.dictionary(pa.int32(), pa.string()) if name in repeated else pa.string() for name in names
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    if table.num_rows == 0 or _has_empty_rows(table):
        return None  # rows of empty cells (common at the end of Excel exports) are dropped by the csv path
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)  # zero-copy text columns
    empty = [c for c in frame.columns if c.startswith("column_") and not (frame[c].str.strip() != "").any()]
    frame = frame.drop(columns=empty)
    if any(any(r) for r in rows[:header_at]):
        fixes.append(f"Skipped {header_at} line(s) above the header (notes or titles).")
    if delimiter != ",":
        fixes.append(f"Columns are separated by a {DELIMITER_NAMES[delimiter]}.")
    first = header_at + 2
    return ReadResult(
        table=frame, encoding=encoding, delimiter=delimiter, header_line=header_at + 1, fixes=fixes,
        lines=range(first, first + len(frame)),
    )  # fmt: skip


def _has_empty_rows(table) -> bool:
    """True if a row's cells are all empty. A row can only be so if its first cell is, which a
    dictionary-encoded first column answers from its few distinct values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first = table.column(0)
    if pa.types.is_dictionary(first.type):
        if all("" not in chunk.dictionary.to_pylist() for chunk in first.chunks):
            return False
    elif not pc.any(pc.equal(first, "")).as_py():
        return False
    empty = None
    for column in table.columns:
        cells = pc.equal(column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column, "")
        empty = cells if empty is None else pc.and_(empty, cells)
    return bool(pc.any(empty).as_py())


def _megabytes(size: int) -> str:
    """Sizes as the upload widget states them (MB of 1024 x 1024 bytes), with enough digits to differ."""
    mb = size / (1024 * 1024)
    if mb < 0.1:
        return f"{size / 1024:.1f}".rstrip("0").rstrip(".") + " KB"
    return f"{mb:.1f}".rstrip("0").rstrip(".") + " MB"


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    fixes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8", ["Removed a UTF-8 byte-order mark (BOM)."]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", ["Read as UTF-16."]
    try:
        return data.decode("utf-8"), "utf-8", fixes
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UploadError(f"This file contains binary data, not text. Save it as CSV (UTF-8) or .xlsx. {TEMPLATE_HINT}")
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UploadError(f"The file's text encoding could not be recognised. Save it as CSV UTF-8. {TEMPLATE_HINT}")
    encoding = best.encoding
    # Windows-1252 is what Excel writes in Western locales; several single-byte code pages fit
    # English text equally well (cp1250 and cp1252 both have the em dash at 0x97), so prefer it
    # whenever it is among the plausible readings. Latin-1 is a subset for printable text.
    # The same holds for the other Latin code pages (cp1250, cp1257, ISO 8859-2 ...): they are
    # told apart only by a few letters, and a Portuguese "São" read as cp1250 becomes "Săo".
    # Western European names are by far the likelier in this domain, so any Latin single-byte
    # guess becomes cp1252 when the bytes are valid cp1252. Non-Latin guesses (Cyrillic, CJK) stay.
    if encoding.startswith(LATIN_SINGLE_BYTE) and encoding not in NON_LATIN_SINGLE_BYTE and _valid_cp1252(data):
        encoding = "cp1252"
    fixes.append(f"Read as {encoding.replace('_', '-').upper()} (the file was not UTF-8).")
    return data.decode(encoding, errors="replace"), encoding, fixes


LATIN_SINGLE_BYTE = ("cp125", "latin", "iso8859", "mac_", "cp8")
NON_LATIN_SINGLE_BYTE = (
    "cp1251",
    "cp1253",
    "cp1255",
    "cp1256",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "mac_cyrillic",
    "mac_greek",
    "cp855",
    "cp866",
)


def _valid_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (at least 2) of fields."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines if line.strip()]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_index(rows: list[list[str]]) -> int:
    """Index of the header row: the first row with as many filled cells as the table's widest
    rows (notes and titles above a table fill only one or two cells)."""
    widths = [sum(1 for cell in row if cell.strip()) for row in rows]
    if not widths or max(widths) == 0:
        return 0
    target = max(widths)
    filled = [w for w in widths if w]  # blank lines say nothing about the table's width
    common = max(set(filled), key=lambda w: (filled.count(w), w)) if len(filled) > 2 else target
    threshold = max(2, min(target, common))
    for i, width in enumerate(widths):
        if width >= threshold:
            return i
    return 0


def _read_csv_text(text: str, encoding: str, fixes: list[str]) -> ReadResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    delimiter = _sniff_delimiter(lines[:200])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records = []
    ended = 0
    for row in reader:
        records.append((row, ended + 1, reader.line_num))  # the lines a record spans (quoted fields can)
        ended = reader.line_num
    if delimiter != ",":
        fixes.append(f"Columns are separated by a {DELIMITER_NAMES[delimiter]}.")
    rows, numbers, problems = _reopen_unclosed_quotes(records, lines, delimiter)
    return _table_from_rows(rows, encoding, delimiter, fixes, numbers, problems)


def _reopen_unclosed_quotes(
    records: list[tuple[list[str], int, int]], lines: list[str], delimiter: str
) -> tuple[list[list[str]], list[int], list[dict]]:
    """(rows, the line each starts on, problems). A record that runs over several lines with a
    different number of fields from the table's rows is a quote that was never closed: the csv
    reader took the lines after it as one field. Those lines are read again one by one (the
    stray quote taken as a character), so their rows are kept, and the problem is said."""
    counts = [len(row) for row, start, end in records if start == end and len(row) >= 2]
    width = max(set(counts), key=counts.count) if counts else 0
    rows, numbers, problems = [], [], []
    for row, start, end in records:
        if end > start and width and len(row) != width:
            for number in range(start, end + 1):
                line = lines[number - 1] if number - 1 < len(lines) else ""
                if line.count('"') % 2:
                    cells = [cell.strip().strip('"') for cell in line.split(delimiter)]
                else:
                    cells = next(csv.reader([line], delimiter=delimiter), [])
                rows.append(cells)
                numbers.append(number)
            problems.append(
                {
                    "line": start,
                    "problem": f"line {start} opens a quote that is never closed; lines {start} to {end} were read as one field",
                    "action": "each of those lines was read on its own, the quote taken as a character",
                }
            )
            continue
        rows.append(row)
        numbers.append(start)
    return rows, numbers, problems


def _table_from_rows(
    rows: list[list[str]],
    encoding: str,
    delimiter: str | None,
    fixes: list[str],
    numbers: list[int] | None = None,
    problems: list[dict] | None = None,
) -> ReadResult:
    rows = [[str(cell).strip() for cell in row] for row in rows]
    numbers = numbers or list(range(1, len(rows) + 1))
    header_at = _header_index(rows)
    skipped = [r for r in rows[:header_at] if any(r)]
    if skipped:
        fixes.append(f"Skipped {header_at} line(s) above the header (notes or titles).")
    header = rows[header_at] if rows else []
    kept = [
        (r, n) for r, n in zip(rows[header_at + 1 :], numbers[header_at + 1 :], strict=True) if any(cell for cell in r)
    ]
    kept, footer = _split_footer(kept, len(header))
    if footer:
        shown = ", ".join(str(n) for _, n in footer[:8]) + (" …" if len(footer) > 8 else "")
        fixes.append(f"Skipped {len(footer)} note line(s) below the table (lines {shown}): only one cell filled.")
    body = [r for r, _ in kept]
    if not any(header):
        raise UploadError(f"No header row was found. {TEMPLATE_HINT}")
    if not body:
        raise UploadError(f"The file has a header but no data rows. {TEMPLATE_HINT}")
    header_width = len(header)
    while header_width and not header[header_width - 1]:
        header_width -= 1  # trailing empty header cells are columns the table does not name
    longer = [(r, n) for r, n in kept if len([c for c in r[header_width:] if c])]
    problems = list(problems or [])
    if delimiter is not None and longer and len(longer) * 2 <= len(kept):
        # A few rows longer than the header: stray cells (often a comma inside an unquoted value),
        # not an unnamed column. Said row by row; the extra cells are not used.
        width = max(len(header), header_width)
        for r, n in longer:
            extra = [c for c in r[header_width:] if c]
            problems.append(
                {
                    "line": n,
                    "problem": f"line {n} has {header_width + len(extra)} fields where the header has {header_width} "
                    "(a delimiter inside a value that is not in quotes?)",
                    "action": f"the extra cell(s) {', '.join(repr(c) for c in extra[:3])} not used",
                }
            )
        body = [r[:header_width] for r in body]
    else:
        width = max(len(header), *(len(r) for r in body))
    if delimiter is not None:
        problems += _short_row_problems(kept, header_width)
    names = _unique_names([*header, *[""] * (width - len(header))])
    padded = [[*r, *[""] * (width - len(r))][:width] for r in body]
    table = pd.DataFrame(padded, columns=names, dtype=object)
    empty = [c for c in table.columns if c.startswith("column_") and not table[c].astype(bool).any()]
    table = table.drop(columns=empty)
    return ReadResult(
        table=table,
        encoding=encoding,
        delimiter=delimiter,
        header_line=numbers[header_at] if rows else 1,
        fixes=fixes,
        lines=[n for _, n in kept],
        title_lines=[" ".join(c for c in r if c) for r in skipped],
        problems=problems,
    )


def _short_row_problems(rows: list[tuple[list[str], int]], header_width: int) -> list[dict]:
    """A problem for each row with fewer fields than the header (its missing cells left empty)."""
    return [
        {
            "line": n,
            "problem": f"line {n} has {len(r)} fields where the header has {header_width}",
            "action": "the missing cells are left empty",
        }
        for r, n in rows
        if 1 < len(r) < header_width and any(r)
    ]


def _split_footer(rows: list[tuple[list[str], int]], width: int) -> tuple[list, list]:
    """(table rows, footer notes): footnotes and source lines below a table fill only their
    first cell. Only a trailing block counts, so a data row missing most of its cells inside
    the table is still validated (and reported), never skipped."""
    if width < 3:
        return rows, []
    end = len(rows)
    while end > 0 and sum(1 for cell in rows[end - 1][0] if cell) == 1 and rows[end - 1][0][0]:
        end -= 1
    if end == 0:
        return rows, []
    return rows[:end], rows[end:]


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, start=1):
        base = name or f"column_{i}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return out


@dataclass
class Workbook:
    """A workbook's sheets, read once: each sheet's rows as text cells."""

    sheets: list[SheetInfo]
    rows: dict[str, list[list[str]]]

    def read(self, sheet: str) -> ReadResult:
        """One sheet as a table, found as in a CSV file (titles above, notes below)."""
        if sheet not in self.rows:
            names = ", ".join(info.name for info in self.sheets)
            raise UploadError(f"The workbook has no sheet called '{sheet}'; its sheets are {names}.")
        rows = self.rows[sheet]
        if not any(any(cell.strip() for cell in row) for row in rows):
            raise UploadError(f"The sheet '{sheet}' is empty; pick another sheet.")
        fixes = (
            [f"Read the sheet '{sheet}' ({len(self.sheets)} sheets in the workbook)."] if len(self.sheets) > 1 else []
        )
        result = _table_from_rows(rows, "xlsx", None, fixes)
        result.sheets, result.sheet, result.workbook = self.sheets, sheet, self
        return result


def read_workbook(data: bytes) -> Workbook:
    """Every sheet of an .xlsx file with its size and title; raises ``UploadError`` if the file
    cannot be opened or holds nothing."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise UploadError(
            f"This .xlsx file could not be opened ({type(exc).__name__}). Save it again from Excel, or as CSV. {TEMPLATE_HINT}"
        ) from None
    sheets, rows_by_sheet = [], {}
    for sheet in workbook.worksheets:
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        blocks = side_by_side_tables(rows)
        parts = [(sheet.title, rows)] if len(blocks) < 2 else [
            (f"{sheet.title} · columns {_letter(a)}–{_letter(b)}", [row[a : b + 1] for row in rows]) for a, b in blocks
        ]  # fmt: skip
        for name, part in parts:
            sheets.append(_sheet_info(name, part))
            rows_by_sheet[name] = part
    workbook.close()
    if not any(info.rows for info in sheets):
        raise UploadError(f"The workbook's sheets are empty. {TEMPLATE_HINT}")
    return Workbook(sheets, rows_by_sheet)


def _sheet_info(name: str, rows: list[list[str]]) -> SheetInfo:
    filled = [row for row in rows if any(cell.strip() for cell in row)]
    texts = [cell.strip() for row in filled[:3] for cell in row if cell.strip() and not _is_number_text(cell)]
    title = " · ".join(texts[:2]) if len(filled) > 1 and texts and len(texts[0]) < 20 else (texts[0] if texts else "")
    return SheetInfo(name, len(filled), max((sum(1 for c in r if c.strip()) for r in filled), default=0), title[:120])


def side_by_side_tables(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(first, last) column of each table when a sheet holds several side by side, separated by
    an empty column, as the IEA's Data Explorer workbooks do; [] for a sheet of one table. A block
    counts as a table when its first column holds labels (three or more text cells), so a year's
    spacer column inside one table does not split it."""
    width = max((len(r) for r in rows), default=0)
    filled = [any(c < len(r) and r[c].strip() for r in rows) for c in range(width)]
    runs, start = [], None
    for c, used in enumerate([*filled, False]):
        if used and start is None:
            start = c
        elif not used and start is not None:
            runs.append((start, c - 1))
            start = None
    tables = [
        (a, b)
        for a, b in runs
        if b > a and sum(1 for r in rows if a < len(r) and r[a].strip() and not _is_number_text(r[a])) >= 3
    ]
    return tables if len(tables) >= 2 else []


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
